"""Benchmark of the web chat over HTTP on loopback: time per turn, turns per second, polls.

The server is the real aiohttp sub-application (bot/webchat.py) on a fresh SQLite file, in this
process (so the clients' own work counts against it too), with the rate limit lifted: a client
here answers at once, a person does not. Each chat does a whole aanvraag through
`POST /chat/bericht` (the answers of tests/browser, a button value where the page offers one).
Printed: the time per turn (p50/p95/max) with --latency-chats chats at once, user turns per
second with --chats chats at once, and `GET /chat/nieuw` answers per second with --pollers
pages polling an empty outbox at once (what every open page asks every 2 s).

Usage: .venv/bin/python benchmarks/bench_webchat.py [--chats 50] [--latency-chats 5]
       [--pollers 200]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from aiohttp import ClientSession, CookieJar, TCPConnector

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from bot.service import Service  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.webchat import RateLimit, WebChat, start  # noqa: E402
from tests.auxil.antwoorden import Antwoorden  # noqa: E402
from tests.browser.driver import AANVRAAG, VERKLARING  # noqa: E402

TODAY = date(2026, 3, 10)
_BUTTON = re.compile(r'<button type="submit" name="keuze" value="([^"]*)">([^<]*)</button>')


def kbo(n: int) -> str:
    """A valid ondernemingsnummer of its own for chat n (a company holds one chat's rights)."""
    base = 4_000_000 + n * 7919  # the first eight digits: 0 and seven more
    check = 97 - base % 97
    digits = f"0{base:07d}{check:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


async def aanvraag(session: ClientSession, url: str, origin: str, n: int) -> list[float]:
    """One chat's whole aanvraag; the time of each turn in seconds."""
    times: list[float] = []
    headers = {"Origin": origin}
    await (await session.get(url)).read()

    async def turn(body: dict[str, str]) -> tuple[str, str]:
        t0 = time.perf_counter()
        async with session.post(f"{url}/bericht", json=body, headers=headers) as response:
            data = await response.json()
        times.append(time.perf_counter() - t0)
        assert response.status == 200, data
        return data["vraag"], data["html"]

    answers = {**AANVRAAG, "onderneming": ("say", kbo(n))}
    asked, page = await turn({"keuze": "nieuw", "vraag": ""})
    walk = Antwoorden(answers, "verklaring")
    while (step := walk.next(asked or None, page)) is not None:
        action, what = step
        if action == "say":
            assert isinstance(what, str)
            asked, page = await turn({"tekst": what, "vraag": asked})
            continue
        offered = {html.unescape(label): html.unescape(v) for v, label in _BUTTON.findall(page)}
        labels = (what,) if isinstance(what, str) else what
        label = next(x for x in labels if x in offered)
        asked, page = await turn({"keuze": offered[label], "vraag": asked})
    offered = {html.unescape(label): html.unescape(v) for v, label in _BUTTON.findall(page)}
    _, page = await turn({"keuze": offered[VERKLARING], "vraag": asked})
    assert "Projectnummer" in page
    return times


async def chats(url: str, origin: str, count: int, first: int) -> tuple[list[float], float]:
    """`count` chats at once, each in its own cookie jar; turn times and the wall time."""
    sessions = [
        ClientSession(connector=TCPConnector(limit=0), cookie_jar=CookieJar(unsafe=True))
        for _ in range(count)
    ]
    try:
        t0 = time.perf_counter()
        results = await asyncio.gather(
            *(aanvraag(s, url, origin, first + i) for i, s in enumerate(sessions))
        )
        wall = time.perf_counter() - t0
    finally:
        for s in sessions:
            await s.close()
    return [t for r in results for t in r], wall


async def polls(url: str, pollers: int, seconds: float) -> float:
    """Answers per second to `pollers` pages asking /chat/nieuw back to back."""
    sessions = [ClientSession(cookie_jar=CookieJar(unsafe=True)) for _ in range(pollers)]
    done = 0
    try:
        for s in sessions:
            await (await s.get(url)).read()  # the cookie
        deadline = time.perf_counter() + seconds

        async def poll(s: ClientSession) -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                async with s.get(f"{url}/nieuw") as response:
                    await response.read()
                    done += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(poll(s) for s in sessions))
        wall = time.perf_counter() - t0
    finally:
        for s in sessions:
            await s.close()
    return done / wall


def _ms(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f} ms"


def print_line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--latency-chats", type=int, default=5)
    parser.add_argument("--pollers", type=int, default=200)
    parser.add_argument("--poll-seconds", type=float, default=5.0)
    args = parser.parse_args()
    out = print_line
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "kmo.db")
        limit = RateLimit(burst=1e9)
        chat = WebChat(Service(store), today=lambda: TODAY, rate_limit=limit)
        running = await start(chat, host="127.0.0.1", port=0)
        origin = running.url.removesuffix("/chat")
        try:
            await chats(running.url, origin, 1, 0)  # warm-up: indexes, the thema model
            times, _ = await chats(running.url, origin, args.latency_chats, 1)
            out(f"time per turn, {args.latency_chats} chats at once ({len(times)} turns):")
            out(
                f"  p50 {_ms(times, 0.5)}  p95 {_ms(times, 0.95)}  max {_ms(times, 1.0)}"
                f"  mean {statistics.fmean(times) * 1000:.0f} ms"
            )
            times, wall = await chats(running.url, origin, args.chats, 100)
            out(f"{args.chats} chats at once, a whole aanvraag each:")
            out(
                f"  {len(times) / wall:.1f} turns/s, {args.chats / wall * 60:.0f} aanvragen/min,"
                f"  p50 {_ms(times, 0.5)}  p95 {_ms(times, 0.95)}"
            )
            rate = await polls(running.url, args.pollers, args.poll_seconds)
            out(f"/chat/nieuw with {args.pollers} pages polling back to back: {rate:.0f}/s")
            out(f"  (at one poll per 2 s per page: room for about {rate * 2:.0f} open pages)")
        finally:
            await running.close()
            await store.close()


if __name__ == "__main__":
    asyncio.run(main())
