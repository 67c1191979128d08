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


# The aanvraag of tests/bot/test_cli.py (OPLEIDING), as a Telegram user does it: buttons where
# the bot offers them, text elsewhere. Each step: (action, what, a text the reply must contain);
# "maybe" presses the button only when the previous reply offers it.
AANVRAAG: list[tuple[str, str, str]] = [
    ("say", "/start", "ondernemingsnummer"),
    ("say", "0403.170.701", "grootte"),
    ("pick", "Kleine onderneming", "NACE"),
    ("say", "62.100", "opleiding of om advies"),
    ("pick", "Opleiding", "naam van de opleiding"),
    ("say", "Excel voor gevorderden", "soort opleiding"),
    ("pick", "Klassikaal (extern)", "thema"),
    # When the assistant proposes a thema for the title, ask for the full list instead.
    ("maybe", "Iets anders", "thema"),
    ("pick", "IT", "subthema"),
    ("pick", "Software", "deelnemers"),
    ("say", "2", "voornaam en naam"),
    ("say", "Jan Peeters en An Janssens", "uur"),
    ("say", "16", "ingeschreven"),
    ("say", "01/03/2026", "start"),
    ("say", "02/03/2026", "functioneren"),
    ("pick", "Ja", "kost"),
    ("say", "€ 1.250,50", "dienstverlener"),
    ("say", "DV.O213465", "Verklaart u op eer"),
]
VERKLARING = "Ja, ik verklaar dit op eer en dien de aanvraag in"


async def aanvraag_until_verklaring(user: User, *, steps: int | None = None) -> BotMessage:
    """Run the aanvraag's first `steps` steps (all: up to the verklaring op eer)."""
    reply: BotMessage | None = None
    for step in AANVRAAG[:steps]:
        reply = await do_step(user, step, reply) or reply
    assert reply is not None
    return reply


async def do_step(
    user: User, step: tuple[str, str, str], previous: BotMessage | None
) -> BotMessage | None:
    """One step of AANVRAAG; None when a "maybe" step does not apply."""
    action, what, expected = step
    if action == "maybe" and (previous is None or what not in previous.labels()):
        return None
    reply = await (say(user, what) if action == "say" else pick(user, what))
    assert expected in reply.text, (what, reply.text)
    return reply


async def complete_aanvraag(user: User) -> tuple[BotMessage, BotMessage, BotMessage]:
    """The whole aanvraag; returns (approval, QR photo, next steps)."""
    await aanvraag_until_verklaring(user)
    query = user.press(VERKLARING)
    approval = await user.next_message()
    photo = await user.next_message()
    volgende = await user.next_message()
    await user.answer(query)
    return approval, photo, volgende
