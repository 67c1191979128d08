"""The outbox's sender: a channel's rows delivered in order per chat, each marked sent.

Rows come from two sides: a turn hands over the rows it has just committed (sent at once, without
a query), and a poll about every second reads what is still unsent in the store (rows of other
processes, such as the helpdesk console's, and rows left over from a process that stopped). The
poll also runs at start. Chats do not wait for each other; within a chat a row waits for the one
before it. A failed send is retried with a growing pause; nothing is dropped unless the channel
refuses a message for good (a chat that no longer exists) or the row is not what its soort says,
which is logged and counted as done.

The marks go to the store in batches (one transaction for all rows that went out meanwhile), so
delivering costs the turns next to no time on the store. A crash between a send and its mark
sends that one message again at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from bot.store import Store
from bot.uitgaand_db import Uitgaand

log = logging.getLogger(__name__)

#: Row ids recently sent by this process, so that a poll that read them before their mark
#: committed does not send them again.
DONE_CACHE: Final = 100_000
GEWEIGERD: Final = "-"

Deel = Callable[[], Awaitable[str | None]]
#: A row as the messages a channel sends for it; each call returns the channel's id of what it
#: sent, or None when the channel refused it for good.
Delen = Callable[[Uitgaand], Sequence[Deel]]


class Tijdelijk(Exception):  # noqa: N818 - a reason, not an error of ours
    """A send that may work later (no connection, a long wait asked for): it is retried."""


@dataclass
class _Chat:
    rows: list[tuple[int, Uitgaand]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None
    pause: float = 0.0


class Afzender:
    """Delivers one channel's outbox through `delen`, until stopped."""

    def __init__(
        self,
        store: Store,
        kanaal: str,
        delen: Delen,
        *,
        interval: float = 1.0,
        min_pause: float = 0.5,
        max_pause: float = 30.0,
    ) -> None:
        self.store = store
        self.kanaal = kanaal
        self._delen = delen
        self.interval = interval
        self.min_pause = min_pause
        self.max_pause = max_pause
        self._chats: dict[str, _Chat] = {}
        self._queued: set[int] = set()
        self._done: OrderedDict[int, None] = OrderedDict()
        self._progress: dict[int, list[str]] = {}
        self._marks: list[tuple[int, str | None, bool]] = []
        self._marks_wanted = asyncio.Event()
        self._stopping = asyncio.Event()
        self._poll_task: asyncio.Task[None] | None = None
        self._mark_task: asyncio.Task[None] | None = None

    # lifecycle

    async def start(self) -> None:
        """Send what is unsent now, then poll for more every `interval` seconds."""
        await self.poll()
        self._poll_task = asyncio.create_task(self._poll_loop())
        self._mark_task = asyncio.create_task(self._mark_loop())

    async def stop(self, *, timeout: float = 5.0) -> None:
        """Stop polling, give the sends under way `timeout` seconds, store the marks.

        The loops are asked to stop, never cancelled: a task cancelled inside a store
        transaction would leave it open.
        """
        self._stopping.set()
        self._marks_wanted.set()
        for task in (self._poll_task, self._mark_task):
            if task is not None:
                with contextlib.suppress(Exception):
                    await task
        self._poll_task = self._mark_task = None
        workers = [c.task for c in self._chats.values() if c.task is not None]
        if workers:
            _, pending = await asyncio.wait(workers, timeout=timeout)
            for task in pending:
                task.cancel()
            for task in pending:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._flush_marks()

    # rows in

    def add(self, rows: Iterable[Uitgaand]) -> None:
        """Queue rows for their chats (rows already queued or sent are ignored)."""
        for row in rows:
            if row.id in self._queued or row.id in self._done:
                continue
            self._queued.add(row.id)
            chat = self._chats.get(row.chat_id)
            if chat is None:
                chat = self._chats[row.chat_id] = _Chat(pause=self.min_pause)
            heapq.heappush(chat.rows, (row.id, row))
            if chat.task is None:
                chat.task = asyncio.create_task(self._work(row.chat_id, chat))

    def forget(self, chat_id: str) -> None:
        """Drop what is queued for a chat whose rows were deleted (vergeet)."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return
        # The row in flight (the first) finishes; the rest is gone.
        keep = chat.rows[:1] if chat.task is not None else []
        for row_id, _ in chat.rows[len(keep) :]:
            self._queued.discard(row_id)
        chat.rows = keep

    async def poll(self) -> None:
        """Read the channel's unsent rows from the store and queue them."""
        async with self.store.transaction() as tx:
            rows = await tx.klaarstaand(self.kanaal, limiet=1000)
        self.add(rows)

    def pending(self) -> int:
        """Rows queued or being sent."""
        return len(self._queued)

    # sending

    async def _work(self, chat_id: str, chat: _Chat) -> None:
        try:
            while chat.rows:
                row = chat.rows[0][1]
                try:
                    await self._send(row)
                except Tijdelijk as exc:
                    log.warning(
                        "outbox row %s not sent (%s); again in %.1f s", row.id, exc, chat.pause
                    )
                    await asyncio.sleep(chat.pause)
                    chat.pause = min(chat.pause * 2, self.max_pause)
                    continue
                except Exception as exc:
                    # A row that cannot be sent as it is (not what its soort says): it would
                    # fail again every time and hold up the chat. Logged without its content.
                    log.error(
                        "outbox row %s (%s) cannot be sent: %s; skipped",
                        row.id,
                        row.soort,
                        exc.__class__.__name__,
                    )
                    self._mark(row.id, GEWEIGERD, done=True)
                chat.pause = self.min_pause
                if chat.rows and chat.rows[0][1] is row:
                    heapq.heappop(chat.rows)
                self._queued.discard(row.id)
                self._done[row.id] = None
                while len(self._done) > DONE_CACHE:
                    self._done.popitem(last=False)
        finally:
            chat.task = None
            if chat.rows:  # cancelled: what is left stays in the store for the next start
                for row_id, _ in chat.rows:
                    self._queued.discard(row_id)
            if self._chats.get(chat_id) is chat:
                del self._chats[chat_id]

    async def _send(self, row: Uitgaand) -> None:
        parts = self._delen(row)
        ids = self._progress.get(row.id) or row.delen
        for i in range(len(ids), len(parts)):
            sent = await parts[i]()
            ids = [*ids, sent or GEWEIGERD]
            if i < len(parts) - 1:
                self._progress[row.id] = ids
                self._mark(row.id, ",".join(ids), done=False)
        self._progress.pop(row.id, None)
        self._mark(row.id, ",".join(ids) or None, done=True)

    # marks

    def _mark(self, row_id: int, extern_id: str | None, *, done: bool) -> None:
        self._marks.append((row_id, extern_id, done))
        self._marks_wanted.set()

    async def _flush_marks(self) -> None:
        marks, self._marks = self._marks, []
        if not marks:
            return
        try:
            async with self.store.transaction() as tx:
                for row_id, extern_id, done in marks:
                    if done:
                        await tx.markeer_verzonden(row_id, extern_id)
                    elif extern_id is not None:
                        await tx.markeer_deel(row_id, extern_id)
        except Exception as exc:
            log.warning("outbox marks not stored (%s); trying again", exc.__class__.__name__)
            self._marks = marks + self._marks
            raise

    async def _mark_loop(self) -> None:
        while True:
            await self._marks_wanted.wait()
            self._marks_wanted.clear()
            if self._stopping.is_set():
                return  # `stop` stores the last marks
            try:
                await self._flush_marks()
            except Exception:
                await asyncio.sleep(self.min_pause)
                self._marks_wanted.set()

    async def _poll_loop(self) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)
                return
            try:
                await self.poll()
            except Exception as exc:
                log.warning("outbox poll failed (%s)", exc.__class__.__name__)
