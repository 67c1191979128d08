"""Benchmark of the helpdesk: the cost of the transcript per turn and the queue over many chats.

Prints the time per turn with the transcript (both directions written in the turn's
transaction), and the time of the queue (`alle`, `wacht_op_mens`, a search) over N chats of a
few turns each, some of which asked for a person. Usage:
.venv/bin/python benchmarks/bench_helpdesk.py [--chats 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.helpdesk import gesprekken  # noqa: E402
from bot.service import Service  # noqa: E402
from bot.store import Store  # noqa: E402
from dialogs.models import Input  # noqa: E402

TODAY = date(2026, 3, 10)
TURNS = ("nieuw", "0403.170.701", "1", "62.100")


async def run(chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "kmo.db")
        service = Service(store)
        per_turn: list[float] = []
        for i in range(chats):
            for text in TURNS + (("ik wil iemand spreken",) if i % 10 == 0 else ()):
                t0 = time.perf_counter()
                await service.handle("telegram", str(i), Input(text=text), today=TODAY)
                per_turn.append(time.perf_counter() - t0)
        async with store.transaction() as tx:
            regels = sum([len(await tx.transcript("telegram", str(i))) for i in range(chats)])
        out = sys.stdout.write
        out(f"{chats} chats, {len(per_turn)} turns, {regels} transcript lines\n")
        per_turn.sort()
        out(
            f"turn with transcript: p50 {statistics.median(per_turn) * 1000:.1f} ms, "
            f"p99 {per_turn[int(len(per_turn) * 0.99)] * 1000:.1f} ms\n"
        )
        nu = service.clock()
        queries: tuple[tuple[str, dict[str, Any]], ...] = (
            ("alle", {}),
            ("wacht_op_mens", {"filter": "wacht_op_mens"}),
            ("zoek 0403.170.701", {"zoek": "0403.170.701"}),
        )
        for naam, kwargs in queries:
            t0 = time.perf_counter()
            async with store.transaction(alleen_lezen=True) as tx:
                lijst = await gesprekken.overzicht(tx, nu, **kwargs)
            ms = (time.perf_counter() - t0) * 1000
            out(f"queue {naam}: {len(lijst)} chats in {ms:.0f} ms\n")
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=1000)
    asyncio.run(run(parser.parse_args().chats))


if __name__ == "__main__":
    main()
