"""The rows of the aanvraag table: each field of the seed page's form, declared whole.

Parsers are pure and total (`Ok` or `Fout`); checks name the dated rule they apply and return a
`Probleem`, a `Doubt` or None. Adding a field is adding a row here and its messages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import Any

from dialogs import format as fmt
from dialogs import nlu
from dialogs.extract import (
    amount_in,
    count_of_persons_in,
    date_after,
    hours_in,
    kbo_in,
    names_in,
    provider_in,
    title_in,
    type_in,
)
from dialogs.interactions import (
    PLAIN,
    FixedChoice,
    NaceSearch,
    Proposal,
    ProviderSearch,
    SubthemaChoice,
)
from dialogs.messages import Catalog, default_catalog
from dialogs.models import Choice
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import fold
from dialogs.spec import (
    BOOL,
    DATE,
    DECIMAL,
    NAMES,
    NUMBER,
    PROVIDER,
    TEXT,
    Calculation,
    Condition,
    Ctx,
    Doubt,
    Gegevens,
    Role,
    RuleCheck,
    Table,
    Veld,
    display_date,
    thema_of,
)
from dialogs.thema import match_uitsluiting
from domain_rules import (
    Probleem,
    controleer_aanvraagtermijn,
    controleer_advies_thema,
    controleer_bedrijfsfunctioneren,
    controleer_dienstverlener_type,
    controleer_grootte,
    controleer_minimum,
    controleer_overeenkomst,
    controleer_uitsluiting,
    laad_regelboek,
    nace_code,
    themas,
)

#: Conditions the seed page itself states (no dated parameter, no source to cite).
SEED_RULE = "seed/projectaanvraag"

# --- parsers -----------------------------------------------------------------------------------


def pick(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    """The offered choice the text names (number, label or another word for it)."""
    value = nlu.choice(text, list(ctx.choices), ctx.nlu)
    if value is None:
        return Fout("algemeen.keuze_ongeldig", {"aantal": str(len(ctx.choices))})
    return Ok(value)


def janee(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    """ja/nee as a bool, by button or in words."""
    picked = nlu.choice(text, list(ctx.choices))
    if picked is not None:
        return Ok(picked == "ja")
    yn = nlu.yes_no_lead(text, ctx.nlu)
    return Fout("fout.janee") if yn is None else Ok(yn)


def datum(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    """A date in any notation, also inside a short sentence ("10 november, ze is al begonnen")."""
    return nlu.datum(text, today=ctx.today, nlu_data=ctx.nlu)


def _ondernemingsnummer(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.ondernemingsnummer(text)


def _naam(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    """The title as on the inscription or offer; a story about the company is no title."""
    words = [w.strip(".,;:!?") for w in fold(text).split()]
    first_person = [w for w in words if w in ctx.nlu.lookup("eerste_persoon")]
    if len(first_person) >= 2 or (first_person and len(words) > 8):
        return Fout("fout.naam_beschrijving")
    if nlu.answers_yes_no(text, ctx.nlu):
        # "ja", "nee hoor": an answer to another question, no title ("Juist factureren" is)
        return Fout("fout.naam_ja_nee", {"invoer": text.strip()[:40]})
    return nlu.tekst(text, minimum=2, maximum=200)


def _deelnemers(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.geheel_getal(text, minimum=1, maximum=500, nlu_data=ctx.nlu)


def _namen(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.namen(text)


def _uren(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.uren(text, ctx.nlu)


def _bedrag(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.bedrag(text)


def _nace(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    return nlu.nace(text)


def _registratienummer(text: str, ctx: Ctx) -> Ok[Any] | Fout:
    nummer = nlu.registratienummer(text)
    return Fout("fout.correctie_veld") if nummer is None else Ok(nummer)


# --- checks against the dated rules ------------------------------------------------------------


def _grootte(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    return controleer_grootte(value, ctx.regels)


def _bedrijfsfunctioneren(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    return controleer_bedrijfsfunctioneren(value)


def _overeenkomst(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    return controleer_overeenkomst(datum_overeenkomst=value, aanvraagdatum=ctx.today)


def _startdatum(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    return controleer_aanvraagtermijn(startdatum=value, aanvraagdatum=ctx.today, regels=ctx.regels)


def _uitsluiting(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    hit = match_uitsluiting(value)
    if hit is None:
        return None
    probleem = controleer_uitsluiting(uitsluiting_id=hit.id, regels=ctx.regels)
    if probleem is None or hit.zeker:
        return probleem
    omschrijving = probleem.params.get("omschrijving", "")
    return Doubt(
        name="uitsluiting",
        message="algemeen.uitsluiting_vraag",
        params={"woord": hit.woord, "omschrijving": omschrijving},
        yes_label=ctx.catalog.text("keuze.uitsluiting_ja", omschrijving=omschrijving),
        no_label=ctx.catalog.text("keuze.uitsluiting_nee"),
        probleem=probleem,
    )


def _subthema(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    kind = ctx.gegevens.type
    return controleer_advies_thema(type=kind, subthema=value, regels=ctx.regels) if kind else None


def _thema(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    """A thema none of whose subthemas is allowed for this type."""
    kind = ctx.gegevens.type
    if not kind:
        return None
    found = [
        controleer_advies_thema(type=kind, subthema=sub, regels=ctx.regels)
        for t in themas()
        if t.naam == value
        for sub in t.subthemas
    ]
    return found[0] if found and all(found) else None


def _minimum(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    kind = ctx.gegevens.type
    return controleer_minimum(projectbedrag=value, type=kind, regels=ctx.regels) if kind else None


def _dienstverlener(value: Any, ctx: Ctx) -> Probleem | Doubt | None:
    kind = ctx.gegevens.type
    if not kind:
        return None
    return controleer_dienstverlener_type(
        registratienummer=value.registratienummer, type=kind, regels=ctx.regels
    )


# --- display, conditions, coherence ------------------------------------------------------------


def _choice_label(value: Any, catalog: Catalog) -> str:
    return catalog.text(f"keuze.{value}")


def _janee_label(value: Any, catalog: Catalog) -> str:
    return catalog.text("keuze.ja" if value else "keuze.nee")


def _nace_label(value: Any, catalog: Catalog) -> str:
    code = nace_code(value)
    return f"{value} ({code.titel})" if code is not None else str(value)


def _provider_label(value: Any, catalog: Catalog) -> str:
    return f"{value.naam} ({value.registratienummer})"


OPLEIDING = Condition(reads=("type",), test=lambda g: g.type != "advies", label="opleiding")


def _subthema_fits(value: Any, g: Gegevens) -> bool:
    return value in thema_of(g)


def _names_fit(value: Any, g: Gegevens) -> bool:
    return g.deelnemers is not None and len(value) == g.deelnemers


def _names_count(value: Any, g: Gegevens) -> Fout | None:
    if g.deelnemers == len(value):
        return None
    return Fout(
        "bevestiging.namen_aantal",
        {"aantal_namen": str(len(value)), "aantal": str(g.deelnemers)},
    )


def _count_of_names(found: dict[str, Any]) -> Any:
    """As many participants as names, when a sentence names them without a count."""
    names = found.get("deelnemer_namen")
    return len(names) if isinstance(names, list) else None


def _naam_question(g: Gegevens) -> str:
    return "vraag.naam_advies" if g.type == "advies" else "vraag.naam_opleiding"


def _namen_question(g: Gegevens) -> str:
    return "vraag.deelnemer_namen" if (g.deelnemers or 1) > 1 else "vraag.deelnemer_namen_een"


def _options(*values: str) -> Callable[[Ctx], list[Choice]]:
    made: dict[int, tuple[Catalog, tuple[Choice, ...]]] = {}  # per catalogue, kept with it

    def choices(ctx: Ctx) -> list[Choice]:
        found = made.get(id(ctx.catalog))
        if found is None or found[0] is not ctx.catalog:
            labels = tuple(
                Choice(label=ctx.catalog.text(f"keuze.{v}").capitalize(), value=v) for v in values
            )
            found = made[id(ctx.catalog)] = (ctx.catalog, labels)
        return list(found[1])

    return choices


def _subthema_choices(ctx: Ctx) -> list[Choice]:
    return [Choice(label=s, value=s) for s in thema_of(ctx.gegevens)]


def _sample(value: str) -> Callable[[Ctx], str]:
    return lambda ctx: value


def _days_before(days: int) -> Callable[[Ctx], str]:
    return lambda ctx: fmt.datum(ctx.today - timedelta(days=days))


def _rule(
    rule: str, problem: str, check: Callable[[Any, Ctx], Probleem | Doubt | None]
) -> RuleCheck:
    return RuleCheck(rule=rule, problems=(problem,), check=check)


YES_NO = FixedChoice(_options("ja", "nee"))

FIELDS: tuple[Veld, ...] = (
    Veld(
        "onderneming",
        0,
        PLAIN,
        TEXT,
        _ondernemingsnummer,
        _sample("0123.456.749"),
        display=lambda v, c: nlu.toon_ondernemingsnummer(v),
        remember=True,
        in_sentence=kbo_in,
        role=Role.ONDERNEMING,
    ),
    Veld(
        "grootte",
        0,
        FixedChoice(_options("klein", "middelgroot", "groot")),
        TEXT,
        pick,
        _sample("1"),
        checks=(_rule("steun/percentage/{grootte}", "grote_onderneming", _grootte),),
        display=_choice_label,
        calculation=Calculation.ON_THE_WAY,
        role=Role.GROOTTE,
    ),
    Veld(
        "nace",
        1,
        NaceSearch(),
        TEXT,
        _nace,
        _sample("62.100"),
        display=_nace_label,
        role=Role.NACE,
    ),
    Veld(
        "type",
        2,
        FixedChoice(_options("opleiding", "advies")),
        TEXT,
        pick,
        _sample("1"),
        display=_choice_label,
        calculation=Calculation.ON_THE_WAY,
        in_sentence=type_in,
        role=Role.TYPE,
    ),
    Veld(
        "naam",
        2,
        PLAIN,
        TEXT,
        _naam,
        _sample("Excel voor gevorderden"),
        checks=(
            RuleCheck(
                rule="uitsluitingen/opleidingen",
                problems=("uitgesloten_opleiding",),
                check=_uitsluiting,
            ),
        ),
        question=_naam_question,
        reads_corrections=False,
        in_summary=False,
        in_sentence=title_in,
        messages=("vraag.naam_opleiding", "vraag.naam_advies"),
        role=Role.NAAM,
    ),
    Veld(
        "soort",
        2,
        FixedChoice(_options("klassikaal", "afstandsleren", "intern")),
        TEXT,
        pick,
        _sample("1"),
        display=_choice_label,
        applies=OPLEIDING,
    ),
    Veld(
        "thema",
        2,
        Proposal(source="naam", details="subthema"),
        TEXT,
        pick,
        _sample("1"),
        checks=(_rule("advies/toegelaten_subthemas", "advies_enkel_cybersecurity", _thema),),
        calculation=Calculation.ON_THE_WAY,
        role=Role.THEMA,
    ),
    Veld(
        "subthema",
        2,
        SubthemaChoice(_subthema_choices, source="naam"),
        TEXT,
        pick,
        _sample("1"),
        checks=(_rule("advies/toegelaten_subthemas", "advies_enkel_cybersecurity", _subthema),),
        complete=_subthema_fits,
        depends_on=("thema",),
        calculation=Calculation.ON_THE_WAY,
        role=Role.SUBTHEMA,
    ),
    Veld(
        "deelnemers",
        2,
        PLAIN,
        NUMBER,
        _deelnemers,
        _sample("2"),
        applies=OPLEIDING,
        in_sentence=count_of_persons_in,
        implied=_count_of_names,
        role=Role.DEELNEMERS,
    ),
    Veld(
        "deelnemer_namen",
        2,
        PLAIN,
        NAMES,
        _namen,
        _sample("Jan Peeters en An Janssens"),
        display=lambda v, c: ", ".join(v),
        applies=OPLEIDING,
        question=_namen_question,
        complete=_names_fit,
        coherence=_names_count,
        depends_on=("deelnemers",),
        in_sentence=names_in,
        messages=("vraag.deelnemer_namen", "vraag.deelnemer_namen_een"),
    ),
    Veld(
        "uren",
        2,
        PLAIN,
        DECIMAL,
        _uren,
        _sample("16"),
        display=lambda v, c: fmt.getal(v),
        in_sentence=hours_in,
    ),
    Veld(
        "datum_overeenkomst",
        2,
        PLAIN,
        DATE,
        datum,
        _days_before(10),
        display=display_date,
        checks=(_rule(SEED_RULE, "overeenkomst_in_toekomst", _overeenkomst),),
        in_sentence=date_after("overeenkomst"),
        say_back=fmt.datum_voluit,
    ),
    Veld(
        "startdatum",
        2,
        PLAIN,
        DATE,
        datum,
        _days_before(3),
        display=display_date,
        checks=(_rule("termijnen/aanvraag_na_start", "te_laat", _startdatum),),
        in_sentence=date_after("start"),
        say_back=fmt.datum_voluit,
    ),
    Veld(
        "bedrijfsfunctioneren",
        2,
        YES_NO,
        BOOL,
        janee,
        _sample("1"),
        display=_janee_label,
        checks=(_rule(SEED_RULE, "geen_bijdrage_bedrijfsfunctioneren", _bedrijfsfunctioneren),),
    ),
    Veld(
        "kost",
        2,
        PLAIN,
        DECIMAL,
        _bedrag,
        _sample("1.250,50"),
        display=lambda v, c: fmt.euro(v),
        checks=(_rule("minimum/projectbedrag/{type}", "onder_minimum", _minimum),),
        calculation=Calculation.ALWAYS,
        in_sentence=amount_in,
        role=Role.KOST,
    ),
    Veld(
        "dienstverlener",
        3,
        ProviderSearch(),
        PROVIDER,
        _registratienummer,
        _sample("DV.O213465"),
        display=_provider_label,
        in_summary=False,
        in_sentence=provider_in,
        checks=(
            _rule(
                "dienstverleners/registratieprefix",
                "verkeerd_type_dienstverlener",
                _dienstverlener,
            ),
        ),
        role=Role.DIENSTVERLENER,
    ),
)


def rule_paths() -> set[str]:
    """Every rule a check may name: the rule book's parameter paths and the seed page."""
    return {*laad_regelboek().parameter_paths(), SEED_RULE}


@cache
def default_table() -> Table:
    """The aanvraag table with the catalogue shipped with the package."""
    return Table(FIELDS, catalog=default_catalog(), rule_paths=rule_paths())
