"""The outbox: what a chat is sent, written in the same transaction as the turn that made it.

A row holds one delivery for one chat. Any process may add rows (the helpdesk console writes an
agent's reply for a Telegram chat); the channel's sender delivers the rows of its own channel in
order per chat and marks each one sent with the channel's message id(s). A row that becomes
several messages (the approval: text, QR photo, next steps) records the ids of those already sent
in `extern_id` (comma-separated, `-` for one the channel refused), so a crash in the middle
repeats at most the one message that was in flight; nothing is lost.

The `inhoud` of each `soort`, as JSON:

- `berichten`: a list of engine messages, each `dialogs.models.Message.model_dump(mode="json")`;
  the channel renders them as it would a turn's reply (Telegram: joined HTML, the question's
  buttons, the approval's QR photo).
- `bewerk`: `{"message_id": int, "html": str | None}`, an edit of a message the channel sent
  before: its text replaced by `html` (HTML of the channel) and its buttons removed, or, with
  `html` null, only its buttons removed.
- `herinnering`: `{"projectnummer": str, "dagen_voor": int, "html": str}`, a deadline reminder as
  HTML, sent with the project's "Ik heb gestort" button.
- `medewerker`: `{"tekst": str}`, a helpdesk agent's message as plain text, sent after the label
  `telegram.medewerker` of the catalogue ("Medewerker van de helpdesk:").
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
_COLUMNS = "id, kanaal, chat_id, soort, inhoud, gemaakt, extern_id"


@dataclass(frozen=True, slots=True)
class Uitgaand:
    """One row of the outbox (`extern_id`: ids of its messages sent so far, comma-separated)."""

    id: int
    kanaal: str
    chat_id: str
    soort: str
    inhoud: Any
    gemaakt: str = ""
    extern_id: str | None = None

    @property
    def delen(self) -> list[str]:
        """The ids of the messages of this row already sent, in order."""
        return self.extern_id.split(",") if self.extern_id else []


def _row(r: Any) -> Uitgaand:
    return Uitgaand(int(r[0]), r[1], r[2], r[3], json.loads(r[4]), r[5], r[6])


class UitgaandQueries(Queries):
    """Adding to, reading and marking the outbox."""

    async def zet_klaar(self, kanaal: str, chat_id: str, soort: Soort, inhoud: Any) -> int:
        """Add one delivery for a chat (`inhoud` as the module docstring says); its row id."""
        return (await self.zet_alle_klaar(kanaal, chat_id, [(soort, inhoud)]))[0]

    async def zet_alle_klaar(
        self, kanaal: str, chat_id: str, leveringen: list[tuple[Soort, Any]]
    ) -> list[int]:
        """Add several deliveries for a chat in this order, in one statement; their row ids."""
        if not leveringen:
            return []
        rows = await self._rows(
            "INSERT INTO uitgaand (kanaal, chat_id, soort, inhoud) VALUES "
            + ", ".join(["(?, ?, ?, ?)"] * len(leveringen))
            + " RETURNING id",
            tuple(
                v
                for soort, inhoud in leveringen
                for v in (kanaal, chat_id, soort, json.dumps(inhoud, ensure_ascii=False))
            ),
        )
        # Ids grow in the order the rows were inserted; RETURNING gives no order.
        return sorted(int(r[0]) for r in rows)

    async def klaarstaand(
        self, kanaal: str, *, chat_id: str | None = None, limiet: int = 500
    ) -> list[Uitgaand]:
        """Unsent rows of a channel (or of one chat), oldest first."""
        if chat_id is None:
            rows = await self._rows(
                f"SELECT {_COLUMNS} FROM uitgaand "
                "WHERE kanaal = ? AND verzonden IS NULL ORDER BY id LIMIT ?",
                (kanaal, limiet),
            )
        else:
            rows = await self._rows(
                f"SELECT {_COLUMNS} FROM uitgaand "
                "WHERE kanaal = ? AND chat_id = ? AND verzonden IS NULL ORDER BY id LIMIT ?",
                (kanaal, chat_id, limiet),
            )
        return [_row(r) for r in rows]

    async def markeer_verzonden(self, rij: int, extern_id: str | None = None) -> None:
        """Mark a row delivered, with the channel's id of what was sent (a Telegram message id)."""
        await self._run(
            "UPDATE uitgaand SET verzonden = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
            "extern_id = ? WHERE id = ?",
            (extern_id, rij),
        )

    async def markeer_deel(self, rij: int, extern_id: str) -> None:
        """Record the ids of the messages of a row sent so far (a row of several messages)."""
        await self._run(
            "UPDATE uitgaand SET extern_id = ? WHERE id = ? AND verzonden IS NULL",
            (extern_id, rij),
        )

    async def ruim_uitgaand_op(self, *, ouder_dan_dagen: int) -> None:
        """Delete rows sent longer ago than that (what a chat was sent is not kept for ever)."""
        await self._run(
            "DELETE FROM uitgaand WHERE verzonden IS NOT NULL AND verzonden < "
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)",
            (f"-{int(ouder_dan_dagen)} days",),
        )

    async def vergeet_uitgaand(self, kanaal: str, chat_id: str) -> None:
        """Delete everything queued or sent for a chat (vergeet)."""
        await self._run("DELETE FROM uitgaand WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id))
