"""A whole aanvraag on Telegram through the emulator: buttons, text, approval, QR, restart."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.store import Store
from tests.bot.telegram.conftest import (
    AANVRAAG,
    VERKLARING,
    Clock,
    aanvraag_until,
    complete_aanvraag,
    pick,
    running,
    wait_until,
)
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User


async def test_full_aanvraag_with_buttons_text_approval_and_qr(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 501)
        summary = await aanvraag_until(user)
        # The summary is one tidy quoted block; the verklaring is two buttons.
        assert "<blockquote>• Naam project: Excel voor gevorderden" in summary.html
        assert summary.labels() == [VERKLARING, "Nee, nog niet"]

        approval, photo, volgende = await complete_aanvraag_from_summary(user)

    assert approval.parse_mode == "HTML"
    assert "Projectnummer: 2026-000001" in approval.text
    for value in ("BE64 7330 3379 7052", "KREDBEBB", "€ 875,35", "+++202/6000/00192+++"):
        assert f"<code>{value}</code>" in approval.html, value
    assert approval.labels() == ["Ik heb gestort"]
    assert approval.buttons()[0]["callback_data"] == "g:2026-000001"

    assert photo.photo is not None and photo.photo.startswith(b"\x89PNG\r\n\x1a\n")
    assert "€ 875,35" in photo.text and "2026-000001" in photo.text

    assert "Stap 6 van 6" in volgende.text
    assert volgende.labels() == ["Nieuwe aanvraag", "Historiek", "Demo"]
    # Every pressed keyboard now shows the pick and has no buttons left.
    pressed = [m for m in user.log.messages.values() if "Gekozen:" in m.text]
    assert len(pressed) >= sum(1 for a, _ in AANVRAAG.values() if a == "pick") + 1
    assert all(m.markup is None for m in pressed)
    assert "Gekozen: Kleine onderneming" in pressed[0].text
    # The question keeps its formatting (rebuilt from Telegram's entities by PTB).
    assert pressed[0].html.startswith("<b>Vooraf · Uw onderneming</b>\n")
    # The command menu was registered, in Dutch.
    assert [c["command"] for c in bot.commands] == [
        "start", "nieuw", "historiek", "project", "terug",
        "wijzig", "annuleer", "hulp", "demo", "stopzet", "uitnodigen", "toegang",
        "vergeet",
    ]  # fmt: skip
    assert all(c["description"] for c in bot.commands)


async def complete_aanvraag_from_summary(user: User):  # type: ignore[no-untyped-def]
    query = user.press(VERKLARING)
    approval = await user.next_message()
    photo = await user.next_message()
    volgende = await user.next_message()
    answer = await user.answer(query)
    assert "text" not in answer or not answer["text"]
    return approval, photo, volgende


async def test_restart_in_the_middle_continues_with_the_same_database(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    user = User(bot, 502)
    async with running(emulator, db, clock):
        question = await aanvraag_until(user, "soort")
        assert question.labels()[0] == "Klassikaal (extern)"
    # A new Application on the same database: the buttons of the old one still work.
    async with running(emulator, db, clock):
        reply = await pick(user, "Klassikaal (extern)")
        assert "thema" in reply.text
        await aanvraag_until(user, reply=reply)
        approval, photo, _ = await complete_aanvraag_from_summary(user)
        assert "2026-000001" in approval.text and photo.photo is not None


async def test_long_list_is_paged(
    emulator: BotApiEmulator,
    bot: BotState,
    db: Path,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 503)
        # the thema proposed for the title; Iets anders shows the full (paged) list
        proposal = await aanvraag_until(user, "thema")
        assert "Iets anders" in proposal.labels()
        question = await pick(user, "Iets anders")
        first_page = question.labels()
        assert len(first_page) == 8 + 2 and first_page[-2:] == ["1/2", "▶"]
        query = user.press("▶", message=question)
        await user.answer(query)
        await wait_until(lambda: question.edits == 1, what="page 2")
        second_page = question.labels()
        assert second_page[-2:] == ["◀", "2/2"] and "IT" not in second_page
        query = user.press("◀", message=question)
        await user.answer(query)
        await wait_until(lambda: question.edits == 2, what="page 1 again")
        assert question.labels() == first_page
        # The page indicator re-sends the same page: Telegram's "message is not modified".
        calls = len(emulator.calls_of("editMessageReplyMarkup"))
        query = user.press("1/2", message=question)
        await user.answer(query)
        await wait_until(lambda: len(emulator.calls_of("editMessageReplyMarkup")) > calls)
        assert question.edits == 2 and question.labels() == first_page
        reply = await pick(user, "IT")
        assert "subthema" in reply.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


async def test_two_aanvragen_get_their_own_projectnummer(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        first, second = User(bot, 504), User(bot, 505)
        approvals = [
            (await complete_aanvraag(first))[0],
            (await complete_aanvraag(second, onderneming="0202.239.951"))[0],
        ]
    numbers = sorted(a.buttons()[0]["callback_data"] for a in approvals)
    assert numbers == ["g:2026-000001", "g:2026-000002"]
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            open_projects = await tx.open_projects("telegram")
    finally:
        await store.close()
    assert {chat for chat, _ in open_projects} == {"504", "505"}
