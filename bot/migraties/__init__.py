"""Schema migrations with Alembic over SQLAlchemy Core; loaded only when a database is older.

`migreer` brings a SQLite database from any earlier revision (or a layout from before Alembic,
recognised by `bot.schema`) to the newest one, after a backup copy next to it made with SQLite's
online backup API (so the WAL's contents are in it), in one transaction: a revision that fails
leaves the database as it was. `upgrade` does the same for any SQLAlchemy URL, without the copy
(a PostgreSQL database is backed up by its own tools).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, pool
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from bot import schema

MAP = Path(__file__).resolve().parent
#: How long the migration waits for another process's write (seconds), as the store does.
BUSY_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Migratie:
    """A migration that was done: from which revision to which, and where the copy is."""

    van: str
    naar: str
    kopie: Path
    herkend: bool


class MigratieMislukt(Exception):
    """A revision failed; the database was left as it was. The cause is `__cause__`."""

    def __init__(self, van: str, naar: str, kopie: Path) -> None:
        super().__init__(f"migration {van} -> {naar} failed")
        self.van = van
        self.naar = naar
        self.kopie = kopie


def maak_engine(url: str) -> Engine:
    """An engine for the migrations; SQLite gets real transactions around DDL.

    The sqlite3 module would commit before each DDL statement on its own; in autocommit mode
    with an explicit `BEGIN IMMEDIATE` the whole migration is one transaction that also keeps
    other processes' writes out until it is done.
    """
    if not url.startswith("sqlite"):
        return create_engine(url, poolclass=pool.NullPool)
    engine = create_engine(
        url,
        poolclass=pool.NullPool,
        connect_args={"isolation_level": None, "timeout": BUSY_TIMEOUT},
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(*, connection: Connection | None = None, url: str | None = None) -> Config:
    """The Alembic configuration of kmobot, without an alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MAP))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def revisies() -> list[str]:
    """The revisions of the scripts, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]


def upgrade(url: str, doel: str = "head", *, sql: bool = False) -> None:
    """Bring the database at a SQLAlchemy URL to `doel` (no copy is made).

    With `sql`, the statements are written to stdout instead (Alembic's offline mode), for any
    dialect SQLAlchemy knows, without connecting.
    """
    command.upgrade(alembic_config(url=url), doel, sql=sql)


def _lees(conn: Connection) -> schema.Versie:
    user_version = int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    tabellen = [
        str(r[0])
        for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    alembic: str | None = None
    if "alembic_version" in tabellen:
        alembic = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return schema.beoordeel(user_version, tabellen, alembic)


def kopie_pad(path: Path, van: str, nu: datetime) -> Path:
    """A free name next to the database for the copy made before migrating from `van`."""
    stempel = nu.strftime("%Y%m%dT%H%M%SZ")
    kandidaat = path.with_name(f"{path.name}.voor-migratie-{van}-{stempel}")
    n = 1
    while kandidaat.exists():
        n += 1
        kandidaat = path.with_name(f"{path.name}.voor-migratie-{van}-{stempel}-{n}")
    return kandidaat


def _kopieer(path: Path, doel: Path) -> None:
    """Copy the database's committed state (WAL included) with the backup API.

    A connection of its own: the migration's connection holds the write lock (a backup from a
    connection that writes would wait forever), which keeps other writers out meanwhile.
    """
    bron = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    kopie = sqlite3.connect(doel)
    try:
        bron.backup(kopie)
    except BaseException:
        kopie.close()
        doel.unlink(missing_ok=True)
        raise
    finally:
        bron.close()
    kopie.close()


def _oorzaak(exc: BaseException) -> BaseException:
    """The driver's own error inside SQLAlchemy's wrapper (sqlite3.OperationalError, …)."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def migreer(path: Path, *, nu: datetime) -> Migratie | None:
    """Migrate the SQLite database at `path` to the newest revision, after a copy next to it.

    None when there was nothing to do (another process may just have migrated it). Runs in
    one `BEGIN IMMEDIATE` transaction: the version is read again under the write lock, the copy
    is made, then the revisions run; any failure rolls everything back (`MigratieMislukt`, the
    copy stays). Errors of opening or copying (a locked or full disk) are raised as they are.
    """
    engine = maak_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            conn.begin()
            versie = _lees(conn)
            if versie.soort != "ouder" or versie.revisie is None:
                conn.rollback()
                return None
            kopie = kopie_pad(path, versie.revisie, nu)
            _kopieer(path, kopie)
            try:
                config = alembic_config(connection=conn)
                if versie.herkend:
                    command.stamp(config, versie.revisie)
                command.upgrade(config, schema.HEAD)
                conn.exec_driver_sql(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                conn.commit()
            except Exception as exc:
                conn.rollback()
                raise MigratieMislukt(versie.revisie, schema.HEAD, kopie) from _oorzaak(exc)
            return Migratie(versie.revisie, schema.HEAD, kopie, versie.herkend)
    except DBAPIError as exc:  # opening, the lock or the version: the driver's error as it is
        raise _oorzaak(exc) from None
    finally:
        engine.dispose()
