"""Understanding of one answer: dates, amounts, numbers, yes/no, names, codes.

Every parser is pure and total: it returns `Ok(value)` or `Fout(message_id, params)` and never
raises on user input. This is the one module the free-text understanding replaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from stdnum.be import vat
from stdnum.exceptions import ValidationError

from dialogs.models import Choice
from dialogs.nlu_loader import NluData, fold

T = TypeVar("T")

MAX_INPUT = 2000


@dataclass(frozen=True)
class Ok(Generic[T]):
    """A parsed, normalised value."""

    value: T


@dataclass(frozen=True)
class Fout:
    """Why an answer was not understood: a message id and its parameters."""

    message: str
    params: dict[str, str] = field(default_factory=dict)


def clean(text: str) -> str:
    """Drop control characters, normalise Unicode and whitespace, cap the length."""
    text = unicodedata.normalize("NFKC", text[: MAX_INPUT * 2])
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn"))
    return " ".join(text.split())[:MAX_INPUT]


def yes_no(text: str, nlu: NluData) -> bool | None:
    """True for an affirmation, False for a denial, None otherwise."""
    intent = nlu.intent(text)
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    return None


def choice(text: str, choices: list[Choice]) -> str | None:
    """The value of the offered choice the text names: its number, value or label."""
    t = text.strip().rstrip(".")
    if t.isdigit() and t.isascii():
        i = int(t)
        if 1 <= i <= len(choices):
            return choices[i - 1].value
        return None
    key = fold(t)
    for c in choices:
        if key in (fold(c.value), fold(c.label)):
            return c.value
    return None


def ondernemingsnummer(text: str) -> Ok[str] | Fout:
    """A KBO ondernemingsnummer (10 digits, mod-97 check) in compact form."""
    raw = text.strip()
    digits = re.sub(r"[\s./-]", "", raw.upper().removeprefix("BE"))
    if not digits.isdigit() or not digits.isascii() or len(digits) not in (9, 10):
        return Fout("fout.kbo_formaat")
    try:
        return Ok(vat.validate(digits))
    except ValidationError:
        return Fout("fout.kbo_controle")


def toon_ondernemingsnummer(compact: str) -> str:
    """0403170701 -> 0403.170.701."""
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}"


_NACE = re.compile(r"^(\d{2})\.?(\d{2})\.?(\d)$", re.ASCII)
_NACE4 = re.compile(r"^(\d{2})\.?(\d{2})$", re.ASCII)


def nace(text: str) -> Ok[str] | Fout:
    """A NACE-BEL subclass code (5 digits) as 'dd.ddd'."""
    t = re.sub(r"\s", "", text)
    m = _NACE.match(t)
    if m:
        if m.group(1) == "00":
            return Fout("fout.nace_formaat")
        return Ok(f"{m.group(1)}.{m.group(2)}{m.group(3)}")
    m4 = _NACE4.match(t)
    if m4:
        return Fout("fout.nace_onvolledig", {"code": f"{m4.group(1)}.{m4.group(2)}"})
    return Fout("fout.nace_formaat")


_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", re.ASCII)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)


def datum(text: str) -> Ok[date] | Fout:
    """A date as dd/mm/jjjj (also with - or .) or jjjj-mm-dd."""
    t = text.strip()
    m = _DATE_DMY.match(t)
    if m:
        d, mo, y = (int(g) for g in m.groups())
    else:
        m = _DATE_ISO.match(t)
        if not m:
            return Fout("fout.datum_formaat")
        y, mo, d = (int(g) for g in m.groups())
    if not 2000 <= y <= 2100:
        return Fout("fout.datum_onmogelijk", {"invoer": t})
    try:
        return Ok(date(y, mo, d))
    except ValueError:
        return Fout("fout.datum_onmogelijk", {"invoer": t})


_AMOUNT_NOISE = re.compile(r"(?i)(€|eur(o|os)?\b|excl\.?|exclusief|btw|\s)")


def bedrag(text: str) -> Ok[Decimal] | Fout:
    """An amount in euro: '€ 1.250,50', '1250,50', '1.250', '1250.50'."""
    t = _AMOUNT_NOISE.sub("", text.strip())
    t = t.rstrip(",-").removesuffix(",") if t.endswith((",-", ",")) else t
    if not t or not re.fullmatch(r"[0-9.,]+", t) or not t.isascii():
        return Fout("fout.bedrag_formaat")
    if "," in t and "." in t:
        if t.rfind(",") < t.rfind("."):
            return Fout("fout.bedrag_formaat")
        t = t.replace(".", "").replace(",", ".")
    elif "," in t:
        if t.count(",") > 1:
            return Fout("fout.bedrag_formaat")
        t = t.replace(",", ".")
    elif "." in t and re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    elif t.count(".") > 1:
        return Fout("fout.bedrag_formaat")
    if "." in t and not re.fullmatch(r"\d+\.\d{1,2}", t):
        return Fout("fout.bedrag_formaat")
    try:
        value = Decimal(t)
    except InvalidOperation:
        return Fout("fout.bedrag_formaat")
    if value <= 0:
        return Fout("fout.bedrag_nul")
    if value > Decimal("10000000"):
        return Fout("fout.bedrag_te_groot")
    return Ok(value.quantize(Decimal("0.01")))


def geheel_getal(text: str, *, minimum: int, maximum: int) -> Ok[int] | Fout:
    """A whole number written in digits, within bounds."""
    t = text.strip()
    if not (t.isdigit() and t.isascii()) or len(t) > 7:
        return Fout("fout.getal_formaat")
    value = int(t)
    if not minimum <= value <= maximum:
        return Fout("fout.getal_grenzen", {"minimum": str(minimum), "maximum": str(maximum)})
    return Ok(value)


def uren(text: str) -> Ok[Decimal] | Fout:
    """A duration in hours: '16', '7,5', '7.5', '16 uur'."""
    t = re.sub(r"(?i)\s*(uren|uur|u)\s*$", "", text.strip()).replace(",", ".")
    if not re.fullmatch(r"[0-9]{1,5}(\.[0-9]{1,2})?", t):
        return Fout("fout.uren_formaat")
    value = Decimal(t)
    if value <= 0:
        return Fout("fout.uren_nul")
    if value > 10000:
        return Fout("fout.uren_te_groot")
    return Ok(value.normalize() if value == value.to_integral() else value)


_NAME_SPLIT = re.compile(r"\s*(?:,|;|\n|\ben\b|&)\s*", re.IGNORECASE)
_NAME_OK = re.compile(r"^[^\W\d_]+(?:['’\-.][^\W\d_]*)*$")


def namen(text: str) -> Ok[list[str]] | Fout:
    """Participants' names: 'Jan Peeters, An Janssens en Mohamed El Amrani'."""
    parts = [p.strip() for p in _NAME_SPLIT.split(text.strip()) if p and p.strip()]
    if not parts:
        return Fout("fout.namen_leeg")
    out = []
    for p in parts:
        words = p.split()
        if len(words) < 2:
            return Fout("fout.naam_onvolledig", {"naam": p[:60]})
        if any(not _NAME_OK.match(w) for w in words) or len(p) > 120:
            return Fout("fout.naam_tekens", {"naam": p[:60]})
        out.append(" ".join(words))
    return Ok(out)


_REGNR = re.compile(r"^dv\s*[.\-]?\s*([oa0])\s*[.\-]?\s*(\d{6})$", re.IGNORECASE | re.ASCII)


def registratienummer(text: str) -> str | None:
    """'DV.O213465', 'dv o 213465', 'DV.0213465' -> 'DV.O213465'; None when not that shape."""
    m = _REGNR.match(text.strip())
    if not m:
        return None
    letter = m.group(1).upper().replace("0", "O")
    return f"DV.{letter}{m.group(2)}"


def tekst(text: str, *, minimum: int = 2, maximum: int = 200) -> Ok[str] | Fout:
    """Free text of reasonable length, with at least one letter or digit."""
    t = text.strip()
    if len(t) < minimum or not any(c.isalnum() for c in t):
        return Fout("fout.tekst_te_kort")
    if len(t) > maximum:
        return Fout("fout.tekst_te_lang", {"maximum": str(maximum)})
    return Ok(t)
