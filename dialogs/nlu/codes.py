"""Codes, names and free text: `ondernemingsnummer`, `nace`, `registratienummer`, `namen`, `tekst`.

The KBO number (mod-97), NACE-BEL subclass codes, the registration number of a service
provider (prefixes from the rules) and the names of participants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from stdnum.be import vat
from stdnum.exceptions import ValidationError

from dialogs.nlu.basis import MAX_INPUT, Fout, Ok
from domain_rules import REGISTRATIENUMMER_CIJFERS, alle_registratieprefixen, laad_regelboek

# BE (or not), then digits with at most one separator between two digits: no sign, nothing else.
_KBO = re.compile(r"^(?:BE(?:\s*[.\-]\s*|\s+)?)?([0-9](?:(?:\s*[./\-]\s*|\s+)?[0-9])*)$", re.ASCII)


def ondernemingsnummer(text: str) -> Ok[str] | Fout:
    """A KBO ondernemingsnummer (10 digits, mod-97 check) in compact form.

    Written with or without BE, with spaces, dots, slashes or dashes between the digits (and a
    full stop after it); a sign or any other character before, inside or after the number is
    refused ("-0403170701", "+32 0403170701").
    """
    raw = text.strip().rstrip(".").upper()
    m = _KBO.match(raw) if len(raw) <= 40 else None
    digits = re.sub(r"[^0-9]", "", m.group(1)) if m else ""
    if len(digits) not in (9, 10):
        return Fout("fout.kbo_formaat")
    try:
        return Ok(vat.validate(digits))
    except ValidationError:
        return Fout("fout.kbo_controle")


def toon_ondernemingsnummer(compact: str) -> str:
    """0403170701 -> 0403.170.701."""
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}"


# The notations of a subclass "dd.ddd" that are accepted, each with one kind of separator:
# 46391, 46.391, 46 391 (division, then the rest); 46.39.1, 46 39 1 (division, class digits,
# subclass digit); 4639.1 (class, then the subclass digit). A mixture ("46.39-1", "46.39 1",
# "46/-39/1") or any other separator is refused.
_NACE_VORMEN = (
    re.compile(r"^(\d{2})([. ]?)(\d{2})(\d)$", re.ASCII),
    re.compile(r"^(\d{2})([. ])(\d{2})\2(\d)$", re.ASCII),
    re.compile(r"^(\d{2})(\d{2})(\.)(\d)$", re.ASCII),
)
_NACE4 = re.compile(r"^(\d{2})[. ]?(\d{2})$", re.ASCII)


def nace(text: str) -> Ok[str] | Fout:
    """A NACE-BEL subclass code (5 digits) as 'dd.ddd', in one of the notations above."""
    t = text.strip()
    for vorm in _NACE_VORMEN:
        m = vorm.match(t)
        if m:
            digits = "".join(g for g in m.groups() if g.isdigit())
            if digits.startswith("00"):
                return Fout("fout.nace_formaat")
            return Ok(f"{digits[:2]}.{digits[2:]}")
    m4 = _NACE4.match(t)
    if m4:
        return Fout("fout.nace_onvolledig", {"code": f"{m4.group(1)}.{m4.group(2)}"})
    return Fout("fout.nace_formaat")


_NAME_SPLIT = re.compile(r"\s*(?:,|;|\n|\ben\b|&)\s*", re.IGNORECASE)
_NAME_OK = re.compile(r"^[^\W\d_]+(?:['’\-.][^\W\d_]*)*$")
#: The longest name of one participant, in characters.
NAAM_MAX = 80


def namen(text: str) -> Ok[list[str]] | Fout:
    """Participants' names: 'Jan Peeters, An Janssens en Mohamed El Amrani'.

    Each name has a first name and a name, only letters (and ' - .), and at most NAAM_MAX
    characters (fout.naam_te_lang): a longer one is refused, never cut.
    """
    parts = [p.strip() for p in _NAME_SPLIT.split(text.strip()) if p and p.strip()]
    if not parts:
        return Fout("fout.namen_leeg")
    out = []
    for p in parts:
        words = p.split()
        if len(words) < 2:
            return Fout("fout.naam_onvolledig", {"naam": p[:60]})
        name = " ".join(words)
        if len(name) > NAAM_MAX:
            return Fout("fout.naam_te_lang", {"naam": name[:40], "maximum": str(NAAM_MAX)})
        if any(not _NAME_OK.match(w) for w in words):
            return Fout("fout.naam_tekens", {"naam": p[:60]})
        out.append(name)
    return Ok(out)


# Between the parts of a prefix and before the digits: spaces, one "." or "-", spaces.
_SCHEIDING = r"\s*[.\-]?\s*"
_PREFIX_DEEL = re.compile(r"[0-9A-Za-z]+")


def _prefix_vorm(prefix: str) -> str:
    """A prefix as people type it: its parts apart or together, a zero for each letter O."""
    delen = _PREFIX_DEEL.findall(prefix)
    return _SCHEIDING.join(
        "".join("[o0]" if c in "Oo" else re.escape(c.lower()) for c in deel) for deel in delen
    )


def registratienummer_vorm(prefixen: Iterable[str]) -> str:
    """Regex source (for re.IGNORECASE) of a typed number: a group per prefix, then the digits."""
    keuzes = "|".join(f"({_prefix_vorm(p)})" for p in prefixen) or "(?!)"
    return rf"(?:{keuzes}){_SCHEIDING}(\d{{{REGISTRATIENUMMER_CIJFERS}}})"


@cache
def registratieprefixen() -> tuple[str, ...]:
    """Every prefix of the shipped rules on any date ("DV.O", "DV.A"): what is recognised."""
    return tuple(alle_registratieprefixen(laad_regelboek()))


@cache
def _registratienummer_patroon(prefixen: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^{registratienummer_vorm(prefixen)}$", re.IGNORECASE | re.ASCII)


def registratienummer(text: str, prefixen: Sequence[str] | None = None) -> str | None:
    """'DV.O213465', 'dv o 213465', 'DV.0213465' -> 'DV.O213465'; None when not that shape."""
    bekend = registratieprefixen() if prefixen is None else tuple(prefixen)
    m = _registratienummer_patroon(bekend).match(text.strip())
    if not m:
        return None
    *per_prefix, cijfers = m.groups()
    prefix = next(p for p, deel in zip(bekend, per_prefix, strict=True) if deel is not None)
    return f"{prefix}{cijfers}"


def tekst(text: str, *, minimum: int = 2, maximum: int = 200) -> Ok[str] | Fout:
    """Free text of reasonable length, with at least one letter or digit.

    A text over `maximum` is refused with the limit (fout.tekst_te_lang), never cut. `clean`
    caps input at MAX_INPUT characters, so a text that long may have been cut: it is refused
    too, whatever `maximum` (the limit then said is MAX_INPUT - 1).
    """
    t = text.strip()
    if len(t) < minimum or not any(c.isalnum() for c in t):
        return Fout("fout.tekst_te_kort")
    limit = min(maximum, MAX_INPUT - 1)
    if len(t) > limit:
        return Fout("fout.tekst_te_lang", {"maximum": str(limit)})
    return Ok(t)
