"""`kmobot web`: the web chat alone on the store at --db, until SIGTERM or Ctrl+C."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.opwarmen import opwarmen
from bot.service import Service
from bot.store import Store
from bot.webchat import WebChat, start
from dialogs.messages import default_catalog
from domain_rules import laad_regelboek


async def serve(args: argparse.Namespace, *, db: Path, today: Callable[[], date]) -> int:
    """Serve `/chat` on --listen:--port; 2 when that address cannot be used."""
    catalog = default_catalog()
    await opwarmen()
    store = await Store.open(db)
    try:
        service = Service(store, regelboek=laad_regelboek())
        chat = WebChat(
            service,
            today=today,
            frame_ancestors=("'self'", *args.inbedden),
            origins=tuple(args.origin),
        )
        try:
            running = await start(chat, host=args.listen, port=args.port)
        except OSError as exc:
            adres = f"{args.listen}:{args.port}"
            reden = exc.strerror or exc.__class__.__name__
            sys.stderr.write(catalog.text("web.kan_niet_luisteren", adres=adres, reden=reden))
            sys.stderr.write("\n")
            return 2
        sys.stderr.write(catalog.text("web.gestart", adres=running.url) + "\n")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        try:
            await stop.wait()
        finally:
            loop.remove_signal_handler(signal.SIGTERM)
            await running.close()
    finally:
        await store.close()
    return 0
