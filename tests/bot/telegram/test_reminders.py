"""Deadline reminders through the emulator: 7 days and 1 day before, with the clock injected;
none after "Ik heb gestort"; none repeated after a restart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.reminders import DAG, WEEK, due
from tests.bot.telegram.conftest import Clock, complete_aanvraag, running, wait_until
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User

DEADLINE = date(2026, 4, 9)  # uiterste stortingsdatum of an aanvraag on 10/03/2026


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 10), None),
        (date(2026, 4, 1), None),  # 8 days before
        (date(2026, 4, 2), WEEK),  # 7 days before
        (date(2026, 4, 7), WEEK),  # 2 days before (the week reminder, if it was missed)
        (date(2026, 4, 8), DAG),  # 1 day before
        (date(2026, 4, 9), DAG),  # the day itself (if the day-before one was missed)
        (date(2026, 4, 10), None),  # too late
    ],
    ids=["aanvraagdag", "8 dagen", "7 dagen", "2 dagen", "1 dag", "de dag zelf", "te laat"],
)
def test_which_reminder_is_due(today: date, expected: int | None) -> None:
    assert due(DEADLINE, today) == expected


async def test_reminders_7_and_1_day_before_and_none_after_ik_heb_gestort(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    paid, unpaid = User(bot, 701), User(bot, 702)
    async with running(emulator, db, clock, reminder_interval=0.05):
        await complete_aanvraag(paid)
        await complete_aanvraag(unpaid, onderneming="0202.239.951")

        clock.today = date(2026, 4, 1)  # 8 days before: nothing yet
        await paid.no_message(within=0.3)

        clock.today = date(2026, 4, 2)  # 7 days before
        for user, projectnummer in ((paid, "2026-000001"), (unpaid, "2026-000002")):
            reminder = await user.next_message()
            assert reminder.text.startswith("Herinnering: stort uiterlijk op 09/04/2026")
            assert "nog 7 dagen" in reminder.text
            assert f"project {projectnummer} (Excel voor gevorderden)" in reminder.text
            for value in ("€ 875,35", "BE64 7330 3379 7052"):
                assert f"<code>{value}</code>" in reminder.html
            assert "<code>+++202/6000/" in reminder.html
            assert reminder.labels() == ["Ik heb gestort"]
        await paid.no_message(within=0.3)  # checked several times: sent once

    # A restart neither loses nor repeats a reminder.
    async with running(emulator, db, clock, reminder_interval=0.05):
        await paid.no_message(within=0.3)
        query = paid.press("Ik heb gestort")
        noted = await paid.next_message()
        await paid.answer(query)
        assert "Genoteerd" in noted.text and "2026-000001" in noted.text
        reminder_message = max(m for m in paid.log.messages if m < noted.message_id)
        await wait_until(
            lambda: paid.log.messages[reminder_message].markup is None, what="button removed"
        )

        clock.today = date(2026, 4, 8)  # 1 day before
        last = await unpaid.next_message()
        assert last.text.startswith("Laatste herinnering")
        assert "2026-000002" in last.text
        await paid.no_message(within=0.4)
