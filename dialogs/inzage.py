"""What an aanvraag in progress shows without a turn: its steunberekening as a turn shows it.

For a channel that asks for the calculation on its own (Rasa's `action_bereken_steun`): the same
`Beurt`, rows and texts as a turn of the engine, but the state is only read, never changed.
Pure like the engine: the date and the ports are handed in. Imports nothing from `bot/`.
"""

from __future__ import annotations

from datetime import date

from dialogs.engine import beurt
from dialogs.messages import Catalog
from dialogs.models import Message
from dialogs.nlu_loader import NluData
from dialogs.ports import Ports
from dialogs.spec import Table
from dialogs.state import DialogState
from domain_rules import RegelBoek


async def steunberekening(
    state: DialogState,
    *,
    today: date,
    ports: Ports,
    regelboek: RegelBoek | None = None,
    nlu_data: NluData | None = None,
    catalog: Catalog | None = None,
    table: Table | None = None,
) -> list[Message]:
    """The calculation block of the aanvraag so far; empty while it cannot be made yet."""
    t = beurt(
        state,
        today=today,
        ports=ports,
        regelboek=regelboek,
        nlu_data=nlu_data,
        catalog=catalog,
        table=table,
    )
    if not state.active:
        return []
    calc = await t.calculation()
    if calc is None:
        return []
    t.show_calculation(calc)
    return t.out
