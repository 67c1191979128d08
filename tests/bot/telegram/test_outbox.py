"""The outbox through the emulator: rows left unsent are sent at start, rows of another process
(a helpdesk agent's message) are delivered, a failed send is retried, a half-sent row goes on
where it stopped."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from bot.store import Store
from dialogs.models import Message
from tests.bot.telegram.conftest import Clock, running, say, wait_until
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User

LABEL = "Medewerker van de helpdesk:"


def _rows(db: Path) -> list[tuple[str, str, str | None, str | None]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT chat_id, soort, verzonden, extern_id FROM uitgaand ORDER BY id"
        ).fetchall()


async def test_rows_unsent_at_stop_are_sent_at_start_in_order(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    user = User(bot, 1201)
    other = User(bot, 1202)
    # Committed by a process that stopped before sending them.
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            message = Message(id="x", text="Welkom terug, uw gesprek gaat verder.")
            await tx.zet_klaar("telegram", "1201", "berichten", [message.model_dump(mode="json")])
            await tx.zet_klaar("telegram", "1202", "medewerker", {"tekst": "Goedemiddag!"})
            await tx.zet_klaar("telegram", "1201", "medewerker", {"tekst": "Ik kijk even mee."})
            await tx.zet_klaar("web", "1201", "medewerker", {"tekst": "een ander kanaal"})
    finally:
        await store.close()
    async with running(emulator, db, clock):
        first = await user.next_message()
        second = await user.next_message()
        assert first.text == "Welkom terug, uw gesprek gaat verder."
        assert second.text == f"{LABEL}\nIk kijk even mee."
        third = await other.next_message()
        assert third.text == f"{LABEL}\nGoedemiddag!"
        await wait_until(lambda: _rows(db)[2][2] is not None, what="the rows marked")
        await user.no_message(within=0.3)
    rows = _rows(db)
    assert [(r[0], r[1], r[3]) for r in rows[:3]] == [
        ("1201", "berichten", str(first.message_id)),
        ("1202", "medewerker", str(third.message_id)),
        ("1201", "medewerker", str(second.message_id)),
    ]
    # The row of another channel is not Telegram's.
    assert rows[-1][2] is None and rows[-1][3] is None
    # A restart sends nothing again.
    async with running(emulator, db, clock):
        await user.no_message(within=0.5)


async def test_a_helpdesk_message_written_by_another_process_is_delivered(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    user = User(bot, 1203)
    async with running(emulator, db, clock, outbox_interval=0.1):
        await say(user, "/start")
        helpdesk = await Store.open(db)  # another connection, as the helpdesk console has
        try:
            async with helpdesk.transaction() as tx:
                await tx.zet_klaar(
                    "telegram", "1203", "medewerker", {"tekst": "Ik help u verder <graag>."}
                )
        finally:
            await helpdesk.close()
        agent = await user.next_message()
        assert agent.text == f"{LABEL}\nIk help u verder <graag>."
        assert agent.html.startswith(f"<b>{LABEL}</b>\n") and "&lt;graag&gt;" in agent.html
        # The conversation goes on as before.
        reply = await say(user, "0403.170.701")
        assert "grootte" in reply.text
        await wait_until(lambda: all(r[2] is not None for r in _rows(db)), what="marked")


async def test_a_failed_send_is_retried_until_it_goes_out(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    user = User(bot, 1204)
    async with running(emulator, db, clock):
        # More 502s than one call retries: the row waits, and goes out after a pause.
        emulator.fail_next("sendMessage", 9, status=502)
        user.send("/start")
        reply = await user.next_message(timeout=15)
        assert "ondernemingsnummer" in reply.text
        assert not emulator.failures["sendMessage"]
        await wait_until(lambda: _rows(db)[0][3] == str(reply.message_id), what="marked")
        reply = await say(user, "0403.170.701")
        assert "grootte" in reply.text


async def test_a_row_of_several_messages_goes_on_after_the_last_one_sent(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    user = User(bot, 1205)
    long_text = "\n".join(f"Regel {i}: " + "woord " * 60 for i in range(20))  # two messages
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            row = await tx.zet_klaar("telegram", "1205", "medewerker", {"tekst": long_text})
            # The first of its two messages went out (id 41) before the process stopped.
            await tx.markeer_deel(row, "41")
    finally:
        await store.close()
    async with running(emulator, db, clock):
        rest = await user.next_message()
        assert not rest.text.startswith(LABEL) and rest.text.rstrip().endswith("woord")
        assert "Regel 19:" in rest.text and "Regel 0:" not in rest.text
        await user.no_message(within=0.3)
        await wait_until(lambda: _rows(db)[0][2] is not None, what="marked")
    assert _rows(db)[0][3] == f"41,{rest.message_id}"


async def test_a_malformed_row_is_skipped_and_does_not_hold_up_the_chat(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    user = User(bot, 1206)
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            await tx.zet_klaar("telegram", "1206", "medewerker", {"text": "geen 'tekst'"})
            await tx.zet_klaar("telegram", "1206", "medewerker", {"tekst": "Wel goed."})
    finally:
        await store.close()
    async with running(emulator, db, clock):
        assert (await user.next_message()).text == f"{LABEL}\nWel goed."
        await wait_until(lambda: all(r[2] is not None for r in _rows(db)), what="marked")
    assert _rows(db)[0][3] == "-"
