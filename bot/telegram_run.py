"""`kmobot telegram`: check the token and options, open the store, run the channel until a signal.

The exit codes and their Dutch reasons are here; the channel itself is `bot/telegram_app.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import secrets
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError

from bot.opwarmen import bevries, opwarmen
from bot.store import Store
from bot.telegram_app import TelegramChannel
from bot.telegram_config import TelegramConfig, redacted_logs, token_problem
from dialogs.messages import default_catalog
from domain_rules import laad_regelboek

log = logging.getLogger("bot.telegram_app")

# Seconds a thread waiting for the GIL waits at most (Python's default is 0.005).
SWITCH_INTERVAL: Final = 0.0005
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


async def serve(
    channel: TelegramChannel,
    *,
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
    freeze_gc: bool = False,
) -> None:
    """Run the channel until `stop` is set."""
    try:
        if freeze_gc:
            # Rules, texts and indexes loaded before the first update, then kept out of the
            # garbage collector's full passes (bot/opwarmen.py); PTB's objects after start.
            await opwarmen()
        await channel.start()
        if freeze_gc:
            bevries()
        if ready is not None:
            ready.set()
        await stop.wait()
    finally:
        await channel.stop()


def _fail(message_id: str, code: int, **params: str) -> int:
    sys.stderr.write(default_catalog().text(message_id, **params) + "\n")
    return code


async def _main(config: TelegramConfig, *, db: Path, today: Callable[[], date]) -> int:
    store = await Store.open(db)
    try:
        channel = TelegramChannel(store, today=today, config=config, regelboek=laad_regelboek())
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        try:
            await serve(channel, stop=stop, freeze_gc=True)
        except InvalidToken:
            return _fail("telegram.token_geweigerd", 2)
        except (BadRequest, Forbidden, Conflict):
            log.exception("the Bot API refused to start the bot")
            return _fail("telegram.start_geweigerd", 1)
        except NetworkError:
            log.exception("could not reach the Bot API")
            return _fail("telegram.geen_verbinding", 1)
        except OSError as exc:  # the webhook server could not listen
            log.exception("could not listen for the webhook")
            return _fail(
                "telegram.niet_luisteren",
                1,
                adres=f"{config.listen}:{config.port}",
                reden=exc.strerror or exc.__class__.__name__,
            )
        return 0
    finally:
        await store.close()


def run(args: argparse.Namespace, *, db: Path, today: Callable[[], date]) -> int:
    """`kmobot telegram`: check the token and options, then run until SIGINT/SIGTERM."""
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    problem = token_problem(token)
    if problem is not None:
        return _fail(problem, 2)
    secret: str | None = None
    if args.webhook:
        parts = urlsplit(args.webhook)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return _fail("telegram.webhook_url", 2)
        secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or secrets.token_urlsafe(32)
        if not _SECRET_SHAPE.match(secret):
            return _fail("telegram.webhook_geheim", 2)
    # Opt in to PTB's coming timedelta durations: without it PTB warns on every 429 it reads.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    # SQLite runs in aiosqlite's thread; each query hands the GIL over to it. While the event
    # loop is busy with another chat, that thread would wait up to the default 5 ms switch
    # interval per query, a turn's reply up to tens of ms. The thread only runs short queries;
    # in the benchmark the shorter interval left throughput within its run-to-run spread.
    sys.setswitchinterval(SWITCH_INTERVAL)
    config = TelegramConfig(
        token=token,
        api_base_url=args.api_base_url,
        webhook_url=args.webhook,
        listen=args.listen,
        port=args.port,
        secret_token=secret,
    )
    with redacted_logs(token, secret or ""):
        return asyncio.run(_main(config, db=db, today=today))
