"""Ontvankelijkheid: checks of one projectaanvraag against the rules of its application date.

Every check is pure and returns a `Probleem` (id, the aanvraag field to ask again, raw params as
strings: ISO dates, cent amounts) or None; wording is the dialog's job. Imports: pydantic, package.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from pydantic import BaseModel, ConfigDict, field_validator

from domain_rules.begrippen import GROOT, GROOTTES, TYPES
from domain_rules.folding import fold
from domain_rules.geld import NUL, bedrag_tekst
from domain_rules.parameters import Regels
from domain_rules.steun import Steunberekening
from domain_rules.termijnen import uiterste_aanvraagdatum

#: Digits after the prefix of a registration number (DV.O + 213465); the prefixes are dated.
REGISTRATIENUMMER_CIJFERS: Final = 6

#: Every Probleem id the checks can return (the dialog needs one message per id).
PROBLEEM_IDS: tuple[str, ...] = (
    "grote_onderneming",
    "geen_bijdrage_bedrijfsfunctioneren",
    "overeenkomst_in_toekomst",
    "te_laat",
    "onder_minimum",
    "advies_enkel_cybersecurity",
    "uitgesloten_opleiding",
    "ongeldig_registratienummer",
    "verkeerd_type_dienstverlener",
    "plafond_bereikt",
)


class Probleem(BaseModel, frozen=True):
    """Why an aanvraag is not ontvankelijk: id, field to ask again, raw string params."""

    model_config = ConfigDict(extra="forbid")

    id: str
    veld: str
    params: dict[str, str]

    @field_validator("id")
    @classmethod
    def _bekend_id(cls, id_: str) -> str:
        if id_ not in PROBLEEM_IDS:
            raise ValueError(f"unknown Probleem id {id_!r}")
        return id_


def _check_type(type_: str) -> None:
    if type_ not in TYPES:
        raise ValueError(f"type must be one of {TYPES}, got {type_!r}")


def controleer_grootte(grootte: str, regels: Regels) -> Probleem | None:
    """A grote onderneming cannot use the kmo-portefeuille (only klein and middelgroot)."""
    if grootte not in GROOTTES:
        raise ValueError(f"grootte must be one of {GROOTTES}, got {grootte!r}")
    if grootte in regels.steunpercentage:
        return None
    return Probleem(id="grote_onderneming", veld="grootte", params={"grootte": GROOT})


def controleer_bedrijfsfunctioneren(bijdrage: bool) -> Probleem | None:
    """The project must contribute to the current or future bedrijfsfunctioneren (seed, step 2)."""
    if bijdrage:
        return None
    return Probleem(
        id="geen_bijdrage_bedrijfsfunctioneren", veld="bedrijfsfunctioneren", params={}
    )


def controleer_overeenkomst(*, datum_overeenkomst: date, aanvraagdatum: date) -> Probleem | None:
    """The inschrijving/overeenkomst must exist on the application date (not in the future)."""
    if datum_overeenkomst <= aanvraagdatum:
        return None
    return Probleem(
        id="overeenkomst_in_toekomst",
        veld="datum_overeenkomst",
        params={
            "datum_overeenkomst": datum_overeenkomst.isoformat(),
            "aanvraagdatum": aanvraagdatum.isoformat(),
        },
    )


def controleer_aanvraagtermijn(
    *, startdatum: date, aanvraagdatum: date, regels: Regels
) -> Probleem | None:
    """The application is late when submitted after startdatum + 14 calendar days."""
    uiterste = uiterste_aanvraagdatum(startdatum, regels)
    if aanvraagdatum <= uiterste:
        return None
    return Probleem(
        id="te_laat",
        veld="startdatum",
        params={
            "uiterste_aanvraagdatum": uiterste.isoformat(),
            "startdatum": startdatum.isoformat(),
            "dagen": str(regels.aanvraagtermijn_dagen),
        },
    )


def controleer_minimum(*, projectbedrag: Decimal, type: str, regels: Regels) -> Probleem | None:
    """The projectbedrag (excl. BTW) must reach the minimum for opleiding or advies."""
    _check_type(type)
    if not isinstance(projectbedrag, Decimal):
        raise TypeError(f"projectbedrag must be a Decimal, got {projectbedrag.__class__.__name__}")
    minimum = regels.minimum_projectbedrag[type]
    if projectbedrag >= minimum:
        return None
    return Probleem(
        id="onder_minimum",
        veld="kost",
        params={"minimum": bedrag_tekst(minimum), "type": type},
    )


def controleer_advies_thema(*, type: str, subthema: str, regels: Regels) -> Probleem | None:
    """From 2026-02-01 advies is only supported for the allowed subthema's (cybersecurity)."""
    _check_type(type)
    toegelaten = regels.advies_toegelaten_subthemas
    if type != "advies" or toegelaten is None:
        return None
    if fold(subthema) in {fold(s) for s in toegelaten}:
        return None
    return Probleem(
        id="advies_enkel_cybersecurity",
        veld="thema",
        params={"toegelaten": ", ".join(toegelaten)},
    )


def controleer_uitsluiting(*, uitsluiting_id: str, regels: Regels) -> Probleem | None:
    """Refuse an opleiding recognised as the excluded training `uitsluiting_id`, if in force.

    Recognising the training in a title is the dialog's job (nlu_data); this check only says
    whether that id is on the exclusion list of the application date. An id that is not on the
    list that day (not yet excluded, or unknown) gives None.
    """
    for uitsluiting in regels.uitgesloten_opleidingen:
        if uitsluiting.id == uitsluiting_id:
            return Probleem(
                id="uitgesloten_opleiding",
                veld="naam",
                params={"omschrijving": uitsluiting.omschrijving},
            )
    return None


def normaliseer_registratienummer(registratienummer: str) -> str:
    """Upper-case and remove all whitespace ("dv.o 213465" -> "DV.O213465")."""
    return "".join(registratienummer.split()).upper()


def type_volgens_prefixen(registratienummer: str, prefixen: Mapping[str, str]) -> str | None:
    """Return the type of a number written as one of the prefixes + 6 digits, else None."""
    for prefix, type_ in prefixen.items():
        rest = registratienummer.removeprefix(prefix)
        if (
            rest != registratienummer
            and len(rest) == REGISTRATIENUMMER_CIJFERS
            and rest.isascii()
            and rest.isdigit()
        ):
            return type_
    return None


def type_van_registratienummer(registratienummer: str, regels: Regels) -> str | None:
    """Return the type of a number (a prefix in force + 6 digits, e.g. DV.O213465), else None."""
    nummer = normaliseer_registratienummer(registratienummer)
    return type_volgens_prefixen(nummer, regels.registratieprefixen)


def controleer_dienstverlener_type(
    *, registratienummer: str, type: str, regels: Regels
) -> Probleem | None:
    """The provider's registration must be for the chosen type (DV.O opleiding, DV.A advies)."""
    _check_type(type)
    nummer = normaliseer_registratienummer(registratienummer)
    gevonden = type_van_registratienummer(nummer, regels)
    verwacht = ", ".join(p for p, t in regels.registratieprefixen.items() if t == type)
    if gevonden is None:
        return Probleem(
            id="ongeldig_registratienummer",
            veld="dienstverlener",
            params={"registratienummer": nummer, "verwacht": verwacht, "type": type},
        )
    if gevonden == type:
        return None
    return Probleem(
        id="verkeerd_type_dienstverlener",
        veld="dienstverlener",
        params={"registratienummer": nummer, "verwacht": verwacht, "type": type},
    )


def controleer_plafond(berekening: Steunberekening) -> Probleem | None:
    """No subsidy is left this calendar year when the yearly cap is already used up."""
    if berekening.rest_plafond_voor > NUL:
        return None
    return Probleem(
        id="plafond_bereikt",
        veld="kost",
        params={
            "jaarplafond": bedrag_tekst(berekening.jaarplafond),
            "reeds_toegekend": bedrag_tekst(berekening.reeds_toegekend),
        },
    )


__all__ = [
    "PROBLEEM_IDS",
    "REGISTRATIENUMMER_CIJFERS",
    "Probleem",
    "controleer_advies_thema",
    "controleer_aanvraagtermijn",
    "controleer_bedrijfsfunctioneren",
    "controleer_dienstverlener_type",
    "controleer_grootte",
    "controleer_minimum",
    "controleer_overeenkomst",
    "controleer_plafond",
    "controleer_uitsluiting",
    "normaliseer_registratienummer",
    "type_van_registratienummer",
    "type_volgens_prefixen",
    "uiterste_aanvraagdatum",
]
