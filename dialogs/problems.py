"""The parameters a refusal's text needs beyond the rule's own, per problem id.

A table from problem id to a function of the turn; the turn looks it up when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dialogs import format as fmt
from domain_rules import Probleem

if TYPE_CHECKING:
    from dialogs.turn import Beurt


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
