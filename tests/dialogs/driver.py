"""A small conversation driver around `dialogs.engine.advance` for the dialog tests.

One `Gesprek` is one chat: its state, its in-memory ports (`MemoryPorts` with the demo registry)
and the application date. `send` runs one turn and keeps the new state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from dialogs.engine import advance
from dialogs.fields import default_table
from dialogs.models import Input, Message, Project
from dialogs.state import Aanvraag, DialogState, Turn
from tests.auxil.antwoorden import Antwoorden
from tests.auxil.ports import MemoryPorts

# The answers of a plain opleiding for a kleine onderneming, field by field (in the order the
# engine asks them, which `answer_until` does not rely on; valid on 2026-03-10).
OPLEIDING = {
    "onderneming": "0403.170.701",
    "grootte": "1",
    "nace": "62.100",
    "type": "1",
    "naam": "Excel voor gevorderden",
    "soort": "1",
    "thema": "1",
    "subthema": "1",
    "deelnemers": "2",
    "deelnemer_namen": "Jan Peeters en An Janssens",
    "uren": "16",
    "datum_overeenkomst": "01/03/2026",
    "startdatum": "02/03/2026",
    "bedrijfsfunctioneren": "ja",
    "kost": "1.250,50",
    "dienstverlener": "DV.O213465",
}
# The answers of a plain advies (since 01/02/2026 only IT – Cybersecurity, which "1" accepts as
# proposed) for a kleine onderneming, valid on 2026-03-10.
ADVIES = {
    "onderneming": "0403.170.701",
    "grootte": "1",
    "nace": "70.200",
    "type": "2",
    "naam": "Cybersecurity-audit",
    "thema": "1",
    "subthema": "Cybersecurity",
    "uren": "24",
    "datum_overeenkomst": "01/03/2026",
    "startdatum": "05/03/2026",
    "bedrijfsfunctioneren": "ja",
    "kost": "4.000",
    "dienstverlener": "DV.A242438",
}
TODAY = date(2026, 3, 10)


class Gesprek:
    """One chat with the engine: state, ports and date, plus the last turn."""

    def __init__(self, *, today: date = TODAY, ports: MemoryPorts | None = None) -> None:
        self.state = DialogState()
        self.ports = ports or MemoryPorts()
        self.today = today
        self.last: Turn | None = None

    async def send(
        self, text: str = "", *, choice: str | None = None, resume: bool = False
    ) -> Turn:
        inp = Input(kind="resume") if resume else Input(text=text, choice=choice)
        turn = await advance(self.state, inp, today=self.today, ports=self.ports)
        self.state = turn.state
        self.last = turn
        return turn

    async def answer_until(
        self, field_id: str | None, answers: Mapping[str, str] = OPLEIDING
    ) -> Turn:
        """Answer whatever is asked from `answers` until `field_id` is asked (None: summary).

        Fails, naming the field, when a field is asked that `answers` lacks or whose answer is
        refused again and again (tests/auxil/antwoorden.py).
        """
        walk = Antwoorden(answers, "verklaring" if field_id is None else field_id)
        turn = self.last
        assert turn is not None, "answer_until needs a question: send something first"
        while (answer := walk.next(asks(turn), texts(turn))) is not None:
            turn = await self.send(answer)
        return turn


def asks(turn: Turn) -> str | None:
    """The field the last message of the turn awaits."""
    return turn.messages[-1].asks


def texts(turn: Turn) -> str:
    """All texts of the turn, joined by newlines."""
    return "\n".join(m.text for m in turn.messages)


def problems(turn: Turn) -> list[str]:
    """The problem ids the turn's messages carry, in order."""
    return [m.problem for m in turn.messages if m.problem]


def project(turn: Turn) -> dict[str, Any] | None:
    """The project of the approval message of the turn, if any."""
    found = [m.project for m in turn.messages if m.project is not None]
    assert len(found) <= 1, "more than one message carries a project"
    return found[0] if found else None


def last(turn: Turn) -> Message:
    return turn.messages[-1]


def waarde(state: DialogState, field_id: str) -> Any:
    """A field's typed value in a conversation state (read through the field table)."""
    return default_table().gegevens(state.aanvraag).get(field_id)


def project_waarde(p: Project, field_id: str) -> Any:
    """A field's typed value in a stored project."""
    known = {k: v for k, v in p.velden.items() if v is not None}
    return default_table().gegevens(Aanvraag(values=known)).get(field_id)
