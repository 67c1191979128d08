"""The answers as people type them, through the engine: each is stored as the parser reads it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.dialogs.driver import OPLEIDING, Gesprek, asks, texts, waarde

ANTWOORDEN = [
    ("grootte", "we zijn met 12 man, dus klein denk ik", "klein"),
    ("grootte", "middelgroot 🙂", "middelgroot"),
    ("grootte", "klien", "klein"),
    ("soort", "online via Teams", "afstandsleren"),
    ("soort", "klassikaal, in hun lokalen in Gent", "klassikaal"),
    ("deelnemers", "we zijn met 2 man", 2),
    ("uren", "ongeveer 20 uur", Decimal("20")),
    ("datum_overeenkomst", "1 maart, getekend bij de klant", date(2026, 3, 1)),
    ("startdatum", "2 maart, ze is al begonnen", date(2026, 3, 2)),
    ("bedrijfsfunctioneren", "ja hoor", True),
    ("kost", "1520 euro, er komt nog cursusmateriaal bij", Decimal("1520.00")),
]


@pytest.mark.parametrize(("veld", "antwoord", "verwacht"), ANTWOORDEN)
async def test_an_answer_in_words_is_stored(veld: str, antwoord: str, verwacht: object) -> None:
    g = Gesprek()
    await g.send("nieuw")
    await g.answer_until(veld)
    turn = await g.send(antwoord)
    assert waarde(g.state, veld) == verwacht, texts(turn)
    assert asks(turn) != veld, texts(turn)


@pytest.mark.parametrize(
    ("veld", "antwoord", "melding"),
    [
        ("grootte", "klein of middelgroot", "Kies"),
        ("kost", "1520 euro en 300 euro materiaal", "meer dan één bedrag"),
        ("kost", "500 euro per deelnemer", "totaalbedrag"),
        ("uren", "2 dagen van 8 uur", "meer dan één getal"),
    ],
)
async def test_an_unclear_answer_is_asked_again(veld: str, antwoord: str, melding: str) -> None:
    g = Gesprek()
    await g.send("nieuw")
    await g.answer_until(veld)
    turn = await g.send(antwoord)
    assert asks(turn) == veld, texts(turn)
    assert waarde(g.state, veld) is None
    assert melding in texts(turn)


async def test_the_verklaring_op_eer_in_words_submits() -> None:
    g = Gesprek()
    await g.send("nieuw")
    await g.answer_until(None, OPLEIDING)
    await g.send("ja, ik verklaar het op eer")
    assert len(g.ports.projects) == 1
