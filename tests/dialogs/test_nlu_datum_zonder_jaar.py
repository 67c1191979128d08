"""Dates as people type them: without a year the nearest date, a lone number is no date, a weekday
must fit, dateparser only for "3 dagen geleden"-like texts; a read date said back in full."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dialogs import nlu
from dialogs.format import datum_voluit
from dialogs.messages import default_catalog
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import default_nlu_data


def _datum(text: str, today: date) -> Ok[date] | Fout:
    return nlu.datum(text, today=today, nlu_data=default_nlu_data())


# --- without a year: the date nearest to the application date ---------------------------------

NEAREST = [
    pytest.param("12 januari", date(2026, 12, 1), date(2027, 1, 12), id="january-from-december"),
    pytest.param("28 november", date(2026, 12, 1), date(2026, 11, 28), id="just-before"),
    pytest.param("15/1", date(2026, 12, 1), date(2027, 1, 15), id="numeric-next-year"),
    pytest.param("15-1", date(2026, 12, 1), date(2027, 1, 15), id="numeric-dash"),
    pytest.param("3.1", date(2026, 12, 20), date(2027, 1, 3), id="numeric-dot"),
    pytest.param("20 december", date(2027, 1, 5), date(2026, 12, 20), id="december-from-january"),
    pytest.param("20/12", date(2027, 1, 5), date(2026, 12, 20), id="numeric-last-year"),
    pytest.param("1 dec", date(2026, 3, 10), date(2025, 12, 1), id="abbreviation-last-year"),
    pytest.param("op 2 december", date(2026, 3, 10), date(2025, 12, 2), id="op-last-year"),
    pytest.param("12 maart", date(2026, 3, 10), date(2026, 3, 12), id="same-year-after"),
    pytest.param("1e maart", date(2026, 3, 10), date(2026, 3, 1), id="same-year-before"),
    pytest.param("1 juni", date(2026, 12, 1), date(2027, 6, 1), id="182-days-ahead"),
    pytest.param("2 juni", date(2026, 12, 1), date(2026, 6, 2), id="182-days-back"),
    pytest.param("8 september", date(2026, 3, 10), date(2026, 9, 8), id="182-days-ahead-sept"),
    pytest.param("10 september", date(2026, 3, 10), date(2025, 9, 10), id="181-days-back-sept"),
    pytest.param("29 februari", date(2027, 12, 1), date(2028, 2, 29), id="leap-day-next-year"),
    pytest.param("29/2", date(2028, 6, 1), date(2028, 2, 29), id="leap-day-this-year"),
]


@pytest.mark.parametrize(("text", "today", "expected"), NEAREST)
def test_a_date_without_a_year_is_the_nearest_one(text: str, today: date, expected: date) -> None:
    assert _datum(text, today) == Ok(expected)
    assert abs((expected - today).days) <= nlu.DICHTSTBIJ_DAGEN


@pytest.mark.parametrize("text", ["1 januari", "1/1", "op 1 jan"])
def test_at_equal_distance_the_future_date(text: str) -> None:
    today = date(2028, 7, 2)  # 183 days after 01/01/2028 and before 01/01/2029
    assert today - date(2028, 1, 1) == date(2029, 1, 1) - today
    assert _datum(text, today) == Ok(date(2029, 1, 1))


@pytest.mark.parametrize("start", [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 730, 7)])
def test_nearest_for_every_week_of_two_years(start: date) -> None:
    for text, (d, m) in (("5 januari", (5, 1)), ("20/6", (20, 6)), ("31 oktober", (31, 10))):
        result = _datum(text, start)
        assert isinstance(result, Ok)
        others = [date(start.year + k, m, d) for k in (-2, -1, 0, 1, 2)]
        assert result.value in others
        assert all(abs((result.value - start).days) <= abs((o - start).days) for o in others)


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("29 februari", date(2026, 3, 10)),
        ("29/2", date(2026, 12, 1)),
        ("31 juni", date(2026, 6, 1)),
    ],
)
def test_a_day_without_a_year_that_does_not_exist_near_is_refused(text: str, today: date) -> None:
    result = _datum(text, today)
    assert isinstance(result, Fout)
    assert result.message == "fout.datum_onmogelijk"


def test_an_explicit_year_is_kept_however_far() -> None:
    assert _datum("12 januari 2026", date(2026, 12, 1)) == Ok(date(2026, 1, 12))
    assert _datum("15/01/2030", date(2026, 12, 1)) == Ok(date(2030, 1, 15))


# --- a lone number is not a date; dateparser gets no odd strings ------------------------------

NOT_A_DATE = [
    "1",
    "12",
    "0",
    "-1",
    "-2",
    "+1",
    "2",
    "2026",
    "31",
    "007",
    "1 2",
    "12 34 56",
    "1234567",
    "-3 dagen",
    "+3 dagen",
    "3 dagen",
    "om 12u",
    "12u",
    "vorige maand",
    "volgend jaar",
    "12 34 maart geleden",
    "over 12345 dagen",
    "1e",
    "de 12e",
    "12 maar niet zeker",
    "x 5",
    "٣",
]


@pytest.mark.parametrize("text", NOT_A_DATE)
def test_a_lone_number_or_odd_string_is_no_date(text: str) -> None:
    for today in (date(2026, 3, 10), date(2026, 12, 1)):
        result = _datum(text, today)
        assert isinstance(result, Fout), f"{text!r} read as {result!r}"
        assert default_catalog().text(result.message, **result.params)
    if text.lstrip("-+").isdigit():
        assert result == Fout("fout.datum_formaat")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 dagen geleden", date(2026, 11, 28)),
        ("over 2 weken", date(2026, 12, 15)),
        ("2 weken geleden", date(2026, 11, 17)),
        ("gisteren", date(2026, 11, 30)),
        ("vandaag", date(2026, 12, 1)),
    ],
)
def test_relative_dates_still_work(text: str, expected: date) -> None:
    assert _datum(text, date(2026, 12, 1)) == Ok(expected)


# --- a weekday before the date must be that date's ---------------------------------------------

WEEKDAYS = [
    pytest.param("dinsdag 12 januari 2027", Ok(date(2027, 1, 12)), id="right-weekday"),
    pytest.param("di 12 januari", Ok(date(2027, 1, 12)), id="short-weekday-no-year"),
    pytest.param("op dinsdag 12/1", Ok(date(2027, 1, 12)), id="op-weekday-numeric"),
    pytest.param("vrijdag, 4 december", Ok(date(2026, 12, 4)), id="comma-after-weekday"),
    pytest.param("maandag 12 januari 2027", "fout.datum_weekdag", id="wrong-weekday"),
    pytest.param("zondag 1 december", "fout.datum_weekdag", id="wrong-weekday-no-year"),
    pytest.param("woensdag 31 februari", "fout.datum_onmogelijk", id="impossible-date"),
]


@pytest.mark.parametrize(("text", "expected"), WEEKDAYS)
def test_a_weekday_before_a_date_is_checked(text: str, expected: object) -> None:
    result = _datum(text, date(2026, 12, 1))
    if isinstance(expected, Ok):
        assert result == expected
        return
    assert isinstance(result, Fout)
    assert result.message == expected


def test_the_wrong_weekday_says_which_day_it_is() -> None:
    result = _datum("maandag 12 januari 2027", date(2026, 12, 1))
    assert isinstance(result, Fout)
    text = default_catalog().text(result.message, **result.params)
    assert text.startswith("12/01/2027 is een dinsdag, geen maandag.")


# --- saying a date back in full ----------------------------------------------------------------

VOLUIT = [
    (date(2027, 1, 12), "dinsdag 12 januari 2027"),
    (date(2026, 11, 28), "zaterdag 28 november 2026"),
    (date(2026, 3, 1), "zondag 1 maart 2026"),
    (date(2028, 2, 29), "dinsdag 29 februari 2028"),
    (date(2026, 6, 15), "maandag 15 juni 2026"),
    (date(2026, 8, 5), "woensdag 5 augustus 2026"),
    (date(2026, 10, 1), "donderdag 1 oktober 2026"),
    (date(2026, 5, 1), "vrijdag 1 mei 2026"),
    (date(2026, 12, 31), "donderdag 31 december 2026"),
    (date(2030, 4, 20), "zaterdag 20 april 2030"),
]


@pytest.mark.parametrize(("d", "expected"), VOLUIT, ids=[v[1] for v in VOLUIT])
def test_datum_voluit(d: date, expected: str) -> None:
    assert datum_voluit(d) == expected


@pytest.mark.parametrize(("d", "expected"), VOLUIT, ids=[v[1] for v in VOLUIT])
def test_a_date_said_back_in_full_reads_as_the_same_date(d: date, expected: str) -> None:
    assert _datum(datum_voluit(d), d - timedelta(days=40)) == Ok(d)


LETTERLIJK = [
    ("12/03/2026", True),
    ("2026-03-12", True),
    ("12-3-26", True),
    ("1.3.2026", True),
    (" 12/03/2026. ", True),
    ("12/3", False),
    ("12 maart", False),
    ("12 maart 2026", False),
    ("gisteren", False),
    ("vorige maandag", False),
    ("10 november, ze is al begonnen", False),
    ("12", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), LETTERLIJK)
def test_datum_letterlijk_tells_when_nothing_was_inferred(text: str, expected: bool) -> None:
    assert nlu.datum_letterlijk(text) is expected
