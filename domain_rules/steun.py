"""Steunberekening: subsidy, eigen bijdrage and the yearly cap for one projectaanvraag.

Pure: every figure comes from the `Regels` snapshot of the application date; money is Decimal,
rounded once with `geld.rond_af`. Imports only pydantic and this package.
"""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from domain_rules.begrippen import TYPES
from domain_rules.folding import fold
from domain_rules.geld import NUL, is_centbedrag, rond_af
from domain_rules.parameters import Bron, Regels


class Steunberekening(BaseModel, frozen=True):
    """Result of `bereken_steun`, with the sources of the percentage and the cap used."""

    model_config = ConfigDict(extra="forbid")

    projectbedrag: Decimal
    steunpercentage: Decimal
    verhoogd: bool
    subsidie_zonder_plafond: Decimal
    jaarplafond: Decimal
    reeds_toegekend: Decimal
    rest_plafond_voor: Decimal
    subsidie: Decimal
    begrensd: bool
    eigen_bijdrage: Decimal
    rest_plafond_na: Decimal
    bronnen: tuple[Bron, ...]


def _centbedrag(naam: str, bedrag: Decimal) -> Decimal:
    if not isinstance(bedrag, Decimal):
        raise TypeError(f"{naam} must be a Decimal, got {type(bedrag).__name__}")
    if not is_centbedrag(bedrag) or bedrag < 0:
        raise ValueError(f"{naam} must be a non-negative amount in whole cents, got {bedrag}")
    return rond_af(bedrag)


def is_verhoogd(*, type: str, subthema: str | None, regels: Regels) -> bool:
    """True when the subthema gets the raised steunpercentage for this type on `regels.op`."""
    if subthema is None:
        return False
    gevonden = fold(subthema)
    return any(
        fold(naam) == gevonden and type in types
        for naam, types in regels.verhoogde_subthemas.items()
    )


def bereken_steun(
    *,
    projectbedrag: Decimal,
    grootte: str,
    type: str,
    subthema: str | None,
    reeds_toegekend: Decimal,
    regels: Regels,
) -> Steunberekening:
    """Compute the subsidy for a kmo on the application date of `regels`, capped per year.

    Args:
        projectbedrag: eligible cost excluding BTW, in whole cents.
        grootte: "klein" or "middelgroot" (check "groot" first with `controleer_grootte`).
        type: "opleiding" or "advies".
        subthema: the subthema chosen in the form, or None.
        reeds_toegekend: subsidy already granted to the onderneming in the same calendar year.
        regels: the rules in force on the application date.
    """
    if grootte not in regels.steunpercentage:
        toegelaten = sorted(regels.steunpercentage)
        raise ValueError(f"grootte must be one of {toegelaten}, got {grootte!r}")
    if type not in TYPES:
        raise ValueError(f"type must be one of {TYPES}, got {type!r}")
    bedrag = _centbedrag("projectbedrag", projectbedrag)
    reeds = _centbedrag("reeds_toegekend", reeds_toegekend)

    verhoogd = is_verhoogd(type=type, subthema=subthema, regels=regels)
    if verhoogd:
        percentage = regels.verhoogd_steunpercentage[grootte]
        bronpaden = [f"steun/verhoogd_percentage/{grootte}", "steun/verhoogde_subthemas"]
    else:
        percentage = regels.steunpercentage[grootte]
        bronpaden = [f"steun/percentage/{grootte}"]
    bronpaden.append(f"plafond/jaarplafond/{grootte}")

    zonder_plafond = rond_af(bedrag * percentage)
    jaarplafond = regels.jaarplafond[grootte]
    rest_voor = max(NUL, jaarplafond - reeds)
    subsidie = min(zonder_plafond, rest_voor)
    return Steunberekening(
        projectbedrag=bedrag,
        steunpercentage=percentage,
        verhoogd=verhoogd,
        subsidie_zonder_plafond=zonder_plafond,
        jaarplafond=jaarplafond,
        reeds_toegekend=reeds,
        rest_plafond_voor=rest_voor,
        subsidie=subsidie,
        begrensd=subsidie < zonder_plafond,
        eigen_bijdrage=bedrag - subsidie,
        rest_plafond_na=rest_voor - subsidie,
        bronnen=tuple(regels.bronnen[p] for p in bronpaden),
    )
