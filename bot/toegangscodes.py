"""Access codes for an onderneming: made, hashed and checked (argon2), with a lock-out.

A code has 8 characters in two groups of four (`K7QM-2XPD`) from an alphabet without 0, O, 1
and I, so it reads and types without doubt: 32 symbols, 40 bits. Only its argon2 hash is kept;
after five wrong codes a chat waits fifteen minutes, so guessing is out of reach.
"""

from __future__ import annotations

import math
import secrets
from datetime import date, datetime, timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.ondernemingen_db import OndernemingQueries
from dialogs.models import CodePoging, Toegangscode
from dialogs.toegang import ALFABET, normaliseer_code

GELDIG_DAGEN: Final = 7
MAX_FOUT: Final = 5
WACHTTIJD: Final = timedelta(minutes=15)

# A code is short-lived and single-use behind a lock-out: lighter than a password's hash.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def nieuwe_code() -> str:
    """Eight random characters of the alphabet, as XXXX-XXXX."""
    tekens = "".join(secrets.choice(ALFABET) for _ in range(8))
    return f"{tekens[:4]}-{tekens[4:]}"


async def maak(
    tx: OndernemingQueries, onderneming: str, kanaal: str, chat_id: str, vandaag: date
) -> Toegangscode:
    """A new code for an onderneming, stored hashed; valid through `vandaag` + 7 days."""
    code = nieuwe_code()
    geldig_tot = vandaag + timedelta(days=GELDIG_DAGEN)
    await tx.bewaar_code(
        onderneming, _HASHER.hash(normaliseer_code(code)), geldig_tot, kanaal, chat_id
    )
    return Toegangscode(code=code, geldig_tot=geldig_tot)


async def gebruik(
    tx: OndernemingQueries,
    onderneming: str,
    code: str,
    *,
    kanaal: str,
    chat_id: str,
    vandaag: date,
    nu: datetime,
) -> CodePoging:
    """Try a code: a right (gemachtigd) when it is valid; count a wrong one; respect a wait."""
    mislukt, tot = await tx.pogingen(kanaal, chat_id)
    if tot is not None and nu < tot:
        minuten = max(1, math.ceil((tot - nu).total_seconds() / 60))
        return CodePoging(uitkomst="geblokkeerd", wacht_minuten=minuten)
    getypt = normaliseer_code(code)
    for code_id, code_hash in await tx.open_codes(onderneming, vandaag):
        if _klopt(code_hash, getypt) and await tx.code_gebruikt(code_id):
            await tx.zet_pogingen(kanaal, chat_id, 0, None)
            await tx.geef_recht(onderneming, kanaal, chat_id, "gemachtigd", vandaag)
            return CodePoging(uitkomst="ok")
    mislukt = (0 if tot is not None else mislukt) + 1
    if mislukt >= MAX_FOUT:
        await tx.zet_pogingen(kanaal, chat_id, 0, nu + WACHTTIJD)
        return CodePoging(
            uitkomst="geblokkeerd", wacht_minuten=int(WACHTTIJD.total_seconds() // 60)
        )
    await tx.zet_pogingen(kanaal, chat_id, mislukt, None)
    return CodePoging(uitkomst="fout", over=MAX_FOUT - mislukt)


def _klopt(code_hash: str, getypt: str) -> bool:
    try:
        return _HASHER.verify(code_hash, getypt)
    except (VerificationError, InvalidHashError):
        return False
