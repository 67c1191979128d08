"""The conversation as people talk, in `kmobot chat --jsonl` and the terminal: questions, a
request for a person, facts in a sentence, a change of mind, with the JSON keys and effects."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from bot.service import Service
from bot.store import Store
from bot.terminal import run_chat

TODAY = date(2026, 12, 1)


async def _chat(tmp_path: Path, lines: list[str], *, jsonl: bool) -> str:
    store = await Store.open(tmp_path / "kmobot.sqlite3")
    try:
        out = io.StringIO()
        text = "\n".join(json.dumps({"text": t}) if jsonl else t for t in lines) + "\n"
        await run_chat(
            Service(store), chat_id="lokaal", today=lambda: TODAY, jsonl=jsonl,
            stdin=io.StringIO(text), stdout=out,
        )  # fmt: skip
        return out.getvalue()
    finally:
        await store.close()


async def test_jsonl_a_question_changes_nothing_and_asks_the_same_field(tmp_path: Path) -> None:
    out = await _chat(
        tmp_path, ["nieuw", "0403.170.701", "moet ik klein of middelgroot kiezen?"], jsonl=True
    )
    messages: list[dict[str, Any]] = [json.loads(line) for line in out.splitlines()]
    last = messages[-1]
    assert last["asks"] == "grootte" and last["problem"] is None
    assert [c["value"] for c in last["choices"]] == ["klein", "middelgroot", "groot"]
    assert any("kmo-definitie" in m["text"] or "Europese" in m["text"] for m in messages[-3:])


async def test_jsonl_facts_in_one_sentence_and_a_date_said_back(tmp_path: Path) -> None:
    opening = (
        'ik wil een opleiding "VCA basis" aanvragen voor 2 collega\'s: Tom Wouters en Ilse Maes, '
        "ongeveer 8 uur, ingeschreven op 20 november, bij Vormetal"
    )
    out = await _chat(tmp_path, [opening], jsonl=True)
    text = "\n".join(json.loads(line)["text"] for line in out.splitlines())
    noted = (
        "naam van het project: VCA basis",
        "namen van de deelnemers: Tom Wouters, Ilse Maes",
        "aantal uren: 8",
        "vrijdag 20 november 2026",
        "Vormetal",
    )
    for fact in noted:
        assert fact in text, fact


async def test_terminal_a_person_a_change_of_mind_and_english(tmp_path: Path) -> None:
    out = await _chat(
        tmp_path,
        [
            "I would like to apply for a training subsidy",
            "ik wil een nieuwe aanvraag doen",
            "0403.170.701",
            "1",
            "62.100",
            "opleiding",
            "ik wil iemand spreken",
            "wacht, het is eigenlijk een advies",
        ],
        jsonl=False,
    )
    assert "Ik begrijp alleen Nederlands" in out
    assert "1700" in out and "kmo-portefeuille@vlaanderen.be" in out
    assert "Aangepast: type dienstverlening is nu advies." in out
    assert "naam van het adviesproject" in out
