"""The terminal channel: an interactive Dutch chat, or JSON lines for scripts and the helpdesk.

Reads one line per turn, hands it to the service and prints the replies; choices become numbered
options. In --jsonl mode stdout carries nothing but one JSON object per assistant message.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import TextIO

from bot.opwarmen import NaLaden, bevries
from bot.service import Service
from dialogs.engine import preparation
from dialogs.messages import default_catalog
from dialogs.models import Input, Message

KANAAL = "terminal"


def render_text(messages: list[Message]) -> str:
    """Messages as terminal text, choices numbered."""
    blocks = []
    for m in messages:
        lines = [m.text]
        for i, c in enumerate(m.choices, start=1):
            lines.append(f"  {i}. {c.label}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def parse_json_line(line: str) -> Input | str:
    """A --jsonl input line to an Input, or the message id of the reason it is not valid."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return "kanaal.json_ongeldig"
    if not isinstance(data, dict):
        return "kanaal.json_geen_object"
    text, choice = data.get("text"), data.get("choice")
    if choice is not None:
        if not isinstance(choice, str | int):
            return "kanaal.json_choice"
        return Input(choice=str(choice))
    if text is None:
        return "kanaal.json_leeg"
    if not isinstance(text, str):
        return "kanaal.json_text"
    return Input(text=text)


async def _read_line(stream: TextIO) -> str | None:
    line = await asyncio.to_thread(stream.readline)
    return line if line else None


#: Seconds without input after which the next step of the warm-up starts. A person reads and
#: types for seconds, so the indexes are ready before the answer that needs them; a script that
#: answers at once is never slowed down by a warm-up running beside its turns.
IDLE = 0.05


class WarmUp:
    """The warm-up's steps, one at a time in a thread, each started only when no input came."""

    def __init__(self, steps: list[Callable[[], object]]) -> None:
        self.steps = steps
        self.running: asyncio.Future[object] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._reading: asyncio.Future[str | None] | None = None

    def waiting(self, reading: asyncio.Future[str | None]) -> None:
        """A line is awaited: the next step starts if none comes within IDLE seconds."""
        self._reading = reading
        self._arm()

    def read(self) -> None:
        """The line came: no step starts now (one under way finishes beside the turn)."""
        self._reading = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _arm(self) -> None:
        if self.steps and self._reading is not None and self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(IDLE, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._reading is None or self._reading.done() or not self.steps:
            return
        if self.running is not None and not self.running.done():
            return  # the step under way re-arms when it ends
        self.running = asyncio.ensure_future(asyncio.to_thread(self.steps.pop(0)))
        self.running.add_done_callback(self._done)

    def _done(self, _: object) -> None:
        if not self.steps:
            # Everything loaded: out of the collector's passes (bot/opwarmen.py).
            bevries(opruimen=False)
        self._arm()

    async def finish(self) -> None:
        """Wait for the step under way (at the end of the chat)."""
        self.read()
        if self.running is not None:
            await self.running


async def run_chat(
    service: Service,
    *,
    chat_id: str,
    today: Callable[[], date],
    jsonl: bool,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    """The chat loop until end of input."""
    chat = _Chat(service, chat_id=chat_id, today=today, jsonl=jsonl, stdout=stdout or sys.stdout)
    chat.emit(await service.handle(KANAAL, chat_id, Input(kind="resume"), today=today()))
    await chat.loop(stdin or sys.stdin)


class _Chat:
    """One terminal conversation: reads lines, prints replies."""

    def __init__(
        self,
        service: Service,
        *,
        chat_id: str,
        today: Callable[[], date],
        jsonl: bool,
        stdout: TextIO,
    ) -> None:
        self.service = service
        self.chat_id = chat_id
        self.today = today
        self.jsonl = jsonl
        self.stdout = stdout
        self.awaiting: Message | None = None
        self.na_laden = NaLaden()

    def emit(self, messages: list[Message]) -> None:
        if messages and messages[-1].problem != "ongeldige_json":
            self.awaiting = messages[-1]
        if self.jsonl:
            for m in messages:
                self.stdout.write(json.dumps(m.as_json(), ensure_ascii=False) + "\n")
        else:
            self.stdout.write(render_text(messages) + "\n\n")
        self.stdout.flush()

    async def loop(self, stdin: TextIO) -> None:
        warm_up = WarmUp(preparation())
        try:
            await self._loop(stdin, warm_up)
        finally:
            await warm_up.finish()

    async def _loop(self, stdin: TextIO, warm_up: WarmUp) -> None:
        while True:
            if not self.jsonl:
                self.stdout.write("> ")
                self.stdout.flush()
            reading = asyncio.ensure_future(_read_line(stdin))
            warm_up.waiting(reading)
            line = await reading
            warm_up.read()
            if line is None:
                if not self.jsonl:
                    self.stdout.write(f"\n{default_catalog().text('kanaal.tot_ziens')}\n")
                    self.stdout.flush()
                return
            line = line.rstrip("\r\n")
            if not self.jsonl:
                inp = Input(text=line)
            elif not line.strip():
                continue
            else:
                parsed = parse_json_line(line)
                if isinstance(parsed, str):
                    self.emit([self.invalid_line(parsed)])
                    continue
                inp = parsed
            if self.awaiting is not None:
                inp = inp.model_copy(update={"answers": self.awaiting.asks or ""})
            self.emit(await self.service.handle(KANAAL, self.chat_id, inp, today=self.today()))
            self.na_laden.na_beurt()

    def invalid_line(self, message_id: str) -> Message:
        """The reason a --jsonl line was refused, repeating what is still awaited."""
        last = self.awaiting
        return Message(
            id=message_id,
            text=default_catalog().text(message_id),
            problem="ongeldige_json",
            asks=last.asks if last else None,
            choices=last.choices if last else [],
        )
