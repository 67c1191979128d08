"""Several answers in one message, and corrections in free text, through the engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dialogs.engine import advance
from dialogs.extract import correctie, extract
from dialogs.fields import default_table
from dialogs.models import Input
from dialogs.nlu_loader import default_nlu_data
from dialogs.state import DialogState, Turn
from tests.auxil.ports import MemoryPorts
from tests.dialogs.driver import Gesprek, asks, project_waarde, texts, waarde

TODAY = date(2026, 11, 27)


def _extract(text: str) -> dict[str, object]:
    """What the rows of the field table find in a message."""
    table = default_table()
    return extract(
        text,
        extractors=table.extractors(),
        implied=table.implications(),
        today=TODAY,
        nlu_data=default_nlu_data(),
    )


EXAMPLE = (
    "Ik wil een opleiding Excel gevorderd voor 2 mensen (Jan Peeters en An Janssens), 16 uur, "
    "€ 900, bij Attentia, start 3 december"
)


def test_the_issue_example_fills_every_field_it_states() -> None:
    found = _extract(EXAMPLE)
    assert {k: v for k, v in found.items() if k != "dienstverlener"} == {
        "type": "opleiding",
        "naam": "Excel gevorderd",
        "deelnemers": 2,
        "deelnemer_namen": ["Jan Peeters", "An Janssens"],
        "uren": Decimal("16"),
        "kost": Decimal("900.00"),
        "startdatum": date(2026, 12, 3),
    }
    assert found["dienstverlener"] == "Attentia"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "cursus VCA basis voor drie werknemers, 8 uur, 250 euro, ingeschreven op 20 november",
            {
                "type": "opleiding",
                "naam": "VCA basis",
                "deelnemers": 3,
                "uren": Decimal("8"),
                "kost": Decimal("250.00"),
                "datum_overeenkomst": date(2026, 11, 20),
            },
        ),
        (
            "advies cybersecurity, EUR 2 500, overeenkomst getekend op 20/11/2026, "
            "start 1 december",
            {
                "type": "advies",
                "naam": "cybersecurity",
                "kost": Decimal("2500.00"),
                "datum_overeenkomst": date(2026, 11, 20),
                "startdatum": date(2026, 12, 1),
            },
        ),
    ],
)
def test_other_phrasings(text: str, expected: dict[str, object]) -> None:
    assert {k: v for k, v in _extract(text).items() if k != "dienstverlener"} == expected


@pytest.mark.parametrize(
    ("text", "naam"),
    [
        ("de opleiding 'Werken op hoogte' van 8 uur", "Werken op hoogte"),
        ("cursus ‘Boekhouden voor starters’ voor 2 collega's", "Boekhouden voor starters"),
        ("een opleiding Excel met zo'n 3 collega's", "Excel"),
    ],
)
def test_a_title_in_single_quotes_is_whole_and_apostrophes_are_no_quotes(
    text: str, naam: str
) -> None:
    assert _extract(text)["naam"] == naam


@pytest.mark.parametrize(
    "text", ["Excel voor gevorderden", "Python for beginners", "🙂🙂🙂 6 u € 5", "x" * 500]
)
def test_a_plain_title_or_noise_states_no_facts(text: str) -> None:
    found = _extract(text)
    assert len({k for k in found if k != "dienstverlener"}) <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("het bedrag is eigenlijk 1.200 euro", ("kost", "1.200 euro")),
        ("de startdatum moet 2 december zijn", ("startdatum", "2 december")),
        ("nee, het aantal deelnemers is 3", ("deelnemers", "3")),
        ("de titel is Excel basis", ("naam", "Excel basis")),
        ("Excel voor gevorderden", None),
        ("ja", None),
    ],
)
def test_corrections(text: str, expected: tuple[str, str] | None) -> None:
    assert correctie(text, nlu_data=default_nlu_data()) == expected


async def _run(texts: list[str]) -> tuple[list[Turn], MemoryPorts]:
    state, ports, turns = DialogState(), MemoryPorts(), []
    for text in texts:
        turn = await advance(state, Input(text=text), today=TODAY, ports=ports)
        state = turn.state
        turns.append(turn)
    return turns, ports


async def test_one_message_then_only_the_missing_questions() -> None:
    turns, ports = await _run(
        [
            EXAMPLE,
            "0403.170.701",
            "klein",
            "62.100",
            "klassikaal",
            "ja",
            "ingeschreven op 20 november",
            "jep",
            "ja",
        ]
    )
    first = "\n".join(m.text for m in turns[0].messages)
    assert "Genoteerd:" in first and "Attentia NV (DV.O213465)" in first
    assert turns[0].messages[-1].asks == "onderneming"
    assert [t.messages[-1].asks for t in turns[1:]] == [
        "grootte",
        "nace",
        "soort",
        "thema",
        "datum_overeenkomst",
        "bedrijfsfunctioneren",
        "verklaring",
        None,
    ]
    # the calculation appears as soon as the size makes it possible
    assert "Subsidie Vlaamse overheid: € 270,00" in "\n".join(m.text for m in turns[2].messages)
    project = ports.projects[0]
    assert project.deelnemer_namen == ["Jan Peeters", "An Janssens"]
    kost, start = project_waarde(project, "kost"), project_waarde(project, "startdatum")
    assert (kost, project.subsidie, start) == (
        Decimal("900.00"),
        Decimal("270.00"),
        date(2026, 12, 3),
    )
    # 9 turns instead of the 18 answers the form needs
    assert len(turns) == 9


async def test_a_correction_at_the_summary_recomputes_and_returns_there() -> None:
    chat = Gesprek(today=TODAY)
    await chat.send(EXAMPLE)
    # what the example leaves open, by field (the questions' order is the test above)
    rest = {
        "onderneming": "0403.170.701",
        "grootte": "klein",
        "nace": "62.100",
        "soort": "klassikaal",
        "thema": "ja",
        "datum_overeenkomst": "ingeschreven op 20 november",
        "bedrijfsfunctioneren": "jep",
    }
    await chat.answer_until(None, rest)
    corrected = await chat.send("het bedrag is eigenlijk 1.200 euro")
    assert "Aangepast: kost (excl. btw) is nu € 1.200,00." in texts(corrected)
    assert "Bijdrage Vlaamse overheid (subsidie): € 360,00" in texts(corrected)
    assert asks(corrected) == "verklaring"
    moved = await chat.send("de startdatum moet 2 december zijn")
    assert waarde(moved.state, "startdatum") == date(2026, 12, 2)
    assert asks(moved) == "verklaring"


async def test_a_correction_mid_way_returns_to_the_open_question() -> None:
    turns, _ = await _run([EXAMPLE, "het aantal uren is eigenlijk twaalf"])
    assert waarde(turns[1].state, "uren") == Decimal("12")
    assert turns[1].messages[-1].asks == "onderneming"


async def test_a_refused_correction_keeps_the_old_value() -> None:
    turns, _ = await _run([EXAMPLE, "0403.170.701", "klein", "het bedrag is eigenlijk 50 euro"])
    assert waarde(turns[-1].state, "kost") == Decimal("900.00")
    assert turns[-1].messages[0].problem == "onder_minimum"
    assert turns[-1].messages[-1].asks == "nace"


async def test_a_decimal_comma_is_no_boundary_between_facts() -> None:
    chat = Gesprek(today=date(2026, 3, 10))
    await chat.send("nieuw")
    await chat.answer_until("deelnemer_namen")
    await chat.send("Jan Peeters, An Janssens, 7,5 uur, € 1.250,50, er komt nog materiaal bij")
    assert chat.state.aanvraag.raw("deelnemer_namen") == ["Jan Peeters", "An Janssens"]
    assert chat.state.aanvraag.raw("uren") == "7.5"
    assert chat.state.aanvraag.raw("kost") == "1250.50"


def test_an_amount_with_cents_in_a_sentence_keeps_its_cents() -> None:
    found = _extract("opleiding Excel, € 2.340,75, bij Attentia")
    assert found["kost"] == Decimal("2340.75")
