"""Agents' passwords, logins with a lock-out, sessions and CSRF tokens.

Passwords are argon2-hashed (argon2-cffi). A session is a random cookie of which only the
SHA-256 is stored; its CSRF token goes with every state-changing request (a form field
`csrf` or the header `X-CSRF-Token`). Five failed logins for one name or from one address make
further logins for it wait fifteen minutes. The clock is always passed in.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.helpdesk_db import Rol, Sessie
from bot.store import Transaction

MAX_POGINGEN = 5
WACHTTIJD = timedelta(minutes=15)
_HASHER = PasswordHasher()


@functools.cache
def _dummy() -> str:
    """Verified when the name is unknown, so that an unknown name takes as long as a known one.

    Made at the first login, not at import: every command (the terminal too) imports this
    module for its arguments, and one argon2 hash costs about a tenth of a second.
    """
    return _HASHER.hash(secrets.token_urlsafe(16))


def klaarzetten() -> None:
    """Make the dummy hash before the console serves (its first login is not slower)."""
    _dummy()


def hash_wachtwoord(wachtwoord: str) -> str:
    """The argon2 hash of a password."""
    return _HASHER.hash(wachtwoord)


def token_hash(token: str) -> str:
    """What is stored of a session cookie."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Inlog:
    """The outcome of a login: a session (cookie and CSRF token), wrong, or waiting."""

    uitkomst: Literal["ok", "fout", "geblokkeerd"]
    token: str = ""
    csrf: str = ""
    naam: str = ""
    rol: Rol = "agent"
    wacht_tot: datetime | None = None


async def _geblokkeerd(tx: Transaction, sleutels: list[str], nu: datetime) -> datetime | None:
    for sleutel in sleutels:
        _, tot = await tx.inlogpogingen(sleutel)
        if tot is not None and tot > nu:
            return tot
    return None


async def log_in(
    tx: Transaction, naam: str, wachtwoord: str, *, adres: str, nu: datetime
) -> Inlog:
    """Check a name and password; a new session when right."""
    sleutels = [f"naam:{naam}", f"adres:{adres}"]
    tot = await _geblokkeerd(tx, sleutels, nu)
    if tot is not None:
        return Inlog("geblokkeerd", wacht_tot=tot)
    account = await tx.medewerker_hash(naam)
    goed = False
    try:
        goed = (
            _HASHER.verify(account[0] if account else _dummy(), wachtwoord) and account is not None
        )
    except (VerificationError, InvalidHashError):
        goed = False
    if not goed or account is None:
        for sleutel in sleutels:
            mislukt, _ = await tx.inlogpogingen(sleutel)
            mislukt += 1
            wacht = nu + WACHTTIJD if mislukt >= MAX_POGINGEN else None
            await tx.zet_inlogpogingen(sleutel, 0 if wacht else mislukt, wacht)
        tot = await _geblokkeerd(tx, sleutels, nu)
        return Inlog("geblokkeerd", wacht_tot=tot) if tot else Inlog("fout")
    if _HASHER.check_needs_rehash(account[0]):
        await tx.zet_medewerker_hash(naam, _HASHER.hash(wachtwoord))
    for sleutel in sleutels:
        await tx.zet_inlogpogingen(sleutel, 0, None)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    await tx.maak_sessie(token_hash(token), naam, csrf, nu)
    return Inlog("ok", token=token, csrf=csrf, naam=naam, rol=account[1])


async def sessie(tx: Transaction, token: str | None, nu: datetime) -> Sessie | None:
    """The session of a cookie, if valid."""
    if not token:
        return None
    return await tx.sessie(token_hash(token), nu)


def csrf_klopt(sessie: Sessie, gegeven: str | None) -> bool:
    """Whether a request carries the session's CSRF token."""
    return bool(gegeven) and hmac.compare_digest(sessie.csrf, gegeven or "")
