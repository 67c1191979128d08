"""The offered choice inside a sentence, with a typo or an emoji; refused when two are named or
the choice is denied."""

from __future__ import annotations

import pytest

from dialogs import nlu
from dialogs.models import Choice
from dialogs.nlu_loader import default_nlu_data

GROOTTE = [
    Choice(label="kleine onderneming", value="klein"),
    Choice(label="middelgrote onderneming", value="middelgroot"),
    Choice(label="grote onderneming", value="groot"),
]
SOORT = [
    Choice(label="klassikaal (extern)", value="klassikaal"),
    Choice(label="afstandsleren (online)", value="afstandsleren"),
    Choice(label="interne opleiding", value="intern"),
]
TYPE = [Choice(label="opleiding", value="opleiding"), Choice(label="advies", value="advies")]
THEMAS = [
    Choice(label="Energie-efficiëntie", value="Energie-efficiëntie"),
    Choice(label="Digitalisering", value="Digitalisering"),
    Choice(label="Duurzaamheid en circulaire economie", value="Duurzaamheid"),
]

FOUND = [
    (GROOTTE, "we zijn met 12 man, dus klein denk ik", "klein"),
    (GROOTTE, "we zijn een kleine kmo", "klein"),
    (GROOTTE, "klien", "klein"),
    (GROOTTE, "klein 😊", "klein"),
    (GROOTTE, "middelgroot 🙂", "middelgroot"),
    (GROOTTE, "Middelgroot!", "middelgroot"),
    (GROOTTE, "een middelgrote onderneming", "middelgroot"),
    (GROOTTE, "grote onderneming denk ik", "groot"),
    (GROOTTE, "middelgrot", "middelgroot"),
    (GROOTTE, "geen idee, klein denk ik", "klein"),
    (GROOTTE, "eerder klein (12 personen)", "klein"),
    (SOORT, "klassikaal, in hun lokalen in Gent", "klassikaal"),
    (SOORT, "online via Teams", "afstandsleren"),
    (SOORT, "in de klas bij hen", "klassikaal"),
    (SOORT, "een interne opleiding bij ons", "intern"),
    (SOORT, "het wordt e-learning", "afstandsleren"),
    (SOORT, "afstandslern", "afstandsleren"),
    (SOORT, "de docent komt naar ons", "intern"),
    # The one choice left when the others are denied or compared away.
    (SOORT, "niet online maar klassikaal", "klassikaal"),
    (SOORT, "klassikaal, dus niet online", "klassikaal"),
    (SOORT, "eerder online dan klassikaal", "afstandsleren"),
    (GROOTTE, "we zijn niet groot, maar klein", "klein"),
    (SOORT, "gewoon in onze zaak", "intern"),
    (SOORT, "via zoom, van thuis uit", "afstandsleren"),
    (SOORT, "het is afstandsonderwijs", "afstandsleren"),
    (SOORT, "in een zaal bij de opleider", "klassikaal"),
    (TYPE, "het is een opleiding", "opleiding"),
    (TYPE, "een cursus Excel", "opleiding"),
    (TYPE, "opleding", "opleiding"),
    (TYPE, "advies over onze website 👍", "advies"),
    (THEMAS, "iets rond energie efficientie", "Energie-efficiëntie"),
    (THEMAS, "digitalisring van de boekhouding", "Digitalisering"),
]
REFUSED = [
    (GROOTTE, "klein of middelgroot"),
    (GROOTTE, "niet klein"),
    (GROOTTE, "zeker niet klein"),
    (GROOTTE, "geen grote onderneming"),
    (GROOTTE, "kleintje"),
    (GROOTTE, "we zijn met 12"),
    (GROOTTE, "12"),
    (GROOTTE, "1 of 2"),
    (GROOTTE, "🙂"),
    (GROOTTE, "onderneming"),
    (SOORT, "onlien"),
    (SOORT, "niet online en ook niet klassikaal"),
    (SOORT, "online of in de klas"),
    (TYPE, "een opleiding of advies?"),
    (TYPE, "geen advies"),
    (TYPE, "iets anders"),
    (GROOTTE, " ".join(["we"] * 25) + " klein"),
    (GROOTTE, '{"choice": "klein"}'),
]


@pytest.mark.parametrize(
    ("choices", "text", "expected"), FOUND, ids=[f"{t}->{e}" for _, t, e in FOUND]
)
def test_the_offered_choice_is_found_in_a_sentence(
    choices: list[Choice], text: str, expected: str
) -> None:
    assert nlu.choice(text, choices, default_nlu_data()) == expected


@pytest.mark.parametrize(("choices", "text"), REFUSED, ids=[t[:40] for _, t in REFUSED])
def test_two_choices_a_denial_or_nothing_offered_is_none(choices: list[Choice], text: str) -> None:
    assert nlu.choice(text, choices, default_nlu_data()) is None


@pytest.mark.parametrize(
    ("text", "expected"), [("1", "klein"), ("3.", "groot"), ("2", "middelgroot"), ("4", None)]
)
def test_a_number_picks_by_position_only_as_the_whole_text(
    text: str, expected: str | None
) -> None:
    assert nlu.choice(text, GROOTTE, default_nlu_data()) == expected


def test_without_the_nlu_data_only_the_whole_text_counts() -> None:
    assert nlu.choice("klein 😊", GROOTTE) is None
    assert nlu.choice("we zijn een kleine kmo", GROOTTE) is None
    assert nlu.choice("Klein", GROOTTE) == "klein"


def test_a_synonym_counts_only_where_its_value_is_offered() -> None:
    data = default_nlu_data()
    assert nlu.choice("we doen het online", GROOTTE, data) is None
    assert nlu.choice("een grote cursus", SOORT, data) is None
    assert nlu.choice("online", SOORT, data) == "afstandsleren"
