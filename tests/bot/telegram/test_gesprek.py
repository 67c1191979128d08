"""The conversation as people talk, on Telegram: a question, a request for a person, a change
of mind and a date read from words, through the real channel and the emulator."""

from __future__ import annotations

from pathlib import Path

from tests.bot.telegram.conftest import Clock, running, say
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User


async def test_a_question_is_answered_and_the_question_asked_again(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 701)
        await say(user, "/start")
        asked = await say(user, "wat is een ondernemingsnummer eigenlijk?")
        answered = await say(user, "hoeveel subsidie krijg ik?")
    # The FAQ answer with the rules' figures, then the same question (the KBO number) again.
    assert "30 %" in answered.text and "€ 7.500,00" in answered.text
    assert "ondernemingsnummer (KBO)" in answered.text
    assert "ondernemingsnummer (KBO)" in asked.text


async def test_a_request_for_a_person_gives_1700_and_keeps_the_conversation(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 702)
        await say(user, "/start")
        reply = await say(user, "kan ik met een medewerker spreken")
    assert "1700" in reply.text and "kmo-portefeuille@vlaanderen.be" in reply.text
    assert "ondernemingsnummer (KBO)" in reply.text  # the question it was at, again


async def test_start_in_words_a_change_of_mind_and_a_date_said_back(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        user = User(bot, 703)
        await say(user, "/start")
        await say(user, "/annuleer")
        await say(user, "ja")
        started = await say(user, "hallo, ik wil subsidie aanvragen voor een opleiding")
        await say(user, "0403.170.701")
        changed = await say(user, "wacht, het is eigenlijk een advies")
    assert "type dienstverlening: opleiding" in started.text
    assert "Aangepast: type dienstverlening is nu advies." in changed.text
