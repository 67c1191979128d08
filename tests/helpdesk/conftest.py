"""Fixtures of the helpdesk tests: a store on a file, a service on a settable clock, agents and
the console served on 127.0.0.1 by aiohttp's test server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.helpdesk import auth
from bot.helpdesk.web import maak_app
from bot.service import Service
from bot.store import Store
from dialogs.models import Input, Message
from tests.auxil.antwoorden import Antwoorden

# The Telegram emulator's fixtures, for tests/helpdesk/test_telegram.py.
from tests.bot.telegram.conftest import _environment, bot, clock, emulator  # noqa: F401

TODAY = date(2026, 3, 10)
# A Tuesday, 10:00 in Brussels: within the default opening hours (ma-vr 09:00-17:00).
OPEN = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
WACHTWOORD = "een lang geheim wachtwoord"


class Klok:
    """A clock the test moves."""

    def __init__(self, nu: datetime = OPEN) -> None:
        self.nu = nu

    def __call__(self) -> datetime:
        return self.nu

    def verder(self, **delta: float) -> None:
        self.nu += timedelta(**delta)


@pytest.fixture
def klok() -> Klok:
    return Klok()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "kmo.db")
    yield s
    await s.close()


@pytest.fixture
def service(store: Store, klok: Klok) -> Service:
    return Service(store, clock=klok)


async def maak_medewerker(store: Store, naam: str, rol: str = "agent") -> None:
    async with store.transaction() as tx:
        assert await tx.voeg_medewerker_toe(
            naam,
            auth.hash_wachtwoord(WACHTWOORD),
            "beheerder" if rol == "beheerder" else "agent",
            OPEN,
        )


@dataclass
class Console:
    """A test client on the console, logged in or not."""

    client: TestClient[Any, Any]
    csrf: str = ""

    async def login(self, naam: str, wachtwoord: str = WACHTWOORD) -> int:
        r = await self.client.post(
            "/api/login", json={"gebruiker": naam, "wachtwoord": wachtwoord}
        )
        if r.status == 200:
            self.csrf = (await r.json())["csrf"]
        return r.status

    async def post(self, path: str, **json: Any) -> Any:
        return await self.client.post(path, json=json, headers={"X-CSRF-Token": self.csrf})


@pytest.fixture
async def console(service: Service) -> AsyncIterator[Console]:
    app = maak_app(service, vandaag=lambda: TODAY)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield Console(client)


async def beurt(service: Service, kanaal: str, chat: str, tekst: str) -> list[Message]:
    return await service.handle(kanaal, chat, Input(text=tekst), today=TODAY)


async def tot(
    service: Service, kanaal: str, chat: str, answers: dict[str, str], until: str
) -> list[Message]:
    """`nieuw`, then whatever is asked answered from `answers`, until `until` is asked."""
    msgs = await beurt(service, kanaal, chat, "nieuw")
    walk = Antwoorden(answers, until)
    while (answer := walk.next(msgs[-1].asks, "\n".join(m.text for m in msgs))) is not None:
        msgs = await beurt(service, kanaal, chat, answer)
    return msgs
