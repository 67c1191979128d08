"""A new field is one row of the table and its messages: no engine code changes.

A copy of the table gets `btw_plichtig` (ja/nee) after `kost`, for opleiding and advies. A whole
aanvraag through the engine and through the terminal's `--jsonl` channel asks it, shows it in the
summary, stores it in the project and lets `wijzig btw` change it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.service import Service
from bot.store import Store
from bot.terminal import run_chat
from dialogs.fields import FIELDS, YES_NO, default_table, janee, rule_paths
from dialogs.messages import Catalog, default_catalog
from dialogs.spec import BOOL, Table, TableError, Veld
from tests.dialogs.driver import OPLEIDING, TODAY, Gesprek, asks, project, texts

TEXTS = {
    "veld.btw_plichtig": "btw-plichtig",
    "vraag.btw_plichtig": "Is uw onderneming btw-plichtig?",
    "waarom.btw_plichtig": "Wie btw-plichtig is, recupereert de btw op de factuur.",
    "hulp.btw_plichtig": "Kies 1 (ja) of 2 (nee).",
}

BTW = Veld(
    "btw_plichtig",
    2,
    YES_NO,
    BOOL,
    janee,
    example=lambda ctx: "1",
    display=lambda value, catalog: catalog.text("keuze.ja" if value else "keuze.nee"),
    words=("btw",),
)


def _with_btw() -> tuple[Table, Catalog]:
    catalog = default_catalog().with_texts(TEXTS)
    table = default_table().with_field(BTW, after="kost", catalog=catalog, rule_paths=rule_paths())
    return table, catalog


ADVIES = {
    "onderneming": "0403.170.701",
    "grootte": "1",
    "nace": "62.100",
    "type": "2",
    "naam": "Cybersecurity-audit",
    "thema": "1",
    "uren": "8",
    "datum_overeenkomst": "01/03/2026",
    "startdatum": "02/03/2026",
    "bedrijfsfunctioneren": "ja",
    "kost": "2.000",
    "dienstverlener": "DV.A221933",
}


class _TableGesprek(Gesprek):
    """A chat with the engine on a given table and catalogue."""

    def __init__(self, table: Table, catalog: Catalog) -> None:
        super().__init__()
        self.table, self.catalog = table, catalog

    async def send(self, text: str = "", *, choice: str | None = None, resume: bool = False):  # type: ignore[no-untyped-def]
        from dialogs.engine import advance
        from dialogs.models import Input

        inp = Input(kind="resume") if resume else Input(text=text, choice=choice)
        turn = await advance(
            self.state, inp, today=self.today, ports=self.ports, table=self.table,
            catalog=self.catalog,
        )  # fmt: skip
        self.state, self.last = turn.state, turn
        return turn


@pytest.mark.parametrize("answers", [OPLEIDING, ADVIES], ids=["opleiding", "advies"])
async def test_the_engine_asks_shows_and_stores_the_new_field(answers: dict[str, str]) -> None:
    table, catalog = _with_btw()
    g = _TableGesprek(table, catalog)
    await g.send("nieuw")
    turn = await g.answer_until("btw_plichtig", answers)
    # Asked right after kost (the turn that answered kost asks it).
    assert "Is uw onderneming btw-plichtig?" in texts(turn)
    assert [c.value for c in turn.messages[-1].choices] == ["ja", "nee"]
    turn = await g.send("nee")
    turn = await g.answer_until(None, answers)
    assert "• Btw-plichtig: nee" in texts(turn)
    # One word names it: change it from the summary and come back there.
    turn = await g.send("wijzig btw")
    assert asks(turn) == "btw_plichtig" and "Huidig antwoord: nee" in texts(turn)
    turn = await g.send("ja")
    assert asks(turn) == "verklaring" and "• Btw-plichtig: ja" in texts(turn)
    turn = await g.send("ja")
    stored = project(turn)
    assert stored is not None and stored["btw_plichtig"] is True
    assert g.ports.projects[0].velden["btw_plichtig"] is True


async def test_the_default_table_is_unchanged_by_the_copy() -> None:
    _with_btw()
    assert "btw_plichtig" not in default_table()
    g = Gesprek()
    await g.send("nieuw")
    turn = await g.answer_until("dienstverlener")
    assert "btw" not in texts(turn).casefold().replace("exclusief btw", "")


def test_a_row_without_its_messages_is_refused_when_the_table_is_built() -> None:
    with pytest.raises(TableError, match="veld.btw_plichtig"):
        default_table().with_field(
            BTW, after="kost", catalog=default_catalog(), rule_paths=rule_paths()
        )


def test_a_condition_on_a_later_field_is_refused_when_the_table_is_built() -> None:
    from dialogs.spec import Condition

    early = Veld(
        "btw_plichtig", 0, YES_NO, BOOL, janee, example=lambda ctx: "1",
        applies=Condition(reads=("kost",), test=lambda g: True),
    )  # fmt: skip
    catalog = default_catalog().with_texts(TEXTS)
    with pytest.raises(TableError, match="comes later"):
        Table((early, *FIELDS), catalog=catalog, rule_paths=rule_paths())


def test_a_check_that_names_no_known_rule_is_refused() -> None:
    from dialogs.spec import RuleCheck

    unknown = RuleCheck(rule="btw/bestaat_niet", problems=("te_laat",), check=lambda v, c: None)
    bad = Veld(
        "btw_plichtig", 2, YES_NO, BOOL, janee, example=lambda ctx: "1", checks=(unknown,),
    )  # fmt: skip
    catalog = default_catalog().with_texts(TEXTS)
    with pytest.raises(TableError, match="unknown rule"):
        default_table().with_field(bad, after="kost", catalog=catalog, rule_paths=rule_paths())


async def test_jsonl_asks_the_new_field_and_puts_it_in_the_project(tmp_path: Path) -> None:
    table, catalog = _with_btw()
    store = await Store.open(tmp_path / "kmobot.sqlite3")
    try:
        service = Service(store, table=table, catalog=catalog)
        answers: dict[str, dict[str, str]] = {k: {"text": v} for k, v in OPLEIDING.items()}
        answers["btw_plichtig"] = {"choice": "ja"}
        out = await _play(service, {"text": "nieuw"})
        seen: list[str] = []
        for _ in range(40):
            asked = out[-1]["asks"]
            seen.append(asked)
            if asked == "verklaring":
                break
            out = await _play(service, answers[asked])
        assert seen.index("btw_plichtig") == seen.index("kost") + 1
        summary = out[-1]
        assert "• Btw-plichtig: ja" in summary["text"]
        rows = [r for b in summary["blocks"] if b["kind"] == "rows" for r in b["rows"]]
        assert {"label": "Btw-plichtig", "value": "ja", "copyable": False} in rows
        out = await _play(service, {"text": "ja"})
        approved = [m for m in out if m["project"] is not None]
        assert approved and approved[0]["project"]["btw_plichtig"] is True
    finally:
        await store.close()


async def _play(service: Service, line: dict[str, str]) -> list[dict[str, Any]]:
    """One `kmobot chat --jsonl` session on the store: a resume, then this line; its output."""
    stdout = io.StringIO()
    await run_chat(
        service,
        chat_id="lokaal",
        today=lambda: TODAY,
        jsonl=True,
        stdin=io.StringIO(json.dumps(line) + "\n"),
        stdout=stdout,
    )
    return [json.loads(line) for line in stdout.getvalue().splitlines()]
