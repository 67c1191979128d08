"""The transcript of every turn, its retention and vergeet; takeover and the request for a person
as `Service.handle` runs them for every channel."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.helpdesk.acties import Acties
from bot.service import Service
from bot.store import Store
from dialogs.models import Input
from tests.dialogs.driver import OPLEIDING
from tests.helpdesk.conftest import OPEN, TODAY, Klok, beurt, maak_medewerker, tot


async def test_both_directions_are_kept_with_time_and_step(service: Service, store: Store) -> None:
    await beurt(service, "telegram", "42", "nieuw")
    await beurt(service, "telegram", "42", "0403.170.701")
    async with store.transaction() as tx:
        regels = await tx.transcript("telegram", "42")
    assert [r.van for r in regels][:2] == ["gebruiker", "assistent"]
    assert regels[0].tekst == "nieuw"
    assert regels[0].tijd == OPEN.isoformat()
    gebruiker = [r for r in regels if r.van == "gebruiker"]
    assert [r.tekst for r in gebruiker] == ["nieuw", "0403.170.701"]
    # The step a user line answers, and the step an assistant line asks.
    assert gebruiker[1].stap == "onderneming"
    assert regels[-1].van == "assistent" and regels[-1].stap == "grootte"
    async with store.transaction() as tx:
        assert await tx.transcript("terminal", "42") == []


async def test_a_refusal_is_kept_with_its_problem(service: Service, store: Store) -> None:
    await beurt(service, "terminal", "a", "nieuw")
    await beurt(service, "terminal", "a", "12345")
    async with store.transaction() as tx:
        regels = await tx.transcript("terminal", "a")
    assert any(r.probleem == "ongeldige_invoer" and r.stap == "onderneming" for r in regels)


async def test_the_transcript_is_not_in_the_log(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the log file is WARNING; aiosqlite debugs its SQL
    await beurt(service, "terminal", "a", "nieuw")
    await beurt(service, "terminal", "a", "Jan Peeters 0403.170.701")
    assert "Peeters" not in caplog.text and "0403" not in caplog.text


async def test_lines_past_the_retention_go_at_start_and_hourly(store: Store, klok: Klok) -> None:
    await beurt(Service(store, clock=klok), "terminal", "oud", "nieuw")
    klok.verder(days=91)
    # A new process (a new service) clears at its first turn.
    service = Service(store, clock=klok)
    await beurt(service, "terminal", "nieuw", "hallo")
    async with store.transaction() as tx:
        assert await tx.transcript("terminal", "oud") == []
        assert await tx.transcript("terminal", "nieuw") != []
        await tx.zet_meta("transcript_bewaardagen", "7")
        await tx.schrijf_transcript("terminal", "x", klok.nu - timedelta(days=8), "gebruiker", "a")
    klok.verder(minutes=30)
    await beurt(service, "terminal", "ander", "hallo")
    async with store.transaction() as tx:
        assert await tx.transcript("terminal", "x") != []  # not yet: within the hour
    klok.verder(minutes=31)
    await beurt(service, "terminal", "ander", "hallo")
    async with store.transaction() as tx:
        assert await tx.transcript("terminal", "x") == []
        assert await tx.transcript("terminal", "nieuw") != []


async def test_vergeet_erases_the_transcript_takeover_and_request(
    service: Service, store: Store
) -> None:
    await beurt(service, "telegram", "9", "nieuw")
    await beurt(service, "telegram", "9", "ik wil iemand spreken")
    async with store.transaction() as tx:
        assert ("telegram", "9") in await tx.mens_gevraagd_lijst()
        await tx.audit("els", "bericht", OPEN, kanaal="telegram", chat_id="9")
    await beurt(service, "telegram", "9", "vergeet")
    await beurt(service, "telegram", "9", "ja")
    async with store.transaction() as tx:
        assert await tx.transcript("telegram", "9") == []
        assert ("telegram", "9") not in await tx.mens_gevraagd_lijst()
        audit = await tx.auditregels()
    assert [(a.kanaal, a.chat_id, a.actie) for a in audit] == [("telegram", "", "bericht")]


async def test_a_taken_over_chat_is_not_answered_by_the_bot(
    service: Service, store: Store
) -> None:
    await beurt(service, "telegram", "5", "nieuw")
    async with store.transaction() as tx:
        await tx.neem_over("telegram", "5", "els", OPEN)
    eerste = await beurt(service, "telegram", "5", "0403.170.701")
    assert [m.id for m in eerste] == ["helpdesk.overgenomen"]
    assert "medewerker" in eerste[0].text
    assert await beurt(service, "telegram", "5", "hallo?") == []  # told once
    async with store.transaction() as tx:
        regels = await tx.transcript("telegram", "5")
        raw = await tx.load_state("telegram", "5")
    assert [r.tekst for r in regels if r.van == "gebruiker"] == ["nieuw", "0403.170.701", "hallo?"]
    assert raw is not None and "0403170701" not in raw  # the engine did not run


async def test_teruggeven_repeats_the_question_through_the_outbox(
    service: Service, store: Store
) -> None:
    await beurt(service, "telegram", "5", "nieuw")
    acties = Acties(service, lambda: TODAY)
    await acties.overnemen("els", "telegram", "5")
    await acties.bericht("els", "telegram", "5", "Dag, ik help u verder.")
    await acties.teruggeven("els", "telegram", "5")
    async with store.transaction() as tx:
        rijen = await tx.klaarstaand("telegram", chat_id="5")
        assert await tx.overname("telegram", "5") is None
        audit = [a.actie for a in await tx.auditregels()]
    assert [r.soort for r in rijen] == ["berichten", "medewerker", "berichten"]
    assert rijen[0].inhoud[0]["id"] == "helpdesk.overgenomen"
    assert rijen[1].inhoud == {"tekst": "Dag, ik help u verder."}
    terug = rijen[2].inhoud
    assert terug[0]["id"] == "helpdesk.teruggegeven"
    assert terug[-1]["asks"] == "onderneming"
    assert audit == ["teruggeven", "bericht", "overnemen"]
    msgs = await beurt(service, "telegram", "5", "0403.170.701")
    assert msgs[-1].asks == "grootte"


async def test_asking_for_a_person_when_nobody_is_logged_in(
    service: Service, store: Store
) -> None:
    await beurt(service, "telegram", "7", "nieuw")
    msgs = await beurt(service, "telegram", "7", "ik wil iemand spreken")
    assert [m.id for m in msgs][:2] == ["algemeen.mens_gevraagd", "helpdesk.mens_later"]
    assert msgs[-1].asks == "onderneming"  # the question asked again comes last
    laatste = msgs[1]
    assert laatste.id == "helpdesk.mens_later"
    assert "1700" in laatste.text and "kmo-portefeuille@vlaanderen.be" in laatste.text
    # Open now, but nobody logged in: from the next opening (woensdag 09:00).
    assert "woensdag 11/03/2026 om 09:00" in laatste.text


async def test_asking_for_a_person_when_an_agent_is_logged_in(
    service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    async with store.transaction() as tx:
        await tx.maak_sessie("h", "els", "c", OPEN - timedelta(minutes=2))
    msgs = await beurt(service, "telegram", "7", "ik wil iemand spreken")
    assert [m.id for m in msgs][:2] == ["algemeen.mens_gevraagd", "helpdesk.mens_komt"]


async def test_asking_for_a_person_outside_the_opening_hours(store: Store, klok: Klok) -> None:
    klok.nu = OPEN.replace(day=13, hour=17)  # vrijdag 18:00 in Brussels
    service = Service(store, clock=klok)
    await maak_medewerker(store, "els")
    async with store.transaction() as tx:
        await tx.maak_sessie("h", "els", "c", klok.nu)
        await tx.zet_meta("helpdesk_openingsuren", "ma-vr 08:30-16:00")
    msgs = await beurt(service, "telegram", "7", "ik wil iemand spreken")
    assert msgs[1].id == "helpdesk.mens_later"
    assert "maandag 16/03/2026 om 08:30" in msgs[1].text


async def test_a_turn_typed_by_an_agent_runs_during_a_takeover(
    service: Service, store: Store
) -> None:
    await tot(service, "telegram", "8", OPLEIDING, "grootte")
    acties = Acties(service, lambda: TODAY)
    await acties.overnemen("els", "telegram", "8")
    msgs = await acties.veld("els", "telegram", "8", "onderneming", "0202.239.951")
    assert msgs[-1].asks is not None
    async with store.transaction() as tx:
        raw = await tx.load_state("telegram", "8")
        regels = await tx.transcript("telegram", "8")
        rijen = await tx.klaarstaand("telegram", chat_id="8")
        audit = await tx.auditregels()
    assert raw is not None and "0202239951" in raw
    door = [r for r in regels if r.van == "medewerker"]
    assert [r.tekst for r in door] == ["wijzig onderneming", "0202.239.951"]
    assert all(r.medewerker == "els" for r in door)
    assert rijen[-1].inhoud[0]["id"] == "helpdesk.door_medewerker"
    assert [a.details for a in audit][:2] == [{"veld": "onderneming"}] * 2
    # The user is still waiting for the agent: the bot does not answer the user itself.
    assert await service.handle("telegram", "8", Input(text="1"), today=TODAY) == []
