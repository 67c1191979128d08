"""Benchmark of the Telegram channel through the Bot API emulator on loopback.

This process runs the emulator (tests/bot/telegram/emulator.py) and the simulated users; each bot
runs in its own process with the real python-telegram-bot, polling the emulator over HTTP:
`kmobot telegram --api-base-url …` (the real CLI, fresh SQLite file) and, in the same run, four
reference bots: a plain PTB echo bot with PTB's default settings (the yardstick of issue 11), a
PTB echo bot on PTB's default transport (httpx) tuned for concurrency, the same echo bot on
kmobot's transport (bot/telegram_http.py), and an echo bot that handles button presses the way
kmobot must (answer, edit, reply) with no engine behind it. Printed: reply latency (user message →
the bot's reply) at 10 concurrent chats, user turns per second with 100 concurrent chats each
doing a full aanvraag (the echo bots get as many turns per chat), CPU time per turn, and the two
ratios against the plain PTB echo bot: throughput (goal ≥ 0.8×) and p99 latency (goal ≤ 2×).
kmobot confirms each update only after its turn committed and sends through its outbox; the
echo bots guarantee nothing.

Usage: .venv/bin/python benchmarks/bench_telegram.py [--chats 100] [--latency-chats 10]
       [--rounds 3]   (the plain echo bot and kmobot measured again, one after the other)
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bot.telegram.conftest import AANVRAAG_STAPPEN  # noqa: E402
from tests.bot.telegram.emulator import BotApiEmulator, BotMessage, BotState, User  # noqa: E402

TURNS = 19  # turns per echo chat: as many as an aanvraag has


@dataclass(frozen=True)
class Bot:
    """One bot of the run: its name in the output, its token, and (for the reference bots) its
    transport and whether it handles buttons like kmobot."""

    name: str
    token: str
    transport: str | None = None
    buttons: bool = False


BOTS = {
    "echo-ptb": Bot(
        "PTB echo bot, defaults", "7100000005:AAHbenchPtbEchoQ1w2E3r4T5y6U7i8O9p0Z", "default"
    ),
    "echo-httpx": Bot(
        "echo bot, PTB's httpx", "7100000002:AAHbenchEchoBotQ1w2E3r4T5y6U7i8O9p0Z", "httpx"
    ),
    "echo": Bot("echo bot", "7100000003:AAHbenchEchoBotQ1w2E3r4T5y6U7i8O9p0Z", "aiohttp"),
    "knoppen": Bot(
        "echo bot with buttons", "7100000004:AAHbenchKnopBotQ1w2E3r4T5y6U7i8O9p0Z", "aiohttp", True
    ),
    "kmobot": Bot("kmobot telegram", "7100000001:AAHbenchKmoBotQ1w2E3r4T5y6U7i8O9p0Zx"),
}


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


# --- the echo bots (child processes: `--echo-bot API_ROOT TRANSPORT [--buttons]`) ------------


def _skip_missing_sniffio() -> None:
    """httpcore runs `import sniffio` each time it creates a lock; anyio 4 no longer installs
    sniffio, and a failed import searches the whole sys.path again. A `None` in sys.modules makes
    it fail at once (same ImportError), which cuts a large share of httpx's CPU per request."""
    import importlib.util

    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


async def _echo_bot(api_root: str, transport: str, buttons: bool) -> None:
    """Echo text; with `buttons`, every reply carries a button, and a press is handled the way
    the issue asks of kmobot (answer the callback, edit the pressed message, reply)."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    from bot.telegram_config import TelegramConfig
    from bot.telegram_http import with_aiohttp

    def markup(text: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data=text)]])

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        text = update.message.text
        await context.bot.send_message(
            update.message.chat_id, text, reply_markup=markup(text) if buttons else None
        )

    async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None and query.data is not None
        chat_id, message_id = query.message.chat.id, query.message.message_id
        await asyncio.gather(
            query.answer(),
            context.bot.send_message(chat_id, query.data, reply_markup=markup(query.data)),
        )
        await context.bot.edit_message_text(f"{query.data}\n» Ja", chat_id, message_id)

    builder = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(f"{api_root}/bot")
        .base_file_url(f"{api_root}/file/bot")
    )
    if transport == "default":  # PTB as it comes: httpx, one update at a time
        pass
    elif transport == "aiohttp":  # the transport `kmobot telegram` uses, with its settings
        builder = with_aiohttp(
            builder,
            connection_pool_size=TelegramConfig.connection_pool_size,
            pool_timeout=TelegramConfig.pool_timeout,
        )
    else:  # PTB's default (httpx), tuned: a smaller pool and no sniffio lookups
        _skip_missing_sniffio()
        builder = builder.connection_pool_size(16).pool_timeout(30.0)
    if transport != "default":
        builder = builder.concurrent_updates(True)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(press))
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


def _kbo(chat_id: int) -> str:
    """A valid ondernemingsnummer of its own for each chat (one onderneming has one beheerder)."""
    base = 2_000_000 + chat_id
    digits = f"{base:08d}{97 - base % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


async def _aanvraag(user: User, latencies: list[float], think: float = 0.0) -> None:
    """One full aanvraag; the latency of each turn is the time to the bot's first reply."""
    reply: BotMessage | None = None
    for action, step, count in AANVRAAG_STAPPEN:
        what = _kbo(user.chat_id) if step == "0403.170.701" else step
        presses = [what] if isinstance(what, str) else []
        if action == "pick" and not isinstance(what, str):
            assert reply is not None
            offered = [label for label in what if label in reply.labels()]
            presses = [offered[0]] + (["IT"] if offered[0] == "Iets anders" else [])
        for turn, label in enumerate(presses):
            await _think(think)
            started = time.perf_counter()
            if action == "say":
                user.send(label)
            else:
                user.press(label)
            reply = await user.next_message(timeout=60)
            latencies.append(time.perf_counter() - started)
            # The approval: its text, then the QR photo and the next steps.
            for _ in range(count - 1 if turn == len(presses) - 1 else 0):
                reply = await user.next_message(timeout=60)
    assert reply is not None and "Volgende stappen" in reply.text, reply


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


async def _button_chat(user: User, latencies: list[float], think: float = 0.0) -> None:
    """The aanvraag's mix of turns: typed text where it types, a button press where it presses."""
    steps = [a for a, *_ in AANVRAAG_STAPPEN]
    steps.insert(7, "pick")  # "Iets anders", then IT
    for turn, action in enumerate(steps):
        await _think(think)
        started = time.perf_counter()
        if action == "say":
            user.send(f"bericht {turn}")
        else:
            user.press("Ja")
        reply = await user.next_message(timeout=60)
        latencies.append(time.perf_counter() - started)
        assert reply.text.startswith("bericht"), reply.text


async def _run_chats(
    bot: BotState, first_chat: int, chats: int, kind: str, think: float = 0.0
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    users = [User(bot, first_chat + i) for i in range(chats)]
    flow = {"kmobot": _aanvraag, "knoppen": _button_chat}.get(kind, _echo_chat)
    started = time.perf_counter()
    await asyncio.gather(*(flow(u, latencies, think) for u in users))
    return time.perf_counter() - started, latencies


async def _start_bot(kind: str, emulator: BotApiEmulator, db: Path) -> asyncio.subprocess.Process:
    if kind == "kmobot":
        args: list[str] = [
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
    else:
        bot = BOTS[kind]
        assert bot.transport is not None
        args = [str(Path(__file__).absolute()), "--echo-bot", emulator.api_root, bot.transport]
        args += ["--buttons"] if bot.buttons else []
    return await asyncio.create_subprocess_exec(
        sys.executable, *args, env=_env(BOTS[kind].token), cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )


async def _stop_bot(proc: asyncio.subprocess.Process) -> None:
    proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    if proc.returncode != 0:
        sys.stderr.write(err.decode())


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _start_profiler(pid: int, kind: str, seconds: int) -> asyncio.subprocess.Process:
    """py-spy (if installed) samples the bot during the throughput run: collapsed stacks."""
    out = ROOT / "benchmarks" / f"profile-{kind}.txt"
    return await asyncio.create_subprocess_exec(
        "py-spy", "record", "-p", str(pid), "-d", str(seconds), "-o", str(out), "--format", "raw"
    )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(v: float) -> str:
    return f"{v * 1000:.1f} ms"


async def _measure(kind: str, emulator: BotApiEmulator, args: argparse.Namespace, tmp: Path):
    bot = emulator.add_bot(BOTS[kind].token)
    proc = await _start_bot(kind, emulator, tmp / f"{kind}.db")
    try:
        # Warm up (imports, first turn of the engine, connection pool) with one chat.
        await _run_chats(bot, 1, 1, kind)
        _, latencies = await _run_chats(bot, 1000, args.latency_chats, kind, args.think)
        if args.profile_seconds:
            spy = await _start_profiler(proc.pid, kind, args.profile_seconds)
        bot_cpu, own_cpu = _cpu_seconds(proc.pid), time.process_time()
        wall, throughput_latencies = await _run_chats(bot, 100_000, args.chats, kind)
        bot_cpu, own_cpu = _cpu_seconds(proc.pid) - bot_cpu, time.process_time() - own_cpu
        if args.profile_seconds:
            await spy.wait()
    finally:
        await _stop_bot(proc)
    turns = len(throughput_latencies)
    return {
        "bot_cpu_per_turn": bot_cpu / turns,
        "emulator_cpu_per_turn": own_cpu / turns,
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
    results = {}
    # On a shared machine the load changes from one minute to the next: each round measures the
    # plain PTB echo bot and kmobot right after each other, and the ratios are given per round.
    pairs: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        async with BotApiEmulator() as emulator:
            emulator.record_calls = False
            for round_ in range(args.rounds):
                where = Path(tmp) / f"ronde-{round_}"
                where.mkdir()
                kinds = ["echo-ptb", "kmobot"]
                if round_ == 0:  # the pair first, the other reference bots after it
                    kinds += [k for k in BOTS if k not in kinds]
                measured = {kind: await _measure(kind, emulator, args, where) for kind in kinds}
                results = results or measured
                plain, kmo_round = measured["echo-ptb"], measured["kmobot"]
                pairs.append(
                    (
                        kmo_round["turns_per_s"] / plain["turns_per_s"],
                        kmo_round["p99"] / plain["p99"],
                    )
                )
        service_cpu = await _service_cpu_per_turn(Path(tmp))
    kmo = results["kmobot"]
    out = sys.stdout.write
    out(
        f"turns per chat: {kmo['turns_per_chat']:.0f} (a full opleiding aanvraag: text, buttons,"
        f" approval with QR); echo bots: {TURNS} turns per chat; cpus: {os.cpu_count()}\n"
        "echo bot: one sendMessage per typed message. echo bot with buttons: typed and pressed"
        " turns as in the aanvraag, a press answered, edited and replied to as kmobot does."
        " Both on kmobot's transport (aiohttp); the first line is the plain echo bot on PTB's"
        " default transport (httpx).\n"
    )
    for kind, bot in BOTS.items():
        r = results[kind]
        out(
            f"{bot.name:22s} {args.latency_chats} chats: median {_ms(r['median'])},"
            f" p99 {_ms(r['p99'])}"
            f" | {args.chats} chats: {r['turns_per_s']:.0f} turns/s ({r['wall']:.1f} s),"
            f" median {_ms(r['median_loaded'])}, p99 {_ms(r['p99_loaded'])};"
            f" CPU per turn: bot {_ms(r['bot_cpu_per_turn'])},"
            f" emulator and users {_ms(r['emulator_cpu_per_turn'])}\n"
        )
    if service_cpu is not None:
        out(
            f"for scale: Service.handle alone (engine + its SQLite transaction) takes"
            f" {_ms(service_cpu)} of CPU per turn\n"
        )
    for round_, (throughput, p99) in enumerate(pairs, start=1):
        out(
            f"round {round_}, against the {BOTS['echo-ptb'].name} (same emulator, measured"
            f" right before): throughput at {args.chats} chats {throughput:.2f}×"
            f" (goal ≥ 0.8×: {'ok' if throughput >= 0.8 else 'NOT MET'}),"
            f" p99 message→reply at {args.latency_chats} chats {p99:.2f}×"
            f" (goal ≤ 2×: {'ok' if p99 <= 2 else 'NOT MET'})\n"
        )
    if len(pairs) > 1:
        out(
            f"over {len(pairs)} rounds: throughput {min(p[0] for p in pairs):.2f}–"
            f"{max(p[0] for p in pairs):.2f}×, p99 {min(p[1] for p in pairs):.2f}–"
            f"{max(p[1] for p in pairs):.2f}×\n"
        )
    for kind in ("echo-httpx", "echo", "knoppen"):
        ratio = kmo["turns_per_s"] / results[kind]["turns_per_s"]
        out(
            f"throughput: {ratio:.0%} of the {BOTS[kind].name} "
            f"(target ≥ 80 %: {'ok' if ratio >= 0.8 else 'NOT MET'})\n"
        )
    out(
        f"p99 at {args.latency_chats} chats: {_ms(kmo['p99'])}"
        f" (target < 25 ms: {'ok' if kmo['p99'] < 0.025 else 'NOT MET'})\n"
    )


def main() -> None:
    """Print the figures (or run the echo bot, in the child process)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument(
        "--rounds", type=int, default=1, help="pairs (plain PTB echo bot, kmobot) to measure"
    )
    parser.add_argument("--latency-chats", type=int, default=10)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="seconds a user of the latency run takes to answer (uniform ±50 %%)",
    )
    parser.add_argument("--echo-bot", nargs=2, metavar=("API_ROOT", "TRANSPORT"), default=None)
    parser.add_argument("--buttons", action="store_true")
    parser.add_argument(
        "--profile-seconds",
        type=int,
        default=0,
        help="sample each bot with py-spy for this long during the throughput run",
    )
    args = parser.parse_args()
    if args.echo_bot:
        asyncio.run(_echo_bot(*args.echo_bot, buttons=args.buttons))
        return
    os.environ.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    asyncio.run(_main(args))


if __name__ == "__main__":
    main()
