"""`kmobot db`: the schema version of the database, and its migration on request.

    kmobot db versie [--db PAD]    the revision found and the newest this kmobot knows
    kmobot db migreer [--db PAD]   migrate now (after a copy next to it), as a start would

`versie` only reads (a database of a newer kmobot is not touched); `migreer` opens the database
as every command does, so it migrates an older one after a copy and says where the copy is.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from bot import schema
from bot.store import Store, StoreError
from dialogs.messages import default_catalog


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `db` subcommands."""
    p = sub.add_parser("db", help="schemaversie en migratie van de database")
    p_sub = p.add_subparsers(dest="db_command", required=True)
    versie = p_sub.add_parser("versie", help="de schemaversie van de database en de nieuwste")
    versie.add_argument("--db", type=Path)
    migreer = p_sub.add_parser("migreer", help="een oudere database nu bijwerken (met kopie)")
    migreer.add_argument("--db", type=Path)


def lees(db: Path) -> schema.Versie:
    """The schema version of the database at `db`, opened read-only (nothing is written)."""
    if not db.exists():
        return schema.Versie("nieuw", None)
    if db.is_dir():
        raise StoreError("map", db)
    try:
        with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tabellen = [
                str(r[0])
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            alembic = None
            if "alembic_version" in tabellen:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                alembic = None if row is None else str(row[0])
    except sqlite3.Error as exc:
        raise StoreError.van(exc, db) from None
    return schema.beoordeel(user_version, tabellen, alembic)


def _versie_tekst(versie: schema.Versie) -> str:
    catalog = default_catalog()
    if versie.revisie is None:
        return catalog.text("db.geen")
    if versie.herkend:
        return catalog.text("db.herkend", versie=versie.revisie)
    return versie.revisie


async def run(args: argparse.Namespace, *, db: Path) -> int:
    """Run `kmobot db versie` or `kmobot db migreer`; the exit code."""
    catalog = default_catalog()
    out = sys.stdout
    versie = lees(db)
    if args.db_command == "versie":
        out.write(
            catalog.text(
                "db.versie", pad=str(db), versie=_versie_tekst(versie), nieuwste=schema.HEAD
            )
            + "\n"
        )
        out.write(catalog.text(f"db.{versie.soort}") + "\n")
        return StoreError("nieuwer", db).exit_code if versie.soort == "nieuwer" else 0
    if versie.soort == "actueel":
        out.write(catalog.text("db.al_bij", pad=str(db), versie=schema.HEAD) + "\n")
        return 0
    def melden(tekst: str) -> None:
        out.write(tekst + "\n")

    store = await Store.open(db, melden=melden)
    await store.close()
    if versie.soort == "nieuw":
        out.write(catalog.text("db.aangemaakt", pad=str(db), versie=schema.HEAD) + "\n")
    return 0
