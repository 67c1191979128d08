"""The queue and one conversation as the console shows them, read from the bot's database.

A conversation *wants a person* (top of the queue) for one of three reasons:
- `persoon_gevraagd`: the user asked for a person;
- `drie_keer_geweigerd`: the same question was refused three times in a row;
- `opnieuw_na_weigering`: a rule refused (`probleem.*`), the user wrote again and a rule
  refused again.

Only what happened since an agent last acted on the chat counts, and a chat an agent has
taken over does not wait any more. *Active* conversations had a line in the last 24 hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from bot.helpdesk_db import Regel
from bot.service import load_state as load_state
from bot.store import Transaction
from dialogs.models import Project
from dialogs.nlu_loader import fold
from dialogs.state import DialogState
from domain_rules import RegelBoek

Filter = Literal["wacht_op_mens", "actief", "alle"]
FILTERS: tuple[Filter, ...] = ("wacht_op_mens", "actief", "alle")
REDENEN = ("persoon_gevraagd", "drie_keer_geweigerd", "opnieuw_na_weigering")
ACTIEF = timedelta(hours=24)
#: Problems that are no refusal of what the user typed.
_GEEN_WEIGERING = {"verouderd", "interne_fout", "opslag_vol", "opslag_bezet"}


@dataclass(slots=True)
class Gesprek:
    """One conversation in the queue."""

    kanaal: str
    chat_id: str
    stap: str
    onderneming: str | None
    wacht_op_mens: str | None  # the reason, one of REDENEN
    overgenomen_door: str | None
    laatste_bericht: str | None  # its time
    state: DialogState = field(repr=False, default_factory=DialogState)
    zoektekst: str = field(repr=False, default="")

    def as_json(self) -> dict[str, Any]:
        """The shape of `GET /api/gesprekken`."""
        return {
            "kanaal": self.kanaal,
            "chat_id": self.chat_id,
            "stap": self.stap,
            "onderneming": self.onderneming,
            "wacht_op_mens": self.wacht_op_mens is not None,
            "reden": self.wacht_op_mens,
            "overgenomen_door": self.overgenomen_door,
            "laatste_bericht": self.laatste_bericht,
        }


def stap(state: DialogState) -> str:
    """The current step as the console names it."""
    return state.asks or state.step.value


def onderneming(state: DialogState) -> str | None:
    """The KBO number of the aanvraag (or the one the chat remembers)."""
    for value in (state.aanvraag.raw("onderneming"), state.remembered.get("onderneming")):
        if isinstance(value, str) and value:
            return value
    return None


def _weigering(r: Regel) -> bool:
    return r.van == "assistent" and r.probleem is not None and r.probleem not in _GEEN_WEIGERING


def reden(regels: list[Regel], gevraagd: bool) -> str | None:
    """Why a conversation wants a person (see the module), from its transcript."""
    if gevraagd:
        return "persoon_gevraagd"
    laatste_actie = max(
        (
            i
            for i, r in enumerate(regels)
            if r.van == "medewerker" or r.bericht_id == "helpdesk.teruggegeven"
        ),
        default=-1,
    )
    regels = regels[laatste_actie + 1 :]
    # Per user turn: the replies that followed it.
    beurten: list[list[Regel]] = []
    for r in regels:
        if r.van == "gebruiker":
            beurten.append([])
        elif beurten:
            beurten[-1].append(r)
    uitkomsten = [next((r for r in b if _weigering(r)), None) for b in beurten]
    laatste = uitkomsten[-3:]
    if len(laatste) == 3 and all(laatste):
        stappen = {r.stap for r in laatste if r is not None}
        if len(stappen) == 1:
            return "drie_keer_geweigerd"
    twee = uitkomsten[-2:]
    if len(twee) == 2 and all(
        r is not None and (r.bericht_id or "").startswith("probleem.") for r in twee
    ):
        return "opnieuw_na_weigering"
    return None


async def overzicht(
    tx: Transaction, nu: datetime, filter: Filter = "alle", zoek: str = ""
) -> list[Gesprek]:
    """The queue: those wanting a person first (longest waiting first), then by last line."""
    rows = await tx.alle_gesprekken()
    gevraagd = await tx.mens_gevraagd_lijst()
    overnames = await tx.overnames_lijst()
    gesprekken: list[Gesprek] = []
    for kanaal, chat_id, raw, laatste in rows:
        state = load_state(raw)
        regels = await tx.transcript(kanaal, chat_id, limiet=60)
        door = overnames.get((kanaal, chat_id))
        waarom = None if door else reden(regels, (kanaal, chat_id) in gevraagd)
        g = Gesprek(
            kanaal=kanaal,
            chat_id=chat_id,
            stap=stap(state),
            onderneming=onderneming(state),
            wacht_op_mens=waarom,
            overgenomen_door=door,
            laatste_bericht=laatste,
            state=state,
            zoektekst=raw or "",
        )
        gesprekken.append(g)
    if zoek.strip():
        gesprekken = [g for g in gesprekken if await _past(tx, g, zoek)]
    if filter == "wacht_op_mens":
        gesprekken = [g for g in gesprekken if g.wacht_op_mens]
    elif filter == "actief":
        grens = (nu - ACTIEF).isoformat()
        gesprekken = [
            g
            for g in gesprekken
            if g.overgenomen_door or (g.laatste_bericht and g.laatste_bericht >= grens)
        ]
    wachtend = sorted(
        (g for g in gesprekken if g.wacht_op_mens),
        key=lambda g: gevraagd.get((g.kanaal, g.chat_id), g.laatste_bericht or ""),
    )
    rest = sorted(
        (g for g in gesprekken if not g.wacht_op_mens),
        key=lambda g: g.laatste_bericht or "",
        reverse=True,
    )
    return wachtend + rest


_CIJFERS = re.compile(r"\D")


async def _past(tx: Transaction, g: Gesprek, zoek: str) -> bool:
    """Whether a conversation matches a search (KBO number, projectnummer or a name).

    A participant's, the project's or the provider's name, in the aanvraag or in the
    projects the chat sees; digits are compared without dots and spaces.
    """
    teksten = [g.zoektekst]
    teksten += [p.model_dump_json() for p in await tx.projects(g.kanaal, g.chat_id, None)]
    gevouwen = fold(zoek.strip())
    cijfers = _CIJFERS.sub("", zoek)
    for tekst in teksten:
        if gevouwen and gevouwen in fold(tekst):
            return True
        if len(cijfers) >= 4 and cijfers in _CIJFERS.sub("", tekst):
            return True
    return False


@dataclass(slots=True)
class Plafond:
    """The onderneming's cap of a year: the cap for its size, used and left."""

    jaar: int
    grootte: str | None
    plafond: Decimal | None
    gebruikt: Decimal
    over: Decimal | None


async def plafond(tx: Transaction, regelboek: RegelBoek, kbo: str, vandaag: date) -> Plafond:
    """The cap of `kbo` in the year of `vandaag`."""
    jaar = vandaag.year
    gebruikt = await tx.subsidie_used(kbo, jaar)
    grootte = await tx.grootte(kbo, jaar)
    cap: Decimal | None = None
    if grootte is not None:
        try:
            cap = regelboek.at(vandaag).jaarplafond.get(grootte)
        except (KeyError, ValueError):
            cap = None
    over = None if cap is None else max(cap - gebruikt, Decimal(0))
    return Plafond(jaar, grootte, cap, gebruikt, over)


async def projecten_van_chat(tx: Transaction, kanaal: str, chat_id: str) -> list[Project]:
    """The projects a chat sees (of the ondernemingen it holds a right on)."""
    return await tx.projects(kanaal, chat_id, None)
