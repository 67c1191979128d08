"""The aanvraag form as declared data: an ordered table of fields, in the seed page's order.

Each field names its step, its question, its parser and its condition; the engine walks the table.
The table checks itself at import: unknown ids, missing messages or a broken order raise.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dialogs import format as fmt
from dialogs import nlu
from dialogs.messages import Catalog
from dialogs.models import Aanvraag, Choice
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import NluData
from domain_rules import Regels, nace_code, themas


@dataclass(frozen=True)
class Ctx:
    """What a parser may look at besides the text: date, rules, data, the aanvraag so far."""

    today: date
    regels: Regels
    nlu: NluData
    catalog: Catalog
    aanvraag: Aanvraag
    choices: list[Choice]


Parser = Callable[[str, "Ctx"], Awaitable[Ok[Any] | Fout]]


def _always(_: Aanvraag) -> bool:
    return True


def _is_opleiding(a: Aanvraag) -> bool:
    return a.type != "advies"


@dataclass(frozen=True)
class FieldSpec:
    """One question of the aanvraag."""

    id: str
    stap: int
    parse: Parser | None
    choices: Callable[[Ctx], list[Choice]] | None = None
    applies: Callable[[Aanvraag], bool] = _always
    example: Callable[[Ctx], str] | None = None

    def value(self, a: Aanvraag) -> Any:
        """The current answer, or None."""
        return getattr(a, self.id)

    def answered(self, a: Aanvraag) -> bool:
        """Whether the aanvraag holds a usable answer for this field."""
        v = self.value(a)
        if v is None:
            return False
        if self.id == "subthema":
            return any(t.naam == a.thema and v in t.subthemas for t in themas())
        if self.id == "deelnemer_namen":
            return a.deelnemers is not None and len(v) == a.deelnemers
        return True


# --- choices -------------------------------------------------------------------------------


def _options(ctx: Ctx, values: list[str]) -> list[Choice]:
    return [Choice(label=ctx.catalog.text(f"keuze.{v}").capitalize(), value=v) for v in values]


def _grootte_choices(ctx: Ctx) -> list[Choice]:
    return _options(ctx, ["klein", "middelgroot", "groot"])


def _type_choices(ctx: Ctx) -> list[Choice]:
    return _options(ctx, ["opleiding", "advies"])


def _soort_choices(ctx: Ctx) -> list[Choice]:
    return _options(ctx, ["klassikaal", "afstandsleren", "intern"])


def _thema_choices(ctx: Ctx) -> list[Choice]:
    return [Choice(label=t.naam, value=t.naam) for t in themas()]


def _subthema_choices(ctx: Ctx) -> list[Choice]:
    for t in themas():
        if t.naam == ctx.aanvraag.thema:
            return [Choice(label=s, value=s) for s in t.subthemas]
    return []


def _janee_choices(ctx: Ctx) -> list[Choice]:
    return _options(ctx, ["ja", "nee"])


# --- parsers -------------------------------------------------------------------------------


async def _pick(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    value = nlu.choice(text, ctx.choices, ctx.nlu)
    if value is None:
        return Fout("algemeen.keuze_ongeldig", {"aantal": str(len(ctx.choices))})
    return Ok(value)


async def _janee(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    picked = nlu.choice(text, ctx.choices)
    if picked is not None:
        return Ok(picked == "ja")
    yn = nlu.yes_no(text, ctx.nlu)
    if yn is None:
        return Fout("fout.janee")
    return Ok(yn)


async def _onderneming(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.ondernemingsnummer(text)


async def _naam(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.tekst(text, minimum=2, maximum=200)


async def _deelnemers(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.geheel_getal(text, minimum=1, maximum=500, nlu_data=ctx.nlu)


async def _namen(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.namen(text)


async def _uren(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.uren(text, ctx.nlu)


async def _datum(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    parsed = nlu.datum(text, today=ctx.today, nlu_data=ctx.nlu)
    words = text.split()
    if isinstance(parsed, Fout) and 1 < len(words) <= 12:
        # "ingeschreven op 20 november", "de opleiding start volgende week dinsdag"
        for start in range(max(1, len(words) - 4), len(words)):
            tail = nlu.datum(" ".join(words[start:]), today=ctx.today, nlu_data=ctx.nlu)
            if isinstance(tail, Ok) or tail.message == "fout.datum_onmogelijk":
                return tail
    return parsed


async def _bedrag(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.bedrag(text)


# --- demo sample answers -------------------------------------------------------------------


def _sample(value: str) -> Callable[[Ctx], str]:
    return lambda ctx: value


def _days_before(days: int) -> Callable[[Ctx], str]:
    return lambda ctx: fmt.datum(ctx.today - timedelta(days=days))


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("onderneming", 0, _onderneming, example=_sample("0123.456.749")),
    FieldSpec("grootte", 0, _pick, _grootte_choices, example=_sample("1")),
    FieldSpec("nace", 1, None, example=_sample("62.100")),
    FieldSpec("type", 2, _pick, _type_choices, example=_sample("1")),
    FieldSpec("naam", 2, _naam, example=_sample("Excel voor gevorderden")),
    FieldSpec("soort", 2, _pick, _soort_choices, applies=_is_opleiding, example=_sample("1")),
    FieldSpec("thema", 2, _pick, _thema_choices, example=_sample("1")),
    FieldSpec("subthema", 2, _pick, _subthema_choices, example=_sample("1")),
    FieldSpec("deelnemers", 2, _deelnemers, applies=_is_opleiding, example=_sample("2")),
    FieldSpec(
        "deelnemer_namen",
        2,
        _namen,
        applies=_is_opleiding,
        example=_sample("Jan Peeters en An Janssens"),
    ),
    FieldSpec("uren", 2, _uren, example=_sample("16")),
    FieldSpec("datum_overeenkomst", 2, _datum, example=_days_before(10)),
    FieldSpec("startdatum", 2, _datum, example=_days_before(3)),
    FieldSpec("bedrijfsfunctioneren", 2, _janee, _janee_choices, example=_sample("1")),
    FieldSpec("kost", 2, _bedrag, example=_sample("1.250,50")),
    FieldSpec("dienstverlener", 3, None, example=_sample("DV.O213465")),
)

BY_ID: dict[str, FieldSpec] = {f.id: f for f in FIELDS}
VERKLARING = "verklaring"
BEVESTIG_ANNULEREN = "bevestig_annuleren"
BEVESTIG_VERGETEN = "bevestig_vergeten"
BEVESTIG_UITSLUITING = "bevestig_uitsluiting"
WIJZIG_VELD = "wijzig_veld"


def applicable(a: Aanvraag) -> list[FieldSpec]:
    """The fields that apply to this aanvraag, in order."""
    return [f for f in FIELDS if f.applies(a)]


def display(field_id: str, a: Aanvraag, catalog: Catalog) -> str:
    """The current answer of a field, as the user would read it."""
    v = getattr(a, field_id, None)
    if v is None:
        return "—"
    if field_id == "onderneming":
        return nlu.toon_ondernemingsnummer(v)
    if field_id in ("grootte", "type", "soort"):
        return catalog.text(f"keuze.{v}")
    if field_id == "bedrijfsfunctioneren":
        return catalog.text("keuze.ja" if v else "keuze.nee")
    if isinstance(v, date):
        return fmt.datum(v)
    if field_id == "kost" and isinstance(v, Decimal):
        return fmt.euro(v)
    if field_id == "uren" and isinstance(v, Decimal):
        return fmt.getal(v)
    if field_id == "deelnemer_namen":
        return ", ".join(v)
    if field_id == "dienstverlener":
        return f"{v.naam} ({v.registratienummer})"
    if field_id == "nace":
        code = nace_code(v)
        return f"{v} ({code.titel})" if code is not None else str(v)
    return str(v)


def _check_table(catalog: Catalog) -> None:
    """Raise when the table and the catalogue disagree."""
    for f in FIELDS:
        for prefix in ("veld", "waarom", "hulp"):
            if not catalog.has(f"{prefix}.{f.id}"):
                raise ValueError(f"field {f.id}: no message {prefix}.{f.id}")
        if (f.choices is None) == (f.parse in (_pick, _janee)):
            raise ValueError(f"field {f.id}: a choice field needs a choice parser and choices")
        if f.example is None:
            raise ValueError(f"field {f.id}: no demo example")
    if len(BY_ID) != len(FIELDS):
        raise ValueError("duplicate field id")
    stappen = [f.stap for f in FIELDS]
    if stappen != sorted(stappen):
        raise ValueError("fields are not in the order of the seed's steps")


def check_table(catalog: Catalog) -> None:
    """Public entry for the self-check (run by the engine at first use and by tests)."""
    _check_table(catalog)
