"""Conversation transcripts (tests/dialogs/transcripts/*.yaml) played against the engine.

Each file is one chat with a fresh `MemoryPorts` (demo registry, no projects):

    name: Een kleine onderneming vraagt een opleiding Excel aan
    today: 2026-03-10            # the application date (a step may change it with `today:`)
    steps:
      - resume: true             # or  user: "text"  /  choice: "value"
      - user: nieuw
        asks: onderneming        # field awaited after the turn (null: idle)
        problem: null            # null: no message of the turn carries a problem id
        says: ["Stap 2 van 6"]   # substrings somewhere in the turn's texts
        not_says: ["{"]          # substrings nowhere in the turn's texts
        choices: [ja, nee]       # the values offered with the last message
        project: {subsidie: "375.15"}   # subset of the approval message's project (null: none)
        aanvraag: {kost: "1250.50"}     # subset of the aanvraag in the new state (JSON form)
        mode: aanvraag           # idle / aanvraag / demo
        stored: 1                # number of projects the ports hold after the turn

Unknown keys are refused, so a typo in a transcript cannot silently test nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr, model_validator

from dialogs.engine import advance
from dialogs.models import Input
from dialogs.state import DialogState, Turn
from tests.auxil.ports import MemoryPorts

TRANSCRIPTS = Path(__file__).parent / "transcripts"
MODES = ("idle", "aanvraag", "demo")


class Stap(BaseModel):
    """One user action and what must hold after the engine's turn."""

    model_config = ConfigDict(extra="forbid")

    # the action (exactly one)
    resume: StrictBool | None = None
    user: StrictStr | None = None
    choice: StrictStr | None = None
    # the application date from this step on
    today: date | None = None
    # expectations (only the keys present are checked)
    asks: StrictStr | None = None
    problem: StrictStr | None = None
    says: list[StrictStr] = []
    not_says: list[StrictStr] = []
    choices: list[StrictStr] | None = None
    project: dict[str, Any] | None = None
    aanvraag: dict[str, Any] | None = None
    mode: StrictStr | None = None
    stored: StrictInt | None = None

    @model_validator(mode="after")
    def _one_action(self) -> Stap:
        given = [k for k in ("resume", "user", "choice") if getattr(self, k) is not None]
        if len(given) != 1 or self.resume is False:
            raise ValueError(
                f"a step needs exactly one of resume: true / user / choice, got {given}"
            )
        if self.mode is not None and self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        return self

    def checks(self, key: str) -> bool:
        return key in self.model_fields_set

    def input(self) -> Input:
        if self.resume:
            return Input(kind="resume")
        if self.choice is not None:
            return Input(choice=self.choice)
        return Input(text=self.user or "")

    def label(self) -> str:
        if self.resume:
            return "resume"
        if self.choice is not None:
            return f"choice {self.choice!r}"
        return f"user {self.user!r}"


class Transcript(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: StrictStr
    today: date
    steps: list[Stap]

    @model_validator(mode="after")
    def _not_empty(self) -> Transcript:
        if not self.steps:
            raise ValueError("a transcript needs steps")
        return self


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a repeated key (a second `asks:` would silently win)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    keys = [loader.construct_object(k, deep=True) for k, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise yaml.constructor.ConstructorError(
            None, None, f"duplicate keys {sorted(map(str, duplicates))}", node.start_mark
        )
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_transcript(path: Path) -> Transcript:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    return Transcript.model_validate(raw)


def _files() -> list[Path]:
    return sorted(TRANSCRIPTS.glob("*.yaml"))


# --- matching ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """YAML values to the JSON form the engine produces (dates ISO, numbers as written)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _subset(expected: Any, actual: Any, path: str) -> list[str]:
    """Differences where `actual` does not contain `expected` (dicts recursively)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a mapping, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out.extend(_subset(value, actual[key], f"{path}.{key}"))
        return out
    if expected != actual:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def _project(turn: Turn) -> dict[str, Any] | None:
    found = [m.project for m in turn.messages if m.project is not None]
    assert len(found) <= 1, "more than one message carries a project"
    return found[0] if found else None


def verify(step: Stap, turn: Turn, ports: MemoryPorts) -> list[str]:
    """Every expectation of the step that the turn does not meet."""
    errors: list[str] = []
    text = "\n".join(m.text for m in turn.messages)
    last = turn.messages[-1]
    for i, m in enumerate(turn.messages[:-1]):
        if m.asks is not None or m.choices:
            errors.append(f"message {i} ({m.id}) carries asks/choices; only the last may")
    if last.asks != turn.state.asks or last.choices != list(turn.state.choices):
        errors.append("the last message's asks/choices differ from the state's")
    if step.checks("asks") and last.asks != step.asks:
        errors.append(f"asks: expected {step.asks!r}, got {last.asks!r}")
    if step.checks("problem"):
        got = [m.problem for m in turn.messages if m.problem]
        if step.problem is None and got:
            errors.append(f"problem: expected none, got {got}")
        elif step.problem is not None and step.problem not in got:
            errors.append(f"problem: expected {step.problem!r}, got {got}")
    for s in step.says:
        if s not in text:
            errors.append(f"says: {s!r} not in the texts")
    for s in step.not_says:
        if s in text:
            errors.append(f"not_says: {s!r} is in the texts")
    if step.checks("choices"):
        values = [c.value for c in last.choices]
        if values != step.choices:
            errors.append(f"choices: expected {step.choices}, got {values}")
    if step.checks("project"):
        project = _project(turn)
        if step.project is None:
            if project is not None:
                errors.append("project: expected none, got one")
        elif project is None:
            errors.append("project: expected one, got none")
        else:
            errors.extend(_subset(_plain(step.project), project, "project"))
    if step.checks("aanvraag"):
        # Every field the step names, answered or not (None: no answer stored).
        expected = _plain(step.aanvraag)
        actual = {k: turn.state.aanvraag.raw(k) for k in expected}
        errors.extend(_subset(_plain(step.aanvraag), actual, "aanvraag"))
    if step.checks("mode") and turn.state.mode != step.mode:
        errors.append(f"mode: expected {step.mode!r}, got {turn.state.mode!r}")
    if step.checks("stored") and len(ports.projects) != step.stored:
        errors.append(f"stored: expected {step.stored}, got {len(ports.projects)}")
    # Whatever the step: every turn says something, in Dutch, with its parameters filled in.
    for m in turn.messages:
        if not m.text.strip():
            errors.append(f"message {m.id} is empty")
        if "{" in m.text and "{" not in (step.user or "") + (step.choice or ""):
            errors.append(f"message {m.id} holds an unformatted placeholder: {m.text!r}")
    return errors


def _show(turn: Turn) -> str:
    lines = []
    for m in turn.messages:
        lines.append(f"  [{m.id}] problem={m.problem} asks={m.asks}")
        lines.extend(f"    | {line}" for line in m.text.splitlines())
        lines.extend(f"    {i}. {c.label} ({c.value})" for i, c in enumerate(m.choices, 1))
    return "\n".join(lines)


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("via_json", [False, True], ids=["direct", "state-via-json"])
@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
async def test_transcript(path: Path, via_json: bool) -> None:
    """Play the transcript; with via_json the state goes through JSON between turns, as the
    store keeps it (a restart in the middle continues exactly where the user was)."""
    transcript = load_transcript(path)
    ports = MemoryPorts()
    state = DialogState()
    today = transcript.today
    for number, step in enumerate(transcript.steps, start=1):
        if step.today is not None:
            today = step.today
        turn = await advance(state, step.input(), today=today, ports=ports)
        errors = verify(step, turn, ports)
        if errors:
            pytest.fail(
                f"{transcript.name}\nstep {number} ({step.label()}, today {today}):\n  "
                + "\n  ".join(errors)
                + "\nthe assistant said:\n"
                + _show(turn),
                pytrace=False,
            )
        state = turn.state
        if via_json:
            state = DialogState.model_validate_json(state.model_dump_json())
            assert state == turn.state


def test_there_are_transcripts_with_unique_names() -> None:
    names = [load_transcript(p).name for p in _files()]
    assert len(names) >= 15
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(
            {"name": "x", "today": "2026-03-10", "steps": [{"user": "a", "ask": "x"}]},
            id="typo-in-step-key",
        ),
        pytest.param(
            {"name": "x", "today": "2026-03-10", "steps": [{"user": "a"}], "extra": 1},
            id="unknown-top-level-key",
        ),
        pytest.param(
            {"name": "x", "today": "2026-03-10", "steps": [{"asks": "naam"}]},
            id="step-without-action",
        ),
        pytest.param(
            {"name": "x", "today": "2026-03-10", "steps": [{"user": "a", "choice": "b"}]},
            id="two-actions",
        ),
        pytest.param(
            {"name": "x", "today": "2026-03-10", "steps": [{"user": 1}]},
            id="number-instead-of-text",
        ),
        pytest.param({"name": "x", "today": "2026-03-10", "steps": []}, id="no-steps"),
    ],
)
def test_a_malformed_transcript_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - pydantic's ValidationError is a ValueError
        Transcript.model_validate(bad)


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("name: x\ntoday: 2026-03-10\nsteps:\n  - user: a\n    asks: b\n    asks: c\n")
    with pytest.raises(yaml.YAMLError, match="duplicate"):
        load_transcript(path)


async def test_the_checks_can_fail() -> None:
    """The matcher reports wrong expectations (so a green transcript means something)."""
    ports = MemoryPorts()
    turn = await advance(DialogState(), Input(text="nieuw"), today=date(2026, 3, 10), ports=ports)
    good = Stap(
        user="nieuw",
        asks="onderneming",
        problem=None,
        says=["ondernemingsnummer"],
        choices=[],
        project=None,
        mode="aanvraag",
        stored=0,
    )
    assert verify(good, turn, ports) == []
    bad = Stap(
        user="nieuw",
        asks="grootte",
        problem="te_laat",
        says=["Excel"],
        not_says=["ondernemingsnummer"],
        choices=["ja"],
        project={"subsidie": "1"},
        aanvraag={"naam": "x"},
        mode="idle",
        stored=1,
    )
    assert len(verify(bad, turn, ports)) == 9
