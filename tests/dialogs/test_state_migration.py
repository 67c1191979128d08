"""Conversations saved by the engine of schema version 1 load and go on where they were.

The fixtures in tests/dialogs/data/toestand_v1/ were written by that engine (see its README);
each is migrated, resumed, and where possible finished to an approved project.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.service import load_state
from dialogs.engine import advance
from dialogs.models import Input, Project
from dialogs.state import SCHEMA_VERSION, DialogState, Step, Then, migrate
from tests.auxil.ports import MemoryPorts
from tests.dialogs.driver import OPLEIDING, asks, project

DATA = Path(__file__).parent / "data" / "toestand_v1"
INDEX: dict[str, Any] = json.loads((DATA / "index.json").read_text(encoding="utf-8"))
TODAY = date(2026, 3, 10)


def _v1(name: str) -> str:
    return (DATA / f"{name}.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(INDEX))
async def test_a_version_1_state_resumes_at_the_same_question(name: str) -> None:
    state = load_state(_v1(name))
    assert state.schema_version == SCHEMA_VERSION
    assert state.asks == INDEX[name]["asks"]
    turn = await advance(state, Input(kind="resume"), today=TODAY, ports=MemoryPorts())
    expected = INDEX[name]["na_hervatten"]
    assert asks(turn) == expected["asks"]
    assert [c.value for c in turn.messages[-1].choices] == expected["keuzes"]
    assert turn.state.mode == expected["mode"]


def test_the_answers_and_the_remembered_kbo_survive() -> None:
    old = json.loads(_v1("overzicht"))
    state = load_state(_v1("overzicht"))
    given = {k: v for k, v in old["aanvraag"].items() if v is not None}
    assert state.aanvraag.values == given
    assert state.remembered == {"onderneming": "0403170701"}
    assert state.step is Step.SUMMARY


@pytest.mark.parametrize(
    ("name", "then", "step"),
    [
        ("terug_doorlopen", Then.WALK, Step.FIELD),
        ("wijzig_kost", Then.SUMMARY, Step.FIELD),
        ("thema_bladeren", Then.NEXT, Step.BROWSE),
        ("bevestig_annuleren", Then.NEXT, Step.CONFIRM),
        ("wijzig_veld", Then.NEXT, Step.CHOOSE_FIELD),
    ],
)
def test_the_flags_of_version_1_become_named_steps(name: str, then: Then, step: Step) -> None:
    state = load_state(_v1(name))
    assert (state.then, state.step) == (then, step)


async def _finish(state: DialogState, inputs: list[str]) -> tuple[DialogState, Any]:
    """Resume, send the inputs; `...` answers what is asked from OPLEIDING until the summary."""
    ports = MemoryPorts()
    turn = await advance(state, Input(kind="resume"), today=TODAY, ports=ports)
    for text in inputs:
        while text == "..." and asks(turn) != "verklaring":
            answer = OPLEIDING[str(asks(turn))]
            turn = await advance(turn.state, Input(text=answer), today=TODAY, ports=ports)
        if text != "...":
            turn = await advance(turn.state, Input(text=text), today=TODAY, ports=ports)
    return turn.state, turn


@pytest.mark.parametrize(
    ("name", "inputs"),
    [
        ("overzicht", ["ja"]),
        ("bevestig_annuleren", ["nee", "ja"]),
        ("wijzig_veld", ["kost", "900", "ja"]),
        ("wijzig_kost", ["900", "ja"]),
        ("uren", ["...", "ja"]),
        ("thema_bladeren", ["1", "1", "...", "ja"]),
        ("dienstverlener_kandidaten", ["1", "ja"]),
        ("nace_keuzes", ["1", "...", "ja"]),
    ],
)
async def test_a_version_1_conversation_goes_on_to_approval(name: str, inputs: list[str]) -> None:
    _, turn = await _finish(load_state(_v1(name)), inputs)
    approved = project(turn)
    assert approved is not None, [m.text for m in turn.messages]
    assert approved["projectnummer"] == "2026-000001"


async def test_a_version_1_demo_goes_on_with_the_sample_answers() -> None:
    ports = MemoryPorts()
    turn = await advance(load_state(_v1("demo")), Input(kind="resume"), today=TODAY, ports=ports)
    for _ in range(30):
        if project(turn) is not None:
            break
        turn = await advance(turn.state, Input(text=""), today=TODAY, ports=ports)
    approved = project(turn)
    assert approved is not None and approved["projectnummer"] == "DEMO-000000"
    assert ports.projects == []


async def test_a_version_1_doubt_is_asked_again_and_answered() -> None:
    _, turn = await _finish(load_state(_v1("bevestig_uitsluiting")), ["ja"])
    assert asks(turn) == "naam"
    assert any(m.problem == "uitgesloten_opleiding" for m in turn.messages)


def test_a_version_1_project_reads_with_its_fields() -> None:
    raw = json.loads((DATA / "project.json").read_text(encoding="utf-8"))
    p = Project.model_validate(raw)
    assert p.onderneming == "0403170701" and p.naam == "Excel voor gevorderden"
    assert p.deelnemer_namen == ["Jan Peeters", "An Janssens"]
    assert p.dienstverlener.registratienummer == "DV.O213465"
    shown = p.as_json()
    for key in ("kost", "startdatum", "mededeling", "subsidie", "iban", "soort"):
        assert shown[key] == raw[key]
    assert shown["dienstverlener"] == {"naam": "Attentia NV", "registratienummer": "DV.O213465"}
    # Stored again and read back, it keeps its shape.
    assert Project.model_validate_json(p.model_dump_json()) == p


def test_a_state_of_a_newer_version_is_refused_by_the_migration() -> None:
    with pytest.raises(ValueError, match="unknown schema version"):
        migrate({"schema_version": SCHEMA_VERSION + 1})
    # The service starts afresh rather than guess.
    assert load_state(json.dumps({"schema_version": 99, "mode": "aanvraag"})) == DialogState()
