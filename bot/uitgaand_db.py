"""The outbox: what a chat is sent, written in the same transaction as the turn that made it.

A row holds one delivery for one chat: the engine's messages of a turn (`berichten`, a JSON list
of `dialogs.models.Message`), an edit of a message already sent (`bewerk`), a reminder
(`herinnering`) or a helpdesk agent's message (`medewerker`). Any process may add rows (the
helpdesk console writes an agent's reply for a Telegram chat); the channel's sender delivers the
rows of its own channel in order per chat and marks each one sent with the channel's message id.
A crash between the send and the mark repeats that one row; nothing is lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from bot.ondernemingen_db import Queries

SCHEMA = """
CREATE TABLE IF NOT EXISTS uitgaand (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    soort TEXT NOT NULL,
    inhoud TEXT NOT NULL,
    gemaakt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    verzonden TEXT,
    extern_id TEXT
);
CREATE INDEX IF NOT EXISTS uitgaand_open ON uitgaand (kanaal, verzonden, id);
CREATE INDEX IF NOT EXISTS uitgaand_chat ON uitgaand (kanaal, chat_id, id);
"""

Soort = Literal["berichten", "bewerk", "herinnering", "medewerker"]


@dataclass(frozen=True, slots=True)
class Uitgaand:
    """One row of the outbox."""

    id: int
    kanaal: str
    chat_id: str
    soort: str
    inhoud: Any
    gemaakt: str


class UitgaandQueries(Queries):
    """Adding to, reading and marking the outbox."""

    async def zet_klaar(self, kanaal: str, chat_id: str, soort: Soort, inhoud: Any) -> int:
        """Add one delivery for a chat (`inhoud` is anything JSON can hold); its row id."""
        rows = await self._rows(
            "INSERT INTO uitgaand (kanaal, chat_id, soort, inhoud) VALUES (?, ?, ?, ?) "
            "RETURNING id",
            (kanaal, chat_id, soort, json.dumps(inhoud, ensure_ascii=False)),
        )
        return int(rows[0][0])

    async def klaarstaand(
        self, kanaal: str, *, chat_id: str | None = None, limiet: int = 500
    ) -> list[Uitgaand]:
        """Unsent rows of a channel (or of one chat), oldest first."""
        if chat_id is None:
            rows = await self._rows(
                "SELECT id, kanaal, chat_id, soort, inhoud, gemaakt FROM uitgaand "
                "WHERE kanaal = ? AND verzonden IS NULL ORDER BY id LIMIT ?",
                (kanaal, limiet),
            )
        else:
            rows = await self._rows(
                "SELECT id, kanaal, chat_id, soort, inhoud, gemaakt FROM uitgaand "
                "WHERE kanaal = ? AND chat_id = ? AND verzonden IS NULL ORDER BY id LIMIT ?",
                (kanaal, chat_id, limiet),
            )
        return [
            Uitgaand(int(r[0]), r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows
        ]

    async def markeer_verzonden(self, rij: int, extern_id: str | None = None) -> None:
        """Mark a row delivered, with the channel's id of what was sent (a Telegram message id)."""
        await self._run(
            "UPDATE uitgaand SET verzonden = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
            "extern_id = ? WHERE id = ?",
            (extern_id, rij),
        )

    async def vergeet_uitgaand(self, kanaal: str, chat_id: str) -> None:
        """Delete everything queued or sent for a chat (vergeet)."""
        await self._run(
            "DELETE FROM uitgaand WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )
