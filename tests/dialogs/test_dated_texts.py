"""Texts that quote a rule take its date from the dated rule, so they hold on every date."""

from __future__ import annotations

from datetime import date

import pytest

from tests.dialogs.driver import OPLEIDING, Gesprek, texts


async def _help_at_type(today: date) -> str:
    chat = Gesprek(today=today)
    await chat.send("nieuw")
    await chat.answer_until("type", {**OPLEIDING, "grootte": "klein"})
    return texts(await chat.send("help"))


@pytest.mark.parametrize(
    ("today", "limited"),
    [(date(2026, 1, 31), False), (date(2026, 2, 1), True), (date(2026, 11, 27), True)],
)
async def test_help_for_type_names_the_advies_limit_only_when_in_force(
    today: date, limited: bool
) -> None:
    text = await _help_at_type(today)
    assert "Kies 1 voor opleiding of 2 voor advies." in text
    assert (
        "Sinds 01/02/2026 komt advies alleen nog in aanmerking voor Cybersecurity." in text
    ) is limited


async def test_advies_proposal_quotes_the_rules_date() -> None:
    chat = Gesprek(today=date(2026, 3, 10))
    await chat.send("nieuw")
    answers = {**OPLEIDING, "grootte": "klein", "type": "advies", "naam": "Audit van ons netwerk"}
    turn = await chat.answer_until("thema", answers)
    assert "Advies komt sinds 01/02/2026 alleen nog in aanmerking voor IT – Cybersecurity." in (
        turn.messages[-1].text
    )
