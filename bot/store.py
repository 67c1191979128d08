"""SQLite storage (aiosqlite): conversation state per chat, projects, dienstverleners.

One connection per process; every turn runs in one `BEGIN IMMEDIATE` transaction so the new
state and the turn's effects (an approved project) are written together or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import aiosqlite

from bot import helpdesk_db, ondernemingen_db, schema, uitgaand_db
from bot.dienstverleners_csv import ImportResult, demo_registry_csv, parse_dienstverleners_csv
from bot.helpdesk_db import HelpdeskQueries
from bot.ondernemingen_db import DATA_VERSION, OndernemingQueries
from bot.uitgaand_db import UitgaandQueries
from dialogs.messages import default_catalog
from dialogs.models import Dienstverlener, Project
from dialogs.nlu_loader import fold

log = logging.getLogger(__name__)

#: `PRAGMA user_version` of the current layout; the revision itself is in `alembic_version`.
SCHEMA_VERSION = schema.SCHEMA_VERSION
#: How long opening keeps trying while other processes hold the database (seconds).
OPEN_DEADLINE = 60.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS gesprekken (
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    state TEXT NOT NULL,
    bijgewerkt TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (kanaal, chat_id)
);
CREATE TABLE IF NOT EXISTS projecten (
    projectnummer TEXT PRIMARY KEY,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    onderneming TEXT NOT NULL,
    jaar INTEGER NOT NULL,
    aanvraagdatum TEXT NOT NULL,
    subsidie TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS projecten_chat ON projecten (kanaal, chat_id, onderneming, jaar);
CREATE TABLE IF NOT EXISTS volgnummers (
    jaar INTEGER PRIMARY KEY,
    laatste INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    sleutel TEXT PRIMARY KEY,
    waarde TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dienstverleners (
    registratienummer TEXT PRIMARY KEY,
    naam TEXT NOT NULL,
    type TEXT NOT NULL,
    zoeknaam TEXT NOT NULL,
    bron TEXT NOT NULL
);
-- Telegram channel: updates already handled (a redelivered update_id is skipped) and the
-- deadline reminders sent per project.
CREATE TABLE IF NOT EXISTS telegram_updates (
    bot_id INTEGER NOT NULL,
    update_id INTEGER NOT NULL,
    chat_id TEXT,
    ontvangen TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX IF NOT EXISTS telegram_updates_chat ON telegram_updates (chat_id);
CREATE TABLE IF NOT EXISTS herinneringen (
    projectnummer TEXT NOT NULL,
    dagen_voor INTEGER NOT NULL,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    status TEXT NOT NULL,
    bijgewerkt TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (projectnummer, dagen_voor)
);
"""

# The thema and subthema a user picked for a title at the thema proposal: labelled examples for
# review (`kmobot nlu export`), never learned from automatically. No chat id is kept with them.
SCHEMA_THEMA_KEUZES = """
CREATE TABLE IF NOT EXISTS thema_keuzes (
    titel TEXT NOT NULL,
    thema TEXT NOT NULL,
    subthema TEXT NOT NULL,
    kanaal TEXT NOT NULL,
    aantal INTEGER NOT NULL DEFAULT 1,
    eerste TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (titel, thema, subthema, kanaal)
);
"""


#: The process's exit code for each storage fault at start (README, "Foutcodes").
EXIT_CODES: dict[str, int] = {
    "alleen_lezen": 10,
    "map": 11,
    "geen_database": 12,
    "nieuwer": 13,
    "vol": 14,
    "bezet": 15,
    "onbekend": 16,
    "migratie": 17,
}


def storage_fault(exc: BaseException) -> str | None:
    """'vol' or 'bezet' for the faults a running bot answers with "probeer zo meteen opnieuw"."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "full" in text or getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            return "vol"
        if "locked" in text or "busy" in text:
            return "bezet"
    return None


def _writable(path: Path) -> bool:
    """Whether this process may write the file (or create it in its directory)."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent, os.W_OK)


class StoreError(Exception):
    """A storage fault: what happened, as a Dutch message, and the exit code of the process."""

    def __init__(self, soort: str, path: Path | str, **params: str) -> None:
        super().__init__(soort)
        self.soort = soort
        self.path = Path(path)
        self.params = params

    @property
    def exit_code(self) -> int:
        """Its own exit code per kind of fault."""
        return EXIT_CODES[self.soort]

    def melding(self) -> str:
        """The Dutch message: what happened and what to do."""
        params = {"pad": str(self.path), "reden": "", "versie": "", "huidig": ""}
        params |= {"van": "", "naar": "", "kopie": ""} | self.params
        return default_catalog().text(f"opslag.{self.soort}", **params)

    @classmethod
    def van(cls, exc: BaseException, path: Path | str) -> StoreError:
        """Classify an error of opening or writing the database at `path`."""
        path = Path(path)
        if isinstance(exc, StoreError):
            return exc
        text = str(exc).lower()
        if str(path) != ":memory:" and path.is_dir():
            return cls("map", path)
        if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
            return cls("alleen_lezen", path)
        if (soort := storage_fault(exc)) is not None:
            return cls(soort, path)
        if isinstance(exc, sqlite3.DatabaseError) and (
            "not a database" in text or "malformed" in text or "corrupt" in text
        ):
            return cls("geen_database", path, reden=str(exc))
        if str(path) != ":memory:" and not _writable(path):
            return cls("alleen_lezen", path)
        return cls("onbekend", path, reden=str(exc) or exc.__class__.__name__)


async def _check_readable(conn: aiosqlite.Connection, path: Path | str) -> schema.Versie:
    """Refuse, before anything is written, a garbage, corrupt or newer database; its version."""
    versie = await schema.lees_versie(conn)
    if versie.soort == "nieuwer":
        raise StoreError("nieuwer", path, versie=str(versie.revisie), huidig=versie.huidig)
    check = [str(r[0]) for r in await conn.execute_fetchall("PRAGMA quick_check")]
    if check != ["ok"]:
        raise StoreError("geen_database", path, reden="; ".join(check[:3]))
    has_meta = await conn.execute_fetchall(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    )
    if list(has_meta):
        data = list(
            await conn.execute_fetchall("SELECT waarde FROM meta WHERE sleutel = 'dataversie'")
        )
        if data and str(data[0][0]).isdigit() and int(data[0][0]) > DATA_VERSION:
            raise StoreError(
                "nieuwer", path, versie=f"data {data[0][0]}", huidig=f"data {DATA_VERSION}"
            )
    return versie


async def _migreer(path: Path | str, melden: Callable[[str], None] | None) -> None:
    """Bring an older database to `schema.HEAD` after a copy next to it (alembic, in a thread)."""
    from bot import migraties  # alembic and SQLAlchemy: only when there is something to migrate

    try:
        gedaan = await asyncio.to_thread(migraties.migreer, Path(path), nu=datetime.now(UTC))
    except migraties.MigratieMislukt as exc:
        cause = exc.__cause__ or exc
        if (soort := storage_fault(cause)) is not None:  # full or locked: nothing was changed
            raise StoreError(soort, path) from None
        log.error("migration %s -> %s failed: %s", exc.van, exc.naar, type(cause).__name__)
        raise StoreError(
            "migratie",
            path,
            van=exc.van,
            naar=exc.naar,
            kopie=str(exc.kopie),
            reden=str(cause) or type(cause).__name__,
        ) from None
    if gedaan is None:
        return
    log.warning("database migrated from %s to %s; copy: %s", gedaan.van, gedaan.naar, gedaan.kopie)
    tekst = default_catalog().text(
        "opslag.gemigreerd",
        pad=str(path),
        van=gedaan.van,
        naar=gedaan.naar,
        kopie=str(gedaan.kopie),
    )
    if melden is None:
        sys.stderr.write(tekst + "\n")
    else:
        melden(tekst)


class Store:
    """The database of one process."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()

    @classmethod
    async def open(
        cls, path: str | Path, *, melden: Callable[[str], None] | None = None
    ) -> Store:
        """Open (and create) the database; seed the demo registry when no provider is known.

        A database of an earlier schema version is migrated first, after a copy next to it;
        `melden` gets the Dutch message that says where the copy is (default: stderr). Every
        fault is a `StoreError` with its Dutch message and exit code, and the connection's
        thread is closed (no hang). A garbage, corrupt or newer database is refused before
        anything is written. Other processes opening the same file at once are waited for: a
        busy timeout per statement and retries of the whole set-up until `OPEN_DEADLINE`.
        """
        if str(path) != ":memory:":
            target = Path(path)
            if target.is_dir():
                raise StoreError("map", target)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError.van(exc, target) from None
        deadline = time.monotonic() + OPEN_DEADLINE
        pause = 0.02
        while True:
            try:
                return await cls._open_once(path, melden)
            except StoreError as exc:
                if exc.soort != "bezet" or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 0.5)

    @classmethod
    async def _open_once(
        cls, path: str | Path, melden: Callable[[str], None] | None
    ) -> Store:
        conn = aiosqlite.connect(str(path), isolation_level=None)
        try:
            await conn
        except (sqlite3.Error, OSError) as exc:
            # aiosqlite asked its thread to stop but does not wait for it: wait here, so that
            # it does not answer into a closed event loop (a traceback at exit).
            thread = getattr(conn, "_thread", None)
            if thread is not None:
                await asyncio.to_thread(thread.join, 5)
            raise StoreError.van(exc, path) from None
        try:
            await conn.execute("PRAGMA busy_timeout=5000")
            versie = await _check_readable(conn, path)
            if versie.soort == "ouder":
                await _migreer(path, melden)
                # Read again: another process may have migrated it, perhaps further.
                versie = await _check_readable(conn, path)
                if versie.soort != "actueel":
                    raise StoreError("onbekend", path, reden=f"schemaversie {versie.revisie}")
            await conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a committed turn survives a killed process; only a power cut could
            # lose the very last turns. Halves the time per turn.
            await conn.execute("PRAGMA synchronous=NORMAL")
            # What is deleted (a forgotten chat) is overwritten, not left in free pages.
            await conn.execute("PRAGMA secure_delete=ON")
            # A new database gets the tables at the newest revision; a current one only the
            # version again, a write that refuses a read-only file before the first turn.
            ddl = (
                SCHEMA
                + ondernemingen_db.SCHEMA
                + uitgaand_db.SCHEMA
                + SCHEMA_THEMA_KEUZES
                + helpdesk_db.SCHEMA
                if versie.soort == "nieuw"
                else ""
            )
            try:
                await conn.executescript(
                    f"BEGIN IMMEDIATE;\n{ddl}{schema.stempel_sql()}COMMIT;"
                )
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await conn.execute("ROLLBACK")
                raise
            store = cls(conn)
            async with store.transaction() as tx:
                await tx.migrate()
            async with store.transaction() as tx:
                if await tx.count_dienstverleners() == 0:
                    good, _ = parse_dienstverleners_csv(demo_registry_csv())
                    await tx.upsert_dienstverleners(good, bron="demo")
            return store
        except BaseException as exc:
            with contextlib.suppress(Exception):
                await conn.close()
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise StoreError.van(exc, path) from None
            raise

    async def close(self) -> None:
        """Close the connection."""
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self, *, alleen_lezen: bool = False) -> AsyncIterator[Transaction]:
        """One atomic unit of work; rolled back on any exception (a failed COMMIT included).

        `alleen_lezen`: a deferred transaction for reading only (the helpdesk's queue), which
        reads one snapshot without taking the write lock other processes' turns wait for.
        """
        async with self._lock:
            # BEGIN IMMEDIATE is sent with the first statement, the last write with the COMMIT
            # (`Queries`): the lock is still taken before any read of the transaction.
            tx = Transaction(self._conn, alleen_lezen=alleen_lezen)
            try:
                yield tx
                await tx.commit()
            except BaseException:
                if tx.started:
                    with contextlib.suppress(sqlite3.Error):
                        await self._conn.execute_fetchall("ROLLBACK")
                raise

    async def checkpoint(self) -> bool:
        """Move the WAL into the database file and truncate it (after a chat was forgotten).

        Outside any transaction; False when another process's reader kept part of the WAL.
        """
        async with self._lock:
            rows = list(await self._conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)"))
        return not rows or int(rows[0][0]) == 0

    async def import_dienstverleners(self, text: str) -> ImportResult:
        """Import a CSV: good rows are upserted (demo rows dropped), bad rows reported."""
        good, bad = parse_dienstverleners_csv(text)
        result = ImportResult(fouten=bad)
        async with self.transaction() as tx:
            if good:
                await tx.delete_demo_dienstverleners()
            result.nieuw, result.bijgewerkt = await tx.upsert_dienstverleners(good, bron="import")
        return result


class Transaction(OndernemingQueries, UitgaandQueries, HelpdeskQueries):
    """Queries inside one transaction.

    Each statement is run and its cursor finished in aiosqlite's thread, several per round trip
    where they can go together (`Queries`).
    """

    async def load_state(self, kanaal: str, chat_id: str) -> str | None:
        """The stored state JSON of a chat."""
        row = await self._one(
            "SELECT state FROM gesprekken WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )
        return str(row[0]) if row else None

    async def load_turn(self, kanaal: str, chat_id: str) -> tuple[str | None, int]:
        """The chat's state JSON and `register_version` (what `begin_beurt` reads first)."""
        raw, version, *_ = await self.begin_beurt(kanaal, chat_id)
        return raw, version

    async def begin_beurt(
        self, kanaal: str, chat_id: str
    ) -> tuple[str | None, int, tuple[str, bool] | None, int, datetime | None]:
        """What a turn starts from, in one query (one round trip).

        The state JSON, `register_version`, and the helpdesk's takeover, transcript retention and
        last deletion (`BEURT_KOLOMMEN`).
        """
        row = await self._one(
            "SELECT (SELECT state FROM gesprekken WHERE kanaal = ?1 AND chat_id = ?2), "
            "(SELECT waarde FROM meta WHERE sleutel = 'register_versie'), "
            + self.BEURT_KOLOMMEN,
            (kanaal, chat_id),
        )
        assert row is not None  # a SELECT without FROM has one row
        overname, dagen, gewist = self.lees_beurt_info(tuple(row)[2:])
        raw = None if row[0] is None else str(row[0])
        return raw, int(row[1] or 0), overname, dagen, gewist

    async def save_state(self, kanaal: str, chat_id: str, state_json: str) -> None:
        """Replace the state JSON of a chat (sent with the next statement or the COMMIT)."""
        self._later(
            "INSERT INTO gesprekken (kanaal, chat_id, state) VALUES (?, ?, ?) "
            "ON CONFLICT (kanaal, chat_id) DO UPDATE SET state = excluded.state, "
            "bijgewerkt = datetime('now')",
            (kanaal, chat_id, state_json),
        )

    # projects

    async def next_volgnummer(self, jaar: int) -> int:
        """Reserve the next sequence number of a year."""
        row = await self._one(
            "INSERT INTO volgnummers (jaar, laatste) VALUES (?, 1) "
            "ON CONFLICT (jaar) DO UPDATE SET laatste = laatste + 1 RETURNING laatste",
            (jaar,),
        )
        assert row is not None
        return int(row[0])

    async def save_project(self, kanaal: str, chat_id: str, project: Project) -> None:
        """Insert an approved project; the first one of a number makes the chat its beheerder.

        The first approved project of a calendar year fixes the size for that year, and the
        NACE code is remembered for the next aanvraag. Nothing here is read back: the writes
        go with the transaction's next statement or its COMMIT.
        """
        self._later(
            "INSERT OR IGNORE INTO rechten (onderneming, kanaal, chat_id, rol, sinds) "
            "SELECT ?1, ?2, ?3, 'beheerder', ?4 "
            "WHERE NOT EXISTS (SELECT 1 FROM rechten WHERE onderneming = ?1)",
            (project.onderneming, kanaal, chat_id, project.aanvraagdatum.isoformat()),
        )
        if project.grootte:
            await self.leg_grootte_vast(
                project.onderneming,
                project.aanvraagdatum.year,
                project.grootte,
                project.projectnummer,
            )
        if project.nace:
            await self.onthoud_nace(project.onderneming, project.nace)
        self._later(
            "INSERT INTO projecten (projectnummer, kanaal, chat_id, onderneming, jaar, "
            "aanvraagdatum, subsidie, status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                project.projectnummer,
                kanaal,
                chat_id,
                project.onderneming,
                project.aanvraagdatum.year,
                project.aanvraagdatum.isoformat(),
                str(project.subsidie),
                project.status,
                project.model_dump_json(),
            ),
        )

    async def delete_chat(self, kanaal: str, chat_id: str) -> None:
        """Delete what is stored for a chat: state, rights, outbox, transcript and takeover.

        See `vergeet_rechten`, `vergeet_uitgaand` and `vergeet_helpdesk`.
        """
        await self.vergeet_rechten(kanaal, chat_id)
        await self.vergeet_uitgaand(kanaal, chat_id)
        await self.vergeet_helpdesk(kanaal, chat_id)
        await self._run(
            "DELETE FROM gesprekken WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )

    async def projects(self, kanaal: str, chat_id: str, onderneming: str | None) -> list[Project]:
        """The projects a chat sees: those of the ondernemingen it holds a right on."""
        return await self.projecten_met_recht(kanaal, chat_id, onderneming)

    async def project(self, kanaal: str, chat_id: str, projectnummer: str) -> Project | None:
        """One project the chat sees (a right on its onderneming)."""
        return await self.project_met_recht(kanaal, chat_id, projectnummer)

    async def subsidie_used(
        self, onderneming: str, jaar: int, *, vervallen_op: date | None = None
    ) -> Decimal:
        """The subsidie of an onderneming's projects that counts for its cap of a year.

        Every chat and channel together; see `Project.counts_for_cap` for stopped projects.
        With `vervallen_op`, what lapsed by that date is marked `vervallen` first.
        """
        projecten = await self.projecten_van(onderneming, jaar, vervallen_op=vervallen_op)
        return sum((p.subsidie for p in projecten if p.counts_for_cap()), Decimal("0"))

    # dienstverleners

    async def count_dienstverleners(self) -> int:
        """How many providers are registered."""
        row = await self._one("SELECT COUNT(*) FROM dienstverleners")
        return int(row[0]) if row else 0

    async def delete_demo_dienstverleners(self) -> None:
        """Drop the demo registry once real data is imported."""
        await self._run("DELETE FROM dienstverleners WHERE bron = 'demo'")
        await self._bump_register_version()

    async def _bump_register_version(self) -> None:
        await self._run(
            "INSERT INTO meta (sleutel, waarde) VALUES ('register_versie', '1') "
            "ON CONFLICT (sleutel) DO UPDATE SET waarde = CAST(waarde AS INTEGER) + 1"
        )

    async def register_version(self) -> int:
        """Changes whenever the register of dienstverleners changes (for in-memory indexes)."""
        row = await self._one("SELECT waarde FROM meta WHERE sleutel = 'register_versie'")
        return int(row[0]) if row else 0

    async def all_dienstverleners(self) -> list[Dienstverlener]:
        """The whole register, for the in-memory search index."""
        rows = await self._rows(
            "SELECT naam, registratienummer, type FROM dienstverleners ORDER BY registratienummer"
        )
        return [Dienstverlener(naam=r[0], registratienummer=r[1], type=r[2]) for r in rows]

    async def upsert_dienstverleners(
        self, rows: Iterable[Dienstverlener], *, bron: str
    ) -> tuple[int, int]:
        """Insert or update providers by registratienummer; returns (new, updated)."""
        nieuw = bijgewerkt = 0
        for d in rows:
            exists = (
                await self._one(
                    "SELECT 1 FROM dienstverleners WHERE registratienummer = ?",
                    (d.registratienummer,),
                )
                is not None
            )
            await self._run(
                "INSERT INTO dienstverleners (registratienummer, naam, type, zoeknaam, bron) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (registratienummer) DO UPDATE SET "
                "naam = excluded.naam, type = excluded.type, zoeknaam = excluded.zoeknaam, "
                "bron = excluded.bron",
                (d.registratienummer, d.naam, d.type, fold(d.naam), bron),
            )
            if exists:
                bijgewerkt += 1
            else:
                nieuw += 1
        await self._bump_register_version()
        return nieuw, bijgewerkt

    async def dienstverlener(self, registratienummer: str) -> Dienstverlener | None:
        """A provider by exact registration number."""
        row = await self._one(
            "SELECT naam, registratienummer, type FROM dienstverleners "
            "WHERE registratienummer = ?",
            (registratienummer,),
        )
        return Dienstverlener(naam=row[0], registratienummer=row[1], type=row[2]) if row else None

    # telegram channel (bot/telegram_app.py, bot/reminders.py)

    def claim_telegram_update(self, bot_id: int, update_id: int, chat_id: str | None) -> None:
        """Record an update as handled (once: a redelivered update_id is recorded already).

        Nobody reads the answer, so the write goes with the transaction's next statement or its
        COMMIT (an error surfaces there and rolls the turn back).
        """
        self._later(
            "INSERT OR IGNORE INTO telegram_updates (bot_id, update_id, chat_id) VALUES (?, ?, ?)",
            (bot_id, update_id, chat_id),
        )

    async def forget_telegram_updates(self, *, older_than_days: int) -> None:
        """Drop handled update ids older than Telegram would ever redeliver them."""
        await self._run(
            "DELETE FROM telegram_updates WHERE ontvangen < datetime('now', ?)",
            (f"-{int(older_than_days)} days",),
        )

    async def open_projects(self, kanaal: str) -> list[tuple[str, Project]]:
        """(chat_id, project) of every project of a channel still waiting for its storting."""
        rows = await self._rows(
            "SELECT chat_id, data FROM projecten WHERE kanaal = ? AND status = 'aangevraagd' "
            "ORDER BY projectnummer",
            (kanaal,),
        )
        return [(str(r[0]), Project.model_validate_json(r[1])) for r in rows]

    async def claim_reminder(
        self, kanaal: str, chat_id: str, projectnummer: str, dagen_voor: int
    ) -> bool:
        """Reserve a reminder before sending it; False when it was sent (or is being sent)."""
        inserted = await self._rows(
            "INSERT OR IGNORE INTO herinneringen (projectnummer, dagen_voor, kanaal, chat_id, "
            "status) VALUES (?, ?, ?, ?, 'verzenden') RETURNING projectnummer",
            (projectnummer, dagen_voor, kanaal, chat_id),
        )
        return len(inserted) == 1

    async def finish_reminder(self, projectnummer: str, dagen_voor: int, *, sent: bool) -> None:
        """Mark a reserved reminder as sent, or release it so the next check tries again."""
        if sent:
            await self._run(
                "UPDATE herinneringen SET status = 'verstuurd', bijgewerkt = datetime('now') "
                "WHERE projectnummer = ? AND dagen_voor = ?",
                (projectnummer, dagen_voor),
            )
        else:
            await self._run(
                "DELETE FROM herinneringen WHERE projectnummer = ? AND dagen_voor = ?",
                (projectnummer, dagen_voor),
            )

    async def release_unfinished_reminders(self, kanaal: str) -> None:
        """Reminders reserved by a process that stopped before sending them are due again."""
        await self._run(
            "DELETE FROM herinneringen WHERE kanaal = ? AND status = 'verzenden'", (kanaal,)
        )

    async def reminders_sent(self, kanaal: str, chat_id: str) -> list[tuple[str, int]]:
        """(projectnummer, dagen_voor) of the reminders sent to a chat."""
        rows = await self._rows(
            "SELECT projectnummer, dagen_voor FROM herinneringen WHERE kanaal = ? AND chat_id = ? "
            "AND status = 'verstuurd' ORDER BY projectnummer, dagen_voor DESC",
            (kanaal, chat_id),
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    async def delete_telegram_chat(self, chat_id: str) -> None:
        """Forget a Telegram chat's handled updates and reminders (vergeet)."""
        await self._run("DELETE FROM telegram_updates WHERE chat_id = ?", (chat_id,))
        await self._run(
            "DELETE FROM herinneringen WHERE kanaal = 'telegram' AND chat_id = ?", (chat_id,)
        )

    async def recent_telegram_updates(self, bot_id: int, *, days: int) -> list[int]:
        """Update ids handled in the last `days` days (a redelivery is recognised in memory)."""
        rows = await self._rows(
            "SELECT update_id FROM telegram_updates WHERE bot_id = ? "
            "AND ontvangen >= datetime('now', ?) ORDER BY update_id",
            (bot_id, f"-{int(days)} days"),
        )
        return [int(r[0]) for r in rows]

    # labelled examples from the users' picks (thema_keuzes)

    async def save_thema_keuze(self, titel: str, thema: str, subthema: str, kanaal: str) -> None:
        """Keep a user's pick for a title; the same pick again only counts once more."""
        self._later(
            "INSERT INTO thema_keuzes (titel, thema, subthema, kanaal) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO UPDATE SET aantal = aantal + 1",
            (titel, thema, subthema, kanaal),
        )

    async def thema_keuzes(self) -> list[tuple[str, str, str, str, int, str]]:
        """Every pick kept: titel, thema, subthema, kanaal, how often, first date; by title."""
        rows = await self._rows(
            "SELECT titel, thema, subthema, kanaal, aantal, eerste FROM thema_keuzes "
            "ORDER BY titel, thema, subthema, kanaal"
        )
        return [(r[0], r[1], r[2], r[3], int(r[4]), r[5]) for r in rows]
