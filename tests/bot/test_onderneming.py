"""One onderneming, one cap, one size: rights, access codes, the size lock, stopzet, vervallen.

Every test runs the engine through the Service on a real SQLite store, with several chats and
channels on one database, as the terminal, Telegram and Rasa do.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bot.service import Service
from bot.store import Store
from dialogs.models import Input, Message
from tests.auxil.antwoorden import Antwoorden
from tests.dialogs.driver import OPLEIDING

TODAY = date(2026, 3, 10)
KBO = "0403.170.701"
CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")
GROOT = {**OPLEIDING, "kost": "20.000"}  # € 6.000 subsidie of the € 7.500 cap


class Clock:
    """A settable clock for the lock-out after wrong codes."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = await Store.open(tmp_path / "kmo.db")
    yield s
    await s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(store: Store, clock: Clock) -> Service:
    return Service(store, clock=clock)


async def say(
    service: Service, chat: str, text: str, *, kanaal: str = "terminal", today: date = TODAY
) -> list[Message]:
    return await service.handle(kanaal, chat, Input(text=text), today=today)


async def until(
    service: Service,
    chat: str,
    field_id: str,
    answers: dict[str, str] = GROOT,
    *,
    kanaal: str = "terminal",
    today: date = TODAY,
    start: str = "nieuw",
) -> list[Message]:
    """`start`, then whatever is asked answered from `answers` until `field_id` is asked."""
    msgs = await say(service, chat, start, kanaal=kanaal, today=today)
    walk = Antwoorden(answers, field_id)
    while (answer := walk.next(msgs[-1].asks, text(msgs))) is not None:
        msgs = await say(service, chat, answer, kanaal=kanaal, today=today)
    return msgs


async def aanvraag(
    service: Service,
    chat: str,
    answers: dict[str, str] = GROOT,
    *,
    kanaal: str = "terminal",
    today: date = TODAY,
) -> dict[str, object]:
    """A whole aanvraag; the approved project's JSON."""
    await until(service, chat, "verklaring", answers, kanaal=kanaal, today=today)
    msgs = await say(service, chat, "ja", kanaal=kanaal, today=today)
    project = next((m.project for m in msgs if m.project), None)
    assert project is not None, text(msgs)
    return project


def text(msgs: list[Message]) -> str:
    return "\n".join(m.text for m in msgs)


async def invite(service: Service, chat: str, *, kanaal: str = "terminal") -> str:
    msgs = await say(service, chat, "uitnodigen", kanaal=kanaal)
    found = CODE.search(text(msgs))
    assert found, text(msgs)
    return found.group(0)


async def join(
    service: Service, chat: str, code: str, *, kanaal: str = "terminal", today: date = TODAY
) -> list[Message]:
    """A new aanvraag in `chat`: the KBO number (refused), then the code."""
    msgs = await until(service, chat, "onderneming", kanaal=kanaal, today=today)
    msgs = await say(service, chat, KBO, kanaal=kanaal, today=today)
    assert msgs[-1].asks == "toegangscode", text(msgs)
    return await say(service, chat, code, kanaal=kanaal, today=today)


# --- the cap per onderneming ---------------------------------------------------------------------


async def test_the_cap_counts_every_chat_and_channel_of_the_onderneming(service: Service) -> None:
    first = await aanvraag(service, "a")
    assert first["subsidie"] == "6000.00"
    code = await invite(service, "a")
    msgs = await join(service, "555", code, kanaal="telegram")
    assert "Toegang gekregen" in text(msgs)
    msgs = await until(service, "555", "verklaring", kanaal="telegram", start="")
    assert "Bijdrage Vlaamse overheid (subsidie): € 1.500,00" in text(msgs)
    assert "na dit project nog € 0,00 beschikbaar" in text(msgs)
    msgs = await say(service, "555", "ja", kanaal="telegram")
    second = next(m.project for m in msgs if m.project)
    assert second["subsidie"] == "1500.00"
    # a third chat with a code finds nothing left
    code = await invite(service, "a")
    await join(service, "c", code)
    msgs = await until(service, "c", "kost", start="")
    msgs = await say(service, "c", "5000")
    assert any(m.problem == "plafond_bereikt" for m in msgs)
    assert "€ 7.500,00 gebruikt" in text(msgs)


async def test_two_submissions_at_once_never_exceed_the_cap(tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "kmo.db"
    one, two = await Store.open(db), await Store.open(db)
    try:
        a, b = Service(one, clock=clock), Service(two, clock=clock)
        await aanvraag(a, "eerste", {**OPLEIDING, "kost": "5.000"})  # € 1.500
        code = await invite(a, "eerste")
        await join(b, "tweede", code)
        await until(b, "tweede", "verklaring", start="")
        await until(a, "eerste", "verklaring")
        # both show € 6.000 of the € 6.000 left; both say ja at the same moment
        replies = await asyncio.gather(say(a, "eerste", "ja"), say(b, "tweede", "ja"))
        projects = [m.project for r in replies for m in r if m.project]
        assert [p["subsidie"] for p in projects] == ["6000.00"]
        refused = [r for r in replies if not any(m.project for m in r)]
        assert len(refused) == 1
        assert any(m.problem == "plafond_bereikt" for m in refused[0]), text(refused[0])
        async with one.transaction() as tx:
            assert await tx.subsidie_used("0403170701", 2026) == Decimal("7500.00")
    finally:
        await one.close()
        await two.close()


# --- rights --------------------------------------------------------------------------------------


async def test_another_chat_gets_geen_toegang_and_learns_nothing(service: Service) -> None:
    first = await aanvraag(service, "a")
    msgs = await until(service, "b", "onderneming")
    msgs = await say(service, "b", KBO)
    last = msgs[-1]
    assert last.asks == "toegangscode"
    assert any(m.problem == "geen_toegang" for m in msgs)
    said = text(msgs)
    assert "toegangscode" in said and "1700" in said and "uitnodigen" in said
    assert "€" not in said and str(first["projectnummer"]) not in said
    assert "Jan Peeters" not in said and "Excel" not in said
    # nothing of the company through the other commands either
    for command in ("historiek", f"project {first['projectnummer']}", "toegang", "uitnodigen"):
        said = text(await say(service, "b", command))
        assert "6.000" not in said and "Jan Peeters" not in said, (command, said)
    async with service.store.transaction() as tx:
        assert await tx.projects("terminal", "b", None) == []


async def test_an_access_code_works_once(service: Service) -> None:
    await aanvraag(service, "a")
    code = await invite(service, "a")
    assert CODE.fullmatch(code)
    assert not set(code) & set("0O1I")
    msgs = await join(service, "b", code.lower().replace("-", " "))
    assert "Toegang gekregen" in text(msgs)
    assert msgs[-1].asks != "toegangscode"
    msgs = await join(service, "c", code)
    assert msgs[-1].asks == "toegangscode"
    assert any(m.problem == "ongeldige_code" for m in msgs)
    # b sees the company's history now
    assert "2026-000001" in text(await say(service, "b", "historiek"))


async def test_an_access_code_expires_after_seven_days(service: Service) -> None:
    await aanvraag(service, "a")
    msgs = await say(service, "a", "uitnodigen")
    assert "tot en met 17/03/2026" in text(msgs)
    found = CODE.search(text(msgs))
    assert found
    code = found.group(0)
    late = TODAY + timedelta(days=8)
    msgs = await join(service, "b", code, today=late)
    assert any(m.problem == "ongeldige_code" for m in msgs)
    ok = await join(service, "c", code, today=TODAY + timedelta(days=7))
    assert "Toegang gekregen" in text(ok)


async def test_five_wrong_codes_lock_a_chat_out_for_fifteen_minutes(
    service: Service, clock: Clock
) -> None:
    await aanvraag(service, "a")
    code = await invite(service, "a")
    msgs = await join(service, "b", "AAAA-BBBB")
    assert "Nog 4 pogingen" in text(msgs)
    for left in (3, 2, 1):
        assert f"Nog {left} pogingen" in text(await say(service, "b", "CCCC-DDDD"))
    msgs = await say(service, "b", "EEEE-FFFF")
    assert any(m.problem == "te_veel_pogingen" for m in msgs)
    # even the right code waits
    msgs = await say(service, "b", code)
    assert any(m.problem == "te_veel_pogingen" for m in msgs)
    assert "15 minuten" in text(msgs) or "over 15" in text(msgs)
    clock.now += timedelta(minutes=16)
    msgs = await say(service, "b", code)
    assert "Toegang gekregen" in text(msgs)


async def test_toegang_lists_the_rights_and_a_beheerder_revokes_one(service: Service) -> None:
    await aanvraag(service, "beller-jansen")
    code = await invite(service, "beller-jansen")
    await join(service, "777", code, kanaal="telegram")
    listed = text(await say(service, "beller-jansen", "toegang"))
    assert "1. een terminalgesprek, beheerder" in listed and "(dit gesprek)" in listed
    assert "2. een Telegram-gesprek, gemachtigd" in listed
    assert "beller-jansen" not in listed and "777" not in listed
    # a gemachtigde cannot revoke; the beheerder can, but not its own right
    said = text(await say(service, "777", "toegang intrekken 1", kanaal="telegram"))
    assert "kan ik niet intrekken" in said
    said = text(await say(service, "beller-jansen", "toegang intrekken 1"))
    assert "kan ik niet intrekken" in said
    said = text(await say(service, "beller-jansen", "toegang intrekken 2"))
    assert "is ingetrokken" in said
    assert "Telegram" not in text(await say(service, "beller-jansen", "toegang"))
    said = text(await say(service, "777", "historiek", kanaal="telegram"))
    assert "2026-000001" not in said


# --- size and NACE -------------------------------------------------------------------------------


async def test_the_size_is_fixed_for_the_year_and_the_nace_code_remembered(
    service: Service,
) -> None:
    await aanvraag(service, "a", {**OPLEIDING})
    msgs = await say(service, "a", "nieuw")
    said = text(msgs)
    assert "Grootte: kleine onderneming, vastgelegd voor 2026" in said
    assert msgs[-1].asks == "nace"
    assert "nog steeds 62.100" in said
    msgs = await say(service, "a", "ja")
    assert msgs[-1].asks == "type"
    msgs = await say(service, "a", "wijzig grootte")
    assert any(m.problem == "grootte_vastgelegd" for m in msgs)
    assert "helpdesk" in text(msgs)
    msgs = await say(service, "a", "we zijn eigenlijk toch middelgroot")
    assert any(m.problem == "grootte_vastgelegd" for m in msgs), text(msgs)
    msgs = await until(service, "a", "verklaring", {**OPLEIDING}, start="help")
    assert "Grootte: Kleine onderneming" in text(msgs) or "kleine onderneming" in text(msgs)
    # a new calendar year asks the size again
    msgs = await say(service, "a", "annuleer")
    await say(service, "a", "ja")
    msgs = await say(service, "a", "nieuw", today=date(2027, 1, 5))
    assert msgs[-1].asks == "grootte"


async def test_nee_to_the_remembered_nace_code_asks_it(service: Service) -> None:
    await aanvraag(service, "a", {**OPLEIDING})
    msgs = await say(service, "a", "nieuw")
    assert msgs[-1].asks == "nace"
    msgs = await say(service, "a", "nee")
    assert msgs[-1].asks == "nace"
    assert "nog steeds" not in text(msgs)
    msgs = await say(service, "a", "47.110")
    assert msgs[-1].asks == "type"


# --- the lifecycle -------------------------------------------------------------------------------


async def test_stopzet_in_the_same_year_gives_the_subsidie_back_to_the_cap(
    service: Service,
) -> None:
    first = await aanvraag(service, "a")
    nummer = str(first["projectnummer"])
    msgs = await say(service, "a", f"stopzet {nummer}")
    assert msgs[-1].asks == "stopzet_reden"
    msgs = await say(service, "a", "de opleiding werd geannuleerd door de dienstverlener")
    assert msgs[-1].asks == "bevestig_stopzetten"
    assert "de opleiding werd geannuleerd" in text(msgs)
    msgs = await say(service, "a", "ja")
    said = text(msgs)
    assert f"Project {nummer} is stopgezet op 10/03/2026" in said
    assert "stort ze niet meer" in said  # nothing paid yet
    assert "komt terug in het jaarplafond van 2026" in said
    fiche = text(await say(service, "a", f"project {nummer}"))
    assert "(stopgezet)" in fiche and "reden: de opleiding werd geannuleerd" in fiche
    historiek = text(await say(service, "a", "historiek"))
    assert "status stopgezet" in historiek
    assert "€ 0,00 gebruikt van € 7.500,00" in historiek
    async with service.store.transaction() as tx:
        assert await tx.subsidie_used("0403170701", 2026) == 0
        assert await tx.open_projects("terminal") == []  # no more reminders


async def test_stopzet_in_the_next_year_keeps_the_subsidie_counted(service: Service) -> None:
    december = date(2026, 12, 14)
    answers = {**GROOT, "datum_overeenkomst": "10/12/2026", "startdatum": "11/12/2026"}
    first = await aanvraag(service, "a", answers, today=december)
    nummer = str(first["projectnummer"])
    await say(service, "a", f"gestort {nummer}", today=december)
    january = date(2027, 1, 6)
    await say(service, "a", f"stopzet {nummer}", today=january)
    await say(service, "a", "we hebben de opleiding geannuleerd", today=january)
    said = text(await say(service, "a", "ja", today=january))
    assert "komt niet terug in het jaarplafond van 2026" in said
    assert "volledige eigen bijdrage (€ 14.000,00) automatisch terug" in said
    async with service.store.transaction() as tx:
        assert await tx.subsidie_used("0403170701", 2026) == Decimal("6000.00")


async def test_nee_keeps_the_project_and_a_stopped_one_cannot_stop_again(
    service: Service,
) -> None:
    first = await aanvraag(service, "a")
    nummer = str(first["projectnummer"])
    await say(service, "a", f"stopzet {nummer}")
    await say(service, "a", "toch niet nodig")
    said = text(await say(service, "a", "nee"))
    assert "loopt verder" in said
    await say(service, "a", f"stopzet {nummer}")
    await say(service, "a", "toch niet nodig")
    await say(service, "a", "ja")
    said = text(await say(service, "a", f"stopzet {nummer}"))
    assert "alleen een lopend project" in said


async def test_a_project_lapses_after_its_uiterste_stortingsdatum(service: Service) -> None:
    first = await aanvraag(service, "a")
    deadline = date.fromisoformat(str(first["uiterste_stortingsdatum"]))
    before = text(await say(service, "a", "historiek", today=deadline))
    assert "wacht op uw storting" in before
    after = text(await say(service, "a", "historiek", today=deadline + timedelta(days=1)))
    assert "vervallen" in after
    assert "€ 0,00 gebruikt van € 7.500,00" in after
    fiche = text(await say(service, "a", f"project {first['projectnummer']}"))
    assert "vervallen" in fiche


async def test_a_lapsed_project_frees_the_cap_in_the_next_aanvraags_calculation(
    service: Service,
) -> None:
    first = await aanvraag(service, "a")  # € 6.000 of the € 7.500
    later = date.fromisoformat(str(first["uiterste_stortingsdatum"])) + timedelta(days=1)
    dates = {"datum_overeenkomst": later.strftime("%d/%m/%Y")}
    dates["startdatum"] = (later + timedelta(days=1)).strftime("%d/%m/%Y")
    # The first read of the cap in a turn marks what lapsed first: the whole € 6.000 again.
    second = await aanvraag(service, "a", {**GROOT, **dates}, today=later)
    assert second["subsidie"] == "6000.00"
    fiche = text(await say(service, "a", f"project {first['projectnummer']}", today=later))
    assert "vervallen" in fiche
    async with service.store.transaction() as tx:
        assert await tx.subsidie_used("0403170701", 2026) == Decimal("6000.00")


async def test_a_paid_project_does_not_lapse(service: Service) -> None:
    first = await aanvraag(service, "a")
    nummer = str(first["projectnummer"])
    await say(service, "a", f"gestort {nummer}")
    later = date.fromisoformat(str(first["uiterste_stortingsdatum"])) + timedelta(days=30)
    said = text(await say(service, "a", "historiek", today=later))
    assert "storting gemeld" in said and "vervallen" not in said


# --- vergeet -------------------------------------------------------------------------------------


async def test_after_the_last_beheerder_forgets_the_company_keeps_its_cap(
    service: Service,
) -> None:
    await aanvraag(service, "a")
    await say(service, "a", "vergeet")
    await say(service, "a", "ja")
    # nobody holds the number now: the next chat may file for it, and the cap still counts
    msgs = await until(service, "b", "kost")
    msgs = await say(service, "b", "20.000")
    said = text(msgs)
    assert "al gebruikt € 6.000,00" in said
    async with service.store.transaction() as tx:
        for project in await tx.projecten_van("0403170701"):
            assert "Jan Peeters" not in project.model_dump_json()


async def test_vergeet_of_a_gemachtigde_leaves_the_company_to_its_beheerder(
    service: Service,
) -> None:
    await aanvraag(service, "a")
    code = await invite(service, "a")
    await join(service, "b", code)
    await say(service, "b", "vergeet")
    await say(service, "b", "ja")
    listed = text(await say(service, "a", "toegang"))
    assert "2." not in listed
    assert "Jan Peeters" in text(await say(service, "a", "project 2026-000001"))


# --- data of an earlier version ------------------------------------------------------------------


async def test_projects_of_an_earlier_version_get_their_rights(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    store = await Store.open(db)
    service = Service(store)
    await aanvraag(service, "a", {**OPLEIDING})
    await aanvraag(service, "b", {**OPLEIDING, "onderneming": "0202.239.951"})
    # as the previous version left it: projects with the chat that filed them, nothing else
    async with store.transaction() as tx:
        for table in ("rechten", "groottes", "ondernemingen"):
            await tx._run(f"DELETE FROM {table}")  # noqa: SLF001
        await tx._run("DELETE FROM meta WHERE sleutel = 'dataversie'")  # noqa: SLF001
    await store.close()
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            assert await tx.rol("0403170701", "terminal", "a") == "beheerder"
            assert await tx.rol("0202239951", "terminal", "b") == "beheerder"
            assert await tx.grootte("0403170701", 2026) == "klein"
            assert await tx.nace("0403170701") == "62.100"
        said = text(await say(Service(store), "b", "historiek"))
        assert "2026-000002" in said and "2026-000001" not in said
    finally:
        await store.close()
