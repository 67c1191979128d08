"""SELF-CHECK OF THE TRANSCRIPT RUNNER (tests/dialogs/test_transcripts.py), not of the engine.

The answers steps answer whatever is asked by field name. These tests show that a rewritten
transcript passes, still passes when its answer set holds an answer that is never asked (as it
will when a field is added to the form and its answer to the set), and that the runner fails
loudly, with the field named, instead of passing silently when the answers do not fit. The
last test does the same for `Gesprek.answer_until`, the helper of the Python tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.dialogs import test_transcripts as runner
from tests.dialogs.driver import OPLEIDING, Gesprek, asks
from tests.dialogs.test_transcripts import (
    ANSWER_SETS,
    TRANSCRIPTS,
    Transcript,
    TranscriptFailure,
    load_transcript,
    play,
)

# A rewritten transcript that walks the form with `answers: opleiding` up to the
# bedrijfsfunctioneren and on to the summary after kost.
REWRITTEN = TRANSCRIPTS / "17_ja_nee_onbegrepen.yaml"


def _uses_opleiding(path: Path) -> bool:
    return any(step.answers == "opleiding" for step in load_transcript(path).steps)


def _transcript(*steps: dict[str, Any]) -> Transcript:
    return Transcript.model_validate(
        {"name": "self-check", "today": "2026-03-10", "steps": [{"user": "nieuw"}, *steps]}
    )


async def test_selfcheck_runner_passes_with_an_extra_answer_that_is_never_asked() -> None:
    assert _uses_opleiding(REWRITTEN)
    transcript = load_transcript(REWRITTEN)
    await play(transcript)
    # a test-local copy: one answer more, for a question the engine does not ask
    extra = {**ANSWER_SETS, "opleiding": {**OPLEIDING, "geen_vraag": "ja"}}
    assert "geen_vraag" not in OPLEIDING
    await play(transcript, answer_sets=extra)
    await play(transcript, answer_sets=extra, via_json=True)


async def test_selfcheck_runner_fails_when_an_asked_field_has_no_answer() -> None:
    lacking = {**ANSWER_SETS, "opleiding": {k: v for k, v in OPLEIDING.items() if k != "uren"}}
    with pytest.raises(AssertionError, match="'uren' is asked, and the answers do not give it"):
        await play(load_transcript(REWRITTEN), answer_sets=lacking)


async def test_selfcheck_runner_fails_on_a_refused_answer_instead_of_looping() -> None:
    transcript = _transcript(
        {"answers": "opleiding", "answers_extra": {"uren": "veel"}, "until": "kost"}
    )
    with pytest.raises(TranscriptFailure, match="'uren' is asked again 3 times in a row") as err:
        await play(transcript)
    assert "uren <- 'veel' (problem ongeldige_invoer)" in str(err.value)


async def test_selfcheck_runner_fails_when_an_override_is_never_asked() -> None:
    transcript = _transcript(
        {"answers": "opleiding", "answers_extra": {"kots": "300"}, "until": "dienstverlener"}
    )
    with pytest.raises(TranscriptFailure, match=r"answers_extra gives \['kots'\]"):
        await play(transcript)


async def test_selfcheck_runner_fails_when_a_field_in_never_asks_is_asked() -> None:
    # a thema other than the proposed one: its subthema is asked
    transcript = _transcript(
        {"answers": "opleiding", "until": "thema"},
        {
            "answers": "opleiding",
            "answers_extra": {"thema": "HR"},
            "until": "deelnemers",
            "never_asks": ["subthema"],
        },
    )
    with pytest.raises(
        TranscriptFailure, match="'subthema' is asked, and the step says it is not"
    ):
        await play(transcript)


async def test_selfcheck_runner_fails_when_until_is_never_asked() -> None:
    idle = _transcript(
        {"answers": {**OPLEIDING, "verklaring": "ja"}, "until": "geen_vraag"},
    )
    with pytest.raises(TranscriptFailure, match="nothing is asked .* 'geen_vraag' never was"):
        await play(idle)
    already = _transcript({"answers": "opleiding", "until": "onderneming"})
    with pytest.raises(TranscriptFailure, match="already asked before the step"):
        await play(already)


async def test_selfcheck_runner_stops_after_max_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "MAX_TURNS", 3)
    with pytest.raises(TranscriptFailure, match="'kost' is not asked after 3 turns"):
        await play(_transcript({"answers": "opleiding", "until": "kost"}))


async def test_selfcheck_says_of_an_answers_step_look_at_every_turn_it_played() -> None:
    # the NACE question is the second turn of the step, the kost question its last
    await play(
        _transcript(
            {"answers": "opleiding", "until": "kost", "says": ["Stap 1 van 6 · NACE-code"]}
        )
    )
    with pytest.raises(TranscriptFailure, match="not_says: 'Stap 1 van 6 · NACE-code'"):
        await play(
            _transcript(
                {"answers": "opleiding", "until": "kost", "not_says": ["Stap 1 van 6 · NACE-code"]}
            )
        )
    # aanvraag and choices: the last turn, the one that asks `until`
    with pytest.raises(TranscriptFailure, match="choices: expected"):
        await play(
            _transcript({"answers": "opleiding", "until": "kost", "choices": ["ja", "nee"]})
        )


# --- the same checks in Gesprek.answer_until (tests/auxil/antwoorden.py), used by the Python tests


async def test_selfcheck_answer_until_fails_on_a_missing_or_refused_answer() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    lacking = {k: v for k, v in OPLEIDING.items() if k != "uren"}
    with pytest.raises(AssertionError, match="'uren' is asked, and no answer is given"):
        await chat.answer_until("kost", lacking)
    with pytest.raises(AssertionError, match="'uren' is asked again 3 times in a row"):
        await chat.answer_until("kost", {**OPLEIDING, "uren": "veel"})
    # an answer that is never asked is no error
    turn = await chat.answer_until(None, {**OPLEIDING, "geen_vraag": "ja"})
    assert asks(turn) == "verklaring"
