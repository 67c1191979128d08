"""Benchmark of the Telegram channel through the Bot API emulator on loopback.

This process runs the emulator (tests/bot/telegram/emulator.py) and the simulated users; each bot
runs in its own process with the real python-telegram-bot HTTP stack, polling the emulator:
`kmobot telegram --api-base-url …` (the real CLI, fresh SQLite file) and, in the same run, a
trivial PTB echo bot as the ceiling of this machine. Printed: reply latency (user message → the
bot's reply) at 10 concurrent chats, and user turns per second with 200 concurrent chats each
doing a full aanvraag (the echo bot gets as many text turns per chat).

Usage: .venv/bin/python benchmarks/bench_telegram.py [--chats 200] [--latency-chats 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bot.telegram.conftest import AANVRAAG, VERKLARING  # noqa: E402
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User  # noqa: E402

KMOBOT_TOKEN = "7100000001:AAHbenchKmoBotQ1w2E3r4T5y6U7i8O9p0Zx"
ECHO_TOKEN = "7100000002:AAHbenchEchoBotQ1w2E3r4T5y6U7i8O9p0Z"
TURNS = 18  # text turns per echo chat: as many as an aanvraag has


def _env(token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PTB_TIMEDELTA="true",
        PYTHONUNBUFFERED="1",
    )
    return env


# --- the echo bot (run in a child process: `bench_telegram.py --echo-bot API_ROOT`) ------------


async def _echo_bot(api_root: str) -> None:
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    from bot.telegram_app import TelegramConfig, skip_missing_sniffio

    skip_missing_sniffio()  # the same HTTP stack tuning as `kmobot telegram`, for a fair ceiling

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await context.bot.send_message(update.message.chat_id, update.message.text)

    app = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(f"{api_root}/bot")
        .base_file_url(f"{api_root}/file/bot")
        .concurrent_updates(True)
        .connection_pool_size(TelegramConfig.connection_pool_size)  # same HTTP tuning
        .pool_timeout(TelegramConfig.pool_timeout)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=10)
        await app.start()
        await stop.wait()
        await app.updater.stop()
        await app.stop()


# --- users -------------------------------------------------------------------------------------


async def _think(think: float) -> None:
    if think:
        await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))


async def _aanvraag(user: User, latencies: list[float], think: float = 0.0) -> None:
    """One full aanvraag; the latency of each turn is the time to the bot's first reply."""
    reply = None
    for action, what, expected in [*AANVRAAG, ("pick", VERKLARING, "Projectnummer")]:
        if action == "maybe" and (reply is None or what not in reply.labels()):
            continue
        await _think(think)
        started = time.perf_counter()
        if action == "say":
            user.send(what)
        else:
            user.press(what)
        reply = await user.next_message(timeout=60)
        latencies.append(time.perf_counter() - started)
        assert expected in reply.text, (what, reply.text[:300])
        if what == VERKLARING:
            await user.next_message(timeout=60)  # the QR photo
            await user.next_message(timeout=60)  # the next steps


async def _echo_chat(user: User, latencies: list[float], think: float = 0.0) -> None:
    """As many text turns as an aanvraag, each echoed."""
    for turn in range(TURNS):
        await _think(think)
        text = f"bericht {turn}"
        started = time.perf_counter()
        user.send(text)
        reply = await user.next_message(timeout=60)
        latencies.append(time.perf_counter() - started)
        assert reply.text == text


async def _run_chats(
    bot: BotState, first_chat: int, chats: int, kind: str, think: float = 0.0
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    users = [User(bot, first_chat + i) for i in range(chats)]
    flow = _aanvraag if kind == "kmobot" else _echo_chat
    started = time.perf_counter()
    await asyncio.gather(*(flow(u, latencies, think) for u in users))
    return time.perf_counter() - started, latencies


async def _start_bot(kind: str, emulator: BotApiEmulator, db: Path) -> asyncio.subprocess.Process:
    if kind == "kmobot":
        args = [
            "-m",
            "bot",
            "telegram",
            "--db",
            str(db),
            "--today",
            "2026-03-10",
            "--api-base-url",
            emulator.api_root,
        ]
        token = KMOBOT_TOKEN
    else:
        args = [str(Path(__file__).absolute()), "--echo-bot", emulator.api_root]
        token = ECHO_TOKEN
    return await asyncio.create_subprocess_exec(
        sys.executable, *args, env=_env(token), cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )


async def _stop_bot(proc: asyncio.subprocess.Process) -> None:
    proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    if proc.returncode != 0:
        sys.stderr.write(err.decode())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(v: float) -> str:
    return f"{v * 1000:.1f} ms"


async def _measure(kind: str, emulator: BotApiEmulator, args: argparse.Namespace, tmp: Path):
    bot = emulator.add_bot(KMOBOT_TOKEN if kind == "kmobot" else ECHO_TOKEN)
    proc = await _start_bot(kind, emulator, tmp / f"{kind}.db")
    try:
        # Warm up (imports, first turn of the engine, connection pool) with one chat.
        await _run_chats(bot, 1, 1, kind)
        _, latencies = await _run_chats(bot, 1000, args.latency_chats, kind, args.think)
        wall, throughput_latencies = await _run_chats(bot, 100_000, args.chats, kind)
    finally:
        await _stop_bot(proc)
    turns = len(throughput_latencies)
    return {
        "turns_per_chat": turns / args.chats,
        "median": statistics.median(latencies),
        "p99": _pct(latencies, 0.99),
        "turns_per_s": turns / wall,
        "wall": wall,
        "median_loaded": statistics.median(throughput_latencies),
        "p99_loaded": _pct(throughput_latencies, 0.99),
    }


async def _service_cpu_per_turn(tmp: Path) -> float | None:
    """CPU time of one turn of Service.handle alone (engine + one SQLite transaction)."""
    from datetime import date

    from bot.service import Service
    from bot.store import Store
    from dialogs.models import Input
    from tests.bot.test_cli import OPLEIDING

    store = await Store.open(tmp / "service.db")
    try:
        service = Service(store)
        await service.handle("bench", "warm", Input(text="nieuw"), today=date(2026, 3, 10))
        turns = 0
        started = time.process_time()
        for chat in range(10):
            for payload, _ in OPLEIDING:
                await service.handle("bench", str(chat), Input(**payload), today=date(2026, 3, 10))
                turns += 1
        return (time.process_time() - started) / turns
    except Exception:  # the terminal script may lag behind the engine; the figure is optional
        return None
    finally:
        await store.close()


async def _main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with BotApiEmulator() as emulator:
            emulator.record_calls = False
            echo = await _measure("echo", emulator, args, Path(tmp))
            kmo = await _measure("kmobot", emulator, args, Path(tmp))
        service_cpu = await _service_cpu_per_turn(Path(tmp))
    out = sys.stdout.write
    out(
        f"turns per chat: {kmo['turns_per_chat']:.0f} (a full opleiding aanvraag: text, buttons,"
        f" approval with QR); echo bot: {TURNS} text turns per chat; cpus: {os.cpu_count()}\n"
    )
    for name, r in (("echo bot (ceiling)", echo), ("kmobot telegram", kmo)):
        out(
            f"{name:18s} {args.latency_chats} chats: median {_ms(r['median'])},"
            f" p99 {_ms(r['p99'])}"
            f" | {args.chats} chats: {r['turns_per_s']:.0f} turns/s ({r['wall']:.1f} s),"
            f" median {_ms(r['median_loaded'])}, p99 {_ms(r['p99_loaded'])}\n"
        )
    if service_cpu is not None:
        out(
            f"for scale: Service.handle alone (engine + its SQLite transaction) takes"
            f" {_ms(service_cpu)} of CPU per turn; the echo bot's whole turn takes"
            f" {_ms(1 / echo['turns_per_s'])} of wall time at {args.chats} chats\n"
        )
    ratio = kmo["turns_per_s"] / echo["turns_per_s"]
    out(
        f"throughput: {ratio:.0%} of the echo bot (target ≥ 80 %: "
        f"{'ok' if ratio >= 0.8 else 'NOT MET'}); p99 at {args.latency_chats} chats "
        f"{_ms(kmo['p99'])} (target < 25 ms: {'ok' if kmo['p99'] < 0.025 else 'NOT MET'})\n"
    )


def main() -> None:
    """Print the figures (or run the echo bot, in the child process)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--latency-chats", type=int, default=10)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="seconds a user of the latency run takes to answer (uniform ±50 %%)",
    )
    parser.add_argument("--echo-bot", metavar="API_ROOT", default=None)
    args = parser.parse_args()
    if args.echo_bot:
        asyncio.run(_echo_bot(args.echo_bot))
        return
    os.environ.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    asyncio.run(_main(args))


if __name__ == "__main__":
    main()
