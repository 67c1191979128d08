"""Fixtures for the Telegram tests: the emulator, a settable clock, a running channel."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store
from bot.telegram_app import TelegramChannel
from bot.telegram_config import TelegramConfig, redacted_logs
from bot.telegram_run import serve
from dialogs.engine import prepare
from tests.auxil.antwoorden import Antwoorden
from tests.bot.telegram.emulator import BotApiEmulator, BotMessage, BotState, User

TOKEN = "4839574812:AAHkq3v9Zp7WmXc2Lr5Tn8Bd6Fs1Gy4Je0Q"
TODAY = date(2026, 3, 10)


class Clock:
    """The injected `today()`; tests move it."""

    def __init__(self, today: date = TODAY) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy in the environment must not capture the bot's loopback traffic."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    # PTB 22 warns (an error here) whenever it builds a RetryAfter, unless this opt-in is set;
    # `kmobot telegram` sets it too.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="session", autouse=True)
def _prepared() -> None:
    """Every table and index loaded once, as `kmobot telegram` does before it serves.

    Otherwise the first title of a test run waits for the thema models to load, longer than a
    test waits for a reply.
    """
    prepare()


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
def bot(emulator: BotApiEmulator) -> BotState:
    return emulator.add_bot(TOKEN)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kmo.db"


def config(emulator: BotApiEmulator, **overrides: Any) -> TelegramConfig:
    """A test configuration: short long polls, quick retries, reminders checked rarely."""
    base = TelegramConfig(
        token=TOKEN,
        api_base_url=emulator.api_root,
        poll_timeout=1.0,
        typing_after=None,
        reminder_interval=3600.0,
        retry_delay=0.05,
    )
    return dataclasses.replace(base, **overrides)


@contextlib.asynccontextmanager
async def running(
    emulator: BotApiEmulator, db: Path, clock: Clock, **overrides: Any
) -> AsyncIterator[TelegramChannel]:
    """The real Application (real HTTP) against the emulator, until the block ends."""
    store = await Store.open(db)
    channel = TelegramChannel(store, today=clock, config=config(emulator, **overrides))
    _record_asks(channel)
    stop, ready = asyncio.Event(), asyncio.Event()
    with redacted_logs(TOKEN, overrides.get("secret_token") or ""):
        task = asyncio.create_task(serve(channel, stop=stop, ready=ready))
        try:
            waiter = asyncio.create_task(ready.wait())
            await asyncio.wait({task, waiter}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
            if not ready.is_set():
                waiter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter
                await task  # raises what went wrong
                raise AssertionError("channel did not start")
            yield channel
        finally:
            stop.set()
            await task
            await store.close()


# What the last turn of each chat asks (the field its service's last message awaits), so that a
# test can answer by field; filled by the channels of `running`.
ASKED: dict[str, str | None] = {}


def _record_asks(channel: TelegramChannel) -> None:
    ASKED.clear()
    handle = channel.service.handle

    async def recording(kanaal: str, chat_id: str, inp: Any, **kwargs: Any) -> Any:
        messages = await handle(kanaal, chat_id, inp, **kwargs)
        ASKED[chat_id] = messages[-1].asks if messages else None
        return messages

    channel.service.handle = recording  # type: ignore[method-assign]


async def wait_until(condition: Any, timeout: float = 5.0, what: str = "condition") -> None:
    """Poll a condition (the bot's edits arrive independently of its messages)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def say(user: User, text: str) -> BotMessage:
    """Type a message and return the bot's reply."""
    user.send(text)
    return await user.next_message()


async def pick(user: User, label: str) -> BotMessage:
    """Press a button of the current question and return the bot's reply."""
    query = user.press(label)
    reply = await user.next_message()
    await user.answer(query)
    return reply


# The aanvraag of tests/bot/test_cli.py (OPLEIDING), as a Telegram user does it, by the field the
# bot asks (ASKED): a button where the bot offers one, text elsewhere. A pick of several labels
# presses the first one offered: at the thema, when a thema is proposed for the title, "Iets
# anders" for the full list instead; then IT from the list.
AANVRAAG: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "onderneming": ("say", "0403.170.701"),
    "grootte": ("pick", "Kleine onderneming"),
    "nace": ("say", "62.100"),
    "type": ("pick", "Opleiding"),
    "naam": ("say", "Excel voor gevorderden"),
    "soort": ("pick", "Klassikaal (extern)"),
    "thema": ("pick", ("Iets anders", "IT")),
    "subthema": ("pick", "Software"),
    "deelnemers": ("say", "2"),
    "deelnemer_namen": ("say", "Jan Peeters en An Janssens"),
    "uren": ("say", "16"),
    "datum_overeenkomst": ("say", "01/03/2026"),
    "startdatum": ("say", "02/03/2026"),
    "bedrijfsfunctioneren": ("pick", "Ja"),
    "kost": ("say", "€ 1.250,50"),
    "dienstverlener": ("say", "DV.O213465"),
}
# A text the question for each field must contain.
QUESTION = {
    "onderneming": "ondernemingsnummer",
    "grootte": "grootte",
    "nace": "NACE",
    "type": "opleiding of om advies",
    "naam": "naam van de opleiding",
    "soort": "soort opleiding",
    "thema": "thema",
    "subthema": "subthema",
    "deelnemers": "deelnemers",
    "deelnemer_namen": "voornaam en naam",
    "uren": "uur",
    "datum_overeenkomst": "ingeschreven",
    "startdatum": "start",
    "bedrijfsfunctioneren": "functioneren",
    "kost": "kost",
    "dienstverlener": "dienstverlener",
    "verklaring": "Verklaart u op eer",
}
VERKLARING = "Ja, ik verklaar dit op eer en dien de aanvraag in"
# The same aanvraag as a fixed list of steps, for a bot in another process (whose `asks` the test
# cannot see): what the user does, and how many messages the bot answers with. At a pick of
# several labels the first one offered is pressed; after "Iets anders" comes the full list and IT.
AANVRAAG_STAPPEN: list[tuple[str, str | tuple[str, ...], int]] = [
    ("say", "/start", 1),
    ("say", "0403.170.701", 1),
    ("pick", "Kleine onderneming", 1),
    ("say", "62.100", 1),
    ("pick", "Opleiding", 1),
    ("say", "Excel voor gevorderden", 1),
    ("pick", "Klassikaal (extern)", 1),
    ("pick", ("Iets anders", "IT"), 1),
    ("pick", "Software", 1),
    ("say", "2", 1),
    ("say", "Jan Peeters en An Janssens", 1),
    ("say", "16", 1),
    ("say", "01/03/2026", 1),
    ("say", "02/03/2026", 1),
    ("pick", "Ja", 1),
    ("say", "€ 1.250,50", 1),
    ("say", "DV.O213465", 1),
    ("pick", VERKLARING, 3),
]


async def aanvraag_until(
    user: User,
    field_id: str = "verklaring",
    *,
    reply: BotMessage | None = None,
    onderneming: str | None = None,
) -> BotMessage:
    """/start (unless `reply` is the question now asked), then whatever the bot asks answered
    from AANVRAAG until it asks `field_id`; returns that question."""
    if reply is None:
        reply = await say(user, "/start")
    answers = (
        AANVRAAG if onderneming is None else {**AANVRAAG, "onderneming": ("say", onderneming)}
    )
    walk = Antwoorden(answers, field_id)
    while True:
        asked = ASKED.get(str(user.chat_id))
        if asked in QUESTION:
            assert QUESTION[asked] in reply.text, (asked, reply.text)
        step = walk.next(asked, reply.text)
        if step is None:
            return reply
        action, what = step
        if action == "say":
            assert isinstance(what, str)
            reply = await say(user, what)
        else:
            labels = (what,) if isinstance(what, str) else what
            offered = [label for label in labels if label in reply.labels()]
            assert offered, (labels, reply.labels())
            reply = await pick(user, offered[0])


async def complete_aanvraag(
    user: User, *, onderneming: str | None = None
) -> tuple[BotMessage, BotMessage, BotMessage]:
    """The whole aanvraag (for another KBO number than the default, if given); returns
    (approval, QR photo, next steps)."""
    await aanvraag_until(user, onderneming=onderneming)
    query = user.press(VERKLARING)
    approval = await user.next_message()
    photo = await user.next_message()
    volgende = await user.next_message()
    await user.answer(query)
    return approval, photo, volgende
