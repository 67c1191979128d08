"""Free Dutch notations: relative dates, number words, hours, everyday yes/no (issue free text)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dialogs import nlu
from dialogs.messages import default_catalog
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import default_nlu_data

TODAY = date(2026, 3, 10)  # a Tuesday

DATES = [
    ("12/03/2026", date(2026, 3, 12)),
    ("12-3-26", date(2026, 3, 12)),
    ("12 maart", date(2026, 3, 12)),
    ("12 maart 2026", date(2026, 3, 12)),
    # Without a year: the date nearest to today (within ±6 months), here last December.
    ("1 dec", date(2025, 12, 1)),
    ("2 mrt", date(2026, 3, 2)),
    ("1e maart", date(2026, 3, 1)),
    ("op 2 december", date(2025, 12, 2)),
    ("12/3", date(2026, 3, 12)),
    ("gisteren", date(2026, 3, 9)),
    ("eergisteren", date(2026, 3, 8)),
    ("vandaag", date(2026, 3, 10)),
    ("morgen", date(2026, 3, 11)),
    ("overmorgen", date(2026, 3, 12)),
    ("vorige maandag", date(2026, 3, 9)),
    ("Vorige Maandag", date(2026, 3, 9)),
    ("afgelopen vrijdag", date(2026, 3, 6)),
    ("vorige dinsdag", date(2026, 3, 3)),
    ("volgende dinsdag", date(2026, 3, 17)),
    ("volgende week dinsdag", date(2026, 3, 17)),
    ("volgende week maandag", date(2026, 3, 16)),
    ("vorige week vrijdag", date(2026, 3, 6)),
    ("deze vrijdag", date(2026, 3, 13)),
    ("2026-03-12", date(2026, 3, 12)),
    ("3 dagen geleden", date(2026, 3, 7)),
]


@pytest.mark.parametrize(("text", "expected"), DATES, ids=[d[0] for d in DATES])
def test_dates_in_free_dutch(text: str, expected: date) -> None:
    assert nlu.datum(text, today=TODAY, nlu_data=default_nlu_data()) == Ok(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2026", "fout.datum_onmogelijk"),
        ("30 februari", "fout.datum_onmogelijk"),
        ("maandag", "fout.datum_dubbelzinnig"),
        ("blablabla", "fout.datum_formaat"),
        ("", "fout.datum_formaat"),
        ("12/13/2026", "fout.datum_onmogelijk"),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused_with_a_reason(text: str, message: str) -> None:
    result = nlu.datum(text, today=TODAY, nlu_data=default_nlu_data())
    assert isinstance(result, Fout)
    assert result.message == message
    assert default_catalog().text(result.message, **result.params)


def test_ambiguous_weekday_names_both_dates() -> None:
    result = nlu.datum("maandag", today=TODAY, nlu_data=default_nlu_data())
    assert isinstance(result, Fout)
    text = default_catalog().text(result.message, **result.params)
    assert "vorige maandag (09/03/2026)" in text and "volgende maandag (16/03/2026)" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 2),
        ("twee", 2),
        ("twaalf", 12),
        ("Twaalf", 12),
        ("vijfentwintig", 25),
        ("tweeëntwintig", 22),
        ("honderdtwintig", 120),
        ("tweehonderd", 200),
        ("twee deelnemers", 2),
        ("3 personen", 3),
        ("één", 1),
    ],
)
def test_whole_numbers_in_digits_or_words(text: str, expected: int) -> None:
    assert nlu.geheel_getal(text, minimum=1, maximum=500, nlu_data=default_nlu_data()) == Ok(
        expected
    )


@pytest.mark.parametrize("text", ["tweeduizendvijf", "veel", "twee komma vijf", "-3", "2,5"])
def test_not_a_whole_number_in_bounds(text: str) -> None:
    assert isinstance(
        nlu.geheel_getal(text, minimum=1, maximum=500, nlu_data=default_nlu_data()), Fout
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16", "16"),
        ("7,5", "7.5"),
        ("7.5 uur", "7.5"),
        ("7u30", "7.50"),
        ("acht uur", "8"),
        ("anderhalf uur", "1.5"),
        ("twaalf uren", "12"),
    ],
)
def test_hours(text: str, expected: str) -> None:
    assert nlu.uren(text, default_nlu_data()) == Ok(Decimal(expected))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", True),
        ("jep", True),
        ("klopt", True),
        ("ok", True),
        ("Oké", True),
        ("akkoord", True),
        ("nee", False),
        ("neen", False),
        ("liever niet", False),
        ("misschien", None),
    ],
)
def test_everyday_yes_and_no(text: str, expected: bool | None) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is expected
