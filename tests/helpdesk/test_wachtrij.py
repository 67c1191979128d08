"""The queue: the three reasons a conversation wants a person come first, then the others; the
search by KBO number, projectnummer, participant or name; the queue page."""

from __future__ import annotations

from bot.helpdesk import gesprekken
from bot.helpdesk.acties import Acties
from bot.service import Service
from bot.store import Store
from tests.dialogs.driver import OPLEIDING
from tests.helpdesk.conftest import TODAY, Console, Klok, beurt, maak_medewerker, tot


async def _reden(store: Store, klok: Klok, kanaal: str, chat: str) -> str | None:
    async with store.transaction() as tx:
        lijst = await gesprekken.overzicht(tx, klok.nu)
    return next(g.wacht_op_mens for g in lijst if (g.kanaal, g.chat_id) == (kanaal, chat))


async def test_asked_for_a_person(service: Service, store: Store, klok: Klok) -> None:
    await beurt(service, "telegram", "1", "nieuw")
    assert await _reden(store, klok, "telegram", "1") is None
    await beurt(service, "telegram", "1", "kan ik een medewerker spreken")
    assert await _reden(store, klok, "telegram", "1") == "persoon_gevraagd"


async def test_the_same_field_refused_three_times(
    service: Service, store: Store, klok: Klok
) -> None:
    await beurt(service, "telegram", "1", "nieuw")
    for fout in ("12345", "abc"):
        await beurt(service, "telegram", "1", fout)
        assert await _reden(store, klok, "telegram", "1") is None
    await beurt(service, "telegram", "1", "0000")
    assert await _reden(store, klok, "telegram", "1") == "drie_keer_geweigerd"
    # An agent's action counts as handled: only what follows counts again.
    await Acties(service, lambda: TODAY).bericht("els", "telegram", "1", "Ik kijk even mee.")
    assert await _reden(store, klok, "telegram", "1") is None


async def test_refused_by_a_rule_and_refused_again(
    service: Service, store: Store, klok: Klok
) -> None:
    await tot(service, "telegram", "1", OPLEIDING, "startdatum")
    await beurt(service, "telegram", "1", "01/01/2025")  # far too late: te_laat
    assert await _reden(store, klok, "telegram", "1") is None
    await beurt(service, "telegram", "1", "02/01/2025")
    assert await _reden(store, klok, "telegram", "1") == "opnieuw_na_weigering"
    await beurt(service, "telegram", "1", "02/03/2026")
    assert await _reden(store, klok, "telegram", "1") is None


async def test_those_waiting_come_first_then_the_most_recent(
    service: Service, store: Store, klok: Klok
) -> None:
    await beurt(service, "telegram", "oud", "nieuw")
    klok.verder(minutes=1)
    await beurt(service, "telegram", "wacht", "ik wil iemand spreken")
    klok.verder(minutes=1)
    await beurt(service, "telegram", "recent", "nieuw")
    klok.verder(days=2)
    await beurt(service, "terminal", "nu", "nieuw")
    async with store.transaction() as tx:
        alle = await gesprekken.overzicht(tx, klok.nu)
        actief = await gesprekken.overzicht(tx, klok.nu, "actief")
    assert [g.chat_id for g in alle] == ["wacht", "nu", "recent", "oud"]
    assert [g.chat_id for g in actief] == ["nu"]


async def test_search_by_kbo_number_projectnummer_participant_and_name(
    service: Service, store: Store, klok: Klok
) -> None:
    await tot(service, "telegram", "1", OPLEIDING, "verklaring")
    msgs = await beurt(service, "telegram", "1", "ja")
    nummer = next(m.project for m in msgs if m.project)["projectnummer"]
    await tot(service, "telegram", "2", {**OPLEIDING, "onderneming": "0202.239.951"}, "naam")
    async with store.transaction() as tx:
        for zoek, verwacht in (
            ("0403.170.701", ["1"]),
            ("BE 0202 239 951", ["2"]),
            (nummer, ["1"]),
            ("an janssens", ["1"]),
            ("excel voor", ["1"]),
            ("onbestaand", []),
        ):
            lijst = await gesprekken.overzicht(tx, klok.nu, zoek=zoek)
            assert [g.chat_id for g in lijst] == verwacht, zoek


async def test_the_queue_page_shows_the_reason(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    await beurt(service, "telegram", "77", "ik wil iemand spreken")
    assert await console.login("els") == 200
    html = await (await console.client.get("/?filter=wacht_op_mens")).text()
    assert "vroeg naar een persoon" in html and "/gesprek/telegram/77" in html
