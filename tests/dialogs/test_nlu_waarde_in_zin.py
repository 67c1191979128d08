"""A value followed (or preceded) by words keeps the value, when it is the one value of its kind
in the answer; two are refused with a message that names them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dialogs import nlu
from dialogs.messages import default_catalog
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import default_nlu_data

TODAY = date(2026, 12, 1)


def _fout(result: object, message: str) -> Fout:
    assert isinstance(result, Fout), f"expected {message}, got {result!r}"
    assert result.message == message, result
    assert default_catalog().text(result.message, **result.params)
    return result


# --- amounts -----------------------------------------------------------------------------------

BEDRAG_OK = [
    ("1520 euro, er komt nog cursusmateriaal bij", "1520.00"),
    ("ongeveer 1500", "1500.00"),
    ("het kost € 1.250,50 excl. btw, de factuur volgt", "1250.50"),
    ("1 250 euro voor alles samen", "1250.00"),
    ("€900 in totaal", "900.00"),
    ("de offerte zegt 2.400,-", "2400.00"),
    ("totaal: 980,50 EUR.", "980.50"),
    ("€1520 denk ik", "1520.00"),
    ("start 3 maart 2027, prijs 1.200 euro", "1200.00"),
    ("900 euro, 30% subsidie", "900.00"),
    ("bedrag is 750 (exclusief btw)", "750.00"),
    ("we zijn met 12 man, start 3 maart, 1.200 euro", None),  # several numbers: refused
]
BEDRAG_FOUT = [
    ("1520 euro en 300 euro materiaal", "fout.bedrag_meerdere"),
    ("tussen 1000 en 1500 euro", "fout.bedrag_meerdere"),
    ("het kost 2 x 500 euro", "fout.bedrag_meerdere"),
    ("1520 euro voor 3 mensen", "fout.bedrag_meerdere"),
    ("Excel 2016, 900 euro", "fout.bedrag_meerdere"),
    ("500 euro per deelnemer", "fout.bedrag_per"),
    ("200 euro pp", "fout.bedrag_per"),
    ("150 euro per uur", "fout.bedrag_per"),
    ("kost -500 euro", "fout.bedrag_formaat"),
    ("ongeveer 1,250.50 dollar", "fout.bedrag_formaat"),
    ("de prijs is 0 euro", "fout.bedrag_nul"),
    ("ik weet het nog niet", "fout.bedrag_formaat"),
    ("12 maart", "fout.bedrag_formaat"),
    ("in 2026 is dat veel", "fout.bedrag_formaat"),
]


@pytest.mark.parametrize(("text", "expected"), BEDRAG_OK)
def test_one_amount_among_words(text: str, expected: str | None) -> None:
    result = nlu.bedrag(text)
    if expected is None:
        assert isinstance(result, Fout)
    else:
        assert result == Ok(Decimal(expected))


@pytest.mark.parametrize(("text", "message"), BEDRAG_FOUT)
def test_amounts_that_are_refused_in_a_sentence(text: str, message: str) -> None:
    result = nlu.bedrag(text)
    if text == "in 2026 is dat veel":
        # One number and nothing that says it is not the amount: read as 2026.
        assert result == Ok(Decimal("2026.00"))
        return
    _fout(result, message)


def test_two_amounts_are_named_in_the_refusal() -> None:
    result = _fout(nlu.bedrag("1520 euro en 300 euro materiaal"), "fout.bedrag_meerdere")
    text = default_catalog().text(result.message, **result.params)
    assert "(1520 euro en 300 euro)" in text


def test_the_same_amount_twice_is_one_amount() -> None:
    assert nlu.bedrag("1520 euro, ja 1520 euro") == Ok(Decimal("1520.00"))


# --- dates -------------------------------------------------------------------------------------

DATUM = [
    ("10 november, ze is al begonnen", Ok(date(2026, 11, 10))),
    ("ze is op 3 december gestart, denk ik", Ok(date(2026, 12, 3))),
    ("ik heb het vandaag getekend", Ok(date(2026, 12, 1))),
    ("getekend op 20/11/2026 bij de klant", Ok(date(2026, 11, 20))),
    ("start volgende week dinsdag normaal", Ok(date(2026, 12, 8))),
    ("dat was 12 januari 2026 al", Ok(date(2026, 1, 12))),
    ("de eerste les is op dinsdag 12 januari 2027", Ok(date(2027, 1, 12))),
    ("12 januari, nu al ingeschreven", Ok(date(2027, 1, 12))),
    ("op 12 maart, of 13 maart", "fout.datum_meerdere"),
    ("12/12 en 13/12", "fout.datum_meerdere"),
    ("gisteren of vandaag", "fout.datum_meerdere"),
    ("31 februari, denk ik", "fout.datum_onmogelijk"),
    ("we starten maandag", "fout.datum_dubbelzinnig"),
    ("ik weet het niet meer", "fout.datum_formaat"),
    ("zo dus", "fout.datum_formaat"),
    ("we zijn met 12 man", "fout.datum_formaat"),
]


@pytest.mark.parametrize(("text", "expected"), DATUM)
def test_one_date_among_words(text: str, expected: object) -> None:
    result = nlu.datum(text, today=TODAY, nlu_data=default_nlu_data())
    if isinstance(expected, Ok):
        assert result == expected
    else:
        assert isinstance(expected, str)
        _fout(result, expected)


def test_two_dates_are_named_in_the_refusal() -> None:
    result = nlu.datum("op 12 maart, of 13 maart", today=TODAY, nlu_data=default_nlu_data())
    result = _fout(result, "fout.datum_meerdere")
    assert result.params == {"waarden": "12/03/2027 en 13/03/2027"}


# --- hours -------------------------------------------------------------------------------------

UREN = [
    ("ongeveer 20 uur", Ok(Decimal("20"))),
    ("20 uur in totaal", Ok(Decimal("20"))),
    ("een opleiding van 16 uur", Ok(Decimal("16"))),
    ("acht uur ongeveer", Ok(Decimal("8"))),
    ("anderhalf uur, denk ik", Ok(Decimal("1.5"))),
    ("7u30 in totaal", Ok(Decimal("7.50"))),
    ("zo'n 12,5 uren", Ok(Decimal("12.5"))),
    ("het is 24u", Ok(Decimal("24"))),
    # Several numbers: the one duration that words mark as the total.
    ("24 uur in totaal, gespreid over 4 weken", Ok(Decimal("24"))),
    ("zo'n 9 uur, verdeeld over 3 namiddagen", Ok(Decimal("9"))),
    ("3 sessies van 2u30, dus 7u30", Ok(Decimal("7.50"))),
    ("4 lessen van 3 uur, samen 12 uur", Ok(Decimal("12"))),
    ("18 uur samen, 6 uur per les", Ok(Decimal("18"))),
    ("een 30-tal uren", Ok(Decimal("30"))),
    ("een 20-tal uur", Ok(Decimal("20"))),
    ("2 dagen van 8 uur", "fout.uren_meerdere"),
    ("6 uur per dag over 3 dagen", "fout.uren_meerdere"),
    ("4 uur of 8 uur", "fout.uren_meerdere"),
    ("een uur of twee", "fout.uren_meerdere"),
    ("16 uur, 3 deelnemers", "fout.uren_meerdere"),
    ("ongeveer 20", "fout.uren_formaat"),
    ("de opleiding duurt 2 dagen", "fout.uren_formaat"),
    ("0 uur eigenlijk", "fout.uren_nul"),
    ("geen idee", "fout.uren_formaat"),
]


@pytest.mark.parametrize(("text", "expected"), UREN)
def test_one_duration_among_words(text: str, expected: object) -> None:
    result = nlu.uren(text, default_nlu_data())
    if isinstance(expected, Ok):
        assert result == expected
    else:
        assert isinstance(expected, str)
        _fout(result, expected)


def test_hours_are_stored_as_plain_decimals() -> None:
    result = nlu.uren("ongeveer 20 uur", default_nlu_data())
    assert isinstance(result, Ok)
    assert str(result.value) == "20"


# --- whole numbers -----------------------------------------------------------------------------

GETAL = [
    ("we zijn met 12 man", Ok(12)),
    ("we zijn een kleine kmo met 12 man", Ok(12)),
    ("ongeveer twaalf", Ok(12)),
    ("met één persoon", Ok(1)),
    ("drie collega's gaan mee", Ok(3)),
    ("12 man, start 3 maart", Ok(12)),
    ("in totaal 4 deelnemers.", Ok(4)),
    ("12 man en 3 stagiairs", "fout.getal_meerdere"),
    ("twee komma vijf", "fout.getal_meerdere"),
    ("tussen 3 en 5", "fout.getal_meerdere"),
    ("we zijn met 600", "fout.getal_grenzen"),
    ("met -3 mensen", "fout.getal_formaat"),
    ("ongeveer 2,5", "fout.getal_formaat"),
    ("een hele groep", "fout.getal_formaat"),
    ("12 maart", "fout.getal_formaat"),
]


@pytest.mark.parametrize(("text", "expected"), GETAL)
def test_one_whole_number_among_words(text: str, expected: object) -> None:
    result = nlu.geheel_getal(text, minimum=1, maximum=500, nlu_data=default_nlu_data())
    if isinstance(expected, Ok):
        assert result == expected
    else:
        assert isinstance(expected, str)
        _fout(result, expected)


# --- what is never searched --------------------------------------------------------------------

NOT_SEARCHED = [
    pytest.param('{"text": "nieuw", "choice": "1"}', id="json"),
    pytest.param("<b>12</b> mensen", id="markup"),
    pytest.param("x = 12 uur", id="code"),
    pytest.param(" ".join(["woord"] * 25) + " 12 uur 900 euro 3 maart", id="long-message"),
]


@pytest.mark.parametrize("text", NOT_SEARCHED)
def test_code_or_a_long_message_is_not_searched_for_a_value(text: str) -> None:
    data = default_nlu_data()
    assert isinstance(nlu.geheel_getal(text, minimum=1, maximum=500, nlu_data=data), Fout)
    assert isinstance(nlu.bedrag(text), Fout)
    assert isinstance(nlu.uren(text, data), Fout)
    assert isinstance(nlu.datum(text, today=TODAY, nlu_data=data), Fout)
