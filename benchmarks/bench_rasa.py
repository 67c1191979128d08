"""Benchmark of the Rasa action server: time per validate_aanvraag_form call over HTTP.

The action server (`bot.rasa_server`, rasa-sdk's app) runs in this process on a free loopback
port with a fresh SQLite file; simulated Rasa 3.6 trackers (tests/bot/rasa/conftest.py, bodies of
the captured shape) walk whole aanvragen, one validation call per message. Printed: the median
and the 90th percentile per call, and calls per second for one chat at a time. With --e2e FILE
(written by scripts/rasa-e2e) the action server's time per call in that run, as it measured
it, is printed next to Rasa's own REST turn time of the same run.

Usage: .venv/bin/python benchmarks/bench_rasa.py [--chats 5] [--e2e FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bot.rasa_server import start  # noqa: E402
from bot.service import Service  # noqa: E402
from bot.store import Store  # noqa: E402
from dialogs.engine import prepare  # noqa: E402
from tests.auxil.antwoorden import Antwoorden  # noqa: E402
from tests.bot.rasa.conftest import TODAY, RasaTracker  # noqa: E402
from tests.dialogs.driver import OPLEIDING  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(chats: int) -> list[float]:
    prepare()
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "bench.sqlite3")
        server = await start(Service(store), today=lambda: TODAY, port=0)
        try:
            async with aiohttp.ClientSession() as http:
                for n in range(chats):
                    rasa = RasaTracker(http=http, url=server.url, sender=f"bench-{n}")
                    walk = Antwoorden(OPLEIDING, "verklaring")
                    text: str | None = "nieuw"
                    while text is not None:
                        t0 = time.perf_counter()
                        a = await rasa.say(text)
                        times.append((time.perf_counter() - t0) * 1000)
                        assert a.status == 200, a.body
                        text = walk.next(rasa.requested)
        finally:
            await server.close()
            await store.close()
    return times


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--chats", type=int, default=5)
    p.add_argument("--e2e", type=Path, default=ROOT / "benchmarks" / "rasa-e2e-tijden.json")
    args = p.parse_args()
    times = asyncio.run(run(args.chats))
    out = sys.stdout.write
    out(
        f"actieserver, validate_aanvraag_form over HTTP: {len(times)} oproepen, "
        f"mediaan {statistics.median(times):.1f} ms, p90 {_pct(times, 0.9):.1f} ms, "
        f"{1000 * len(times) / sum(times):.0f} oproepen/s (één gesprek tegelijk)\n"
    )
    if args.e2e.exists():
        e2e = json.loads(args.e2e.read_text(encoding="utf-8"))
        out(f"in dezelfde run van scripts/rasa-e2e ({args.e2e.name}):\n")
        for name, ms in sorted(e2e.get("acties_ms", {}).items()):
            out(
                f"  actieserver {name}: {len(ms)} oproepen, mediaan "
                f"{statistics.median(ms):.1f} ms, p90 {_pct(ms, 0.9):.1f} ms\n"
            )
        rasa = e2e["rasa_beurt_ms"]
        out(
            f"  Rasa 3.6.21, een hele beurt over /webhooks/rest/webhook (NLU, beleid, actie): "
            f"{len(rasa)} beurten, mediaan {statistics.median(rasa):.1f} ms, "
            f"p90 {_pct(rasa, 0.9):.1f} ms\n"
        )
    else:
        out(f"(geen {args.e2e}: draai eerst ./scripts/rasa-e2e voor Rasa's eigen beurttijd)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
