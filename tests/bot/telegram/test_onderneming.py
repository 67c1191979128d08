"""Rights on an onderneming over Telegram: geen_toegang, an access code, the shared cap."""

from __future__ import annotations

import re
from pathlib import Path

from tests.bot.telegram.conftest import (
    Clock,
    aanvraag_until,
    complete_aanvraag,
    running,
    say,
)
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User

CODE = re.compile(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")


async def test_a_second_telegram_user_needs_the_beheerders_code(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    async with running(emulator, db, clock):
        beheerder, boekhouder = User(bot, 801), User(bot, 802)
        await complete_aanvraag(beheerder)
        invitation = await say(beheerder, "/uitnodigen")
        found = CODE.search(invitation.text)
        assert found, invitation.text
        await aanvraag_until(boekhouder, "onderneming")
        refused = await say(boekhouder, "0403.170.701")
        assert "Een ander gesprek beheert onderneming 0403.170.701" in refused.text
        assert "€" not in refused.text
        wrong = await say(boekhouder, "ZZZZ-ZZZZ")
        assert "Nog 4 pogingen" in wrong.text
        joined = await say(boekhouder, found.group(0).lower())
        assert "Toegang gekregen" in joined.text
        listed = await say(beheerder, "/toegang")
        assert "1. een Telegram-gesprek, beheerder, sinds" in listed.text
        assert "2. een Telegram-gesprek, gemachtigd" in listed.text
        assert "801" not in listed.text and "802" not in listed.text
        history = await say(boekhouder, "/historiek")
        assert "2026-000001" in history.text
