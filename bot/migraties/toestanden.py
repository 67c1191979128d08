"""Stored conversation states brought to the current state schema, in a revision.

The same migration as at load time (`dialogs.state.load_state`, which `bot.service.load_state`
uses): a state of an earlier `schema_version` is migrated and written back as the current
model's JSON. A state that is current is left as it is, and so is one that cannot be read (the
turn that loads it says so and starts afresh): no state is discarded by a migration.
"""

from __future__ import annotations

import json
import logging

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dialogs.state import SCHEMA_VERSION, load_state

log = logging.getLogger(__name__)


def herschrijf(raw: str) -> str | None:
    """The current JSON of a stored state; None when it is current.

    Raises:
        ValueError: the state cannot be read or migrated.
    """
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("a stored state is a JSON object")
    if data.get("schema_version", 1) == SCHEMA_VERSION:
        return None
    try:
        return load_state(data).model_dump_json()
    except (KeyError, TypeError) as exc:
        raise ValueError(str(exc)) from exc


def herschrijf_toestanden(conn: Connection) -> int:
    """Rewrite every older state in `gesprekken`; how many were rewritten."""
    rows = conn.execute(sa.text("SELECT kanaal, chat_id, state FROM gesprekken")).all()
    gedaan = onleesbaar = 0
    for kanaal, chat_id, raw in rows:
        try:
            nieuw = herschrijf(str(raw))
        except ValueError:  # pydantic's ValidationError included
            onleesbaar += 1
            continue
        if nieuw is None:
            continue
        conn.execute(
            sa.text(
                "UPDATE gesprekken SET state = :state WHERE kanaal = :kanaal AND chat_id = :chat"
            ),
            {"state": nieuw, "kanaal": kanaal, "chat": chat_id},
        )
        gedaan += 1
    if onleesbaar:
        log.warning("%d stored states could not be migrated; they were kept", onleesbaar)
    return gedaan
