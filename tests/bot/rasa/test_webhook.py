"""The action server over HTTP with Rasa 3.6 request bodies: each slot as the engine has it.

Every test runs the same messages through the action server (kanaal rasa) and straight through
the service on another store (as the terminal does), and compares texts, slots and projects.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.rasa_actions import FORM, VERKLARING, acties_namen, kies_payload
from bot.rasa_server import RunningServer
from bot.service import Service
from bot.store import Store
from dialogs.models import Input, Message
from tests.auxil.antwoorden import Antwoorden
from tests.bot.rasa.conftest import TODAY, Antwoord, RasaTracker
from tests.dialogs.driver import ADVIES, OPLEIDING

MEDEDELING = re.compile(r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")


class Engine:
    """The same chat straight through the service, on a store of its own."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.last: list[Message] = []

    async def say(self, text: str) -> list[Message]:
        inp = Input(text=text)
        self.last = await self.service.handle("terminal", "vergelijk", inp, today=TODAY)
        return self.last

    @property
    def asks(self) -> str | None:
        return self.last[-1].asks if self.last else None


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[Engine]:
    store = await Store.open(tmp_path / "engine.db")
    yield Engine(Service(store))
    await store.close()


async def both(rasa: RasaTracker, engine: Engine, text: str) -> Antwoord:
    """One message on both sides: the same texts, the slots as the engine stored them."""
    a = await rasa.say(text)
    expected = await engine.say(text)
    assert a.status == 200, a.body
    assert a.texts == [m.text for m in expected]
    assert rasa.requested == engine.asks  # a field id, or verklaring at the summary
    return a


async def walk(rasa: RasaTracker, engine: Engine, until: str, answers: dict[str, str]) -> None:
    """From the start, answer on both sides until `until` is asked."""
    await both(rasa, engine, "nieuw")
    steps = Antwoorden(answers, until)
    while (answer := steps.next(engine.asks, "\n".join(m.text for m in engine.last))) is not None:
        await both(rasa, engine, answer)
    assert rasa.requested == until


async def test_an_unknown_action_answers_404_as_rasa_expects(rasa: RasaTracker) -> None:
    a = await rasa.call("action_bestaat_niet", "hallo")
    assert a.status == 404
    assert a.body == {
        "error": "No registered action found for name 'action_bestaat_niet'.",
        "action_name": "action_bestaat_niet",
    }


async def test_the_server_lists_the_domains_actions_and_is_healthy(
    http: aiohttp.ClientSession, server: RunningServer
) -> None:
    assert server.host == "127.0.0.1"
    base = server.url.removesuffix("/webhook")
    async with http.get(f"{base}/actions") as r:
        assert sorted(a["name"] for a in await r.json()) == sorted(acties_namen())
    async with http.get(f"{base}/health") as r:
        assert (await r.json()) == {"status": "ok"}


async def test_only_events_rasa_36_knows_are_sent(rasa: RasaTracker) -> None:
    a = await rasa.say("nieuw")
    assert {e["event"] for e in a.events} <= {"slot", "active_loop", "followup"}
    assert set(a.responses[0]) >= {"text", "buttons", "image", "custom", "response"}


REFUSALS = [
    ("onderneming", "0403.170.702"),
    ("grootte", "groot"),
    ("nace", "12"),
    ("type", "misschien"),
    ("naam", "x"),
    ("soort", "7"),
    ("thema", "42"),
    ("deelnemers", "0"),
    ("deelnemer_namen", "Jan"),
    ("uren", "veel"),
    ("datum_overeenkomst", "01/04/2026"),
    ("startdatum", "01/01/2026"),
    ("bedrijfsfunctioneren", "nee"),
    ("kost", "20 euro"),
    ("dienstverlener", "DV.A242438"),
]


@pytest.mark.parametrize(("field", "answer"), REFUSALS, ids=[f for f, _ in REFUSALS])
async def test_each_slot_is_refused_as_the_engine_refuses_it(
    rasa: RasaTracker, engine: Engine, field: str, answer: str
) -> None:
    await walk(rasa, engine, field, OPLEIDING)
    a = await both(rasa, engine, answer)
    assert rasa.slots.get(field) is None  # refused: the slot stays empty
    assert rasa.requested == field  # and is asked again
    assert engine.last[0].problem is not None or "fout" in engine.last[0].id
    assert a.texts[0] == engine.last[0].text  # the reason, in the engine's words
    # The right answer then fills it, as the engine stores it.
    await both(rasa, engine, OPLEIDING[field])
    assert rasa.slots[field] is not None


async def test_every_slot_holds_the_engines_value(rasa: RasaTracker, engine: Engine) -> None:
    await walk(rasa, engine, VERKLARING, OPLEIDING)
    assert rasa.slots["onderneming"] == "0403170701"
    assert rasa.slots["kost"] == "1250.50"
    assert rasa.slots["deelnemer_namen"] == ["Jan Peeters", "An Janssens"]
    assert rasa.slots["startdatum"] == "2026-03-02"
    assert rasa.slots["dienstverlener"]["registratienummer"] == "DV.O213465"


async def test_a_message_with_several_facts_fills_every_slot_it_holds(
    rasa: RasaTracker, engine: Engine
) -> None:
    await walk(rasa, engine, "type", OPLEIDING)
    await both(
        rasa,
        engine,
        "Ik wil een opleiding Excel gevorderd voor 2 mensen (Jan Peeters en An Janssens), "
        "16 uur, € 900, start 2 maart",
    )
    assert rasa.slots["type"] == "opleiding"
    assert rasa.slots["naam"] == "Excel gevorderd"
    assert rasa.slots["deelnemers"] == 2
    assert rasa.slots["deelnemer_namen"] == ["Jan Peeters", "An Janssens"]
    assert rasa.slots["uren"] == "16"
    assert rasa.slots["kost"] == "900.00"
    assert rasa.slots["startdatum"] == "2026-03-02"


async def test_a_question_gets_the_faq_answer_and_leaves_the_slot_empty(
    rasa: RasaTracker, engine: Engine
) -> None:
    await walk(rasa, engine, "kost", OPLEIDING)
    a = await both(rasa, engine, "moet ik de btw meerekenen?")
    assert "btw" in a.texts[0].lower()
    assert rasa.slots.get("kost") is None
    assert rasa.requested == "kost"


async def test_a_button_picks_the_engines_choice(rasa: RasaTracker, engine: Engine) -> None:
    await walk(rasa, engine, "grootte", OPLEIDING)
    question = (await rasa.call(f"validate_{FORM}", "", new_message=False)).responses
    assert question == []  # the same message again: no second turn
    a = await rasa.kies("klein")
    assert a.status == 200
    assert rasa.slots["grootte"] == "klein"
    assert rasa.requested == "nace"


async def test_an_advies_never_requests_soort_or_deelnemers(
    rasa: RasaTracker, engine: Engine
) -> None:
    requested: list[str] = []
    await both(rasa, engine, "nieuw")
    steps = Antwoorden(ADVIES, VERKLARING)
    while (answer := steps.next(engine.asks)) is not None:
        await both(rasa, engine, answer)
        requested.append(str(rasa.requested))
    assert not {"soort", "deelnemers", "deelnemer_namen"} & set(requested)
    assert rasa.slots.get("soort") is None


async def test_the_same_answers_give_the_same_project(rasa: RasaTracker, engine: Engine) -> None:
    answers = dict(OPLEIDING)
    await walk(rasa, engine, VERKLARING, answers)
    # The verklaring: the form ends, Rasa's rule runs action_dien_aanvraag_in for it.
    done = await rasa.say("ja")
    assert done.slot(VERKLARING) is True and done.texts == []
    a = await rasa.call("action_dien_aanvraag_in", "ja", new_message=False)
    expected = await engine.say("ja")
    assert a.texts == [m.text for m in expected]
    projects = [r["custom"]["project"] for r in a.responses if r.get("custom")]
    engine_project = next(m.project for m in expected if m.project is not None)
    assert projects == [engine_project]
    project = projects[0]
    assert project["projectbedrag"] == "1250.50"
    assert project["subsidie"] == engine_project["subsidie"]
    assert project["uiterste_stortingsdatum"] == engine_project["uiterste_stortingsdatum"]
    assert MEDEDELING.match(project["mededeling"])
    images = [r["image"] for r in a.responses if r.get("image")]
    assert len(images) == 1 and images[0].startswith("data:image/png;base64,")
    assert all(rasa.slots.get(f) is None for f in ("kost", "naam", VERKLARING))
    # Stored like every channel's project: the historiek shows it.
    historiek = await rasa.call("action_historiek", "historiek")
    assert project["projectnummer"] in "\n".join(historiek.texts)


async def test_no_at_the_verklaring_goes_back_to_the_form(
    rasa: RasaTracker, engine: Engine
) -> None:
    await walk(rasa, engine, VERKLARING, OPLEIDING)
    await rasa.say("nee")
    a = await rasa.call("action_dien_aanvraag_in", "nee", new_message=False)
    expected = await engine.say("nee")
    assert a.texts == [m.text for m in expected]
    assert {"event": "active_loop", "timestamp": None, "name": FORM} in a.events
    assert rasa.slots[VERKLARING] is None


async def test_action_bereken_steun_shows_the_engines_calculation(
    rasa: RasaTracker, engine: Engine
) -> None:
    await walk(rasa, engine, "kost", OPLEIDING)
    early = await rasa.call("action_bereken_steun", "hoeveel krijg ik")
    assert early.texts == [
        "De steunberekening volgt zodra de grootte van de onderneming, het type en de kost "
        "bekend zijn."
    ]
    answered = await both(rasa, engine, OPLEIDING["kost"])
    calculation = next(m.text for m in engine.last if m.id == "berekening.kop")
    a = await rasa.call("action_bereken_steun", "hoeveel krijg ik")
    assert a.texts == [calculation]
    assert calculation in answered.texts
    assert "€ 1.250,50" in calculation


async def test_action_zoek_dienstverlener_offers_ranked_buttons(rasa: RasaTracker) -> None:
    a = await rasa.call("action_zoek_dienstverlener", "attentia")
    buttons = a.responses[0]["buttons"]
    assert buttons, a.body
    assert "Attentia" in buttons[0]["title"]
    value = buttons[0]["title"].rsplit("(", 1)[1].rstrip(")")
    assert buttons[0]["payload"] == kies_payload(value)


async def test_action_zoek_dienstverlener_at_the_question_is_the_engines_search(
    rasa: RasaTracker, engine: Engine
) -> None:
    await walk(rasa, engine, "dienstverlener", OPLEIDING)
    a = await rasa.call("action_zoek_dienstverlener", "attentia")
    expected = await engine.say("attentia")
    assert a.texts == [m.text for m in expected]
    assert [b["payload"] for b in a.responses[-1]["buttons"]] == [
        kies_payload(c.value) for c in expected[-1].choices
    ]
