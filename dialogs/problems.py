"""The parameters a refusal's text needs beyond the rule's own, per problem id.

A table from problem id to a function of the turn; the turn looks it up when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dialogs import format as fmt
from domain_rules import Bron, Probleem

if TYPE_CHECKING:
    from dialogs.turn import Beurt


#: The rule of the yearly cap, checked on the whole calculation.
CAP_RULE = "plafond/jaarplafond/{grootte}"


def _advies(t: Beurt, p: Probleem, params: dict[str, str]) -> dict[str, str]:
    regels = t.regels()
    return {"sinds": t.advies_sinds(regels)} if regels is not None else {}


def _toekomst(t: Beurt, p: Probleem, params: dict[str, str]) -> dict[str, str]:
    vandaag = fmt.datum(t.today)
    return {
        "datum": params.get("datum_overeenkomst", ""),
        "vandaag": vandaag,
        "voorbeeld": vandaag,
    }


def _dienstverlener(t: Beurt, p: Probleem, params: dict[str, str]) -> dict[str, str]:
    dv = t.g.dienstverlener
    if dv is None:
        return {}
    return {"naam": dv.naam, "type_dv": dv.type, "registratienummer": dv.registratienummer}


def _plafond(t: Beurt, p: Probleem, params: dict[str, str]) -> dict[str, str]:
    return {
        "jaar": str(t.today.year),
        "reeds": params.get("reeds", params.get("reeds_toegekend", "")),
    }


EXTRA: dict[str, Callable[[Beurt, Probleem, dict[str, str]], dict[str, str]]] = {
    "advies_enkel_cybersecurity": _advies,
    "overeenkomst_in_toekomst": _toekomst,
    "verkeerd_type_dienstverlener": _dienstverlener,
    "plafond_bereikt": _plafond,
}


def extra_params(t: Beurt, p: Probleem, params: dict[str, str]) -> dict[str, str]:
    """The text parameters of this problem that the rule does not give."""
    extra = EXTRA.get(p.id)
    return extra(t, p, params) if extra is not None else {}


def rule_source(t: Beurt, p: Probleem) -> Bron | None:
    """The dated parameter behind a problem, at the application date."""
    regels = t.regels()
    template = CAP_RULE if p.id == "plafond_bereikt" else t.table.rule_of(p.id)
    if regels is None or template is None:
        return None
    g = t.g
    return regels.bronnen.get(template.format(type=g.type, grootte=g.grootte))


def problem_params(t: Beurt, p: Probleem) -> dict[str, str]:
    """A problem's parameters in their Dutch display form, plus the texts' own."""
    params = dict(t.type_params())
    for key, value in p.params.items():
        params[key] = display_param(key, value)
    return params | extra_params(t, p, params)


def display_param(key: str, value: str) -> str:
    """Raw rule parameter (ISO date, decimal string) to its Dutch display form."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return fmt.datum(date.fromisoformat(value))
        except ValueError:
            return value
    if key in ("minimum", "jaarplafond", "reeds_toegekend", "rest"):
        try:
            return fmt.euro(Decimal(value))
        except ArithmeticError:
            return value
    return value
