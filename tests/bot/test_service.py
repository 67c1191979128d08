"""The service and the store: one transaction per turn, isolation of chats, no crash on failure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.service import Service
from bot.store import Store, Transaction
from dialogs.dienstverleners import Register
from dialogs.models import Input, Message
from tests.auxil.antwoorden import Antwoorden
from tests.dialogs.driver import OPLEIDING

TODAY = date(2026, 3, 10)


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = await Store.open(tmp_path / "kmo.db")
    yield s
    await s.close()


async def test_demo_registry_is_seeded_once(store: Store) -> None:
    async with store.transaction() as tx:
        assert await tx.count_dienstverleners() == 22
        found = Register(await tx.all_dienstverleners()).zoek("GDPR masters")
    assert {t.dienstverlener.registratienummer for t in found[:2]} == {"DV.A233038", "DV.O233039"}


async def test_state_survives_a_new_store_on_the_same_file(tmp_path: Path) -> None:
    s1 = await Store.open(tmp_path / "kmo.db")
    await Service(s1).handle("terminal", "a", Input(text="nieuw"), today=TODAY)
    await Service(s1).handle("terminal", "a", Input(text="0403170701"), today=TODAY)
    await s1.close()
    s2 = await Store.open(tmp_path / "kmo.db")
    msgs = await Service(s2).handle("terminal", "a", Input(kind="resume"), today=TODAY)
    await s2.close()
    assert msgs[-1].asks == "grootte"


async def test_a_turn_reads_the_state_another_process_left_not_its_own_last_one(
    tmp_path: Path,
) -> None:
    # Two services on one file, as two processes: each keeps the state its last turn left,
    # and uses it only while the stored state is still exactly that one.
    one, two = await Store.open(tmp_path / "kmo.db"), await Store.open(tmp_path / "kmo.db")
    try:
        a, b = Service(one), Service(two)
        await a.handle("terminal", "x", Input(text="nieuw"), today=TODAY)
        msgs = await a.handle("terminal", "x", Input(text="0403170701"), today=TODAY)
        assert msgs[-1].asks == "grootte"
        msgs = await b.handle("terminal", "x", Input(text="1"), today=TODAY)
        assert msgs[-1].asks == "nace"
        # `a` last left the grootte question; the stored state asks for the NACE code now.
        msgs = await a.handle("terminal", "x", Input(text="62.100"), today=TODAY)
        assert msgs[-1].asks == "type", [m.text for m in msgs]
        msgs = await b.handle("terminal", "x", Input(text="1"), today=TODAY)
        assert msgs[-1].asks == "naam"
        # At the type question (where `a` left it) a title is no answer; at the name it is.
        msgs = await a.handle("terminal", "x", Input(text="Excel gevorderd"), today=TODAY)
        assert msgs[-1].asks == "soort", [m.text for m in msgs]
    finally:
        await one.close()
        await two.close()


async def test_failing_turn_keeps_the_old_state_and_answers_in_dutch(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = Service(store)
    await service.handle("terminal", "a", Input(text="nieuw"), today=TODAY)
    await service.handle("terminal", "a", Input(text="0403170701"), today=TODAY)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("bot.store.Transaction.save_state", broken)
    msgs = await service.handle("terminal", "a", Input(text="1"), today=TODAY)
    assert msgs[-1].problem == "interne_fout"
    assert "Uw gegevens zijn bewaard" in msgs[-1].text
    monkeypatch.undo()
    msgs = await service.handle("terminal", "a", Input(kind="resume"), today=TODAY)
    assert msgs[-1].asks == "grootte"


async def test_a_channels_bookkeeping_commits_with_the_turn_or_not_at_all(store: Store) -> None:
    """`also` runs in the turn's transaction: both are kept, or (when it fails) neither."""
    service = Service(store)
    await service.handle("telegram", "7", Input(text="nieuw"), today=TODAY)

    async def record(tx: Transaction, messages: list[Message], effects: object) -> None:
        assert messages[-1].asks == "grootte"
        tx.claim_telegram_update(1, 101, "7")

    msgs = await service.handle(
        "telegram", "7", Input(text="0403170701"), today=TODAY, also=record
    )
    assert msgs[-1].asks == "grootte"
    async with store.transaction() as tx:
        assert await tx.recent_telegram_updates(1, days=7) == [101]

    async def record_then_fail(tx: Transaction, messages: list[Message], effects: object) -> None:
        tx.claim_telegram_update(1, 102, "7")
        raise RuntimeError("disk on fire")

    msgs = await service.handle(
        "telegram", "7", Input(text="1"), today=TODAY, also=record_then_fail
    )
    assert msgs[-1].problem == "interne_fout"
    async with store.transaction() as tx:
        assert await tx.recent_telegram_updates(1, days=7) == [101]
    msgs = await service.handle("telegram", "7", Input(kind="resume"), today=TODAY)
    assert msgs[-1].asks == "grootte"


async def test_unreadable_stored_state_starts_afresh_instead_of_crashing(store: Store) -> None:
    async with store.transaction() as tx:
        await tx.save_state("terminal", "a", '{"schema_version": "x", "mode": 12')
    msgs = await Service(store).handle("terminal", "a", Input(text="nieuw"), today=TODAY)
    assert msgs[-1].asks == "onderneming"


async def test_chats_and_channels_are_isolated(store: Store) -> None:
    service = Service(store)
    await service.handle("terminal", "a", Input(text="nieuw"), today=TODAY)
    msgs = await service.handle("telegram", "a", Input(text="help"), today=TODAY)
    assert msgs[-1].asks is None
    msgs = await service.handle("terminal", "b", Input(kind="resume"), today=TODAY)
    assert msgs[-1].asks is None
    msgs = await service.handle("terminal", "a", Input(kind="resume"), today=TODAY)
    assert msgs[-1].asks == "onderneming"


async def _aanvraag(service: Service, chat: str, answers: dict[str, str]) -> list[Message]:
    """nieuw, whatever is asked answered from `answers`, and the verklaring op eer."""
    msgs = await service.handle("terminal", chat, Input(text="nieuw"), today=TODAY)
    walk = Antwoorden(answers, "verklaring")
    while (answer := walk.next(msgs[-1].asks, "\n".join(m.text for m in msgs))) is not None:
        msgs = await service.handle("terminal", chat, Input(text=answer), today=TODAY)
    return await service.handle("terminal", chat, Input(text="ja"), today=TODAY)


async def test_vergeet_removes_the_chats_rights_and_the_company_keeps_its_projects(
    store: Store,
) -> None:
    service = Service(store)
    answers = {
        **OPLEIDING,
        "nace": "62100",
        "naam": "Excel",
        "deelnemers": "1",
        "deelnemer_namen": "An Janssens",
        "uren": "8",
        "kost": "500",
    }
    for chat, kbo in (("a", "0403170701"), ("b", "0202239951")):
        msgs = await _aanvraag(service, chat, {**answers, "onderneming": kbo})
        assert any(m.project for m in msgs)
    await service.handle("terminal", "a", Input(text="vergeet"), today=TODAY)
    await service.handle("terminal", "a", Input(text="ja"), today=TODAY)
    async with store.transaction() as tx:
        assert await tx.projects("terminal", "a", None) == []
        assert [p.deelnemer_namen for p in await tx.projects("terminal", "b", None)] == [
            ["An Janssens"]
        ]
        # the project stays the company's, for its cap, without the participants' names
        kept = await tx.projecten_van("0403170701")
        assert [p.deelnemer_namen for p in kept] == [[]]
        assert await tx.subsidie_used("0403170701", 2026) == Decimal("150.00")
        assert not await tx.beheerd("0403170701")
