"""The example assistant's generated files equal `kmobot rasa genereer`'s output and the table."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.__main__ import main
from bot.rasa_actions import FORM, VERKLARING, acties_namen, required_slots
from bot.rasa_export import bestanden
from dialogs.fields import default_table
from dialogs.state import Aanvraag, DialogState

ASSISTENT = Path(__file__).resolve().parents[3] / "rasa_assistent"


def test_the_committed_files_are_what_the_command_generates() -> None:
    for name, text in bestanden().items():
        committed = (ASSISTENT / name).read_text(encoding="utf-8")
        assert committed == text, f"rasa_assistent/{name} differs: run `kmobot rasa genereer`"


def test_the_command_writes_the_same_files(tmp_path: Path) -> None:
    assert main(["rasa", "genereer", "--map", str(tmp_path)]) == 0
    for name, text in bestanden().items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text


def test_the_form_and_slots_are_the_tables_fields_in_order() -> None:
    domain = yaml.safe_load((ASSISTENT / "domain.yml").read_text(encoding="utf-8"))
    ids = [f.id for f in default_table().fields]
    assert domain["forms"][FORM]["required_slots"] == [*ids, VERKLARING]
    assert list(domain["slots"])[: len(ids)] == ids
    assert domain["slots"]["deelnemers"]["type"] == "float"
    assert domain["slots"]["bedrijfsfunctioneren"]["type"] == "bool"
    assert domain["actions"] == acties_namen()
    # No utter_ask_*: the engine asks each question, with its choices, so Rasa does not ask twice.
    assert not [r for r in domain["responses"] if r.startswith("utter_ask_")]


def test_every_intent_of_nlu_data_has_a_rule() -> None:
    domain = yaml.safe_load((ASSISTENT / "domain.yml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((ASSISTENT / "data" / "rules.yml").read_text(encoding="utf-8"))
    ruled = {s["intent"] for r in rules["rules"] for s in r["steps"] if "intent" in s}
    assert set(domain["intents"]) | {"nlu_fallback"} == ruled
    assert {"faq", "cmd_nieuw", "affirm", "mens_spreken"} <= ruled


def test_required_slots_follow_the_tables_conditions() -> None:
    advies = DialogState(mode="aanvraag", aanvraag=Aanvraag(values={"type": "advies"}))
    slots = required_slots(default_table(), advies)
    assert "soort" not in slots and "deelnemers" not in slots
    assert slots[-1] == VERKLARING
    opleiding = DialogState(mode="aanvraag", aanvraag=Aanvraag(values={"type": "opleiding"}))
    assert {"soort", "deelnemers"} <= set(required_slots(default_table(), opleiding))
