"""`kmobot rasa genereer`: the example assistant's domain.yml and rules.yml from the field table.

The form's required_slots and the slots are the table's field ids (slot types from each row's
codec), the intents are those of nlu_data/, the responses come from the message catalogue and
the rules send every intent outside the form to the action server. A test compares the committed
files with this output, so the assistant cannot drift from the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.rasa_actions import BERICHT, FORM, KEUZE, KIES, VERKLARING, acties_namen, form_slots
from dialogs.fields import default_table
from dialogs.messages import Catalog, default_catalog
from dialogs.nlu_loader import NluData, default_nlu_data
from dialogs.spec import BOOL, NAMES, NUMBER, PROVIDER, Codec, Table

HEADER = (
    "# Gemaakt door `kmobot rasa genereer` uit de veldentabel (dialogs/fields.py), de teksten\n"
    "# (dialogs/messages_nl.yml) en nlu_data/. Niet met de hand wijzigen: een test vergelijkt.\n"
)

#: The intents that do not simply go to the engine through action_faq.
_EIGEN_REGEL = {"cmd_nieuw": FORM, "cmd_historiek": "action_historiek"}


def _slot_type(codec: Codec) -> str:
    if codec is BOOL:
        return "bool"
    if codec is NUMBER:
        return "float"
    if codec is NAMES:
        return "list"
    if codec is PROVIDER:
        return "any"
    return "text"  # text, amounts and hours as decimal strings, dates as ISO strings


def intents(nlu: NluData) -> list[str]:
    """The intents of nlu_data/ (a retrieval intent faq/<id> as faq), then the button's."""
    names: list[str] = []
    for blocks in nlu.files.values():
        for b in blocks:
            name = b.name.split("/", 1)[0]
            if b.kind == "intent" and name not in names:
                names.append(name)
    return [*names, KIES]


def _slot(kind: str) -> dict[str, Any]:
    return {"type": kind, "influence_conversation": False, "mappings": [{"type": "custom"}]}


def domain(table: Table, catalog: Catalog, nlu: NluData) -> dict[str, Any]:
    """The domain: intents, the button's entity, the slots, the form, responses, actions."""
    slots = {f.id: _slot(_slot_type(f.value)) for f in table.fields}
    slots[VERKLARING] = _slot("bool")
    slots[BERICHT] = _slot("text")
    return {
        "version": "3.1",
        "session_config": {
            "session_expiration_time": 60,
            "carry_over_slots_to_new_session": True,
        },
        "intents": intents(nlu),
        "entities": [KEUZE],
        "slots": slots,
        "forms": {FORM: {"required_slots": form_slots(table)}},
        "responses": {"utter_default": [{"text": catalog.text("algemeen.onbekend_idle")}]},
        "actions": acties_namen(),
    }


def rules(nlu: NluData) -> dict[str, Any]:
    """Outside the form each intent goes to the engine; the form's end to the verklaring."""
    found: list[dict[str, Any]] = []
    for intent in [*intents(nlu), "nlu_fallback"]:
        action = _EIGEN_REGEL.get(intent, "action_faq")
        steps: list[dict[str, Any]] = [{"intent": intent}, {"action": action}]
        if action == FORM:
            steps.append({"active_loop": FORM})
        found.append({"rule": f"{intent} buiten het formulier", "steps": steps})
    found.append(
        {
            "rule": "formulier ingevuld: de verklaring op eer",
            "condition": [{"active_loop": FORM}],
            "steps": [
                {"action": FORM},
                {"active_loop": None},
                {"slot_was_set": [{"requested_slot": None}]},
                {"action": "action_dien_aanvraag_in"},
            ],
        }
    )
    return {"version": "3.1", "rules": found}


def _yaml(data: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=99)


def bestanden(
    table: Table | None = None, catalog: Catalog | None = None, nlu: NluData | None = None
) -> dict[str, str]:
    """The generated files by their path inside the assistant's folder."""
    t, c, n = table or default_table(), catalog or default_catalog(), nlu or default_nlu_data()
    return {"domain.yml": _yaml(domain(t, c, n)), "data/rules.yml": _yaml(rules(n))}


def schrijf(folder: Path) -> list[Path]:
    """Write the generated files into the assistant's folder; the paths written."""
    written = []
    for name, text in bestanden().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
