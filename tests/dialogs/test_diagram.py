"""The committed dialog diagram (docs/dialoog.mmd, also in the README) is the table's own."""

from __future__ import annotations

import re
from pathlib import Path

from dialogs.diagram import mermaid
from dialogs.fields import default_table
from dialogs.messages import default_catalog
from dialogs.state import Step

ROOT = Path(__file__).resolve().parents[2]


def test_docs_diagram_is_up_to_date() -> None:
    expected = mermaid(default_table(), default_catalog())
    committed = (ROOT / "docs" / "dialoog.mmd").read_text(encoding="utf-8")
    assert committed == expected, "run: kmobot diagram > docs/dialoog.mmd"


def test_readme_shows_the_same_diagram() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", readme, flags=re.S)
    assert mermaid(default_table(), default_catalog()) in blocks


def test_every_field_and_step_is_in_the_diagram() -> None:
    text = mermaid(default_table(), default_catalog())
    for row in default_table().fields:
        assert f"\n            {row.id}: {row.id} (" in text
    for step in (Step.IDLE, Step.SUMMARY, Step.CONFIRM, Step.CHOOSE_FIELD):
        assert step.value in text
