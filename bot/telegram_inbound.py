"""Updates in, confirmed to Telegram only after their turn committed.

Polling: one `getUpdates` at a time; the updates of a batch run (concurrently across chats, in
order within one), and only when all of them are done does the next `getUpdates` carry the offset
that confirms them. A process killed in between gets the same updates again at its next start;
the handled-update ids stored with each turn make a redelivery count once.

Webhook: an aiohttp server of our own (PTB's Application without its Updater) that checks the
secret header (403 otherwise) and answers 200 only after the update's turn committed, so that
Telegram delivers it again when the process died before answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Final

from aiohttp import web
from telegram import Update
from telegram.error import TelegramError, TimedOut

log = logging.getLogger(__name__)

SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"
# Updates per getUpdates (Telegram's maximum).
BATCH: Final = 100

Process = Callable[[Update], Awaitable[None]]


async def poll(
    bot: Any,
    process: Process,
    *,
    stop: asyncio.Event,
    timeout: float,
    allowed_updates: list[str],
    retry_delay: float = 0.5,
    max_retry_delay: float = 30.0,
) -> None:
    """Fetch and process updates until `stop` is set; the offset moves past finished batches."""
    offset: int | None = None
    pause = retry_delay
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            fetch = asyncio.ensure_future(
                bot.get_updates(
                    offset=offset,
                    limit=BATCH,
                    timeout=max(0, int(timeout)),
                    allowed_updates=allowed_updates,
                )
            )
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not fetch.done():
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await fetch
                return
            try:
                updates = fetch.result()
            except TimedOut:
                continue
            except TelegramError as exc:  # no connection, another process polling, …
                log.warning("getUpdates failed (%s); again in %.1f s", exc, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, max_retry_delay)
                continue
            pause = retry_delay
            if not updates:
                continue
            # Processing is not interrupted by a stop: what was fetched is finished first.
            results = await asyncio.gather(*(process(u) for u in updates), return_exceptions=True)
            for result in results:
                if isinstance(result, Exception):  # handlers' errors are PTB's; this is ours
                    log.error("update not processed: %s", result.__class__.__name__)
            offset = max(u.update_id for u in updates) + 1
    finally:
        stopping.cancel()
    # Confirm the last batch, so that a restart does not fetch it again (the ids would make
    # it a no-op anyway).
    if offset is not None:
        with contextlib.suppress(Exception):
            await bot.get_updates(offset=offset, limit=1, timeout=0)


def webhook_app(bot: Any, process: Process, *, path: str, secret: str | None) -> web.Application:
    """The aiohttp application that takes Telegram's webhook requests on `path`."""

    async def receive(request: web.Request) -> web.Response:
        if secret is not None and not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, ""), secret
        ):
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook request that is not an update; refused")
            return web.Response(status=400)
        await process(update)
        return web.Response()

    app = web.Application()
    app.router.add_post("/" + path.lstrip("/"), receive)
    return app


async def start_webhook(
    bot: Any, process: Process, *, listen: str, port: int, path: str, secret: str | None
) -> web.AppRunner:
    """Listen on `listen:port` (OSError when that is impossible); the runner to clean up."""
    runner = web.AppRunner(
        webhook_app(bot, process, path=path, secret=secret), access_log=None, shutdown_timeout=5.0
    )
    await runner.setup()
    try:
        await web.TCPSite(runner, listen, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner
