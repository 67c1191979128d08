"""The rasa-sdk action server of `kmobot acties`: rasa-sdk's own app, in this process's loop.

rasa-sdk's `create_app` (POST /webhook, GET /actions, GET /health, its status codes: 404 for an
unknown action, 400 for a rejection) with the actions of `bot.rasa_actions`, served by Sanic
inside the running asyncio loop, so the store and the service live in the same loop; bound to
127.0.0.1 unless told otherwise. Only the channel modules import rasa_sdk and sanic.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from bot.opwarmen import opwarmen
from bot.rasa_actions import RasaKanaal, acties
from bot.service import Service
from bot.store import Store
from dialogs.messages import default_catalog
from domain_rules import laad_regelboek

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5055


class Tijden:
    """How long each action call took (ms), by action name: no message, no chat id."""

    def __init__(self) -> None:
        self.per_actie: dict[str, list[float]] = {}

    def timed(self, name: str, run: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        """The action's run, timed."""

        async def call(dispatcher: Any, tracker: Any, domain: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return await run(dispatcher, tracker, domain)
            finally:
                ms = (time.perf_counter() - t0) * 1000
                self.per_actie.setdefault(name, []).append(round(ms, 2))

        return call

    def schrijf(self, path: Path) -> None:
        """The times as JSON, {"acties_ms": {name: [ms, …]}}."""
        path.write_text(json.dumps({"acties_ms": self.per_actie}, indent=1) + "\n", "utf-8")


def executor(kanaal: RasaKanaal, tijden: Tijden | None = None) -> ActionExecutor:
    """rasa-sdk's executor with every action of the channel registered (and timed)."""
    ex = ActionExecutor()
    for action in acties(kanaal):
        ex.register_action(action)
        if tijden is not None:
            ex.actions[action.name()] = tijden.timed(action.name(), action.run)
    return ex


@dataclass
class RunningServer:
    """An action server listening on `host:port` until `close()`."""

    app: Any
    server: Any
    host: str
    port: int
    tijden: Tijden

    @property
    def url(self) -> str:
        """The webhook URL for Rasa's endpoints.yml."""
        return f"http://{self.host}:{self.port}/webhook"

    async def close(self) -> None:
        """Stop listening and free the app's name for another server in this process."""
        await self.server.before_stop()
        self.server.close()
        await self.server.wait_closed()
        await self.server.after_stop()
        Sanic.unregister_app(self.app)


async def start(
    service: Service,
    *,
    today: Callable[[], date],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
) -> RunningServer:
    """Start the action server in the running loop (port 0: a free port)."""
    # Rasa 3.6 calls with its own version; rasa-sdk 3.x answers it the same (see the README).
    warnings.filterwarnings(
        "ignore", message="Your versions of rasa and rasa_sdk", category=UserWarning
    )
    # A socket bound here: port 0 gives a free port (Sanic would take 0 for its default 8000).
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(100)
    sock.setblocking(False)
    tijden = Tijden()
    app = create_app(executor(RasaKanaal(service, today=today), tijden), cors_origins=[])
    # Sanic rewrites its request methods at the first start; a second app in the same process
    # (a test, a restart) cannot rewrite them again.
    app.config.TOUCHUP = False
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    if server is None:  # pragma: no cover - only without return_asyncio_server
        Sanic.unregister_app(app)
        raise RuntimeError("the action server did not start")
    await server.startup()
    await server.before_start()
    await server.start_serving()
    await server.after_start()
    port = int(sock.getsockname()[1])
    return RunningServer(app=app, server=server, host=host, port=port, tijden=tijden)


async def serve(
    db: Path,
    *,
    today: Callable[[], date],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    tijden: Path | None = None,
) -> int:
    """`kmobot acties`: the action server on the store at `db` until SIGTERM or Ctrl+C.

    With `tijden`, the duration of every action call is written there when it stops.
    """
    await opwarmen()
    store = await Store.open(db)
    try:
        service = Service(store, regelboek=laad_regelboek())
        running = await start(service, today=today, host=host, port=port)
        sys.stderr.write(
            default_catalog().text(
                "rasa.acties_luistert", host=host, port=str(running.port), db=str(db)
            )
            + "\n"
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        try:
            await stop.wait()
        finally:
            loop.remove_signal_handler(signal.SIGTERM)
            await running.close()
            if tijden is not None:
                running.tijden.schrijf(tijden)
    finally:
        await store.close()
    return 0
