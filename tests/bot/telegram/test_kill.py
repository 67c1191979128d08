"""kill -9 of `kmobot telegram` at every step of an aanvraag, polling and webhook: nothing lost.

A real `kmobot telegram` process against the emulator is killed (SIGKILL) at planned moments: when
an update was just handed to it, while a turn runs (before it commits), after the commit but
before the reply went out, after the reply was delivered but before the bot saw Telegram's
answer, before the edit of a pressed keyboard, and three times in the approval turn (before the
commit, before the QR photo, after "Volgende stappen"). It is started again at once. Each time
every user message gets its reply; a message may arrive twice around a kill, which is allowed and
skipped here. At the end: the approval, its QR photo and "Volgende stappen" arrived, and there is
exactly one project.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.bot.telegram.conftest import AANVRAAG_STAPPEN, TOKEN, VERKLARING, wait_until
from tests.bot.telegram.emulator import BotApiEmulator, BotMessage, BotState, User

ROOT = Path(__file__).resolve().parents[3]
SECRET = "kmo-kill-secret_0123456789"
WAIT = 30.0  # seconds for a reply, a restart included (a loaded machine is slow to start)

STEPS = AANVRAAG_STAPPEN

Trigger = Callable[[str, dict[str, Any], Any], bool]


def _method(name: str, text: str | None = None) -> Trigger:
    def matches(method: str, params: dict[str, Any], result: Any) -> bool:
        return method == name and (text is None or text in str(params.get("text") or ""))

    return matches


@dataclass
class Kill:
    """Kill the bot when `trigger` matches a call: `when` before or after the emulator handles
    it; "update": as soon as the update is handed to the bot, after `delay` seconds."""

    when: str
    trigger: Trigger | None = None
    delay: float = 0.0


UPDATE = Kill("update")
IN_TURN = Kill("before", _method("answerCallbackQuery"))  # a button's turn, not yet committed
BEFORE_REPLY = Kill("before", _method("sendMessage"))
AFTER_REPLY = Kill("after", _method("sendMessage"))
BEFORE_EDIT = Kill("before", _method("editMessageText"))
# Step (index in STEPS) -> the kills during that step, in order.
PLAN: dict[int, list[Kill]] = {
    0: [UPDATE],
    1: [BEFORE_REPLY],
    2: [IN_TURN],
    3: [AFTER_REPLY],
    5: [Kill("update", delay=0.005)],
    6: [BEFORE_EDIT],
    9: [Kill("update", delay=0.02)],
    11: [BEFORE_REPLY],
    13: [AFTER_REPLY],
    16: [BEFORE_REPLY],
    17: [
        IN_TURN,
        Kill("before", _method("sendPhoto")),
        Kill("after", _method("sendMessage", "Volgende stappen")),
    ],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class BotProcess:
    """`kmobot telegram` as a child process, started again whenever it dies until `close`."""

    def __init__(self, emulator: BotApiEmulator, tmp: Path, *, webhook: bool) -> None:
        self.emulator = emulator
        self.db = tmp / "kmo.db"
        self.tmp = tmp
        self.port = _free_port() if webhook else None
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.kills = 0
        self.events: list[str] = []  # what fired and what was killed, for a failure's message
        self._closing = False
        self._watch: asyncio.Task[None] | None = None
        self._plan: list[Kill] = []
        self._delayed = 0  # kills fired with a delay that did not happen yet
        # The process last killed: until its successor runs, calls still arriving from it (a
        # request it wrote just before the signal) must not fire the next kill of the plan.
        self._killed: asyncio.subprocess.Process | None = None
        # A call the bot is killed at "before" is not handled (the bot dies before sending it).
        emulator.before_call = lambda m, p: self._check("before", m, p, None)
        emulator.after_call = lambda m, p, r: self._check("after", m, p, r)
        emulator.on_deliver = lambda update: self._handed(update)

    def _args(self) -> list[str]:
        args = [sys.executable, "-m", "bot", "telegram", "--db", str(self.db)]
        args += ["--today", "2026-03-10", "--api-base-url", self.emulator.api_root]
        if self.port is not None:
            url = f"http://127.0.0.1:{self.port}/kmobot"
            args += ["--webhook", url, "--listen", "127.0.0.1", "--port", str(self.port)]
        return args

    async def _start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        self.starts += 1
        with (self.tmp / f"stderr-{self.starts}.txt").open("wb") as err:
            self.proc = await asyncio.create_subprocess_exec(
                *self._args(), env=env, cwd=ROOT, stdout=err, stderr=err
            )

    async def start(self) -> None:
        await self._start()
        self._watch = asyncio.create_task(self._restart_when_dead())

    async def _restart_when_dead(self) -> None:
        while not self._closing:
            assert self.proc is not None
            await self.proc.wait()
            if self._closing:
                return
            await self._start()

    def arm(self, kills: list[Kill]) -> None:
        self._plan = list(kills)

    def planned(self) -> int:
        return len(self._plan) + self._delayed

    def kill(self) -> None:
        proc = self.proc
        self.events.append(
            f"kill start={self.starts} running={self._running()}"
            f" rc={None if proc is None else proc.returncode}"
        )
        if self._running() and proc is not None and proc.returncode is None:
            self.kills += 1
            self._killed = self.proc
            proc.kill()

    def _running(self) -> bool:
        return self.proc is not None and self.proc is not self._killed

    def _fire(self, kill: Kill, what: str) -> None:
        self.events.append(f"fire {kill.when} at {what}")
        self._plan.pop(0)
        if kill.delay:
            # Still planned until it happened: the step waits for it (a fast turn may be over
            # before the delay is).
            self._delayed += 1
            asyncio.get_running_loop().call_later(kill.delay, self._delayed_kill)
        else:
            self.kill()

    def _delayed_kill(self) -> None:
        self._delayed -= 1
        self.kill()

    def _handed(self, update: dict[str, Any]) -> None:
        if self._plan and self._plan[0].when == "update" and self._running():
            self._fire(self._plan[0], f"update {update.get('update_id')}")

    def _check(self, when: str, method: str, params: dict[str, Any], result: Any) -> bool:
        if not self._plan or not self._running():
            return False
        kill = self._plan[0]
        if kill.when == "update":
            fire = when == "after" and method == "getUpdates" and bool(result)
        else:
            fire = kill.when == when and kill.trigger is not None
            fire = fire and kill.trigger is not None and kill.trigger(method, params, result)
        if fire:
            self._fire(kill, f"{when} {method}")
        return fire

    async def close(self) -> str:
        self._closing = True
        self.emulator.before_call = self.emulator.after_call = self.emulator.on_deliver = None
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        return "".join(p.read_text(errors="replace") for p in self.tmp.glob("stderr-*.txt"))


@contextlib.asynccontextmanager
async def bot_process(
    emulator: BotApiEmulator, tmp: Path, *, webhook: bool
) -> AsyncIterator[BotProcess]:
    process = BotProcess(emulator, tmp, webhook=webhook)
    await process.start()
    try:
        yield process
    finally:
        stderr = await process.close()
        assert "Traceback" not in stderr, stderr


def _key(message: BotMessage) -> tuple[str, bool]:
    return message.html, message.photo is not None


async def replies(user: User, count: int, seen: set[tuple[str, bool]]) -> list[BotMessage]:
    """The next `count` messages that are new: a repeat of one already seen is skipped."""
    got: list[BotMessage] = []
    while len(got) < count:
        message = await user.next_message(timeout=WAIT)
        if _key(message) in seen:
            continue
        seen.add(_key(message))
        got.append(message)
    return got


async def aanvraag_with_kills(process: BotProcess, user: User) -> list[BotMessage]:
    """Walk STEPS with the kills of PLAN; the approval turn's messages."""
    seen: set[tuple[str, bool]] = set()
    reply: list[BotMessage] = []
    for index, (action, what, count) in enumerate(STEPS):
        process.events.append(f"step {index}")
        process.arm(PLAN.get(index, []))
        if action == "say":
            assert isinstance(what, str)
            user.send(what)
        else:
            labels = (what,) if isinstance(what, str) else what
            offered = [label for label in labels if label in reply[-1].labels()]
            assert offered, (labels, reply[-1].labels())
            user.press(offered[0])
            if offered[0] == "Iets anders":  # the full list of themas, then IT
                reply = await replies(user, 1, seen)
                user.press("IT")
        reply = await replies(user, count, seen)
        # A kill planned after the reply (before the edit of the pressed keyboard) comes later.
        await wait_until(lambda: not process.planned(), timeout=WAIT, what=f"kill at {index}")
    return reply


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_kill_9_at_every_step_of_an_aanvraag_loses_nothing(
    emulator: BotApiEmulator, bot: BotState, tmp_path: Path, webhook: bool
) -> None:
    emulator.record_calls = False
    user = User(bot, 1101)
    async with bot_process(emulator, tmp_path, webhook=webhook) as process:
        approval, photo, volgende = await aanvraag_with_kills(process, user)
        assert "2026-000001" in approval.text and approval.labels() == ["Ik heb gestort"]
        assert photo.photo is not None and photo.photo.startswith(b"\x89PNG")
        assert "Volgende stappen" in volgende.text
        # The outbox empties: the last edit (the pressed keyboard of the verklaring) goes out.
        await wait_until(lambda: _unsent(tmp_path / "kmo.db") == 0, timeout=WAIT, what="outbox")
        kills = process.kills
    assert kills == sum(len(k) for k in PLAN.values()), "\n".join(process.events)
    with contextlib.closing(sqlite3.connect(tmp_path / "kmo.db")) as db:
        assert db.execute("SELECT count(*) FROM projecten").fetchone()[0] == 1
    # The pressed verklaring shows the pick, without its buttons.
    picked = [m for m in user.log.messages.values() if f"Gekozen: {VERKLARING}" in m.text]
    assert picked and picked[-1].labels() == []


def _unsent(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(
            conn.execute("SELECT count(*) FROM uitgaand WHERE verzonden IS NULL").fetchone()[0]
        )
