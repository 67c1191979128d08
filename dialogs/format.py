"""Dutch (Flemish) display of amounts, dates, percentages and hours.

Pure functions over Decimal and date; babel supplies the nl_BE number conventions.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal


@lru_cache(maxsize=4096)
def euro(bedrag: Decimal) -> str:
    """Decimal('1250.5') -> '€ 1.250,50'."""
    return format_currency(bedrag, "EUR", locale="nl_BE").replace("\xa0", " ")


def datum(d: date) -> str:
    """date(2026, 3, 2) -> '02/03/2026'."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


@lru_cache(maxsize=256)
def procent(ratio: Decimal) -> str:
    """Decimal('0.45') -> '45 %'."""
    return f"{format_decimal(ratio * 100, locale='nl_BE')} %"


@lru_cache(maxsize=4096)
def getal(waarde: Decimal | int) -> str:
    """Decimal('7.5') -> '7,5'; 16 -> '16'."""
    return format_decimal(waarde, locale="nl_BE").replace("\xa0", " ")


def laad() -> None:
    """Load babel's nl_BE data now (about 15 ms at its first use, in a turn otherwise)."""
    getal(Decimal("1.5"))
    euro(Decimal("1.5"))
    datum_voluit(date(2026, 1, 1))


def hoofdletter(tekst: str) -> str:
    """'nACE-code' stays; 'aantal uren' -> 'Aantal uren' (only the first letter changes)."""
    return tekst[:1].upper() + tekst[1:]


def datum_voluit(d: date) -> str:
    """date(2027, 1, 12) -> 'dinsdag 12 januari 2027' (to say back a date read from words)."""
    return format_date(d, "EEEE d MMMM y", locale="nl_BE")
