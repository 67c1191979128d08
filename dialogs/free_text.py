"""Several answers in one message, and corrections in free text, through the field table.

"Excel gevorderd voor 2 mensen, 16 uur, € 900, bij Attentia" fills type, naam, deelnemers, uren,
kost and dienstverlener; "het bedrag is eigenlijk 1.200 euro" corrects the kost. Each value goes
through the row's parser and checks, exactly as when its own question is answered.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dialogs.extract import (
    Segment,
    correctie,
    extract,
    has_correction_signal,
    leading_title,
    option_named,
    segments,
    sentence_words,
    wants_to_change,
)
from dialogs.fields import YES_NO
from dialogs.format import hoofdletter
from dialogs.interactions import FixedChoice
from dialogs.nlu import KEUZES, Fout, Ok
from dialogs.nlu_loader import NluData, fold
from dialogs.state import Step

if TYPE_CHECKING:
    from dialogs.spec import Veld
    from dialogs.turn import Beurt
    from domain_rules import Regels


async def try_correction(t: Beurt, raw: str, *, current: str | None) -> bool:
    """'het bedrag is eigenlijk 1.200 euro': change that field, then back to the question."""
    found = correctie(raw, nlu_data=t.nlu)
    regels = t.regels()
    if regels is None:
        return False
    if found is None and t.s.step is Step.SUMMARY and wants_to_change(raw, t.nlu):
        # "ja, maar ik wil nog iets aanpassen": no yes yet; which field (or the one named)?
        from dialogs.commands import run_command  # the commands import this module's users

        named = named_field(t, raw)
        await run_command(t, f"wijzig {named}" if named else "wijzig")
        return True
    if found is None:
        return await change_of_mind(t, raw, current=current)
    field_id, value_text = found
    if field_id not in t.table or not t.table[field_id].applies_to(t.g):
        return False
    row = t.table[field_id]
    parsed = (
        row.parse(value_text, t.ctx(regels)) if row.kind.in_words else Fout("fout.correctie_veld")
    )
    if isinstance(parsed, Fout):
        # "de deelnemers zijn eigenlijk Jan en Els": the value may be another field's.
        if await change_of_mind(t, raw, current=current):
            return True
        t.say(parsed.message, problem="ongeldige_invoer", **parsed.params)
        await t.reask()
        return True
    before = len(t.out)
    outcome = await t.validate_and_store(row, parsed.value)
    if outcome is True:
        t.say("algemeen.aangepast", veld=t.t(row.label_id), waarde=t.spoken(row))
        t.out.insert(before, t.out.pop())
        drop_unfit(t, [row])
        if current == field_id:
            await t.accepted(row)
            return True
    if outcome is not None:
        await t.reask()
    return True


async def change_of_mind(t: Beurt, raw: str, *, current: str | None) -> bool:
    """A change of mind in words: change those fields, recompute, go on where the user was.

    'wacht, het is eigenlijk een advies', 'toch 3 deelnemers', 'de opleiding begint pas op 27
    november'.
    """
    if not has_correction_signal(raw, t.nlu):
        return False
    regels = t.regels()
    assert regels is not None
    # A choice named in the sentence ("eigenlijk een advies"), then the typed values it states.
    named = choices_named(t, raw, regels, skip={current})
    changes = {k: v for k, v in named.items() if v != t.g.get(k)}
    for field_id, value in facts(t, raw).items():
        row = t.table[field_id]
        if row.kind.in_words and row.reads_corrections and field_id not in changes:
            changes[field_id] = value
    if not changes:
        return await _already(t, named, current=current)
    before = len(t.out)
    stored = await store_each(t, changes)
    if stored is None:
        return True  # a follow-up question about an answer was asked
    for row in stored:
        t.say("algemeen.aangepast", veld=t.t(row.label_id), waarde=t.spoken(row))
    drop_unfit(t, stored)
    if len(t.out) == before:
        return False
    problems = t.all_problems(regels)
    if problems:
        # The change breaks a rule elsewhere (an advies with a thema it may not have).
        await t.send_back(problems[0][1])
        return True
    if current is not None and current in t.filled:
        await t.accepted(t.table[current])
    else:
        await t.reask()
    return True


async def _already(t: Beurt, named: dict[str, Any], *, current: str | None) -> bool:
    """'toch klassikaal' when it is klassikaal: said, nothing changes, the same question again.

    Not where a title is typed: "Toch klein beginnen" is a name.
    """
    if not named or (current is not None and not t.table[current].reads_corrections):
        return False
    for field_id in named:
        row = t.table[field_id]
        t.say("algemeen.al_zo", veld=hoofdletter(t.t(row.label_id)), waarde=t.spoken(row))
    await t.reask()
    return True


def drop_unfit(t: Beurt, stored: list[Veld]) -> None:
    """Answers that no longer fit a changed one go: two names after "we zijn met 4"."""
    for row in stored:
        for other in t.table.dependents(row.id):
            if other.id in t.filled or t.s.aanvraag.raw(other.id) is None:
                continue
            if not other.answered(t.g):
                t.update(aanvraag=t.s.aanvraag.with_value(other.id, None))


def named_field(t: Beurt, raw: str) -> str | None:
    """The one field a sentence names by its label or another word for it (nlu_data synonyms)."""
    words = sentence_words(raw)
    named: set[str] = set()
    for i in range(len(words)):
        for n in (4, 3, 2, 1):
            span = " ".join(words[i : i + n])
            field_id = t.nlu.synonym(span) or next(
                (f.id for f in t.table.fields if span in f.words or span == f.id), None
            )
            if field_id is not None and field_id in t.table:
                named.add(field_id)
                break
    return named.pop() if len(named) == 1 else None


def _options_of(t: Beurt, row: Veld, regels: Regels) -> dict[str, str]:
    """Every word that names an option of a fixed choice: value, label, nlu_data synonym."""
    assert isinstance(row.kind, FixedChoice)
    choices = tuple((c.value, c.label) for c in row.kind.options(t.ctx(regels)))
    key = (id(t.nlu), choices)
    found = _OPTION_WORDS.get(key)
    if found is None or found[0] is not t.nlu:
        found = _OPTION_WORDS[key] = (t.nlu, _option_words(choices, t.nlu))
    return found[1]


#: The words of each choice list, per loaded nlu_data (the same few lists every turn); the
#: entry keeps its nlu_data, so an id is never taken for another one's.
_OPTION_WORDS: dict[tuple[int, tuple[tuple[str, str], ...]], tuple[NluData, dict[str, str]]] = {}


def _option_words(choices: tuple[tuple[str, str], ...], nlu_data: NluData) -> dict[str, str]:
    options: dict[str, str] = {}
    for value, label in choices:
        options[fold(value)] = value
        options[fold(label)] = value
    values = set(options.values())
    for variant, value in nlu_data.synonym_groups.get(KEUZES, {}).items():
        if value in values:
            options[variant] = value
    return options


async def try_multi(t: Beurt, raw: str, *, current: str | None) -> bool:
    """Fill every field a longer message states, recap them, ask only what is missing."""
    regels = t.regels()
    if regels is None or len(raw) < 12 or len(raw.split()) < 3:
        return False
    found = facts(t, raw)
    if len(found) < 2 or not [k for k in found if k != current]:
        return False
    await apply_facts(t, found)
    return True


async def answer_with_facts(
    t: Beurt, row: Veld, raw: str, *, value: Any = None, own: bool = False
) -> bool:
    """An answer to `row` with other words around it.

    "2100 euro, lunch zit er ook in" at the cost: the amount the row finds in the sentence.
    "Excel voor gevorderden, 1 deelnemer: Hanne De Wit" at the name: the first part is the
    name, the rest goes to the fields it names. False when the sentence states nothing.
    """
    regels = t.regels()
    if regels is None:
        return False
    # Facts for fields still open (a change of an answer given goes through change_of_mind).
    g = t.g
    still_open = {
        f.id for f in t.table.fields if f.id == row.id or f.applies_to(g) and not f.answered(g)
    }
    found = {k: v for k, v in facts(t, raw, only=still_open).items() if k in still_open}
    others = [k for k in found if k != row.id]
    if value is not None:
        # The answer itself was read. Beside a typed value other facts count ("900 euro, bij
        # Attentia", "1 deelnemer: Karen Claes"); beside a choice the other words mostly explain
        # it ("we zijn met 12 man, dus klein"), so only a message that states several counts.
        if len(others) < (2 if isinstance(row.kind, FixedChoice) else 1):
            return False
        found[row.id] = value
    if not others:
        if own and row.id in found:
            # The parser could not read the text as one value; the row finds it in the
            # sentence ("ons nummer is 0403.170.701, we zijn klein").
            await t.settle(row, found[row.id])
            return True
        return False  # nothing else in it: the parser's answer (or its refusal) stands
    if row.id not in found:
        # The answer to this question is what the message starts with: its first part, or
        # for a title the words before the first fact ("Excel voor gevorderden bij Attentia").
        parts = segments(raw, today=t.today, nlu_data=t.nlu)
        first = parts[0]
        alone = facts(t, first.text) if len(first.text.split()) >= 3 else {}
        text = (
            first.text
            if not alone
            else (leading_title(first) if not row.reads_corrections else "")
        )
        lead = row.parse(text, t.ctx(regels)) if text else None
        if text == first.text:
            lead = _longer_list(t, row, parts[1:], text, lead, regels)
        if isinstance(lead, Ok):
            found = {row.id: lead.value, **found}
    await apply_facts(t, found)
    return True


def _longer_list(
    t: Beurt,
    row: Veld,
    rest: list[Segment],
    text: str,
    lead: Ok[Any] | Fout | None,
    regels: Regels,
) -> Ok[Any] | Fout | None:
    """A list answer goes on over the next parts that state nothing else.

    "Jan Peeters, An Janssens, 7,5 uur" at the names: both names, not only the first part.
    """
    for part in rest:
        if not isinstance(lead, Ok) or not isinstance(lead.value, list) or facts(t, part.text):
            break
        longer = row.parse(f"{text}, {part.text}", t.ctx(regels))
        if not isinstance(longer, Ok) or not isinstance(longer.value, list):
            break
        if len(longer.value) <= len(lead.value):
            break
        text, lead = f"{text}, {part.text}", longer
    return lead


async def store_each(t: Beurt, found: dict[str, Any]) -> list[Veld] | None:
    """Store what a message stated, in the form's order, through each row's checks.

    The rows stored; None when an answer needed a follow-up question (it was asked).
    """
    stored: list[Veld] = []
    waiting = False  # for an access code: the other facts are kept all the same
    for row in t.table.fields:
        if row.id not in found or not row.applies_to(t.g):
            continue
        value = await row.kind.from_sentence(t, row, found[row.id])
        if value is None:
            continue
        outcome = await t.validate_and_store(row, value)
        if outcome is None and t.s.step is Step.CODE:
            waiting = True
            continue
        if outcome is None:
            return None
        if outcome:
            stored.append(row)
    if waiting:
        recap(t, stored)
        await t.reask()
        return None
    return stored


async def apply_facts(t: Beurt, found: dict[str, Any]) -> None:
    """Store what a message stated, recap it, and ask what is still missing."""
    stored = await store_each(t, found)
    if stored is None:
        return
    recap(t, stored)
    await t.next_question(after=None)


def recap(t: Beurt, stored: list[Veld]) -> None:
    """What was noted from a message, one line per field."""
    if stored:
        noted = "\n".join(f"• {t.t(row.label_id)}: {t.spoken(row)}" for row in stored)
        t.say("algemeen.genoteerd", lijst=noted)


def _woorden(text: str) -> list[str]:
    """The folded words of a message, without the punctuation around them."""
    return [w for w in (w.strip(".,:;!?\"'()") for w in fold(text).split()) if w]


def _noemt(words: list[str], phrases: frozenset[str]) -> bool:
    """Whether the words hold one of the phrases (of one or two words)."""
    return any(" ".join(words[i : i + n]) in phrases for i in range(len(words)) for n in (1, 2))


def other_language(text: str, nlu_data: NluData) -> bool:
    """Whether a sentence is mostly in another language ("I would like to apply for …").

    Nothing in such a sentence is stored as a Dutch value.
    """
    words = _woorden(text)
    foreign = [w for w in words if w in nlu_data.lookup("andere_taal")]
    return len(words) >= 3 and len(set(foreign)) >= 2 and len(foreign) >= 0.4 * len(words)


def wants_to_start(text: str, nlu_data: NluData) -> bool:
    """'ik wil een nieuwe aanvraag doen', 'subsidie aanvragen voor een opleiding'."""
    return _noemt(_woorden(text), nlu_data.lookup("start_wens"))


def asks_to_start(text: str, nlu_data: NluData) -> bool:
    """'kan ik hier subsidie aanvragen?', 'hoe dien ik een aanvraag in?': a wish to start.

    Asked as a question, at the menu; not a question about a rule ("kan ik nog aanvragen als
    de opleiding al gestart is?", lookup start_vraag_voorwaarde), which the FAQ answers.
    """
    words = _woorden(text)
    joined = " ".join(words)
    if not any(joined.startswith(b + " ") for b in nlu_data.lookup("start_vraag")):
        return False
    if _noemt(words, nlu_data.lookup("start_vraag_voorwaarde")):
        return False
    return any(w in nlu_data.lookup("start_actie") for w in words)


def facts(
    t: Beurt, raw: str, *, only: set[str] | None = None, kort: bool = False
) -> dict[str, Any]:
    """What a message states, by field id, as the table's rows find it.

    Besides each row's own extractor, a fixed choice named in a sentence ("…, kleine
    onderneming", "online via Teams") counts, read through the row's parser; in fewer than
    three words only with `kort` (a wish to start: "aanvraag opleiding"). With `only`, the
    other fields may be left unread.
    """
    if other_language(raw, t.nlu):
        return {}
    found = _extracted(t, raw, only)
    regels = t.regels()
    if regels is None or not found and len(raw.split()) < 3 and not kort:
        return found
    skip: set[str | None] = set(found)
    if only is not None:
        skip |= {f.id for f in t.table.fields if f.id not in only}
    return found | choices_named(t, raw, regels, skip=skip)


def choices_named(t: Beurt, raw: str, regels: Regels, *, skip: set[str | None]) -> dict[str, Any]:
    """The fixed choices a sentence names, read through each row's parser.

    Not ja/nee: a "nee" in a sentence is no answer to a yes/no question.
    """
    named: dict[str, Any] = {}
    words = sentence_words(raw)
    for row in t.table.fields:
        if row.id in skip or not isinstance(row.kind, FixedChoice) or row.kind is YES_NO:
            continue
        options = _options_of(t, row, regels)
        option = option_named(raw, options, t.nlu, words=words) if options else None
        if option is not None:
            ctx = replace(t.ctx(regels), choices=tuple(row.kind.choices(t, row)))
            parsed = row.parse(option, ctx)
            if isinstance(parsed, Ok):
                named[row.id] = parsed.value
    return named


def _extracted(t: Beurt, raw: str, only: set[str] | None) -> dict[str, Any]:
    extractors = t.table.extractors()
    implied = t.table.implications()
    if only is not None and not any(k in only for k, _ in implied):
        # What an implied field follows from may be outside `only`: then every field is read.
        extractors = [(k, find) for k, find in extractors if k in only]
        implied = []
    return extract(
        raw,
        extractors=extractors,
        implied=implied,
        today=t.today,
        nlu_data=t.nlu,
    )
