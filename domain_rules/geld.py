"""Money helpers: amounts are `decimal.Decimal`, rounded once, to the cent, half up.

The single rounding rule of the package lives here; `domain_rules` never uses binary floats.
Imports only the standard library.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT: Decimal = Decimal("0.01")
NUL: Decimal = Decimal("0.00")


def rond_af(bedrag: Decimal) -> Decimal:
    """Round an amount to the euro cent, a half cent upwards (ROUND_HALF_UP).

    Source: Verordening (EG) nr. 1103/97, art. 5 (euro amounts are rounded to the nearest cent,
    a result exactly halfway is rounded up). The kmo-portefeuille does not publish its own
    rounding rule (niet bevestigd), so the general euro rule is applied.
    """
    if not isinstance(bedrag, Decimal):
        raise TypeError(f"bedrag must be a Decimal, got {type(bedrag).__name__}")
    if not bedrag.is_finite():
        raise ValueError(f"bedrag must be finite, got {bedrag}")
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)


def is_centbedrag(bedrag: Decimal) -> bool:
    """Return True when the amount is finite and has no fraction of a cent."""
    return bedrag.is_finite() and rond_af(bedrag) == bedrag


def bedrag_tekst(bedrag: Decimal) -> str:
    """Return the raw, machine-readable cent string of an amount (e.g. "100.00")."""
    return str(rond_af(bedrag))
