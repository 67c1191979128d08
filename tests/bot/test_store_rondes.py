"""A transaction's statements share round trips to aiosqlite's thread, in the order of the calls.

BEGIN IMMEDIATE goes with the first statement and the state a turn leaves with the COMMIT; what
a transaction does and what another connection sees is the same as with one statement per trip.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from bot.service import Service
from bot.store import Store
from dialogs.models import Input

TODAY = date(2026, 11, 27)


async def _trips(store: Store) -> list[str]:
    """The statements sqlite runs on the store's connection, as they run."""
    seen: list[str] = []
    await store._conn.set_trace_callback(seen.append)
    return seen


def _state_on_disk(db: Path, chat: str) -> str | None:
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute("SELECT state FROM gesprekken WHERE chat_id = ?", (chat,)).fetchone()
    return None if row is None else str(row[0])


async def test_a_turn_reads_and_writes_in_one_transaction(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "kmo.db")
    try:
        service = Service(store)
        await service.handle("terminal", "a", Input(text="nieuw"), today=TODAY)
        seen = await _trips(store)
        msgs = await service.handle("terminal", "a", Input(text="0403170701"), today=TODAY)
        assert msgs[-1].asks == "grootte"
        assert seen[0] == "BEGIN IMMEDIATE"
        assert seen[1].startswith("SELECT (SELECT state FROM gesprekken")
        # The state and the transcript lines are written last, sent with the COMMIT.
        assert [s.split(" (")[0] for s in seen[-3:]] == [
            "INSERT INTO gesprekken",
            "INSERT INTO transcript",
            "COMMIT",
        ]
        # Committed: another connection reads the new state at once.
        assert '"grootte"' in (_state_on_disk(tmp_path / "kmo.db", "a") or "")
    finally:
        await store.close()


async def test_a_transaction_without_statements_sends_nothing(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "kmo.db")
    try:
        seen = await _trips(store)
        async with store.transaction():
            pass
        assert seen == []
        async with store.transaction() as tx:
            assert await tx.load_state("terminal", "niemand") is None
        assert seen[0] == "BEGIN IMMEDIATE"
        assert seen[-1] == "COMMIT"
    finally:
        await store.close()


async def test_a_saved_state_is_read_back_in_its_transaction(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "kmo.db")
    try:
        async with store.transaction() as tx:
            await tx.save_state("terminal", "a", '{"eerste": 1}')
            # Sent before the read, in the same round trip: the read sees it.
            assert await tx.load_state("terminal", "a") == '{"eerste": 1}'
            await tx.save_state("terminal", "a", '{"tweede": 2}')
        assert _state_on_disk(tmp_path / "kmo.db", "a") == '{"tweede": 2}'
    finally:
        await store.close()


async def _write_then_fail_at_commit(store: Store) -> None:
    async with store.transaction() as tx:
        await tx.save_state("terminal", "b", '{"nieuw": 1}')
        await tx.load_state("terminal", "b")
        # state is NOT NULL: this write fails when it is sent, with the COMMIT.
        await tx.save_state("terminal", "a", None)  # type: ignore[arg-type]


async def test_a_failing_write_sent_with_the_commit_rolls_back_the_whole_transaction(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "kmo.db")
    try:
        async with store.transaction() as tx:
            await tx.save_state("terminal", "a", '{"oud": 1}')
        with pytest.raises(sqlite3.IntegrityError):
            await _write_then_fail_at_commit(store)
        assert _state_on_disk(tmp_path / "kmo.db", "a") == '{"oud": 1}'
        assert _state_on_disk(tmp_path / "kmo.db", "b") is None
        # The connection is usable again: no transaction was left open.
        async with store.transaction() as tx:
            assert await tx.load_state("terminal", "a") == '{"oud": 1}'
    finally:
        await store.close()
