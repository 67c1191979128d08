"""Which schema version a database has, read cheaply at every start (no alembic import).

The tables are versioned with Alembic (`bot/migraties/`): the revision of a database is in its
`alembic_version` table, and `PRAGMA user_version` is `SCHEMA_VERSION` (2) from the first
Alembic-managed version on, so that a kmobot from before refuses it as "nieuwer". A database
without `alembic_version` is one of the layouts shipped before (user_version 0 or 1); its
revision is recognised from its tables. Only an older database loads alembic and SQLAlchemy
(`bot.migraties.migreer`); a current one costs two small queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import aiosqlite

#: `PRAGMA user_version` of every Alembic-managed database; a higher one is refused.
SCHEMA_VERSION = 2
#: The revisions of `bot/migraties/versions/`, oldest first (a test checks them against Alembic).
REVISIES: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
#: The newest revision this code knows; a new database is created at it.
HEAD = REVISIES[-1]

#: The tables each revision adds. A layout from before Alembic is at the last revision whose
#: tables, and all before it, are there (the thema_keuzes table also shipped without the
#: onderneming's tables); the revisions after it create only what is missing.
TABELLEN: tuple[tuple[str, frozenset[str]], ...] = (
    ("0001", frozenset({"gesprekken", "projecten", "volgnummers", "dienstverleners"})),
    ("0002", frozenset({"meta", "telegram_updates", "herinneringen"})),
    ("0003", frozenset({"rechten", "toegangscodes", "codepogingen", "groottes", "ondernemingen"})),
    ("0004", frozenset({"thema_keuzes"})),
    ("0005", frozenset({"uitgaand"})),
)


Soort = Literal["nieuw", "actueel", "ouder", "nieuwer"]


@dataclass(frozen=True, slots=True)
class Versie:
    """The schema version found in a database and what opening it must do."""

    soort: Soort
    #: The revision it is at (None: an empty database); for "nieuwer" the unknown revision.
    revisie: str | None
    #: Recognised from its tables (a layout from before Alembic, without `alembic_version`).
    herkend: bool = False
    #: The newest version this code knows, in the terms of `revisie` (for the message).
    huidig: str = HEAD


def revisie_van_tabellen(tabellen: Iterable[str]) -> str | None:
    """The revision of a layout from before Alembic, from its table names (None: not ours)."""
    namen = set(tabellen)
    revisie: str | None = None
    for volgende, nodig in TABELLEN:
        if not nodig <= namen:
            break
        revisie = volgende
    return revisie


def beoordeel(user_version: int, tabellen: Iterable[str], alembic: str | None) -> Versie:
    """What a database with this `user_version`, these tables and this revision is."""
    if user_version > SCHEMA_VERSION:
        return Versie("nieuwer", str(user_version), huidig=str(SCHEMA_VERSION))
    if alembic is not None:
        if alembic == HEAD:
            return Versie("actueel", alembic)
        if alembic in REVISIES:
            return Versie("ouder", alembic)
        return Versie("nieuwer", alembic)
    revisie = revisie_van_tabellen(tabellen)
    if revisie is None:
        return Versie("nieuw", None)
    return Versie("ouder", revisie, herkend=True)


async def lees_versie(conn: aiosqlite.Connection) -> Versie:
    """Read the schema version of an open database (nothing is written)."""
    rows = await conn.execute_fetchall("PRAGMA user_version")
    user_version = int(next(iter(rows))[0])
    tabellen = [
        str(r[0])
        for r in await conn.execute_fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    alembic: str | None = None
    if "alembic_version" in tabellen:
        found = list(await conn.execute_fetchall("SELECT version_num FROM alembic_version"))
        alembic = str(found[0][0]) if found else None
    return beoordeel(user_version, tabellen, alembic)


def stempel_sql() -> str:
    """SQL that records `HEAD` in a new database (idempotent, for processes starting at once)."""
    return (
        "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n"
        # Only into an empty table: a process of a newer kmobot may have migrated meanwhile.
        f"INSERT INTO alembic_version (version_num) SELECT '{HEAD}' "
        "WHERE NOT EXISTS (SELECT 1 FROM alembic_version);\n"
        f"PRAGMA user_version = {SCHEMA_VERSION};\n"
    )
