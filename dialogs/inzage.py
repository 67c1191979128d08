"""What an aanvraag in progress shows without a turn: its steunberekening as a turn shows it.

For a channel that asks for the calculation on its own (Rasa's `action_bereken_steun`): the same
`Beurt`, rows and texts as a turn of the engine, but the state is only read, never changed.
Pure like the engine: the date and the ports are handed in. Imports nothing from `bot/`.
"""

from __future__ import annotations

from datetime import date

from dialogs.engine import STEPS
from dialogs.fields import default_table
from dialogs.free_text import answer_with_facts, change_of_mind, try_correction, try_multi
from dialogs.messages import Catalog, default_catalog
from dialogs.models import Message
from dialogs.nlu_loader import NluData, default_nlu_data
from dialogs.ports import Ports
from dialogs.spec import Table
from dialogs.state import DialogState
from dialogs.turn import Beurt
from domain_rules import RegelBoek, laad_regelboek


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
    t = Beurt(
        state=state,
        today=today,
        ports=ports,
        regelboek=regelboek or laad_regelboek(),
        nlu_data=nlu_data or default_nlu_data(),
        catalog=catalog or default_catalog(),
        table=table or default_table(),
        steps=STEPS,
        multi=try_multi,
        correction=try_correction,
        with_facts=answer_with_facts,
        change=change_of_mind,
    )
    if not state.active:
        return []
    calc = await t.calculation()
    if calc is None:
        return []
    t.show_calculation(calc)
    return t.out
