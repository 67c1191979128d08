"""The outbox table: rows in order per chat, marked sent, rolled back with a turn, forgotten."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store


async def test_rows_come_back_in_order_until_marked_sent(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "k.db")
    try:
        async with store.transaction() as tx:
            a = await tx.zet_klaar("telegram", "7", "berichten", [{"id": "x", "text": "één"}])
            b = await tx.zet_klaar("telegram", "7", "medewerker", {"tekst": "twee"})
            await tx.zet_klaar("web", "7", "berichten", [])
        async with store.transaction() as tx:
            rows = await tx.klaarstaand("telegram")
            assert [(r.id, r.soort) for r in rows] == [(a, "berichten"), (b, "medewerker")]
            assert rows[0].inhoud == [{"id": "x", "text": "één"}]
            await tx.markeer_verzonden(a, "101")
        async with store.transaction() as tx:
            assert [r.id for r in await tx.klaarstaand("telegram", chat_id="7")] == [b]
            assert await tx.klaarstaand("telegram", chat_id="8") == []
    finally:
        await store.close()


async def test_several_rows_in_one_statement_keep_their_order(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "k.db")
    try:
        async with store.transaction() as tx:
            first = await tx.zet_klaar("telegram", "7", "medewerker", {"tekst": "eerst"})
            ids = await tx.zet_alle_klaar(
                "telegram",
                "7",
                [
                    ("berichten", [{"id": "vraag.kost", "text": "Wat kost het?"}]),
                    ("bewerk", {"message_id": 12, "html": None}),
                    ("medewerker", {"tekst": "laatst"}),
                ],
            )
            assert await tx.zet_alle_klaar("telegram", "7", []) == []
        assert len(ids) == 3 and first < ids[0] < ids[1] < ids[2]
        async with store.transaction() as tx:
            rows = await tx.klaarstaand("telegram", chat_id="7")
        assert [(r.id, r.soort) for r in rows] == [
            (first, "medewerker"),
            (ids[0], "berichten"),
            (ids[1], "bewerk"),
            (ids[2], "medewerker"),
        ]
        assert rows[2].inhoud == {"message_id": 12, "html": None}
        assert rows[3].inhoud == {"tekst": "laatst"}
    finally:
        await store.close()


async def test_a_failed_turn_leaves_nothing_queued(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "k.db")
    try:

        async def failing_turn() -> None:
            async with store.transaction() as tx:
                await tx.zet_klaar("telegram", "7", "berichten", [])
                raise RuntimeError

        with pytest.raises(RuntimeError):
            await failing_turn()
        async with store.transaction() as tx:
            assert await tx.klaarstaand("telegram") == []
    finally:
        await store.close()


async def test_forgetting_a_chat_deletes_its_outbox(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "k.db")
    try:
        async with store.transaction() as tx:
            await tx.zet_klaar("telegram", "7", "medewerker", {"tekst": "Jan Peeters"})
            await tx.zet_klaar("telegram", "8", "medewerker", {"tekst": "ander"})
            await tx.delete_chat("telegram", "7")
        async with store.transaction() as tx:
            assert [r.chat_id for r in await tx.klaarstaand("telegram")] == ["8"]
    finally:
        await store.close()
