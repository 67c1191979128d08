"""Several answers in one message, and corrections in free text.

"Ik wil een opleiding Excel gevorderd voor 2 mensen (Jan Peeters en An Janssens), 16 uur, € 900,
bij Attentia, start 3 december" → type, naam, deelnemers, namen, uren, kost, dienstverlener,
startdatum. Each row of the field table names the extractor that finds its value in a segment;
this module has the extractors. "Het bedrag is eigenlijk 1.200 euro" → a correction of `kost`.
Pure; trigger words come from nlu_data/lookups/extractie.yml.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from dialogs import nlu
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import NluData, fold

# Parts of a message: between commas, semicolons, brackets, and list dashes or bullets (a list
# typed over several lines reaches the engine on one line).
# Not the decimal comma of an amount or a number ("€ 1.250,50", "7,5 uur").
_SEGMENT = re.compile(r"(?<!\d),|,(?!\d)|[;\n•]|\s[-–]\s|(?<=\))|(?=\()")
_AMOUNT = re.compile(
    r"(?:€|\beur(?:o)?\b)\s*\d[\d.,\s]*\d|\d[\d.,]*(?:\s?\d{3})*\s*(?:€|euro\b|eur\b)",
    re.I | re.ASCII,
)
_HOURS = re.compile(r"\b(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:uur|uren)\b", re.I | re.ASCII)
_KBO = re.compile(r"\b(?:be\s?)?0?\d{3}[.\s]?\d{3}[.\s]?\d{3}\b", re.I)


@cache
def _regnr() -> re.Pattern[str]:
    """A registration number in any notation of nlu.registratienummer, inside a sentence."""
    return re.compile(rf"\b{nlu.registratienummer_vorm(nlu.registratieprefixen())}\b", re.I)


@dataclass(frozen=True)
class Segment:
    """One part of a message (between commas, semicolons, brackets), as written and folded."""

    text: str
    words: list[str]  # folded, punctuation stripped
    original: list[str]  # as written
    today: date
    nlu: NluData
    message: str = ""  # the whole message the segment is part of


#: How a row finds its value in one segment of a sentence (None: not stated there).
Extractor = Callable[[Segment], Any]


def _words(text: str) -> list[str]:
    return [w.strip(".,:!?\"'") for w in fold(text).split()]


def sentence_words(text: str) -> list[str]:
    """The folded words of a text, without the punctuation around them."""
    return _words(text)


def _after(words: list[str], triggers: frozenset[str]) -> int | None:
    """Index just after the first trigger (the longest phrase of up to four words) in words."""
    for i in range(len(words)):
        for length in (4, 3, 2, 1):
            if i + length <= len(words) and " ".join(words[i : i + length]) in triggers:
                return i + length
    return None


def _date_after(
    segment: str, triggers: frozenset[str], today: date, nlu_data: NluData
) -> date | None:
    words = segment.split()
    folded = _words(segment)
    start = _after(folded, triggers)
    if start is None:
        return None
    filler = nlu_data.lookup("datum_vulwoord")
    while start < len(folded) and folded[start] in filler:
        start += 1
    for end in range(min(len(words), start + 4), start, -1):
        parsed = nlu.datum(" ".join(words[start:end]), today=today, nlu_data=nlu_data)
        if isinstance(parsed, Ok):
            return parsed.value
    return None


def looks_like_a_sentence(text: str) -> bool:
    """Mostly letters, digits and ordinary punctuation: worth reading for several facts."""
    ordinary = sum(c.isalnum() or c in " .,;:()€'-/&+\"" for c in text)
    return len(text) >= 12 and ordinary >= 0.9 * len(text) and len(text.split()) >= 3


def segments(text: str, *, today: date, nlu_data: NluData) -> list[Segment]:
    """The parts of a message that each may state a fact."""
    parts = [p.strip(" ()") for p in _SEGMENT.split(text) if p and p.strip(" ()")]
    return [Segment(p, _words(p), p.split(), today, nlu_data, text) for p in parts]


def extract(
    text: str,
    *,
    extractors: Iterable[tuple[str, Extractor]],
    implied: Iterable[tuple[str, Callable[[dict[str, Any]], Any]]] = (),
    today: date,
    nlu_data: NluData,
) -> dict[str, Any]:
    """Every fact the message states, by field id: the first segment that states it wins."""
    found: dict[str, Any] = {}
    if not looks_like_a_sentence(text):
        return found
    rows = list(extractors)
    for segment in segments(text, today=today, nlu_data=nlu_data):
        for field_id, extractor in rows:
            if field_id not in found and (value := extractor(segment)) is not None:
                found[field_id] = value
    for field_id, imply in implied:
        if field_id not in found and (value := imply(found)) is not None:
            found[field_id] = value
    return found


# --- what a row can look for in a segment ------------------------------------------------------


def _one(pattern: re.Pattern[str], parse: Callable[[str], Ok[Any] | Fout], text: str) -> Any:
    """The value of the one match of a pattern in the text (none or two: no answer)."""
    matches = list(pattern.finditer(text))
    parsed = parse(matches[0].group(0)) if len(matches) == 1 else None
    return parsed.value if isinstance(parsed, Ok) else None


def kbo_in(s: Segment) -> Any:
    """The one ondernemingsnummer in the segment."""
    return _one(_KBO, nlu.ondernemingsnummer, s.text)


def amount_in(s: Segment) -> Any:
    """The one amount with € or euro in the segment (two are no answer: which one?)."""
    return _one(_AMOUNT, nlu.bedrag, s.text)


def hours_in(s: Segment) -> Any:
    """The one number of hours in the segment ("16 uur")."""
    return _one(_HOURS, nlu.uren, s.text)


def count_of_persons_in(s: Segment) -> Any:
    """'voor 2 mensen', 'met drie deelnemers'."""
    words = s.words
    for i, word in enumerate(words[:-1]):
        before = words[i - 1] if i > 0 else ""
        listed = i + 1 < len(s.original) and s.original[i + 1].endswith(":")
        if words[i + 1] in s.nlu.lookup("personen") and (
            i == 0 or listed or before in s.nlu.lookup("voor_aantal")
        ):
            count = nlu.geheel_getal(word, minimum=1, maximum=500, nlu_data=s.nlu)
            if isinstance(count, Ok):
                return count.value
    # "we zijn met 4", "het zijn er toch 3": a number after a phrase that counts people.
    phrases = s.nlu.lookup("aantal_zin")
    fillers = s.nlu.lookup("correctie_bijwoord")
    words = [w for w in words if w not in fillers]  # "we zijn toch met 3"
    for i in range(len(words)):
        for n in (4, 3, 2):
            if " ".join(words[i : i + n]) in phrases:
                k = i + n
                while k < len(words) and words[k] in fillers:
                    k += 1
                if k < len(words):
                    count = nlu.geheel_getal(words[k], minimum=1, maximum=500, nlu_data=s.nlu)
                    if isinstance(count, Ok):
                        return count.value
    return None


def date_after(lookup: str) -> Extractor:
    """A date after one of the trigger words of a lookup, or just before it.

    "start op 3 december", "we hebben ons op 5 maart ingeschreven".
    """

    def find(s: Segment) -> Any:
        after = _date_after(s.text, s.nlu.lookup(lookup), s.today, s.nlu)
        return after if after is not None else _date_before(s, s.nlu.lookup(lookup))

    return find


def _date_before(s: Segment, triggers: frozenset[str]) -> date | None:
    """The date that ends just before the trigger word (at most four words of it)."""
    at = next((i for i, w in enumerate(s.words) if w in triggers), None)
    if at is None:
        return None
    for begin in range(max(0, at - 4), at):
        parsed = nlu.datum(" ".join(s.original[begin:at]), today=s.today, nlu_data=s.nlu)
        if isinstance(parsed, Ok):
            return parsed.value
    return None


def provider_in(s: Segment) -> Any:
    """A registration number, or the words after "bij" (a name to search for)."""
    if (m := _regnr().search(s.text)) and (nummer := nlu.registratienummer(m.group(0))):
        return nummer
    at = _after(s.words, s.nlu.lookup("bij"))
    if at is None:
        # "gegeven door Syntra": only a name (a capital) after the looser trigger words.
        at = _after(s.words, s.nlu.lookup("bij_naam"))
        if at is not None and not (at < len(s.original) and s.original[at][:1].isupper()):
            at = None
    if at is not None and at < len(s.original):
        # The name runs to the next fact ("bij vormetal start op 9 maart" → "vormetal").
        stop = s.nlu.lookup("start") | s.nlu.lookup("overeenkomst") | s.nlu.lookup("einde_naam")
        words = []
        for w, o in zip(s.words[at:], s.original[at:], strict=False):
            if w in stop or any(c.isdigit() for c in w):
                break
            words.append(o)
        term = " ".join(words).strip(" .!")
        return term[:100] or None
    return None


def _type_word(s: Segment) -> tuple[int, str] | None:
    opleiding, advies = s.nlu.lookup("type_opleiding"), s.nlu.lookup("type_advies")
    for i, word in enumerate(s.words):
        if word in opleiding or word in advies:
            return i, "opleiding" if word in opleiding else "advies"
    return None


def type_in(s: Segment) -> Any:
    """'opleiding' or 'advies' (or another word for them)."""
    hit = _type_word(s)
    return hit[1] if hit else None


_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{2,120})[\"“”„«»]")
# Single quotes only around whole words: not the apostrophes of "collega's" or "zo'n".
_QUOTED_SINGLE = re.compile(r"(?:(?<=\s)|^)['‘]([^'‘’\n]{2,120}?)['’](?=[\s,.;:!?)]|$)")
#: A title read from a sentence longer than this is more likely a fragment: ask instead.
MAX_TITLE_WORDS = 8


def _emoji(word: str) -> bool:
    """A word of symbols only ("🙂", "👍"): no part of a title ("&" and "-" may be)."""
    return bool(word) and all(unicodedata.category(c) in ("So", "Sk", "Cf") for c in word)


def title_in(s: Segment) -> Any:
    """The project's name: in quotes, or the words after the type word.

    "de cursus "VCA basis"", "opleiding Excel gevorderd", "een advies over GDPR": up to a stop
    word or a number.
    """
    quoted = _QUOTED.search(s.message) or _QUOTED_SINGLE.search(s.message)
    kinds = s.nlu.lookup("type_opleiding") | s.nlu.lookup("type_advies")
    if quoted and quoted.group(1).strip() and kinds & set(_words(s.message)):
        return quoted.group(1).strip()  # "de cursus "VCA basis"": a title next to its type
    hit = _type_word(s)
    if hit is None:
        return None
    start = hit[0] + 1
    filler = s.nlu.lookup("titel_vulwoord")
    for n in (4, 3, 2, 1):
        if " ".join(s.words[start : start + n]) in filler:
            start += n
            break
    stop = s.nlu.lookup("einde_titel") | s.nlu.lookup("bij") | s.nlu.lookup("beleefd_einde_titel")
    soft = s.nlu.lookup("titel_voorzetsel")  # "Excel voor gevorderden" but "… voor 2 mensen"
    title = []
    rest = list(zip(s.words[start:], s.original[start:], strict=False))
    for i, (w, o) in enumerate(rest):
        after = rest[i + 1][0] if i + 1 < len(rest) else ""
        if w in soft and after and not _ends_title(after, s.nlu):
            title.append(o)
            continue
        if w in stop or any(c.isdigit() for c in w) or _emoji(w):
            break
        title.append(o)
    if not title or len(title) > MAX_TITLE_WORDS:
        return None
    if fold(title[0]).strip(".,:;!?") in s.nlu.lookup("geen_titelbegin"):
        return None  # "eerder een advies dan een opleiding": the rest of a clause, no title
    return " ".join(title).strip(" .:'\"") or None


_AFTER_COUNT = re.compile(r"[:,]\s*([^.;:()\n]+)")
_NAME_PARTS = re.compile(r"\s*,\s*|\s+en\s+|\s*&\s*")


def _person_name(words: list[str], particles: frozenset[str]) -> int:
    """How many leading words form a person's name (capitalised words, particles between)."""
    n = 0
    while n < len(words) and n < 5:
        w = words[n].strip(".,;:!?")
        if w[:1].isupper() and any(c.isalpha() for c in w) or fold(w) in particles and n > 0:
            n += 1
        else:
            break
    while n > 0 and not words[n - 1][:1].isupper():
        n -= 1  # a name does not end with a particle
    return n if n >= 2 else 0


def _person_names(text: str, nlu_data: NluData, *, minimum: int) -> tuple[list[str], bool] | None:
    """The names a list of people starts with, and whether the list is all of the text.

    "Tom Wouters, Sven De Smet en Ilse Maes naar de cursus" → three names, not all of it.
    """
    particles = nlu_data.lookup("naam_partikel")
    names: list[str] = []
    whole = True
    for part in _NAME_PARTS.split(text.strip()):
        words = part.split()
        n = _person_name(words, particles)
        if n == 0:
            whole = False
            break
        names.append(" ".join(w.strip(".,;:!?") for w in words[:n]))
        if n < len(words):
            whole = False
            break  # the list ends inside this part
    checked = nlu.namen(", ".join(names)) if names else None
    if not isinstance(checked, Ok) or len(checked.value) < minimum:
        return None
    return checked.value, whole


def _ends_title(word: str, nlu_data: NluData) -> bool:
    """Whether a word after "voor"/"met" starts what follows the title (a count, people, …)."""
    return (
        any(c.isdigit() for c in word)
        or word in nlu_data.lookup("titel_na_voorzetsel")
        or word in nlu_data.lookup("personen")
        or nlu_data.synonym(word, "lookups/getallen") is not None
    )


def leading_title(s: Segment) -> str:
    """The words a segment starts with, up to the first that starts another fact.

    "Excel gevorderd voor 2 mensen: …" → "Excel gevorderd"; "Excel voor gevorderden bij
    Attentia" → "Excel voor gevorderden".
    """
    stop = s.nlu.lookup("einde_titel") | s.nlu.lookup("bij")
    soft = s.nlu.lookup("titel_voorzetsel")
    title: list[str] = []
    for i, (w, o) in enumerate(zip(s.words, s.original, strict=False)):
        after = s.words[i + 1] if i + 1 < len(s.words) else ""
        if w in soft and after and not _ends_title(after, s.nlu):
            title.append(o)
            continue
        if w in stop or any(c.isdigit() for c in w):
            break
        title.append(o)
    return " ".join(title).strip(" .:'\"") if 0 < len(title) <= MAX_TITLE_WORDS else ""


def names_in(s: Segment) -> Any:
    """People's names, after a count and a colon or joined by commas and 'en'.

    "3 collega's: Tom Wouters, Sven De Smet en Ilse Maes", "1 deelnemer: Els Jansen",
    "Jan Peeters en An Janssens".
    """
    persons = s.nlu.lookup("personen")
    labelled = any(
        o.endswith(":") and w in persons for w, o in zip(s.words, s.original, strict=False)
    )
    if any(w in persons for w in s.words) and (labelled or count_of_persons_in(s) is not None):
        # After the count or a label: "3 collega's: Tom, Sven en Ilse", "1 deelnemer, An
        # Janssens", "deelnemer: Els Jansen".
        at = s.message.find(s.text)
        start = (at if at >= 0 else 0) + len(s.text.split(":")[0])
        m = _AFTER_COUNT.search(s.message, start)
        listed = _person_names(m.group(1).strip(), s.nlu, minimum=1) if m else None
        if listed:
            return listed[0]
    named = _names_after_verb(s, persons)
    if named:
        return named
    typed = _names_after_count(s)
    if typed:
        return typed
    if len(s.words) >= 2 and not any(c.isdigit() for c in s.text) and " en " in f" {s.text} ":
        # Without a count, only a list of names and nothing else: the message or the segment.
        whole = _person_names(s.message, s.nlu, minimum=2)
        if whole and whole[1]:
            return whole[0]
        found = _person_names(s.text, s.nlu, minimum=2)
        if found and found[1]:
            return found[0]
    return None


def _names_after_verb(s: Segment, persons: frozenset[str]) -> list[str] | None:
    """"de deelnemers zijn Lien Smets en Joris Aerts", "mijn collega's heten Tom en Eva".

    A word for people, a verb of lookup namen_koppelwerkwoord, and then only names.
    """
    verbs = s.nlu.lookup("namen_koppelwerkwoord")
    for i in range(len(s.words) - 2):
        if s.words[i] in persons and s.words[i + 1] in verbs:
            listed = _person_names(" ".join(s.original[i + 2 :]), s.nlu, minimum=1)
            if listed and listed[1]:
                return listed[0]
    return None


def _names_after_count(s: Segment) -> list[str] | None:
    """Names typed without capitals or commas right after a count of people.

    "met 3 man tom wouters sven de smet en ilse maes 8 uur …": each name is a first name, the
    particles (lookup naam_partikel) and a last name; the words run to the next fact (a number
    or a word of lookups bij, start, overeenkomst, einde_naam). Taken only when there are as
    many names as the count says.
    """
    persons = s.nlu.lookup("personen")
    at = next(
        (
            i + 2
            for i in range(len(s.words) - 1)
            if s.words[i + 1] in persons and any(c.isdigit() for c in s.words[i])
        ),
        None,
    )
    if at is None:
        return None
    count = nlu.geheel_getal(s.words[at - 2], minimum=2, maximum=20, nlu_data=s.nlu)
    if not isinstance(count, Ok):
        return None
    stop = (
        s.nlu.lookup("bij")
        | s.nlu.lookup("start")
        | s.nlu.lookup("overeenkomst")
        | s.nlu.lookup("einde_naam")
    )
    particles = s.nlu.lookup("naam_partikel")
    names: list[list[str]] = []
    current: list[str] = []
    for w, o in zip(s.words[at:], s.original[at:], strict=False):
        if w in stop or any(c.isdigit() for c in w) or not w.isalpha() and "-" not in w:
            break
        if w == "en":
            if current:
                return None  # "en" inside a name: not a list of full names
            continue
        current.append(o.strip(".,;:!?"))
        if len(current) >= 2 and w not in particles:
            names.append(current)
            current = []
    if current:
        if len(current) < 2:
            return None
        names.append(current)
    if len(names) != count.value:
        return None
    checked = nlu.namen(", ".join(" ".join(n) for n in names))
    return checked.value if isinstance(checked, Ok) else None


def has_correction_signal(text: str, nlu_data: NluData) -> bool:
    """Whether the user changes their mind: 'eigenlijk', 'toch', 'mijn fout', 'geen … maar …'."""
    words = _words(text)
    signals = nlu_data.lookup("correctie_signaal")
    if any(" ".join(words[i : i + n]) in signals for i in range(len(words)) for n in (1, 2, 3)):
        return True
    negations = nlu_data.lookup("ontkenning")
    first = next((i for i, w in enumerate(words) if w in negations), None)
    return first is not None and "maar" in words[first + 1 :]


@lru_cache(maxsize=64)
def _phrases(words: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """At each word: the phrases of three, two and one words that start there."""
    return tuple(
        (" ".join(words[i : i + 3]), " ".join(words[i : i + 2]), words[i])
        for i in range(len(words))
    )


def option_named(
    text: str, options: dict[str, str], nlu_data: NluData, *, words: list[str] | None = None
) -> str | None:
    """The option a sentence settles on: the last one named that is not negated.

    `options` maps folded words (values, labels, other words for them) to the option's value.
    "geen opleiding maar een advies" → advies; "opleiding of advies" (two, none negated) → None.
    `words` are the text's words (`sentence_words`), when read already for another list.
    """
    if words is None:
        words = _words(text)
    # Negated ("geen opleiding maar een advies") or compared away ("eerder een advies dan een
    # opleiding": lookup vergeleken_met).
    negations = nlu_data.lookup("ontkenning") | nlu_data.lookup("vergeleken_met")
    named: list[tuple[int, str, bool]] = []
    for i, grams in enumerate(_phrases(tuple(words))):
        for gram in grams:
            value = options.get(gram)
            if value is not None:
                negated = any(w in negations for w in words[max(0, i - 2) : i])
                named.append((i, value, negated))
                break
    kept = {v for _, v, negated in named if not negated}
    return kept.pop() if len(kept) == 1 else None


def wants_to_change(text: str, nlu_data: NluData) -> bool:
    """'ja, maar ik wil nog iets aanpassen', 'eerst de kost nog wijzigen': a wish to change.

    A word of lookup wijzig_woord with a word of wish or hesitation (lookup wijzig_wens) or
    after a leading yes or no.
    """
    words = _words(text)
    if not any(w in nlu_data.lookup("wijzig_woord") for w in words):
        return False
    wish = nlu_data.lookup("wijzig_wens")
    return any(" ".join(words[i : i + n]) in wish for i in range(len(words)) for n in (1, 2))


def _opening(folded: list[str], nlu_data: NluData) -> int:
    """How many leading words only introduce a correction ('nee wacht', 'sorry, mijn fout')."""
    lead = nlu_data.lookup("correctie_aanloop") | nlu_data.lookup("correctie_signaal")
    i = 0
    while i < len(folded):
        for n in (3, 2, 1):
            if " ".join(folded[i : i + n]) in lead:
                i += n
                break
        else:
            return i
    return i


def correctie(text: str, *, nlu_data: NluData) -> tuple[str, str] | None:
    """'het bedrag is eigenlijk 1.200 euro' -> ('kost', '1.200 euro'); None otherwise.

    What only introduces it is skipped: "nee wacht, de naam is …", "verbetering: het aantal
    uren moet 20 zijn".
    """
    original = text.strip().rstrip(".!")
    words = original.split()
    folded = _words(original)
    i = _opening(folded, nlu_data)
    if i < len(folded) and folded[i] in nlu_data.lookup("correctie_lidwoord"):
        i += 1
    for length in (5, 4, 3, 2, 1):
        phrase = " ".join(folded[i : i + length])
        veld = nlu_data.synonym(phrase)
        if veld is None or i + length >= len(folded):
            continue
        j = i + length
        verbs = nlu_data.lookup("correctie_werkwoord")
        if folded[j] == "van":
            # "de naam van de opleiding is …", "het aantal uren van het advies is …"
            j = next((k for k in range(j + 1, min(j + 4, len(folded))) if folded[k] in verbs), j)
        if j >= len(folded) or folded[j] not in verbs:
            continue
        j += 1
        while j < len(folded) and folded[j] in nlu_data.lookup("correctie_bijwoord"):
            j += 1
        value = words[j:]
        if value and fold(value[-1]) in ("zijn", "worden", "zijn.", "worden."):
            value = value[:-1]
        if value:
            return veld, " ".join(value)
    return None
