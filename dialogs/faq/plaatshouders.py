"""The placeholders of the FAQ's answers: the figures and sentences a {naam} stands for.

A value is read from the `Regels` of the application date (with the parameters it reads); a
sentence has variants, of which the rules choose the one in force. Pure: no clock, no network.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Literal

from dialogs.faq.modellen import _ID, FaqCatalog, _Woorden
from dialogs.format import datum as fmt_datum
from dialogs.format import euro, procent
from domain_rules import (
    REGISTRATIENUMMER_CIJFERS,
    Regels,
    bereken_steun,
    uiterste_aanvraagdatum,
    uiterste_stortingsdatum,
)
from domain_rules.begrippen import ADVIES, KLEIN, MIDDELGROOT, OPLEIDING

# --- placeholders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    regels: Regels
    catalog: FaqCatalog


@dataclass(frozen=True)
class _Waarde:
    """A placeholder with a value: the parameters it reads and how it is shown."""

    paden: tuple[str, ...]
    bereken: Callable[[_Ctx], str]


@dataclass(frozen=True)
class _Zin:
    """A placeholder with a sentence: the variant in force is chosen from the rules."""

    paden: tuple[str, ...]
    varianten: tuple[str, ...]
    kies: Callable[[Regels], str]


_PCT = ("steun/percentage/klein", "steun/percentage/middelgroot")
_VERHOOGD = (
    "steun/verhoogd_percentage/klein",
    "steun/verhoogd_percentage/middelgroot",
    "steun/verhoogde_subthemas",
)
_PLAFOND = ("plafond/jaarplafond/klein", "plafond/jaarplafond/middelgroot")
_ADVIES = "advies/toegelaten_subthemas"
_PREFIX = "dienstverleners/registratieprefix"
_UITSLUITINGEN = "uitsluitingen/opleidingen"


def _naam_in_zin(naam: str) -> str:
    """'Cybersecurity' -> 'cybersecurity' mid-sentence; 'IT' stays."""
    if len(naam) > 1 and naam[1].isupper():
        return naam
    return naam[:1].lower() + naam[1:]


def _opsomming(items: Sequence[str], woorden: _Woorden) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {woorden.en} {items[-1]}"


def _verhoogde_onderwerpen(c: _Ctx) -> str:
    w = c.catalog.woorden
    delen = []
    for subthema, types in c.regels.verhoogde_subthemas.items():
        if set(types) >= {OPLEIDING, ADVIES}:
            soort = f"{OPLEIDING} {w.en} {ADVIES}"
        else:
            soort = f"{w.alleen} {_opsomming(list(types), w)}"
        delen.append(f"{_naam_in_zin(subthema)} ({soort})")
    return _opsomming(delen, w)


def _prefixen(c: _Ctx, soort: str) -> str:
    gevonden = [p for p, t in c.regels.registratieprefixen.items() if t == soort]
    return _opsomming(gevonden, c.catalog.woorden)


def _voorbeeld(c: _Ctx, grootte: str, deel: Literal["subsidie", "eigen"]) -> str:
    steun = bereken_steun(
        projectbedrag=c.catalog.projectbedrag,
        grootte=grootte,
        type=OPLEIDING,
        subthema=None,
        reeds_toegekend=Decimal(0),
        regels=c.regels,
    )
    return euro(steun.subsidie if deel == "subsidie" else steun.eigen_bijdrage)


def _plafond_gelijk(c: _Ctx) -> str:
    bedragen = set(c.regels.jaarplafond.values())
    if len(bedragen) != 1:
        raise KeyError("plafond")  # only the variant "gelijk" uses it
    return euro(bedragen.pop())


def _sinds(c: _Ctx, paden: Iterable[str]) -> str:
    return fmt_datum(max(c.regels.bronnen[p].sinds for p in paden))


def _uitsluitingen(c: _Ctx) -> str:
    teken = c.catalog.woorden.lijstteken
    return "\n".join(f"{teken} {u.omschrijving}" for u in c.regels.uitgesloten_opleidingen)


def _advies_onderwerpen(c: _Ctx) -> str:
    namen = c.regels.advies_toegelaten_subthemas or ()
    return _opsomming([_naam_in_zin(n) for n in namen], c.catalog.woorden)


_WAARDEN: Final[Mapping[str, _Waarde]] = {
    "datum": _Waarde((), lambda c: fmt_datum(c.regels.op)),
    "pct_klein": _Waarde((_PCT[0],), lambda c: procent(c.regels.steunpercentage[KLEIN])),
    "pct_middelgroot": _Waarde(
        (_PCT[1],), lambda c: procent(c.regels.steunpercentage[MIDDELGROOT])
    ),
    "verhoogd_klein": _Waarde(
        (_VERHOOGD[0],), lambda c: procent(c.regels.verhoogd_steunpercentage[KLEIN])
    ),
    "verhoogd_middelgroot": _Waarde(
        (_VERHOOGD[1],), lambda c: procent(c.regels.verhoogd_steunpercentage[MIDDELGROOT])
    ),
    "verhoogde_onderwerpen": _Waarde((_VERHOOGD[2],), _verhoogde_onderwerpen),
    "plafond": _Waarde(_PLAFOND, _plafond_gelijk),
    "plafond_klein": _Waarde((_PLAFOND[0],), lambda c: euro(c.regels.jaarplafond[KLEIN])),
    "plafond_middelgroot": _Waarde(
        (_PLAFOND[1],), lambda c: euro(c.regels.jaarplafond[MIDDELGROOT])
    ),
    "plafond_sinds": _Waarde(_PLAFOND, lambda c: _sinds(c, _PLAFOND)),
    "minimum_opleiding": _Waarde(
        ("minimum/projectbedrag/opleiding",),
        lambda c: euro(c.regels.minimum_projectbedrag[OPLEIDING]),
    ),
    "minimum_advies": _Waarde(
        ("minimum/projectbedrag/advies",),
        lambda c: euro(c.regels.minimum_projectbedrag[ADVIES]),
    ),
    "aanvraagtermijn": _Waarde(
        ("termijnen/aanvraag_na_start",), lambda c: str(c.regels.aanvraagtermijn_dagen)
    ),
    "uiterste_aanvraag": _Waarde(
        ("termijnen/aanvraag_na_start",),
        lambda c: fmt_datum(uiterste_aanvraagdatum(c.regels.op, c.regels)),
    ),
    "stortingstermijn": _Waarde(
        ("termijnen/storting",), lambda c: str(c.regels.stortingstermijn_dagen)
    ),
    "uiterste_storting": _Waarde(
        ("termijnen/storting",),
        lambda c: fmt_datum(uiterste_stortingsdatum(c.regels.op, c.regels)),
    ),
    "prefix_opleiding": _Waarde((_PREFIX,), lambda c: _prefixen(c, OPLEIDING)),
    "prefix_advies": _Waarde((_PREFIX,), lambda c: _prefixen(c, ADVIES)),
    "cijfers": _Waarde((), lambda c: str(REGISTRATIENUMMER_CIJFERS)),
    "voorbeeld_nummer": _Waarde(
        (_PREFIX,),
        lambda c: (
            next(p for p, t in c.regels.registratieprefixen.items() if t == OPLEIDING)
            + c.catalog.registratiecijfers
        ),
    ),
    "voorbeeld_bedrag": _Waarde((), lambda c: euro(c.catalog.projectbedrag)),
    "voorbeeld_subsidie_klein": _Waarde(
        (_PCT[0], _PLAFOND[0]), lambda c: _voorbeeld(c, KLEIN, "subsidie")
    ),
    "voorbeeld_subsidie_middelgroot": _Waarde(
        (_PCT[1], _PLAFOND[1]), lambda c: _voorbeeld(c, MIDDELGROOT, "subsidie")
    ),
    "voorbeeld_eigen_klein": _Waarde(
        (_PCT[0], _PLAFOND[0]), lambda c: _voorbeeld(c, KLEIN, "eigen")
    ),
    "voorbeeld_eigen_middelgroot": _Waarde(
        (_PCT[1], _PLAFOND[1]), lambda c: _voorbeeld(c, MIDDELGROOT, "eigen")
    ),
    "advies_sinds": _Waarde((_ADVIES,), lambda c: _sinds(c, (_ADVIES,))),
    "advies_onderwerpen": _Waarde((_ADVIES,), _advies_onderwerpen),
    "uitsluitingen": _Waarde((_UITSLUITINGEN,), _uitsluitingen),
    "afgerond_uiterlijk": _Waarde((), lambda c: fmt_datum(date(c.regels.op.year + 1, 12, 31))),
}


def _verhoogd_in_kracht(r: Regels) -> str:
    return "ja" if r.verhoogd_steunpercentage and r.verhoogde_subthemas else "nee"


def _advies_beperkt(r: Regels) -> str:
    return "vrij" if r.advies_toegelaten_subthemas is None else "beperkt"


_ZINNEN: Final[Mapping[str, _Zin]] = {
    "zin_verhoogd": _Zin(_VERHOOGD, ("ja", "nee"), _verhoogd_in_kracht),
    "zin_verhoogd_automatisch": _Zin(_VERHOOGD, ("ja", "nee"), _verhoogd_in_kracht),
    "zin_plafond": _Zin(
        _PLAFOND,
        ("gelijk", "verschillend"),
        lambda r: "gelijk" if len(set(r.jaarplafond.values())) == 1 else "verschillend",
    ),
    "zin_plafond_verhoogd": _Zin(_VERHOOGD, ("ja", "nee"), _verhoogd_in_kracht),
    "zin_advies": _Zin((_ADVIES,), ("beperkt", "vrij"), _advies_beperkt),
    "zin_advies_beperking": _Zin((_ADVIES,), ("beperkt", "vrij"), _advies_beperkt),
    "zin_uitsluitingen": _Zin(
        (_UITSLUITINGEN,),
        ("lijst", "geen"),
        lambda r: "lijst" if r.uitgesloten_opleidingen else "geen",
    ),
}


def _velden_van(template: str) -> list[str]:
    """The placeholder names of a template; ValueError for anything but plain {naam}."""
    namen = []
    for _, naam, spec, conversie in string.Formatter().parse(template):
        if naam is None:
            continue
        if spec or conversie or not _ID.fullmatch(naam):
            raise ValueError(f"placeholder {{{naam}}} must be a plain lower-case name")
        namen.append(naam)
    return namen
