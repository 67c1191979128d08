"""Through the Telegram emulator: what a Telegram user typed reaches the console escaped, a
request for a person puts the chat in the queue, a taken-over chat gets no bot answers, and the
agent's reply and the hand-back reach the user on Telegram through the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.helpdesk.web import maak_app
from bot.service import Service
from bot.store import Store
from tests.bot.telegram.conftest import Clock, running, say
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User
from tests.helpdesk.conftest import TODAY, Console, Klok, maak_medewerker


@pytest.fixture
async def console_op(tmp_path: Path) -> AsyncIterator[tuple[Console, Store]]:
    store = await Store.open(tmp_path / "kmo.db")
    # The bot's process keeps the real time (its retention deletes older transcript lines):
    # the console's clock starts at the same moment.
    app = maak_app(Service(store, clock=Klok(datetime.now(UTC))), vandaag=lambda: TODAY)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield Console(client), store
    await store.close()


async def test_a_telegram_user_in_the_console(
    emulator: BotApiEmulator,
    bot: BotState,
    clock: Clock,
    tmp_path: Path,
    console_op: tuple[Console, Store],
) -> None:
    console, store = console_op
    await maak_medewerker(store, "els")
    user = User(bot, 601)
    aanval = "<script>alert(1)</script>"
    async with running(emulator, tmp_path / "kmo.db", clock):
        await say(user, "/start")
        await say(user, aanval)
        reply = await say(user, "ik wil iemand spreken")
        assert "1700" in reply.text
        assert await console.login("els") == 200
        wacht = await (await console.client.get("/api/gesprekken?filter=wacht_op_mens")).json()
        assert [(g["kanaal"], g["chat_id"], g["reden"]) for g in wacht] == [
            ("telegram", "601", "persoon_gevraagd")
        ]
        html = await (await console.client.get("/gesprek/telegram/601")).text()
        assert aanval not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert (await console.post("/api/gesprekken/telegram/601/overnemen")).status == 200
        notice = await user.next_message()
        assert "overgenomen" in notice.text
        user.send("hallo, is daar iemand?")
        await user.no_message(within=1.0)
        r = await console.post("/api/gesprekken/telegram/601/bericht", tekst="Ja, Els hier.")
        assert r.status == 200
        antwoord = await user.next_message()
        assert "Ja, Els hier." in antwoord.text
        assert "helpdesk" in antwoord.text.lower()
        assert (await console.post("/api/gesprekken/telegram/601/teruggeven")).status == 200
        terug = [await user.next_message()]
        while not terug[-1].buttons and "?" not in terug[-1].text:
            terug.append(await user.next_message())
        assert "terug aan de assistent" in terug[0].text
        weer = await say(user, "0403170701")
        assert "grootte" in weer.text.lower() or weer.labels
    async with store.transaction() as tx:
        rijen = await tx.klaarstaand("telegram", chat_id="601")
        regels = await tx.transcript("telegram", "601")
    assert rijen == []
    assert [r.tekst for r in regels if r.van == "gebruiker"][-2] == "hallo, is daar iemand?"
    assert [r.tekst for r in regels if r.van == "medewerker"] == ["Ja, Els hier."]
