"""Gestructureerde mededeling (OGM/VCS): 10-digit reference + 2 check digits (mod 97, 0 -> 97).

Check digits and validation come from `stdnum.be.ogm_vcs`; display is "+++ddd/dddd/ddddd+++".
Imports only the standard library and python-stdnum.
"""

import re

from stdnum.be import ogm_vcs

_VORMEN = (
    re.compile(r"\+\+\+(?P<d>\d{3}/\d{4}/\d{5}|\d{12})\+\+\+"),
    re.compile(r"\*\*\*(?P<d>\d{3}/\d{4}/\d{5}|\d{12})\*\*\*"),
    re.compile(r"(?P<d>\d{3}/\d{4}/\d{5}|\d{12})"),
)


def projectreferentie(*, jaar: int, volgnummer: int) -> str:
    """Return the 10-digit reference of a project: 4-digit year + 6-digit sequence number."""
    if not 1 <= jaar <= 9999:
        raise ValueError(f"jaar must be between 1 and 9999, got {jaar}")
    if not 1 <= volgnummer <= 999_999:
        raise ValueError(f"volgnummer must be between 1 and 999999, got {volgnummer}")
    return f"{jaar:04d}{volgnummer:06d}"


def maak_mededeling(referentie: str) -> str:
    """Return the structured communication "+++ddd/dddd/ddddd+++" for a 10-digit reference."""
    if len(referentie) != 10 or not referentie.isascii() or not referentie.isdigit():
        raise ValueError(f"referentie must be exactly 10 digits, got {referentie!r}")
    cijfers = referentie + ogm_vcs.calc_check_digits(referentie)
    return f"+++{ogm_vcs.format(cijfers)}+++"


def is_geldige_mededeling(tekst: str) -> bool:
    """True for a valid OGM written as +++ddd/dddd/ddddd+++, ***…***, or as bare digits."""
    compact = "".join(tekst.split())
    for vorm in _VORMEN:
        match = vorm.fullmatch(compact)
        if match is not None:
            return bool(ogm_vcs.is_valid(match["d"].replace("/", "")))
    return False
