"""Odd updates and Telegram errors: duplicates, non-text, groups, 429, network errors, stale
buttons, ordering within a chat, chats that do not wait for each other, long messages."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from bot.store import Store
from dialogs.models import Message, Row, Rows, plain_text
from tests.bot.telegram.conftest import (
    Clock,
    complete_aanvraag,
    pick,
    running,
    say,
    wait_until,
)
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User

STICKER = {
    "file_id": "CAACAgIAAxk",
    "file_unique_id": "AgADBQAD",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}


async def test_duplicate_update_is_handled_once(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 601)
        user.send("/start")
        first = await user.next_message()
        assert "ondernemingsnummer" in first.text
        update_id = user.send("0403.170.701")
        second = await user.next_message()
        assert "grootte" in second.text
        # Telegram delivers the same update again (same update_id).
        raw = {
            "update_id": update_id,
            "message": {
                "message_id": 42,
                "date": int(time.time()),
                "chat": user.log.chat,
                "from": user.log.user,
                "text": "0403.170.701",
            },
        }
        bot.push(raw, redeliver=True)
        await wait_until(lambda: not bot.pending, what="the redelivery to be fetched")
        await user.no_message(within=0.5)
    # After a restart the handled ids come from the database: still handled once.
    async with running(emulator, db, clock):
        bot.push(raw, redeliver=True)
        await wait_until(lambda: not bot.pending, what="the redelivery to be fetched")
        await user.no_message(within=0.5)
        # The conversation did not move: the grootte buttons still answer the question.
        reply = await pick(user, "Kleine onderneming")
        assert "NACE" in reply.text


async def test_non_text_messages_get_a_polite_note_and_keep_the_state(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 602)
        await say(user, "/start")
        question = await say(user, "0403.170.701")
        others = [
            {"sticker": STICKER},
            {"photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]},
            {"voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3}},
            {"document": {"file_id": "d1", "file_unique_id": "ud1", "file_name": "offerte.pdf"}},
            {"location": {"latitude": 50.85, "longitude": 4.35}},
        ]
        for content in others:
            user.send_other(**content)
            note = await user.next_message()
            assert "alleen tekst" in note.text and note.markup is None
        # The question's buttons are still the live ones.
        reply = await pick(user, "Kleine onderneming")
        assert "NACE" in reply.text
        await wait_until(lambda: question.markup is None, what="the pick shown")


async def test_edited_messages_and_channel_posts_are_ignored_and_groups_get_a_note(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 603)
        await say(user, "/start")
        now = int(time.time())
        bot.push(
            {
                "edited_message": {
                    "message_id": 7,
                    "date": now,
                    "edit_date": now,
                    "chat": user.log.chat,
                    "from": user.log.user,
                    "text": "0403.170.701",
                }
            }
        )
        channel = {"id": -1001234, "type": "channel", "title": "Nieuws"}
        bot.push({"channel_post": {"message_id": 8, "date": now, "chat": channel, "text": "hoi"}})
        await user.no_message(within=0.4)
        group = {"id": -4242, "type": "group", "title": "Boekhouding"}
        member = User(bot, -4242)
        member.log.chat = group
        member.send("/start@kmo_test_bot")
        note = await member.next_message()
        assert "privégesprek" in note.text
        member.send("gewoon een bericht in de groep")
        await member.no_message(within=0.3)
        # The private conversation is unchanged.
        reply = await say(user, "0403.170.701")
        assert "grootte" in reply.text


async def test_429_on_send_message_is_waited_out(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 604)
        emulator.fail_next("sendMessage", 1, retry_after=1)
        started = time.monotonic()
        reply = await say(user, "/start")
        waited = time.monotonic() - started
        assert "ondernemingsnummer" in reply.text
        assert waited >= 0.9
        assert len(emulator.calls_of("sendMessage", 604)) == 2


async def test_network_errors_are_retried(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 605)
        emulator.fail_next("sendMessage", 2, status=502)
        reply = await say(user, "/start")
        assert "ondernemingsnummer" in reply.text
        assert len(emulator.calls_of("sendMessage", 605)) == 3


async def test_stale_and_double_pressed_buttons_get_a_note_and_change_nothing(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 606)
        await say(user, "/start")
        grootte = await say(user, "0403.170.701")
        # Answered by typing: the buttons of that question are now stale.
        nace = await say(user, "klein")
        assert "NACE" in nace.text
        query = user.press("Middelgrote onderneming", message=grootte)
        answer = await user.answer(query)
        assert "eerdere vraag" in answer["text"]
        await user.no_message(within=0.4)
        assert grootte.edits == 0
        # A double tap: the second press arrives after the first one moved on.
        await say(user, "62.100")
        first = user.press("Opleiding")
        second = user.press("Opleiding")
        reply = await user.next_message()
        assert "naam van de opleiding" in reply.text
        assert not (await user.answer(first)).get("text")
        assert "eerdere vraag" in (await user.answer(second))["text"]
        await user.no_message(within=0.4)


async def test_one_chat_in_order_and_chats_do_not_block_each_other(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock) as channel:
        slow, quick = User(bot, 607), User(bot, 608)
        handle = channel.service.handle

        async def slow_for_607(kanaal: str, chat_id: str, inp, **kwargs):  # type: ignore[no-untyped-def]
            if chat_id == "607":
                await asyncio.sleep(0.3)
            return await handle(kanaal, chat_id, inp, **kwargs)

        channel.service.handle = slow_for_607  # type: ignore[method-assign]
        # Three messages at once in one chat: answered in order.
        for text in ("/start", "0403.170.701", "klein"):
            slow.send(text)
        started = time.monotonic()
        reply = await say(quick, "/start")
        assert time.monotonic() - started < 0.25, "a slow chat held up another chat"
        assert "ondernemingsnummer" in reply.text
        replies = [await slow.next_message() for _ in range(3)]
        assert "ondernemingsnummer" in replies[0].text
        assert "grootte" in replies[1].text
        assert "NACE" in replies[2].text


async def test_typing_indicator_while_working(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock, typing_after=0.0) as channel:
        user = User(bot, 609)
        handle = channel.service.handle

        async def slow(kanaal: str, chat_id: str, inp, **kwargs):  # type: ignore[no-untyped-def]
            await asyncio.sleep(0.2)
            return await handle(kanaal, chat_id, inp, **kwargs)

        channel.service.handle = slow  # type: ignore[method-assign]
        await say(user, "/start")
        assert user.log.actions == ["typing"]


async def test_long_message_is_split_at_line_breaks(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    rows = tuple(Row(label=f"Regel {i}", value="kmo-portefeuille " * 6) for i in range(60))
    blocks = [Rows(title="Uw projecten:", rows=rows)]
    long = Message(id="algemeen.historiek_kop", text=plain_text(blocks), blocks=blocks)
    async with running(emulator, db, clock) as channel:

        async def long_reply(kanaal: str, chat_id: str, inp, **kwargs):  # type: ignore[no-untyped-def]
            return [long]

        channel.service.handle = long_reply  # type: ignore[method-assign]
        user = User(bot, 610)
        user.send("historiek")
        first = await user.next_message()
        second = await user.next_message()
    assert len(first.text) <= 4096 and len(second.text) <= 4096
    assert first.html.startswith("Uw projecten:\n<blockquote>") and first.html.endswith(
        "</blockquote>"
    )
    assert second.html.startswith("<blockquote>• Regel")
    assert (first.text + "\n" + second.text).split("\n") == long.text.split("\n")


@pytest.mark.parametrize("command", ["/vergeet", "/vergeet@kmo_test_bot"])
async def test_vergeet_erases_the_chat_after_confirmation(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock, command: str
) -> None:
    async with running(emulator, db, clock, reminder_interval=0.05):
        user = User(bot, 611)
        await complete_aanvraag(user)
        clock.today = clock.today.replace(month=4, day=2)
        reminder = await user.next_message()
        assert "Herinnering" in reminder.text
        question = await say(user, command)
        assert question.labels() == ["Ja, wis alles", "Nee, niets wissen"]
        done = await pick(user, "Ja, wis alles")
        assert "gewist" in done.text
        store = await Store.open(db)
        try:
            async with store.transaction() as tx:
                assert await tx.projects("telegram", "611", None) == []
                assert await tx.reminders_sent("telegram", "611") == []
                assert await tx.open_projects("telegram") == []
        finally:
            await store.close()
        with sqlite3.connect(db) as conn:
            rows = conn.execute(
                "SELECT (SELECT COUNT(*) FROM telegram_updates WHERE chat_id = '611'), "
                "(SELECT COUNT(*) FROM herinneringen WHERE chat_id = '611')"
            ).fetchone()
        conn.close()
        assert rows == (0, 0)
        await user.no_message(within=0.3)  # no reminders for an erased project
