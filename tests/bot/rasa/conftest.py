"""An action server on a free loopback port, and a Rasa 3.6 tracker that calls it over HTTP.

The request bodies are the captured Rasa 3.6.21 → rasa-sdk body (data/) with this chat's
sender, slots, active loop and latest message: the shape Rasa sends, filled like Rasa fills it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.rasa_actions import BERICHT, FORM, KEUZE, KIES, form_slots
from bot.rasa_server import RunningServer, start
from bot.service import Service
from bot.store import Store
from dialogs.fields import default_table

TODAY = date(2026, 3, 10)
CAPTURE = Path(__file__).parent / "data" / "rasa36_validate_request.json"


def captured_request() -> dict[str, Any]:
    """The captured Rasa 3.6.21 request to /webhook."""
    data: dict[str, Any] = json.loads(CAPTURE.read_text(encoding="utf-8"))["request"]
    return data


@dataclass
class Antwoord:
    """One /webhook answer: HTTP status, events and the texts of the responses."""

    status: int
    body: dict[str, Any]

    @property
    def events(self) -> list[dict[str, Any]]:
        return list(self.body.get("events") or [])

    @property
    def responses(self) -> list[dict[str, Any]]:
        return list(self.body.get("responses") or [])

    @property
    def texts(self) -> list[str]:
        """The texts of the engine's messages (not the QR image's caption)."""
        return [r["text"] for r in self.responses if r.get("text") and not r.get("image")]

    def slot(self, name: str) -> Any:
        """The value the events set last for a slot (KeyError when not set)."""
        found = [e["value"] for e in self.events if e["event"] == "slot" and e["name"] == name]
        if not found:
            raise KeyError(name)
        return found[-1]


@dataclass
class RasaTracker:
    """What Rasa keeps for one sender: slots, the active loop; applies the events it gets back."""

    http: aiohttp.ClientSession
    url: str
    sender: str
    slots: dict[str, Any] = field(default_factory=dict)
    active_loop: str | None = None
    count: int = 0

    def body(self, action: str, text: str, intent: str, entities: list[dict[str, Any]]) -> Any:
        req = captured_request()
        req["next_action"] = action
        req["sender_id"] = self.sender
        tracker = req["tracker"]
        tracker["sender_id"] = self.sender
        tracker["slots"] = {"requested_slot": None, **copy.deepcopy(self.slots)}
        latest = tracker["latest_message"]
        latest.update(text=text, entities=entities, message_id=f"{self.sender}-{self.count}")
        latest["intent"] = {"name": intent, "confidence": 0.99}
        latest["intent_ranking"] = [latest["intent"]]
        tracker["active_loop"] = (
            {"name": self.active_loop, "is_interrupted": False, "rejected": False}
            if self.active_loop
            else {}
        )
        req["domain"]["forms"] = {FORM: {"required_slots": form_slots(default_table())}}
        return req

    async def post(self, body: Any) -> Antwoord:
        async with self.http.post(self.url, json=body) as r:
            return Antwoord(r.status, await r.json())

    async def call(
        self,
        action: str,
        text: str,
        *,
        intent: str = "andere",
        entities: list[dict[str, Any]] | None = None,
        new_message: bool = True,
    ) -> Antwoord:
        """One action call for the latest message; the events are applied like Rasa does."""
        if new_message:
            self.count += 1
        a = await self.post(self.body(action, text, intent, entities or []))
        for e in a.events:
            if e["event"] == "slot":
                self.slots[e["name"]] = e["value"]
            elif e["event"] == "active_loop":
                self.active_loop = e["name"]
        return a

    async def say(self, text: str) -> Antwoord:
        """A user message inside (or starting) the form: validate_aanvraag_form runs."""
        a = await self.call(f"validate_{FORM}", text)
        if self.active_loop is None:
            self.active_loop = FORM
        if a.status == 200 and any(
            e["event"] == "slot" and e["name"] == "requested_slot" and e["value"] is None
            for e in a.events
        ):
            self.active_loop = None  # the form is done; Rasa's rule runs the next action
        return a

    async def kies(self, value: str) -> Antwoord:
        """A button press: Rasa parses the payload /kies{"keuze": …} into intent and entity."""
        payload = f"/{KIES}" + json.dumps({KEUZE: value})
        self.count += 1
        a = await self.post(
            self.body(f"validate_{FORM}", payload, KIES, [{"entity": KEUZE, "value": value}])
        )
        for e in a.events:
            if e["event"] == "slot":
                self.slots[e["name"]] = e["value"]
        return a

    @property
    def requested(self) -> Any:
        return self.slots.get("requested_slot")

    @property
    def handled(self) -> Any:
        return self.slots.get(BERICHT)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "kmo.db")
    yield s
    await s.close()


@pytest.fixture
async def service(store: Store) -> Service:
    return Service(store)


@pytest.fixture
async def server(service: Service) -> AsyncIterator[RunningServer]:
    running = await start(service, today=lambda: TODAY, host="127.0.0.1", port=0)
    yield running
    await running.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def rasa(http: aiohttp.ClientSession, server: RunningServer) -> RasaTracker:
    return RasaTracker(http=http, url=server.url, sender="rasa-gebruiker")
