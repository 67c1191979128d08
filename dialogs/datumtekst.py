"""A date written out in Dutch, to say back a date that was read from words.

"12 januari" on 01/12/2026 is read as 12/01/2027; saying "dinsdag 12 januari 2027" back lets the
user see the year and the weekday that were understood. Pure; babel supplies the nl_BE names.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date


def datum_voluit(d: date) -> str:
    """date(2027, 1, 12) -> 'dinsdag 12 januari 2027' (weekday, day, month and year, nl_BE)."""
    return str(format_date(d, format="EEEE d MMMM y", locale="nl_BE"))
