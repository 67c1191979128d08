"""Conversation transcripts (tests/dialogs/transcripts/*.yaml) played against the engine.

Each file is one chat with a fresh `MemoryPorts` (demo registry, no projects):

    name: Een kleine onderneming vraagt een opleiding Excel aan
    today: 2026-03-10            # the application date (a step may change it with `today:`)
    steps:
      - resume: true             # or  user: "text"  /  choice: "value"  /  answers: … (below)
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
        never_asks: [subthema]   # fields the turn does not ask

A step that answers by field name instead of by position (its action instead of resume, user
or choice) plays as many turns as it takes to reach a question:

      - answers: opleiding       # a named answer set (ANSWER_SETS below), or a mapping:
                                 #   answers: {onderneming: "0403.170.701", grootte: "1", …}
        answers_extra: {kost: "20.000", soort: {choice: intern}}   # optional: added to the
                                 #   answers, replacing the set's answer for the same field
        until: dienstverlener    # the step ends at the first turn that asks this field
                                 #   (`until: verklaring` for the summary)
        never_asks: [subthema]   # optional: fields no turn of the step may ask
        says: ["Subsidie Vlaamse overheid: € 6.000,00"]

  It looks at the field the last turn asks (`messages[-1].asks`), sends the answer for that
  field (typed text, or `{choice: value}` for a picked choice), and repeats until `until` is
  asked. It fails, naming the field and showing what the assistant said, when a field is asked
  that the answers do not give, when nothing is asked before `until` (idle), when the same
  field is asked again with the aanvraag unchanged more than MAX_REPEATS times in a row (its
  answer is evidently refused), after MAX_TURNS turns, when `until` is already asked before
  the step (it would play nothing), and when a key of `answers_extra` is never asked (a
  misspelt field would test nothing). An answer that is never asked is no error otherwise: the
  named sets may answer fields that a given aanvraag does not ask (soort for an advies, a field
  that is added later), so adding a question to the form means adding its answer to the set
  once, not editing every transcript. The order in which the fields are asked is not checked:
  a transcript about the order itself (terug, the demo walk, the canonical full form) uses
  user/choice steps, and says at its top why.

  Which turns an expectation of an answers step looks at:
    - says, not_says, problem, never_asks: all turns the step played (a text or a problem id
      in between is as meaningful as one at the end; `problem: null` means no turn of the step
      had one; a field in never_asks fails the step as soon as a turn asks it, even when the
      answers could answer it: "the proposal is accepted, no subthema question");
    - asks (implied by `until`, so not allowed), choices, project, aanvraag, mode, stored: the
      last turn, the one that asks `until`.
  The checks every turn gets (one last message carries asks/choices, no empty text, no
  unformatted placeholder) apply to each turn of the step, and with the state-via-json variant
  the state goes through JSON between every two turns of the step too.

Unknown keys are refused, so a typo in a transcript cannot silently test nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
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
from tests.dialogs.driver import ADVIES, OPLEIDING

TRANSCRIPTS = Path(__file__).parent / "transcripts"
MODES = ("idle", "aanvraag", "demo")

# The named answer sets of `answers: <name>`, field id to typed answer (tests/dialogs/driver.py,
# shared with the Python dialog tests; valid on 2026-03-10).
ANSWER_SETS: dict[str, Mapping[str, str]] = {"opleiding": OPLEIDING, "advies": ADVIES}
MAX_TURNS = 40  # turns one answers step may play
MAX_REPEATS = 2  # times in a row a field may be asked again with the aanvraag unchanged


class TranscriptFailure(AssertionError):
    """A transcript does not hold; the message says where and what the assistant said."""


class Keuze(BaseModel):
    """An answer of an answers step that picks a choice instead of typing text."""

    model_config = ConfigDict(extra="forbid")

    choice: StrictStr


Antwoord = StrictStr | Keuze


class Stap(BaseModel):
    """One user action (or a run of answers) and what must hold after the engine's turn(s)."""

    model_config = ConfigDict(extra="forbid")

    # the action (exactly one)
    resume: StrictBool | None = None
    user: StrictStr | None = None
    choice: StrictStr | None = None
    answers: StrictStr | dict[StrictStr, Antwoord] | None = None
    # with answers: added answers (replacing the set's), and the field that ends the step
    answers_extra: dict[StrictStr, Antwoord] | None = None
    until: StrictStr | None = None
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
    never_asks: list[StrictStr] = []

    @model_validator(mode="after")
    def _one_action(self) -> Stap:
        given = [
            k for k in ("resume", "user", "choice", "answers") if getattr(self, k) is not None
        ]
        if len(given) != 1 or self.resume is False:
            raise ValueError(
                f"a step needs exactly one of resume: true / user / choice / answers, got {given}"
            )
        if self.answers is None:
            if self.until is not None or self.answers_extra is not None:
                raise ValueError("until and answers_extra belong to an answers step")
        else:
            if self.until is None:
                raise ValueError("an answers step needs until: <the field that ends it>")
            if self.checks("asks"):
                raise ValueError("an answers step ends when `until` is asked; drop asks")
            if isinstance(self.answers, str) and self.answers not in ANSWER_SETS:
                raise ValueError(f"no answer set {self.answers!r}; known: {sorted(ANSWER_SETS)}")
            if self.until in self.never_asks:
                raise ValueError("until is asked by definition; it cannot be in never_asks")
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

    def answer_map(
        self, sets: Mapping[str, Mapping[str, str]] = ANSWER_SETS
    ) -> dict[str, str | Keuze]:
        """The answers of an answers step: the named set or mapping, then answers_extra."""
        assert self.answers is not None
        base = sets[self.answers] if isinstance(self.answers, str) else self.answers
        return {**base, **(self.answers_extra or {})}

    def label(self) -> str:
        if self.resume:
            return "resume"
        if self.choice is not None:
            return f"choice {self.choice!r}"
        if self.answers is not None:
            name = self.answers if isinstance(self.answers, str) else "{…}"
            extra = f" + {sorted(self.answers_extra)}" if self.answers_extra else ""
            return f"answers {name}{extra} until {self.until!r}"
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
        if self.steps[0].answers is not None:
            raise ValueError("an answers step needs a question before it; it cannot be first")
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


def verify(
    step: Stap, turns: Turn | list[Turn], ports: MemoryPorts, sent: list[str] | None = None
) -> list[str]:
    """Every expectation of the step that its turns do not meet.

    `turns` are the turns the step played (one, except for an answers step) and `sent` what
    was typed in each (by default the step's own text or choice).
    """
    if isinstance(turns, Turn):
        turns = [turns]
    if sent is None:
        sent = [(step.user or "") + (step.choice or "")] * len(turns)
    errors: list[str] = []
    turn = turns[-1]
    last = turn.messages[-1]
    messages = [m for t in turns for m in t.messages]
    text = "\n".join(m.text for m in messages)
    # Whatever the step: every turn says something, in Dutch, with its parameters filled in,
    # and only its last message asks.
    for n, (t, typed) in enumerate(zip(turns, sent, strict=True), start=1):
        at = f"turn {n} of the step: " if len(turns) > 1 else ""
        for i, m in enumerate(t.messages[:-1]):
            if m.asks is not None or m.choices:
                errors.append(f"{at}message {i} ({m.id}) carries asks/choices; only the last may")
        if t.messages[-1].asks != t.state.asks or t.messages[-1].choices != list(t.state.choices):
            errors.append(f"{at}the last message's asks/choices differ from the state's")
        for m in t.messages:
            if not m.text.strip():
                errors.append(f"{at}message {m.id} is empty")
            if "{" in m.text and "{" not in typed:
                errors.append(f"{at}message {m.id} holds an unformatted placeholder: {m.text!r}")
    if step.checks("asks") and last.asks != step.asks:
        errors.append(f"asks: expected {step.asks!r}, got {last.asks!r}")
    for n, t in enumerate(turns, start=1):
        if t.messages[-1].asks in step.never_asks:
            at = f" (turn {n} of the step)" if len(turns) > 1 else ""
            errors.append(f"never_asks: {t.messages[-1].asks!r} is asked{at}")
    if step.checks("problem"):
        got = [m.problem for m in messages if m.problem]
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
    return errors


def _show(turn: Turn) -> str:
    lines = []
    for m in turn.messages:
        lines.append(f"  [{m.id}] problem={m.problem} asks={m.asks}")
        lines.extend(f"    | {line}" for line in m.text.splitlines())
        lines.extend(f"    {i}. {c.label} ({c.value})" for i, c in enumerate(m.choices, 1))
    return "\n".join(lines)


# --- playing -------------------------------------------------------------------------------


def _carry(turn: Turn, via_json: bool) -> DialogState:
    """The state for the next turn; with via_json through JSON, as the store keeps it."""
    if not via_json:
        return turn.state
    state = DialogState.model_validate_json(turn.state.model_dump_json())
    if state != turn.state:
        raise TranscriptFailure("the state does not survive its JSON form unchanged")
    return state


async def _answer(
    step: Stap,
    previous: Turn,
    state: DialogState,
    *,
    today: date,
    ports: MemoryPorts,
    via_json: bool,
    where: str,
    sets: Mapping[str, Mapping[str, str]],
) -> tuple[list[Turn], list[str], DialogState]:
    """Play an answers step: answer what is asked from its answers until `until` is asked."""
    answers = step.answer_map(sets)
    turns: list[Turn] = []
    sent: list[str] = []
    trail: list[str] = []
    answered: set[str] = set()
    turn = previous
    repeats = 0

    def fail(reason: str) -> TranscriptFailure:
        played = "\n    ".join(trail) or "(nothing)"
        return TranscriptFailure(
            f"{where}:\n  {reason}\n  answered in this step:\n    {played}"
            f"\nthe assistant said:\n{_show(turn)}"
        )

    while True:
        asked = turn.messages[-1].asks
        if asked == step.until:
            if not turns:
                raise fail(f"{step.until!r} is already asked before the step: it plays nothing")
            break
        if asked is None:
            raise fail(f"nothing is asked (the chat is idle) and {step.until!r} never was")
        if turns and asked in step.never_asks:
            raise fail(f"{asked!r} is asked, and the step says it is not (never_asks)")
        if asked not in answers:
            raise fail(
                f"{asked!r} is asked, and the answers do not give it"
                f" (they give {', '.join(sorted(answers))})"
            )
        if len(turns) >= MAX_TURNS:
            raise fail(f"{step.until!r} is not asked after {MAX_TURNS} turns")
        answer = answers[asked]
        if isinstance(answer, Keuze):
            inp, typed, shown = (
                Input(choice=answer.choice),
                answer.choice,
                f"choice {answer.choice!r}",
            )
        else:
            inp, typed, shown = Input(text=answer), answer, repr(answer)
        before = state.aanvraag
        turn = await advance(state, inp, today=today, ports=ports)
        turns.append(turn)
        sent.append(typed)
        answered.add(asked)
        problems = ", ".join(m.problem for m in turn.messages if m.problem)
        trail.append(f"{asked} <- {shown}" + (f" (problem {problems})" if problems else ""))
        state = _carry(turn, via_json)
        if turn.messages[-1].asks == asked and turn.state.aanvraag == before:
            repeats += 1
            if repeats > MAX_REPEATS:
                raise fail(
                    f"{asked!r} is asked again {repeats} times in a row with the aanvraag"
                    f" unchanged: its answer {shown} is not taken"
                )
        else:
            repeats = 0
    unused = sorted(set(step.answers_extra or {}) - answered)
    if unused:
        raise fail(f"answers_extra gives {unused}, which this step never asks")
    return turns, sent, state


async def play(
    transcript: Transcript,
    *,
    via_json: bool = False,
    answer_sets: Mapping[str, Mapping[str, str]] = ANSWER_SETS,
) -> None:
    """Play the transcript; raise TranscriptFailure at the first step that does not hold.

    With via_json the state goes through JSON between turns, as the store keeps it (a restart
    in the middle continues exactly where the user was). `answer_sets` stands in for
    ANSWER_SETS (the runner's own tests give it altered copies).
    """
    ports = MemoryPorts()
    state = DialogState()
    today = transcript.today
    previous: Turn | None = None
    for number, step in enumerate(transcript.steps, start=1):
        if step.today is not None:
            today = step.today
        where = f"{transcript.name}\nstep {number} ({step.label()}, today {today})"
        if step.answers is None:
            turn = await advance(state, step.input(), today=today, ports=ports)
            turns, sent = [turn], [(step.user or "") + (step.choice or "")]
            state = _carry(turn, via_json)
        else:
            assert previous is not None  # Transcript refuses an answers step first
            turns, sent, state = await _answer(
                step,
                previous,
                state,
                today=today,
                ports=ports,
                via_json=via_json,
                where=where,
                sets=answer_sets,
            )
        errors = verify(step, turns, ports, sent)
        if errors:
            raise TranscriptFailure(
                f"{where}:\n  "
                + "\n  ".join(errors)
                + "\nthe assistant said:\n"
                + _show(turns[-1])
            )
        previous = turns[-1]


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("via_json", [False, True], ids=["direct", "state-via-json"])
@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
async def test_transcript(path: Path, via_json: bool) -> None:
    """Play the transcript, directly and with the state through JSON between turns."""
    transcript = load_transcript(path)
    try:
        await play(transcript, via_json=via_json)
    except TranscriptFailure as failure:
        pytest.fail(str(failure), pytrace=False)


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
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [{"user": "a"}, {"answers": "opleiding"}],
            },
            id="answers-without-until",
        ),
        pytest.param(
            {"name": "x", "today": "2026-03-10", "steps": [{"user": "a", "until": "kost"}]},
            id="until-without-answers",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [{"user": "a", "answers_extra": {"kost": "300"}}],
            },
            id="answers-extra-without-answers",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [{"user": "a"}, {"answers": "opleidng", "until": "kost"}],
            },
            id="unknown-answer-set",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [
                    {"user": "a"},
                    {"answers": "opleiding", "until": "kost", "asks": "kost"},
                ],
            },
            id="asks-in-an-answers-step",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [{"user": "a"}, {"answers": {"kost": 300}, "until": "dienstverlener"}],
            },
            id="number-as-an-answer",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [{"user": "a"}, {"answers": "opleiding", "user": "b", "until": "kost"}],
            },
            id="answers-and-user",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [{"answers": "opleiding", "until": "kost"}],
            },
            id="answers-step-first",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [
                    {"user": "a"},
                    {"answers": {"soort": {"chioce": "intern"}}, "until": "x"},
                ],
            },
            id="typo-in-a-choice-answer",
        ),
        pytest.param(
            {
                "name": "x",
                "today": "2026-03-10",
                "steps": [
                    {"user": "a"},
                    {"answers": "opleiding", "until": "kost", "never_asks": ["kost"]},
                ],
            },
            id="until-in-never-asks",
        ),
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
