"""The labelled conversation set (nlu_data/evaluatie/gesprek/) and how one case is played.

A case is one message typed at one question, with the outcome it must have as checkable facts.
`laad_gevallen` reads and validates the set (unknown keys, categories, fields and questions are
refused, so a typo cannot silently test nothing); `speel` plays one case through the engine
(`advance` with `MemoryPorts`) and returns every expectation it does not meet, in a fixed order,
so the first one is the reason a report shows. The format is described in
nlu_data/evaluatie/gesprek/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StrictBool, StrictStr, field_validator

from dialogs import format as fmt
from dialogs.fields import default_table
from dialogs.state import DialogState, Turn
from tests.auxil.antwoorden import Antwoorden
from tests.dialogs.driver import ADVIES, OPLEIDING, Gesprek

DATA = Path(__file__).resolve().parents[2] / "nlu_data" / "evaluatie" / "gesprek"
HELDOUT = "heldout"  # the sub-folder of the cases nobody tunes the engine on

CATEGORIES = (
    "datum_zonder_jaar",
    "vraag",
    "mens",
    "start",
    "meerdere_feiten",
    "ja_nee",
    "keuze_in_zin",
    "waarde_met_woorden",
    "van_gedachten",
    "niet_dubbel",
    "strikt",
)
MIN_PER_CATEGORY = 12
MODES = ("idle", "aanvraag", "demo")
MENU = "menu"  # the question of a case typed at the menu (a fresh chat after a resume)
SUMMARY = "verklaring"  # the summary with the verklaring op eer
SAME = "zelfde"  # `volgende: zelfde`: the question asked before the message is asked again
ALL = "alles"  # `ongewijzigd: alles`: the whole aanvraag stays as it was


def velden() -> tuple[str, ...]:
    """The fields of the aanvraag table (what `opgeslagen`, `niet_opgeslagen`, … may name)."""
    return tuple(f.id for f in default_table().fields)


def vragen() -> tuple[str, ...]:
    """Where a case may be typed: a field's question, the summary or the menu."""
    return (*velden(), SUMMARY, MENU)


# --- the format --------------------------------------------------------------------------------


class Verwacht(BaseModel):
    """The outcome of the message, as facts about the turn and the state after it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    modus: Literal["idle", "aanvraag", "demo"] | None = None
    opgeslagen: dict[str, Any] = {}  # field -> its JSON value after the turn
    niet_opgeslagen: list[str] = []  # fields without a value after the turn
    ongewijzigd: list[str] | Literal["alles"] = []  # fields whose value the turn keeps
    waarden_zonder: list[str] = []  # words no stored text value may contain (whole words)
    volgende: str | None = None  # the field asked after the turn, `zelfde`, `verklaring`, `menu`
    beantwoord: StrictBool = False  # a message before the question, and no problem id at all
    probleem: str | None = None  # a problem id one of the turn's messages carries
    geen_probleem: list[str] = []  # problem ids none of the turn's messages carries
    effecten: list[str] = []  # effect kinds the turn carries
    tekst_bevat: list[str] = []  # each somewhere in the turn's texts (case-insensitive)
    tekst_bevat_een: list[str] = []  # at least one of these somewhere in the turn's texts
    tekst_bevat_niet: list[str] = []  # none of these anywhere in the turn's texts
    nooit_gevraagd: list[str] = []  # fields not asked again until the summary (answering on)

    def leeg(self) -> bool:
        """Whether nothing at all is expected."""
        return not any(getattr(self, name) for name in type(self).model_fields)


class Geval(BaseModel):
    """One labelled case: a message typed at a question on an application date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: StrictStr
    vraag: StrictStr  # a field id, `verklaring` (the summary) or `menu`
    datum: date  # the application date
    bericht: StrictStr  # the message typed at the question
    verwacht: Verwacht
    profiel: Literal["opleiding", "advies"] = "opleiding"  # the answers that reach the question
    antwoorden: dict[str, StrictStr] = {}  # answers replacing the profile's for these fields
    voor: list[StrictStr] = []  # messages sent at the question before the case's message
    notitie: StrictStr = ""  # why the case expects what it expects, for a reader
    # Filled in by the loader, not written in the files:
    categorie: StrictStr = ""
    heldout: StrictBool = False

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9_-]+", value):
            raise ValueError(f"id {value!r}: lowercase letters, digits, - and _ only")
        return value


class Bestand(BaseModel):
    """One file of the set: one category's cases."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    categorie: StrictStr
    gevallen: list[Geval]


class DataFout(ValueError):
    """The set is not well-formed (the message names the file and the case)."""


def bestanden(folder: Path = DATA) -> list[Path]:
    """The set's files: the tuning cases, then the held-out ones."""
    return sorted(folder.glob("*.yaml")) + sorted((folder / HELDOUT).glob("*.yaml"))


def laad_gevallen(folder: Path = DATA) -> list[Geval]:
    """Every case of the set, validated; a malformed file or case raises DataFout."""
    known_fields, known_questions = set(velden()), set(vragen())
    gevallen: list[Geval] = []
    seen: dict[str, Path] = {}
    for path in bestanden(folder):
        where = path.relative_to(folder)
        try:
            bestand = Bestand.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except Exception as e:
            raise DataFout(f"{where}: {e}") from e
        if bestand.categorie not in CATEGORIES:
            raise DataFout(f"{where}: unknown category {bestand.categorie!r}")
        for g in bestand.gevallen:
            problems = _problems(g, known_fields, known_questions)
            if g.id in seen:
                problems.append(f"id also used in {seen[g.id]}")
            if problems:
                raise DataFout(f"{where}, {g.id}: " + "; ".join(problems))
            seen[g.id] = where
            heldout = path.parent.name == HELDOUT
            gevallen.append(
                g.model_copy(update={"categorie": bestand.categorie, "heldout": heldout})
            )
    return gevallen


def _problems(g: Geval, known_fields: set[str], known_questions: set[str]) -> list[str]:
    v = g.verwacht
    problems = []
    if g.vraag not in known_questions:
        problems.append(f"unknown question {g.vraag!r}")
    named = [*v.opgeslagen, *v.niet_opgeslagen, *v.nooit_gevraagd, *g.antwoorden]
    named += [] if v.ongewijzigd == ALL else v.ongewijzigd
    problems += [f"unknown field {f!r}" for f in named if f not in known_fields]
    if v.volgende is not None and v.volgende not in (*known_questions, SAME):
        problems.append(f"unknown next question {v.volgende!r}")
    if v.leeg():
        problems.append("no expectation")
    if not g.bericht.strip():
        problems.append("empty message")
    return problems


# --- playing a case ----------------------------------------------------------------------------


def antwoorden_voor(profiel: str, today: date) -> dict[str, str]:
    """The answers that reach a question: the profile's, with dates valid on `today`."""
    answers = dict(ADVIES if profiel == "advies" else OPLEIDING)
    answers["datum_overeenkomst"] = fmt.datum(today - timedelta(days=10))
    answers["startdatum"] = fmt.datum(today - timedelta(days=3))
    answers[SUMMARY] = "ja"
    return answers


@dataclass
class Uitkomst:
    """What playing a case gave: the unmet expectations (empty: passed) or a harness error."""

    geval: Geval
    onvervuld: list[str] = field(default_factory=list)
    fout: str | None = None  # the question could not be reached, or the engine raised
    antwoord: str = ""  # the texts of the turn that answered the message

    @property
    def geslaagd(self) -> bool:
        return self.fout is None and not self.onvervuld

    @property
    def reden(self) -> str:
        """The first unmet expectation, or the error."""
        if self.fout is not None:
            return self.fout
        return self.onvervuld[0] if self.onvervuld else ""


async def bereik(g: Geval) -> Gesprek:
    """A chat on the case's date at the case's question (after its `voor` messages)."""
    chat = Gesprek(today=g.datum)
    await chat.send(resume=True)
    if g.vraag != MENU:
        await chat.send("nieuw")
        answers = antwoorden_voor(g.profiel, g.datum) | g.antwoorden
        await chat.answer_until(None if g.vraag == SUMMARY else g.vraag, answers)
    for text in g.voor:
        await chat.send(text)
    return chat


async def speel(g: Geval) -> Uitkomst:
    """Play the case: reach its question, send its message, check what it expects."""
    try:
        chat = await bereik(g)
    except AssertionError as e:
        return Uitkomst(g, fout=f"question {g.vraag!r} not reached: {_first_line(e)}")
    except Exception as e:
        return Uitkomst(g, fout=f"engine error before the message: {type(e).__name__}: {e}")
    before = chat.state
    asked = _question(chat.last)
    try:
        turn = await chat.send(g.bericht)
    except Exception as e:
        return Uitkomst(g, fout=f"engine error on the message: {type(e).__name__}: {e}")
    unmet = controleer(g, before, asked, turn)
    if g.verwacht.nooit_gevraagd and not unmet:
        unmet += await _nooit_gevraagd(g, chat, turn)
    return Uitkomst(g, onvervuld=unmet, antwoord=_short(_texts(turn)))


@dataclass(frozen=True)
class Vraag:
    """What a question is, to tell whether the same one is asked again."""

    asks: str | None
    choices: tuple[str, ...]  # the values offered with it
    proposals: tuple[str, ...]  # the thema proposals it makes


def _question(turn: Turn | None) -> Vraag:
    if turn is None or not turn.messages:
        return Vraag(None, (), ())
    last = turn.messages[-1]
    return Vraag(last.asks, tuple(c.value for c in last.choices), turn.state.proposals)


def controleer(g: Geval, before: DialogState, asked: Vraag, turn: Turn) -> list[str]:
    """Every expectation of the case the turn does not meet (without nooit_gevraagd)."""
    v, after = g.verwacht, turn.state
    low = _texts(turn).casefold()
    problems = [m.problem for m in turn.messages if m.problem]
    effects = [e.kind for e in turn.effects]
    unmet: list[str] = []
    if v.modus is not None and after.mode != v.modus:
        unmet.append(f"mode {after.mode!r}, expected {v.modus!r}")
    for field_id, expected in v.opgeslagen.items():
        got = after.aanvraag.raw(field_id)
        if not same_value(got, expected):
            unmet.append(f"{field_id}: stored {_show(got)}, expected {_show(expected)}")
    for field_id in v.niet_opgeslagen:
        if (got := after.aanvraag.raw(field_id)) is not None:
            unmet.append(f"{field_id}: stored {_show(got)}, expected nothing")
    kept = list(before.aanvraag.values) + list(after.aanvraag.values)
    for field_id in dict.fromkeys(kept if v.ongewijzigd == ALL else v.ongewijzigd):
        old, new = before.aanvraag.raw(field_id), after.aanvraag.raw(field_id)
        if old != new:
            unmet.append(f"{field_id}: changed from {_show(old)} to {_show(new)}")
    for word in v.waarden_zonder:
        for field_id, value in after.aanvraag.values.items():
            if _holds_word(value, word):
                unmet.append(f"{field_id}: stored {_show(value)}, which holds {word!r}")
    now = _question(turn)
    if v.volgende is not None:
        wanted = asked.asks if v.volgende == SAME else (None if v.volgende == MENU else v.volgende)
        if now.asks != wanted:
            unmet.append(f"asks {now.asks!r} next, expected {wanted!r}")
        elif v.volgende == SAME and now.choices != asked.choices:
            unmet.append(f"{now.asks!r} asked again with other choices: {list(now.choices)}")
        elif v.volgende == SAME and now.proposals != asked.proposals:
            unmet.append(f"{now.asks!r} asked again with another proposal: {list(now.proposals)}")
    if v.beantwoord and problems:
        unmet.append(f"not answered: the reply carries problem(s) {problems}")
    elif v.beantwoord and len(turn.messages) < 2:
        unmet.append("not answered: the reply is only the question")
    if v.probleem is not None and v.probleem not in problems:
        unmet.append(f"no message carries problem {v.probleem!r} (problems: {problems})")
    unmet += [f"a message carries problem {p!r}" for p in v.geen_probleem if p in problems]
    unmet += [f"no effect {k!r} (effects: {effects})" for k in v.effecten if k not in effects]
    unmet += [f"the reply lacks {s!r}" for s in v.tekst_bevat if s.casefold() not in low]
    if v.tekst_bevat_een and not any(s.casefold() in low for s in v.tekst_bevat_een):
        unmet.append(f"the reply has none of {v.tekst_bevat_een}")
    unmet += [f"the reply says {s!r}" for s in v.tekst_bevat_niet if s.casefold() in low]
    return unmet


async def _nooit_gevraagd(g: Geval, chat: Gesprek, turn: Turn) -> list[str]:
    """Answer on until the summary; a field of `nooit_gevraagd` asked on the way is unmet."""
    answers = antwoorden_voor(g.profiel, g.datum) | g.antwoorden
    walk = Antwoorden(answers, SUMMARY)
    try:
        while (asked := turn.messages[-1].asks) != SUMMARY:
            if asked in g.verwacht.nooit_gevraagd:
                return [f"{asked!r} is asked again (asked so far: {walk.given})"]
            answer = walk.next(asked, "")
            if answer is None:
                break
            turn = await chat.send(answer)
    except AssertionError as e:
        return [f"the summary is not reached after the message: {_first_line(e)}"]
    return []


def same_value(got: Any, expected: Any) -> bool:
    """Whether a stored JSON value is the expected one.

    Decimal strings compare as numbers ("16" is "16.00"); a provider (stored as an object) is
    named by its registratienummer; lists compare item by item.
    """
    if isinstance(got, dict) and isinstance(expected, str):
        return got.get("registratienummer") == expected
    if isinstance(got, list) and isinstance(expected, list):
        return len(got) == len(expected) and all(map(same_value, got, expected))
    if isinstance(got, bool) or isinstance(expected, bool):
        return got is expected
    if isinstance(got, str) and isinstance(expected, str | int | float):
        a, b = _decimal(got), _decimal(str(expected))
        if a is not None and b is not None:
            return a == b
    if isinstance(expected, date):
        return got == expected.isoformat()
    return bool(got == expected)


def _decimal(text: str) -> Decimal | None:
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _holds_word(value: Any, word: str) -> bool:
    if isinstance(value, str):
        return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", value, re.I) is not None
    if isinstance(value, list):
        return any(_holds_word(v, word) for v in value)
    if isinstance(value, Mapping):
        return any(_holds_word(v, word) for v in value.values())
    return False


def _show(value: Any) -> str:
    return "nothing" if value is None else repr(value)


def _texts(turn: Turn) -> str:
    return "\n".join(m.text for m in turn.messages)


def _short(text: str, limit: int = 240) -> str:
    flat = " / ".join(line for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _first_line(e: BaseException) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0]
