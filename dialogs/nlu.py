"""Understanding of one answer: dates, amounts, numbers, yes/no, names, codes.

Every parser is pure and total: it returns `Ok(value)` or `Fout(message_id, params)` and never
raises on user input. This is the one module the free-text understanding replaces.

A value among a few words: `bedrag`, `datum`, `uren` and `geheel_getal` first read the whole
answer; when that is not one value, they look for it among the words ("1520 euro, er komt nog
cursusmateriaal bij", "10 november, ze is al begonnen", "ongeveer 20 uur", "we zijn met 12 man").
It is taken only when it is the one value of its kind there; two are refused with
fout.<soort>_meerdere, which names what was seen. The words around the value are not returned.
An answer of more than ZIN_MAX_WOORDEN words is not searched: such a message usually states
several facts, and the engine reads it as such. `choice` finds an offered choice in a sentence
in the same way. Every word these rules need lives in nlu_data/.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import groupby
from typing import Any, Generic, TypeVar

from babel.dates import get_day_names, get_month_names
from rapidfuzz.distance import DamerauLevenshtein
from stdnum.be import vat
from stdnum.exceptions import ValidationError

from dialogs.format import datum as fmt_datum
from dialogs.models import Choice
from dialogs.nlu_loader import NluData, default_nlu_data, fold
from domain_rules import REGISTRATIENUMMER_CIJFERS, alle_registratieprefixen, laad_regelboek
from domain_rules.folding import words

T = TypeVar("T")

MAX_INPUT = 2000
#: Answers of more words than this are not searched for one value or one choice.
ZIN_MAX_WOORDEN = 20
#: Characters of code or markup, not of a sentence: a text with one is not searched either.
_CODE_TEKENS = frozenset("{}[]<>\\|=^~`")


def _gewone_zin(text: str) -> bool:
    """Words as a person types them: at most ZIN_MAX_WOORDEN, no code or markup characters."""
    return len(text.split()) <= ZIN_MAX_WOORDEN and not _CODE_TEKENS.intersection(text)


@dataclass(frozen=True)
class Ok(Generic[T]):
    """A parsed, normalised value."""

    value: T


@dataclass(frozen=True)
class Fout:
    """Why an answer was not understood: a message id and its parameters."""

    message: str
    params: dict[str, str] = field(default_factory=dict)


def _nfkc(text: str) -> str:
    """NFKC, except for "other numbers" (², ₂, ①, ½): they stay as typed, never plain digits."""
    return "".join(
        "".join(run) if other else unicodedata.normalize("NFKC", "".join(run))
        for other, run in groupby(text, key=lambda c: unicodedata.category(c) == "No")
    )


def _schijncijfers(text: str) -> bool:
    """Superscript, subscript, circled or fraction digits in the text ("2²" is not 22).

    Folding (NFKD) would make plain digits of them; they are never part of a number.
    """
    return any(unicodedata.category(c) == "No" for c in text)


#: Refusals that only say the text could not be read as a value: a sentence around it may still
#: hold it ("ons nummer is 0403.170.701, we zijn klein"). Other refusals are about the value
#: itself ("500 euro per deelnemer") or about several values ("2 dagen van 8 uur") and stand.
NIET_GELEZEN = frozenset(
    {
        "fout.bedrag_formaat",
        "fout.datum_formaat",
        "fout.getal_formaat",
        "fout.kbo_formaat",
        "fout.nace_formaat",
        "fout.uren_formaat",
    }
)


def clean(text: str) -> str:
    """Drop control characters, normalise Unicode and whitespace, cap the length.

    Full-width digits become digits (NFKC); superscripts and the like stay what they are, so
    that no parser reads "2²" as 22. The cap (MAX_INPUT) is a safety limit; a text of MAX_INPUT
    characters may have been cut, and `tekst` refuses it rather than keep a cut text.
    """
    text = _nfkc(text[: MAX_INPUT * 2])
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn"))
    return " ".join(text.split())[:MAX_INPUT]


def yes_no(text: str, nlu: NluData) -> bool | None:
    """True for an affirmation, False for a denial, None otherwise.

    An affirmation is an example of the intent affirm ("ja", "uiteraard", "dat klopt"), or a
    reply made only of such examples and of filler words (lookup janee_vulwoord): "ja hoor",
    "jep dat klopt", "ja, ik verklaar het op eer", "ja 👍". The same for deny ("nee hoor",
    "niet echt"). A reply with both ("ja nee", "niet zeker"), with any other word ("ja maar",
    "ja toch") or that is a question ("klopt dat?", lookup vraag_begin) is None. Punctuation and
    other emoji than those of the examples are ignored.
    """
    intent = nlu.intent(text)
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    found = _janee_delen(text, nlu, frozenset({"affirm", "deny"}))
    if found == {"affirm"}:
        return True
    if found == {"deny"}:
        return False
    return None


def yes_no_lead(text: str, nlu: NluData) -> bool | None:
    """The yes or no a reply to a ja/nee question starts with.

    "ja natuurlijk, daarvoor doen we het", "akkoord, dien maar in", "nee wacht nog even": the
    leading affirmation or denial counts when nothing after it says the opposite, hesitates
    ("ja maar", "of", "misschien", lookup janee_twijfel) or asks. Exact replies as `yes_no`.
    """
    exact = yes_no(text, nlu)
    if exact is not None or "?" in text:
        return exact
    tokens = _janee_tokens(text)
    phrases, _, questions = _janee_zinnen(nlu)
    if not tokens or len(tokens) > ZIN_MAX_WOORDEN or tokens[0] in questions:
        return None
    for n in range(min(_JANEE_MAX_TOKENS, len(tokens)), 0, -1):
        intent = phrases.get(" ".join(tokens[:n]))
        if intent not in ("affirm", "deny"):
            continue
        rest = tokens[n:]
        opposite = "deny" if intent == "affirm" else "affirm"
        doubts = nlu.lookup("janee_twijfel")
        if any(phrases.get(w) == opposite for w in rest) or any(w in doubts for w in rest):
            return None
        if rest and rest[0] == "maar":  # "ja maar …": not a yes yet
            return None
        return intent == "affirm"
    return None


def behouden(text: str, nlu: NluData) -> bool:
    """The reply keeps the current answer.

    A keep word (intent cmd_behouden: "behouden", "laat maar", "hetzelfde") or an affirmation
    ("ok", "klopt", "is goed", "dat is juist"), alone or with filler words. A denial anywhere
    makes it False.

    The engine decides per question whether to ask this: at a ja/nee question "ja" is the
    answer, not "keep".
    """
    if nlu.intent(text) in ("cmd_behouden", "affirm"):
        return True
    found = _janee_delen(text, nlu, frozenset({"affirm", "deny", "cmd_behouden"}))
    return found is not None and "deny" not in found


def _janee_tokens(text: str) -> list[str]:
    """Folded words, and emoji as words of their own; punctuation and modifiers dropped."""
    out: list[str] = []
    word: list[str] = []
    for c in fold(text):
        if c.isalnum() or (c in "'’" and word):
            word.append(c)
            continue
        if word:
            out.append("".join(word))
            word = []
        if unicodedata.category(c) == "So":
            out.append(c)
    if word:
        out.append("".join(word))
    return out


_JANEE_CACHE: dict[int, tuple[NluData, dict[str, str], frozenset[str], frozenset[str]]] = {}


def _janee_zinnen(nlu: NluData) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """The yes/no/keep examples, the filler words and the question openings, as token strings."""
    hit = _JANEE_CACHE.get(id(nlu))
    if hit is not None and hit[0] is nlu:
        return hit[1], hit[2], hit[3]
    kinds = ("affirm", "deny", "cmd_behouden")
    phrases: dict[str, str] = {}
    for example, intent in nlu.intents.items():
        key = " ".join(_janee_tokens(example))
        if intent in kinds and key:
            phrases.setdefault(key, intent)
    fillers = frozenset(" ".join(_janee_tokens(w)) for w in nlu.lookup("janee_vulwoord"))
    questions = frozenset(" ".join(_janee_tokens(w)) for w in nlu.lookup("vraag_begin"))
    if len(_JANEE_CACHE) > 8:
        _JANEE_CACHE.clear()
    _JANEE_CACHE[id(nlu)] = (nlu, phrases, fillers, questions)
    return phrases, fillers, questions


_JANEE_MAX_TOKENS = 6  # the longest example or filler phrase that is looked for


def _janee_delen(text: str, nlu: NluData, kinds: frozenset[str]) -> set[str] | None:
    """The intents (of `kinds`) a reply is made of, filler words aside.

    None when a word is neither, when it is a question, or when no such intent is there.
    """
    if "?" in text:
        return None
    tokens = _janee_tokens(text)
    if not tokens or len(tokens) > ZIN_MAX_WOORDEN:
        return None
    phrases, fillers, questions = _janee_zinnen(nlu)
    if any(" ".join(tokens[:n]) in questions for n in range(1, min(4, len(tokens)) + 1)):
        return None
    found: set[str] = set()
    i = 0
    while i < len(tokens):
        for n in range(min(_JANEE_MAX_TOKENS, len(tokens) - i), 0, -1):
            span = " ".join(tokens[i : i + n])
            intent = phrases.get(span)
            if intent in kinds:
                found.add(intent)
                break
            if span in fillers or (n == 1 and unicodedata.category(span[0]) == "So"):
                break
        else:
            return None
        i += n
    return found or None


KEUZES = "lookups/keuzes"


def choice(text: str, choices: list[Choice], nlu_data: NluData | None = None) -> str | None:
    """The value of the offered choice the text names: its number, value or label.

    With `nlu_data`, also another word for an offered value ("online" for afstandsleren), and
    the choice inside a sentence ("we zijn met 12 man, dus klein denk ik", "klein 😊"): see
    `_keuze_in_zin`. A number picks by position only when it is the whole text.
    """
    t = text.strip().rstrip(".")
    if t.isdigit() and t.isascii():
        i = int(t)
        if 1 <= i <= len(choices):
            return choices[i - 1].value
        return None
    key = fold(t)
    for c in choices:
        if key in (fold(c.value), fold(c.label)):
            return c.value
    if nlu_data is not None:
        value = nlu_data.synonym(t, KEUZES)
        if value is not None and any(c.value == value for c in choices):
            return value
        return _keuze_in_zin(text, choices, nlu_data)
    return None


_CLAUSE = re.compile(r"[,;:.!?()\[\]]")
_NEGATIE_VOOR = 3  # a negation this many words before a choice, in its clause, negates it
_TYPO_LENGTE = 4  # words this long may have one typo (Damerau-Levenshtein 1)


@dataclass(frozen=True)
class _KeuzeTreffer:
    value: str
    clause: int
    start: int
    end: int


def _keuze_in_zin(text: str, choices: list[Choice], nlu_data: NluData) -> str | None:
    """The one offered choice a sentence names, as a whole word or phrase.

    Its value, its label or another word for it (lookups/keuzes) counts where its words stand
    together in one clause; a typo is forgiven (Damerau-Levenshtein 1, words of 4 letters or
    more) in a one-word value or label, only when nothing is named exactly. None when two
    different choices are named ("klein of middelgroot"), or when a word of the lookup
    ontkenning stands shortly before it in its clause ("niet klein"). Emoji and punctuation do
    not count; numbers inside the sentence do not pick.
    """
    if not _gewone_zin(text):
        return None
    clauses = [words(part) for part in _CLAUSE.split(text)]
    if not 0 < sum(len(c) for c in clauses) <= ZIN_MAX_WOORDEN:
        return None
    offered = {c.value for c in choices}
    own = [(c.value, w) for c in choices for w in (words(c.value), words(c.label)) if w]
    phrases = list(own)
    for variant, canonical in nlu_data.synonym_groups.get(KEUZES, {}).items():
        if canonical in offered and (w := words(variant)):
            phrases.append((canonical, w))
    hits = [
        _KeuzeTreffer(value, ci, i, i + len(w))
        for ci, tokens in enumerate(clauses)
        for value, w in phrases
        for i in range(len(tokens) - len(w) + 1)
        if tokens[i : i + len(w)] == w
    ]
    if not hits:
        single = [(value, w[0]) for value, w in own if len(w) == 1]
        hits = [
            _KeuzeTreffer(value, ci, i, i + 1)
            for ci, tokens in enumerate(clauses)
            for i, token in enumerate(tokens)
            if len(token) >= _TYPO_LENGTE and token.isalpha()
            for value, word in single
            if len(word) >= _TYPO_LENGTE
            and DamerauLevenshtein.distance(token, word, score_cutoff=1) <= 1
        ]
    # A phrase inside a longer one of another choice is that longer one's.
    hits = [
        h
        for h in hits
        if not any(
            o.clause == h.clause
            and o.start <= h.start
            and h.end <= o.end
            and o != h
            and (o.end - o.start) > (h.end - h.start)
            for o in hits
        )
    ]
    if len({h.value for h in hits}) != 1:
        return None
    negation = nlu_data.lookup("ontkenning")
    for h in hits:
        before = clauses[h.clause][max(0, h.start - _NEGATIE_VOOR) : h.start]
        if any(w in negation for w in before):
            return None
    return hits[0].value


# BE (or not), then digits with at most one separator between two digits: no sign, nothing else.
_KBO = re.compile(r"^(?:BE(?:\s*[.\-]\s*|\s+)?)?([0-9](?:(?:\s*[./\-]\s*|\s+)?[0-9])*)$", re.ASCII)


def ondernemingsnummer(text: str) -> Ok[str] | Fout:
    """A KBO ondernemingsnummer (10 digits, mod-97 check) in compact form.

    Written with or without BE, with spaces, dots, slashes or dashes between the digits (and a
    full stop after it); a sign or any other character before, inside or after the number is
    refused ("-0403170701", "+32 0403170701").
    """
    raw = text.strip().rstrip(".").upper()
    m = _KBO.match(raw) if len(raw) <= 40 else None
    digits = re.sub(r"[^0-9]", "", m.group(1)) if m else ""
    if len(digits) not in (9, 10):
        return Fout("fout.kbo_formaat")
    try:
        return Ok(vat.validate(digits))
    except ValidationError:
        return Fout("fout.kbo_controle")


def toon_ondernemingsnummer(compact: str) -> str:
    """0403170701 -> 0403.170.701."""
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}"


# The notations of a subclass "dd.ddd" that are accepted, each with one kind of separator:
# 46391, 46.391, 46 391 (division, then the rest); 46.39.1, 46 39 1 (division, class digits,
# subclass digit); 4639.1 (class, then the subclass digit). A mixture ("46.39-1", "46.39 1",
# "46/-39/1") or any other separator is refused.
_NACE_VORMEN = (
    re.compile(r"^(\d{2})([. ]?)(\d{2})(\d)$", re.ASCII),
    re.compile(r"^(\d{2})([. ])(\d{2})\2(\d)$", re.ASCII),
    re.compile(r"^(\d{2})(\d{2})(\.)(\d)$", re.ASCII),
)
_NACE4 = re.compile(r"^(\d{2})[. ]?(\d{2})$", re.ASCII)


def nace(text: str) -> Ok[str] | Fout:
    """A NACE-BEL subclass code (5 digits) as 'dd.ddd', in one of the notations above."""
    t = text.strip()
    for vorm in _NACE_VORMEN:
        m = vorm.match(t)
        if m:
            digits = "".join(g for g in m.groups() if g.isdigit())
            if digits.startswith("00"):
                return Fout("fout.nace_formaat")
            return Ok(f"{digits[:2]}.{digits[2:]}")
    m4 = _NACE4.match(t)
    if m4:
        return Fout("fout.nace_onvolledig", {"code": f"{m4.group(1)}.{m4.group(2)}"})
    return Fout("fout.nace_formaat")


_DATE_NUM = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$", re.ASCII)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_DATE_WORDS = re.compile(r"^(\d{1,2})(?:e|ste|de)?\s+([a-z]+)\.?(?:\s+(\d{4}))?$", re.ASCII)
_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@cache
def _months() -> dict[str, int]:
    """Dutch month names and their 3+ letter prefixes -> month number (babel's nl data)."""
    names = get_month_names("wide", locale="nl")
    out: dict[str, int] = {}
    for number, name in names.items():
        folded = fold(str(name))
        for end in range(3, len(folded) + 1):
            out.setdefault(folded[:end], int(number))
    out["mrt"] = 3
    return out


def _is_maand(word: str, nlu_data: NluData | None) -> bool:
    """A month's name or its first letters ("dec", "sept"); "maar" is not March (geen_maand)."""
    return word in _months() and (nlu_data is None or word not in nlu_data.lookup("geen_maand"))


def _zonder_datumdelen(
    text: str, hits: list[_Treffer[T]], nlu_data: NluData | None
) -> list[_Treffer[T]]:
    """The hits that are not the day or the year of a date in words ("12 maart 2026").

    A day is one or two digits just before a month's name, a year four digits just after it.
    """
    woorden = [fold(w.tekst) for w in _zinwoorden(text)]

    def maand(i: int) -> bool:
        return 0 <= i < len(woorden) and _is_maand(woorden[i], nlu_data)

    def datumdeel(h: _Treffer[T]) -> bool:
        t = fold(h.tekst)
        day = maand(h.eind) and re.fullmatch(r"[0-9]{1,2}(?:e|ste|de)?", t) is not None
        return day or (maand(h.begin - 1) and re.fullmatch(r"[0-9]{4}", t) is not None)

    return [h for h in hits if not datumdeel(h)]


def _strip_leading(text: str, words: frozenset[str]) -> str:
    """'op 12 maart' -> '12 maart': drop a leading word (or phrase) of the given lookup."""
    for word in sorted(words, key=len, reverse=True):
        if text.startswith(word + " "):
            return text[len(word) + 1 :]
    return text


def _weekday(word: str, nlu_data: NluData) -> int | None:
    for i, name in enumerate(_WEEKDAYS):
        if word in nlu_data.lookup(f"weekdag_{name}"):
            return i
    return None


def _make_date(y: int, mo: int, d: int, original: str) -> Ok[date] | Fout:
    if not 2000 <= y <= 2100:
        return Fout("fout.datum_onmogelijk", {"invoer": original[:40]})
    try:
        return Ok(date(y, mo, d))
    except ValueError:
        return Fout("fout.datum_onmogelijk", {"invoer": original[:40]})


#: A date without a year is the one nearest to the application date, at most this many days away.
DICHTSTBIJ_DAGEN = 183


def _zonder_jaar(d: int, mo: int, today: date, original: str) -> Ok[date] | Fout:
    """Day and month without a year: the date nearest to `today`.

    That is in the year before, the same year or the year after, within ±6 months
    (DICHTSTBIJ_DAGEN); at equal distance the future one.
    """
    best: tuple[tuple[int, bool], date] | None = None
    for y in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = date(y, mo, d)
        except ValueError:
            continue
        delta = (candidate - today).days
        key = (abs(delta), delta < 0)
        if best is None or key < best[0]:
            best = (key, candidate)
    if best is None or best[0][0] > DICHTSTBIJ_DAGEN:
        return Fout("fout.datum_onmogelijk", {"invoer": original[:40]})
    return _make_date(best[1].year, best[1].month, best[1].day, original)


def _relative(words: list[str], today: date, nlu_data: NluData) -> Ok[date] | Fout | None:
    """'vorige maandag', 'volgende week dinsdag', 'deze vrijdag', 'maandag' (ambiguous)."""
    if not words or len(words) > 3:
        return None
    day = _weekday(words[-1], nlu_data)
    if day is None:
        return None
    head = words[:-1]
    monday = today - timedelta(days=today.weekday())
    past, future = nlu_data.lookup("verleden"), nlu_data.lookup("toekomst")
    this, week = nlu_data.lookup("deze"), nlu_data.lookup("week")
    if not head:
        before = today - timedelta(days=(today.weekday() - day) % 7 or 7)
        after = today + timedelta(days=(day - today.weekday()) % 7 or 7)
        return Fout(
            "fout.datum_dubbelzinnig",
            {"dag": _WEEKDAYS[day], "vorige": fmt_datum(before), "volgende": fmt_datum(after)},
        )
    if len(head) == 2 and head[1] in week:
        if head[0] in past:
            return Ok(monday - timedelta(days=7 - day))
        if head[0] in future:
            return Ok(monday + timedelta(days=7 + day))
        if head[0] in this:
            return Ok(monday + timedelta(days=day))
        return None
    if len(head) == 1:
        if head[0] in past:
            return Ok(today - timedelta(days=(today.weekday() - day) % 7 or 7))
        if head[0] in future:
            return Ok(today + timedelta(days=(day - today.weekday()) % 7 or 7))
        if head[0] in this:
            return Ok(monday + timedelta(days=day))
    return None


def datum(
    text: str, *, today: date | None = None, nlu_data: NluData | None = None
) -> Ok[date] | Fout:
    """A date: 12/03/2026, 12-3-26, 12 maart (2026), 1 dec, gisteren, vorige maandag, ISO.

    Without a year ("12 januari", "15/1") it is the date nearest to `today`, the application
    date (see `_zonder_jaar`). A weekday before a date must be that date's ("dinsdag 12 januari
    2027"). A lone number ("1", "12", "2026", "-1") is not a date. In a sentence ("10 november,
    ze is al begonnen") the one date there is taken; two are refused (fout.datum_meerdere).
    What this grammar does not know goes to dateparser only when it names a direction and a
    unit of time ("3 dagen geleden", "over 2 weken").
    """
    if _schijncijfers(text):
        return Fout("fout.datum_formaat")
    original = text.strip()
    whole = _datum_vorm(original, today, nlu_data)
    if whole is not None:
        return whole
    hits = _in_zin(original, lambda stuk: _datum_in_zin(stuk, today, nlu_data), breedte=5)
    found = _een_waarde(hits, "fout.datum_meerdere", _toon_datum)
    if found is not None:
        return found
    if today is None or nlu_data is None:
        return Fout("fout.datum_formaat")
    return _dateparser(original, today, nlu_data)


def datum_letterlijk(text: str) -> bool:
    """The text is a date written in full in figures: 12/03/2026, 2026-03-12, 12-3-26.

    Nothing about such a date was inferred. Otherwise (words, no year, a sentence) it is worth
    saying the date back in full (dialogs.format.datum_voluit).
    """
    t = fold(text).strip().rstrip(". ")
    if _DATE_ISO.match(t):
        return True
    m = _DATE_NUM.match(t)
    return bool(m and m.group(3))


def _datum_vorm(
    original: str, today: date | None, nlu_data: NluData | None
) -> Ok[date] | Fout | None:
    """The whole text as one date of the grammar; None when it is none of its forms."""
    t = fold(original).rstrip(". ")
    if nlu_data is not None:
        t = _strip_leading(t, nlu_data.lookup("voor_datum"))
        first, _, rest = t.partition(" ")
        day = _weekday(first.rstrip(","), nlu_data)
        if day is not None and rest:
            inner = _datum_zonder_weekdag(rest.lstrip(", "), original, today, nlu_data)
            if isinstance(inner, Ok) and inner.value.weekday() != day:
                return Fout(
                    "fout.datum_weekdag",
                    {
                        "datum": fmt_datum(inner.value),
                        "dag": _weekday_name(inner.value.weekday()),
                        "genoemd": _weekday_name(day),
                    },
                )
            if inner is not None:
                return inner
    return _datum_zonder_weekdag(t, original, today, nlu_data)


def _weekday_name(day: int) -> str:
    """0 -> 'maandag' (babel's nl_BE names)."""
    return str(get_day_names("wide", locale="nl_BE")[day])


def _datum_zonder_weekdag(
    t: str, original: str, today: date | None, nlu_data: NluData | None
) -> Ok[date] | Fout | None:
    m = _DATE_ISO.match(t)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return _make_date(y, mo, d, original)
    m = _DATE_NUM.match(t)
    if m:
        d, mo = int(m.group(1)), int(m.group(2))
        if m.group(3) is None:
            if today is None:
                return Fout("fout.datum_formaat")
            return _zonder_jaar(d, mo, today, original)
        y = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        return _make_date(y, mo, d, original)
    m = _DATE_WORDS.match(t)
    if m and _is_maand(m.group(2), nlu_data):
        mo, d = _months()[m.group(2)], int(m.group(1))
        if m.group(3):
            return _make_date(int(m.group(3)), mo, d, original)
        if today is None:
            return Fout("fout.datum_formaat")
        return _zonder_jaar(d, mo, today, original)
    if today is None or nlu_data is None or not any(c.isalpha() for c in t):
        return None
    offset = nlu_data.synonym(t, "lookups/datums")
    if offset is not None:
        return Ok(today + timedelta(days=int(offset)))
    return _relative(t.split(), today, nlu_data)


def _datum_in_zin(
    stuk: str, today: date | None, nlu_data: NluData | None
) -> Ok[date] | Fout | None:
    """A few words of a sentence as a date; a short word alone ("nu", "zo") is none there."""
    found = _datum_vorm(stuk, today, nlu_data)
    if found is None or (isinstance(found, Fout) and found.message == "fout.datum_formaat"):
        return None
    t = fold(stuk)
    if nlu_data is not None:
        t = _strip_leading(t, nlu_data.lookup("voor_datum"))
    if " " not in t and len(t) < 3 and not any(c.isdigit() for c in t):
        return None
    return found


def _toon_datum(hit: _Treffer[date]) -> str:
    return fmt_datum(hit.uitkomst.value) if isinstance(hit.uitkomst, Ok) else hit.tekst


_DATEPARSER_MAX = 60


def _dateparser(text: str, today: date, nlu_data: NluData) -> Ok[date] | Fout:
    """Dateparser for what the grammar above does not cover ('3 dagen geleden', 'over 2 weken').

    Only for a short text with a direction in time and a unit of time (lookups tijd_richting and
    tijd_eenheid), at most one number of at most three digits and no sign: dateparser reads
    nearly anything as a date ("-3 dagen", "12 34 maart", "om 12u", "vorige maand").
    """
    tokens = set(words(text))
    numbers = re.findall(r"[0-9]+", text)
    if (
        len(text) > _DATEPARSER_MAX
        or not any(c.isalpha() for c in text)
        or re.search(r"[-+\u2212]\s*[0-9]", text)
        or len(numbers) > 1
        or any(len(n) > 3 for n in numbers)
        or not tokens & nlu_data.lookup("tijd_richting")
        or not tokens & nlu_data.lookup("tijd_eenheid")
    ):
        return Fout("fout.datum_formaat")
    settings: Any = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12, 0),  # noqa: DTZ001
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day"],
    }
    import dateparser  # noqa: PLC0415 - imported on first use: it is slow to import

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(text, languages=["nl"], settings=settings)
    if parsed is None:
        return Fout("fout.datum_formaat")
    return _make_date(parsed.year, parsed.month, parsed.day, text)


# --- one value among a few words -----------------------------------------------------------

_RAND_VOOR = "([{\"'‘“«"
_RAND_NA = ".,;:!?)]}\"'’”»"
_GRENS = frozenset(",;:!?()[]")


@dataclass(frozen=True)
class _Woord:
    tekst: str  # without the punctuation around it
    grens: bool  # a clause ends after it (",", ";", "!" …)


def _zinwoorden(text: str) -> list[_Woord]:
    out: list[_Woord] = []
    for raw in text.split():
        word = raw.lstrip(_RAND_VOOR)
        core = word.rstrip(_RAND_NA)
        if out and any(c in _GRENS for c in raw[: len(raw) - len(word)]):
            out[-1] = _Woord(out[-1].tekst, True)
        if core:
            out.append(_Woord(core, any(c in _GRENS for c in word[len(core) :])))
        elif out and any(c in _GRENS for c in word):
            out[-1] = _Woord(out[-1].tekst, True)
    return out


@dataclass(frozen=True)
class _Treffer(Generic[T]):
    """A few words of a sentence read as a value (or refused for a reason of their own)."""

    begin: int
    eind: int
    tekst: str
    uitkomst: Ok[T] | Fout


def _in_zin(
    text: str,
    lees: Callable[[str], Ok[T] | Fout | None],
    *,
    breedte: int,
    over_grenzen: bool = True,
) -> list[_Treffer[T]]:
    """The values in a sentence, in sentence order.

    Every run of at most `breedte` words that `lees` reads (None: not a value), the longest
    first, none overlapping another. Runs cross a comma only when `over_grenzen`. Nothing for
    one word or for more than ZIN_MAX_WOORDEN words.
    """
    if not _gewone_zin(text):
        return []
    woorden = _zinwoorden(text)
    if not 1 < len(woorden) <= ZIN_MAX_WOORDEN:
        return []
    hits: list[_Treffer[T]] = []
    for i in range(len(woorden)):
        for j in range(i + 1, min(len(woorden), i + breedte) + 1):
            stuk = " ".join(w.tekst for w in woorden[i:j])
            result = lees(stuk)
            if result is not None:
                hits.append(_Treffer(i, j, stuk, result))
            if not over_grenzen and woorden[j - 1].grens:
                break
    hits.sort(key=lambda h: (h.begin - h.eind, h.begin))
    chosen: list[_Treffer[T]] = []
    for h in hits:
        if all(h.eind <= c.begin or h.begin >= c.eind for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.begin)


def _sleutel(hit: _Treffer[T]) -> object:
    u = hit.uitkomst
    return ("ok", u.value) if isinstance(u, Ok) else ("fout", u.message, tuple(u.params.items()))


def _een_waarde(
    hits: list[_Treffer[T]], meerdere: str, toon: Callable[[_Treffer[T]], str]
) -> Ok[T] | Fout | None:
    """The one value the hits name, or the one reason it is refused.

    Two or more different ones: Fout(meerdere) naming them; no hit: None.
    """
    distinct: dict[object, _Treffer[T]] = {}
    for h in hits:
        distinct.setdefault(_sleutel(h), h)
    if not distinct:
        return None
    if len(distinct) == 1:
        return hits[0].uitkomst
    return Fout(meerdere, {"waarden": _opsomming([toon(h) for h in distinct.values()])})


def _opsomming(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b en c' (at most four, each at most 30 characters)."""
    shown = [i if len(i) <= 30 else i[:29] + "…" for i in items[:4]]
    if len(items) > 4:
        shown[-1] += " …"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} en {shown[-1]}"


_AMOUNT_NOISE = re.compile(r"(?i)(€|\beur(o|os)?\b|excl\.?|exclusief|btw|\s)")


def bedrag(text: str, nlu_data: NluData | None = None) -> Ok[Decimal] | Fout:
    """An amount in euro: '€ 1.250,50', '1250,50', '1.250', '1250 euro', 'EUR 1 250', '1250.50'.

    Also the one amount in a few words ("1520 euro, er komt nog cursusmateriaal bij", "ongeveer
    1500"); two numbers there are refused (fout.bedrag_meerdere), and so is an amount followed by
    a word of the lookup per_eenheid ("500 euro per deelnemer": fout.bedrag_per). `nlu_data`
    defaults to the shipped data.
    """
    whole = _bedrag(text)
    if not (isinstance(whole, Fout) and whole.message == "fout.bedrag_formaat"):
        return whole
    data = nlu_data if nlu_data is not None else default_nlu_data()
    hits = _zonder_datumdelen(
        text, _in_zin(text, _bedrag_in_zin, breedte=5, over_grenzen=False), data
    )
    found = _een_waarde(hits, "fout.bedrag_meerdere", lambda h: h.tekst)
    if found is None:
        return whole
    if isinstance(found, Ok) and len(hits) == 1:
        after = words(_na_treffer(text, hits[0]))
        per = {tuple(words(w)) for w in data.lookup("per_eenheid")}
        if any(after[:n] in per for n in (1, 2)):
            return Fout("fout.bedrag_per", {"bedrag": hits[0].tekst})
    return found


def _na_treffer(text: str, hit: _Treffer[T]) -> str:
    """The words of a sentence after a hit (as `_in_zin` counted them)."""
    return " ".join(w.tekst for w in _zinwoorden(text)[hit.eind :])


_THOUSANDS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]{1,2}|,-)?", re.ASCII)


def _bedrag_in_zin(stuk: str) -> Ok[Decimal] | Fout | None:
    """A few words as one amount, with or without € or euro; None when they are not.

    One number, or its thousands in groups ("1 250").
    """
    parts = stuk.split()
    at = [i for i, w in enumerate(parts) if any(c.isdigit() for c in w)]
    if not at or any(not c.isascii() for i in at for c in parts[i] if c.isdigit()):
        return None
    if len(at) > 1:
        digits = re.sub(r"[^0-9, -]", "", " ".join(parts[at[0] : at[-1] + 1])).strip()
        if at != list(range(at[0], at[-1] + 1)) or not _THOUSANDS.fullmatch(digits):
            return None
    found = _bedrag(stuk)
    return None if isinstance(found, Fout) and found.message == "fout.bedrag_formaat" else found


def _bedrag(text: str) -> Ok[Decimal] | Fout:
    """The whole text as one amount."""
    t = _AMOUNT_NOISE.sub("", text.strip())
    if t.endswith(",-"):
        t = t[:-2]
    if not t or not re.fullmatch(r"[0-9.,]+", t) or not t.isascii():
        return Fout("fout.bedrag_formaat")
    if "," in t and "." in t:
        if t.rfind(",") < t.rfind("."):
            return Fout("fout.bedrag_formaat")
        t = t.replace(".", "").replace(",", ".")
    elif "," in t:
        if t.count(",") > 1:
            return Fout("fout.bedrag_formaat")
        t = t.replace(",", ".")
    elif "." in t and re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    elif t.count(".") > 1:
        return Fout("fout.bedrag_formaat")
    if "." in t and not re.fullmatch(r"\d+\.\d{1,2}", t):
        return Fout("fout.bedrag_formaat")
    try:
        value = Decimal(t)
    except InvalidOperation:
        return Fout("fout.bedrag_formaat")
    if value <= 0:
        return Fout("fout.bedrag_nul")
    if value > Decimal("10000000"):
        return Fout("fout.bedrag_te_groot")
    return Ok(value.quantize(Decimal("0.01")))


def _number_word(word: str, nlu_data: NluData) -> Decimal | None:
    """Dutch number words, compounds included: 'twaalf', 'vijfentwintig', 'tweehonderd'."""
    if not word or len(word) > 40 or not word.isalpha():
        return None
    base = nlu_data.synonym(word, "lookups/getallen")
    if base is not None:
        return Decimal(base)
    for big in ("duizend", "honderd"):
        if big in word:
            left, _, right = word.partition(big)
            factor = _number_word(left, nlu_data) if left else Decimal(1)
            rest = _number_word(right.removeprefix("en"), nlu_data) if right else Decimal(0)
            if factor is None or rest is None:
                return None
            return factor * Decimal(nlu_data.synonym(big, "lookups/getallen") or 0) + rest
    tens_words = nlu_data.synonym_groups.get("lookups/getallen", {})
    for tens, value in tens_words.items():
        if not (tens.isalpha() and value.isdigit() and 20 <= int(value) <= 90):
            continue
        if word.endswith(tens) and word[: -len(tens)].endswith("en"):
            unit = _number_word(word[: -len(tens) - 2], nlu_data)
            if unit is not None and 1 <= unit <= 9:
                return unit + Decimal(nlu_data.synonym(tens, "lookups/getallen") or 0)
    return None


def getal(text: str, nlu_data: NluData | None = None) -> Decimal | None:
    """A number in digits or Dutch words ('2', 'twee', '7,5', 'vijfentwintig'), else None."""
    if _schijncijfers(text):
        return None
    t = fold(text).strip()
    if nlu_data is not None:
        parts = t.split()
        if len(parts) == 2 and parts[1] in nlu_data.lookup("personen"):
            t = parts[0]
    if re.fullmatch(r"[0-9]{1,7}([.,][0-9]{1,2})?", t):
        return Decimal(t.replace(",", "."))
    if nlu_data is None:
        return None
    return _number_word(t.replace(" ", "").replace("-", ""), nlu_data)


def geheel_getal(
    text: str, *, minimum: int, maximum: int, nlu_data: NluData | None = None
) -> Ok[int] | Fout:
    """A whole number in digits or Dutch words, within bounds.

    Also the one number in a few words ("we zijn met 12 man", "ongeveer twaalf"); two different
    numbers there are refused (fout.getal_meerdere). An article ("een", lookup lidwoord) alone is
    no number inside a sentence.
    """
    if _schijncijfers(text):
        return Fout("fout.getal_formaat")
    value = getal(text, nlu_data)
    if value is None:
        hits = _in_zin(
            text, lambda stuk: _getal_in_zin(stuk, nlu_data), breedte=3, over_grenzen=False
        )
        hits = _zonder_datumdelen(text, hits, nlu_data)
        found = _een_waarde(hits, "fout.getal_meerdere", lambda h: h.tekst)
        if isinstance(found, Fout):
            return found
        value = found.value if found is not None else None
    if value is None or value != value.to_integral_value():
        return Fout("fout.getal_formaat")
    if not minimum <= value <= maximum:
        return Fout("fout.getal_grenzen", {"minimum": str(minimum), "maximum": str(maximum)})
    return Ok(int(value))


def _getal_in_zin(stuk: str, nlu_data: NluData | None) -> Ok[Decimal] | None:
    if nlu_data is not None and stuk.lower() in nlu_data.lookup("lidwoord"):
        return None
    value = getal(stuk, nlu_data)
    return None if value is None else Ok(value)


_HOURS_SUFFIX = re.compile(r"\s*(uren|uur|u)\s*$")
_HOURS_CLOCK = re.compile(r"^([0-9]{1,4})\s*(?:u|:|h)\s*([0-9]{2})$", re.ASCII)


def uren(text: str, nlu_data: NluData | None = None) -> Ok[Decimal] | Fout:
    """A duration in hours: '16', '7,5', '7.5', '16 uur', '7u30', 'acht uur', 'anderhalf uur'.

    Also the one duration in a few words ("ongeveer 20 uur", "20 uur in totaal"): there it must
    carry its unit (uur, uren, u, or 7u30), and no other number may stand beside it ("2 dagen
    van 8 uur": fout.uren_meerdere).
    """
    if _schijncijfers(text):
        return Fout("fout.uren_formaat")
    whole = _uren(text, nlu_data)
    if not (isinstance(whole, Fout) and whole.message == "fout.uren_formaat"):
        return whole
    hits = _in_zin(text, lambda stuk: _uren_in_zin(stuk, nlu_data), breedte=3, over_grenzen=False)
    found = _een_waarde(hits, "fout.uren_meerdere", lambda h: h.tekst)
    if found is None:
        return whole
    if isinstance(found, Ok) and not any(_met_eenheid(h.tekst) for h in hits):
        return whole
    return found


def _met_eenheid(stuk: str) -> bool:
    """'20 uur', '16u', 'acht uren', '7u30': the number carries its unit."""
    t = fold(stuk).strip()
    return bool(_HOURS_CLOCK.match(t) or (_HOURS_SUFFIX.search(t) and _HOURS_SUFFIX.sub("", t)))


def _uren_in_zin(stuk: str, nlu_data: NluData | None) -> Ok[Decimal] | Fout | None:
    if nlu_data is not None and stuk.lower() in nlu_data.lookup("lidwoord"):
        return None
    found = _uren(stuk, nlu_data)
    return None if isinstance(found, Fout) and found.message == "fout.uren_formaat" else found


def _uren(text: str, nlu_data: NluData | None) -> Ok[Decimal] | Fout:
    """The whole text as one duration."""
    t = fold(text).strip()
    m = _HOURS_CLOCK.match(t)
    if m:
        value = Decimal(m.group(1)) + Decimal(m.group(2)) / 60
        value = value.quantize(Decimal("0.01"))
    else:
        number = getal(_HOURS_SUFFIX.sub("", t), nlu_data)
        if number is None:
            return Fout("fout.uren_formaat")
        value = number
    if value <= 0:
        return Fout("fout.uren_nul")
    if value > 10000:
        return Fout("fout.uren_te_groot")
    return Ok(value.to_integral_value() if value == value.to_integral() else value)


_NAME_SPLIT = re.compile(r"\s*(?:,|;|\n|\ben\b|&)\s*", re.IGNORECASE)
_NAME_OK = re.compile(r"^[^\W\d_]+(?:['’\-.][^\W\d_]*)*$")
#: The longest name of one participant, in characters.
NAAM_MAX = 80


def namen(text: str) -> Ok[list[str]] | Fout:
    """Participants' names: 'Jan Peeters, An Janssens en Mohamed El Amrani'.

    Each name has a first name and a name, only letters (and ' - .), and at most NAAM_MAX
    characters (fout.naam_te_lang): a longer one is refused, never cut.
    """
    parts = [p.strip() for p in _NAME_SPLIT.split(text.strip()) if p and p.strip()]
    if not parts:
        return Fout("fout.namen_leeg")
    out = []
    for p in parts:
        words = p.split()
        if len(words) < 2:
            return Fout("fout.naam_onvolledig", {"naam": p[:60]})
        name = " ".join(words)
        if len(name) > NAAM_MAX:
            return Fout("fout.naam_te_lang", {"naam": name[:40], "maximum": str(NAAM_MAX)})
        if any(not _NAME_OK.match(w) for w in words):
            return Fout("fout.naam_tekens", {"naam": p[:60]})
        out.append(name)
    return Ok(out)


# Between the parts of a prefix and before the digits: spaces, one "." or "-", spaces.
_SCHEIDING = r"\s*[.\-]?\s*"
_PREFIX_DEEL = re.compile(r"[0-9A-Za-z]+")


def _prefix_vorm(prefix: str) -> str:
    """A prefix as people type it: its parts apart or together, a zero for each letter O."""
    delen = _PREFIX_DEEL.findall(prefix)
    return _SCHEIDING.join(
        "".join("[o0]" if c in "Oo" else re.escape(c.lower()) for c in deel) for deel in delen
    )


def registratienummer_vorm(prefixen: Iterable[str]) -> str:
    """Regex source (for re.IGNORECASE) of a typed number: a group per prefix, then the digits."""
    keuzes = "|".join(f"({_prefix_vorm(p)})" for p in prefixen) or "(?!)"
    return rf"(?:{keuzes}){_SCHEIDING}(\d{{{REGISTRATIENUMMER_CIJFERS}}})"


@cache
def registratieprefixen() -> tuple[str, ...]:
    """Every prefix of the shipped rules on any date ("DV.O", "DV.A"): what is recognised."""
    return tuple(alle_registratieprefixen(laad_regelboek()))


@cache
def _registratienummer_patroon(prefixen: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^{registratienummer_vorm(prefixen)}$", re.IGNORECASE | re.ASCII)


def registratienummer(text: str, prefixen: Sequence[str] | None = None) -> str | None:
    """'DV.O213465', 'dv o 213465', 'DV.0213465' -> 'DV.O213465'; None when not that shape."""
    bekend = registratieprefixen() if prefixen is None else tuple(prefixen)
    m = _registratienummer_patroon(bekend).match(text.strip())
    if not m:
        return None
    *per_prefix, cijfers = m.groups()
    prefix = next(p for p, deel in zip(bekend, per_prefix, strict=True) if deel is not None)
    return f"{prefix}{cijfers}"


def tekst(text: str, *, minimum: int = 2, maximum: int = 200) -> Ok[str] | Fout:
    """Free text of reasonable length, with at least one letter or digit.

    A text over `maximum` is refused with the limit (fout.tekst_te_lang), never cut. `clean`
    caps input at MAX_INPUT characters, so a text that long may have been cut: it is refused
    too, whatever `maximum` (the limit then said is MAX_INPUT - 1).
    """
    t = text.strip()
    if len(t) < minimum or not any(c.isalnum() for c in t):
        return Fout("fout.tekst_te_kort")
    limit = min(maximum, MAX_INPUT - 1)
    if len(t) > limit:
        return Fout("fout.tekst_te_lang", {"maximum": str(limit)})
    return Ok(t)
