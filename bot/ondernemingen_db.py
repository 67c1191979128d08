"""The onderneming's tables: rights per chat, access codes, the size of a year, its NACE code.

A project belongs to its onderneming (the KBO number), not to the chat that filed it: the cap
counts every project of the number, and a chat sees the projects of the numbers it holds a
right on. Used by `bot.store.Transaction`, inside the transaction of one turn.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

import aiosqlite

from dialogs.models import Project

SCHEMA = """
CREATE INDEX IF NOT EXISTS projecten_onderneming ON projecten (onderneming, jaar);
-- Who may act for an onderneming: the first chat that filed for it (beheerder) and the chats
-- that used an access code of a beheerder (gemachtigd).
CREATE TABLE IF NOT EXISTS rechten (
    volgnummer INTEGER PRIMARY KEY,
    onderneming TEXT NOT NULL,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    rol TEXT NOT NULL,
    sinds TEXT NOT NULL,
    UNIQUE (onderneming, kanaal, chat_id)
);
CREATE INDEX IF NOT EXISTS rechten_chat ON rechten (kanaal, chat_id);
-- Single-use access codes, argon2-hashed; `geldig_tot` is the last day it can be used.
CREATE TABLE IF NOT EXISTS toegangscodes (
    id INTEGER PRIMARY KEY,
    onderneming TEXT NOT NULL,
    hash TEXT NOT NULL,
    geldig_tot TEXT NOT NULL,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    gebruikt INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS toegangscodes_onderneming ON toegangscodes (onderneming);
-- Wrong codes per chat: after five, the chat waits until `geblokkeerd_tot`.
CREATE TABLE IF NOT EXISTS codepogingen (
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    mislukt INTEGER NOT NULL,
    geblokkeerd_tot TEXT,
    PRIMARY KEY (kanaal, chat_id)
);
-- The size is fixed by the first approved aanvraag of a calendar year (rules §5.1); only the
-- helpdesk changes it (`bron` = 'helpdesk').
CREATE TABLE IF NOT EXISTS groottes (
    onderneming TEXT NOT NULL,
    jaar INTEGER NOT NULL,
    grootte TEXT NOT NULL,
    bron TEXT NOT NULL,
    PRIMARY KEY (onderneming, jaar)
);
-- The NACE code of the last approved aanvraag, confirmed rather than asked again.
CREATE TABLE IF NOT EXISTS ondernemingen (
    onderneming TEXT PRIMARY KEY,
    nace TEXT
);
"""

Rol = Literal["beheerder", "gemachtigd"]

#: The version of the data's meaning (2: projects belong to their onderneming, with rights).
DATA_VERSION = 2


#: One statement and its parameters.
Step = tuple[str, tuple[object, ...]]

BEGIN: Step = ("BEGIN IMMEDIATE", ())
#: A transaction that only reads: one snapshot, without the write lock.
BEGIN_LEZEN: Step = ("BEGIN", ())
COMMIT: Step = ("COMMIT", ())


def _run_steps(conn: aiosqlite.Connection, steps: list[Step]) -> list[list[sqlite3.Row]]:
    """In aiosqlite's thread: the statements in order, each cursor closed; each one's rows."""
    results: list[list[sqlite3.Row]] = []
    for sql, params in steps:
        cursor = conn._conn.execute(sql, params)
        try:
            results.append(cursor.fetchall())
        finally:
            cursor.close()
    return results


#: The projects whose uiterste stortingsdatum passed without a storting (a date parameter).
VERVALLEN = (
    "SELECT data FROM projecten WHERE status = 'aangevraagd' "
    "AND json_extract(data, '$.uiterste_stortingsdatum') < ?"
)


class Queries:
    """The statements of one transaction, each round trip to aiosqlite's thread used fully.

    `BEGIN IMMEDIATE` goes with the first statement, and a write whose result nobody reads
    (`_later`, the state a turn leaves) with the next statement or with the `COMMIT`
    (`bot.store.Store.transaction`): a turn takes two round trips, not four. The order of the
    statements is the order of the calls.
    """

    def __init__(self, conn: aiosqlite.Connection, *, alleen_lezen: bool = False) -> None:
        self._c = conn
        self._begin = BEGIN_LEZEN if alleen_lezen else BEGIN
        self._pending: list[Step] = [self._begin]
        self.started = False  # a statement was sent (BEGIN with it)

    async def _send(self, steps: list[Step]) -> list[sqlite3.Row]:
        """What is pending and these statements in one round trip; the last one's rows."""
        return (await self._rows_each(steps))[-1]

    async def _rows(self, sql: str, params: Iterable[object] = ()) -> list[sqlite3.Row]:
        return await self._send([(sql, tuple(params))])

    async def _rows_each(self, steps: list[Step]) -> list[list[sqlite3.Row]]:
        """What is pending, then these statements, in one round trip: the rows of each of these."""
        pending, self._pending = self._pending, []
        self.started = True
        # aiosqlite runs one callable per round trip in its thread (`execute_fetchall` is one
        # statement in such a callable); several statements are one callable here.
        results: list[list[sqlite3.Row]] = await self._c._execute(  # type: ignore[no-untyped-call]
            _run_steps, self._c, pending + steps
        )
        return results[len(pending) :]

    async def _one(self, sql: str, params: Iterable[object] = ()) -> sqlite3.Row | None:
        rows = await self._rows(sql, params)
        return rows[0] if rows else None

    async def _run(self, sql: str, params: Iterable[object] = ()) -> None:
        await self._send([(sql, tuple(params))])

    def _later(self, sql: str, params: Iterable[object] = ()) -> None:
        """A write sent with the next statement or the COMMIT; its error is raised there."""
        self._pending.append((sql, tuple(params)))

    async def commit(self) -> None:
        """What is still pending and the COMMIT, in one round trip; nothing if nothing ran."""
        if self.started or self._pending != [self._begin]:
            await self._send([COMMIT])


class OndernemingQueries(Queries):
    """Rights, codes, size and NACE of ondernemingen; projects as a chat with rights sees them."""

    async def migrate(self) -> None:
        """Bring the data of an earlier version up to date (idempotent).

        Data version 2: projects belong to their onderneming. The first chat that filed for a
        number becomes its beheerder, other chats that filed for it are gemachtigd; the size of
        each year is fixed by its first approved project; the last NACE code is remembered.
        """
        row = await self._one("SELECT waarde FROM meta WHERE sleutel = 'dataversie'")
        if row is not None and int(row[0]) >= DATA_VERSION:
            return
        rows = await self._rows(
            "SELECT kanaal, chat_id, data FROM projecten ORDER BY aanvraagdatum, projectnummer"
        )
        for kanaal, chat_id, data in rows:
            project = Project.model_validate_json(data)
            onderneming = project.onderneming
            if kanaal:
                rol: Rol = "gemachtigd" if await self.beheerd(onderneming) else "beheerder"
                await self.geef_recht(
                    onderneming, str(kanaal), str(chat_id), rol, project.aanvraagdatum
                )
            grootte = project.grootte
            if grootte and project.counts_for_cap():
                await self.leg_grootte_vast(
                    onderneming, project.aanvraagdatum.year, grootte, project.projectnummer
                )
            if project.nace:
                await self.onthoud_nace(onderneming, project.nace)
        await self._run(
            "INSERT INTO meta (sleutel, waarde) VALUES ('dataversie', ?) "
            "ON CONFLICT (sleutel) DO UPDATE SET waarde = excluded.waarde",
            (str(DATA_VERSION),),
        )

    # conversation state

    # rights

    async def rol(self, onderneming: str, kanaal: str, chat_id: str) -> Rol | None:
        """This chat's right on an onderneming, if any."""
        row = await self._one(
            "SELECT rol FROM rechten WHERE onderneming = ? AND kanaal = ? AND chat_id = ?",
            (onderneming, kanaal, chat_id),
        )
        return None if row is None else ("beheerder" if row[0] == "beheerder" else "gemachtigd")

    async def kennis(
        self, onderneming: str, kanaal: str, chat_id: str, jaar: int
    ) -> tuple[Rol | None, bool, str | None, str | None]:
        """In one query: this chat's right, whether anyone holds one, the size of `jaar`, NACE."""
        row = await self._one(
            "SELECT (SELECT rol FROM rechten WHERE onderneming = ?1 AND kanaal = ?2 "
            "AND chat_id = ?3), EXISTS (SELECT 1 FROM rechten WHERE onderneming = ?1), "
            "(SELECT grootte FROM groottes WHERE onderneming = ?1 AND jaar = ?4), "
            "(SELECT nace FROM ondernemingen WHERE onderneming = ?1)",
            (onderneming, kanaal, chat_id, jaar),
        )
        assert row is not None  # a SELECT without FROM has one row
        rol: Rol | None = None
        if row[0] is not None:
            rol = "beheerder" if row[0] == "beheerder" else "gemachtigd"
        return rol, bool(row[1]), row[2], row[3]

    async def beheerd(self, onderneming: str) -> bool:
        """Whether any chat holds a right on the onderneming."""
        row = await self._one(
            "SELECT 1 FROM rechten WHERE onderneming = ? LIMIT 1", (onderneming,)
        )
        return row is not None

    async def geef_recht(
        self, onderneming: str, kanaal: str, chat_id: str, rol: Rol, sinds: date
    ) -> None:
        """Give a chat a right (a beheerder stays beheerder)."""
        await self._run(
            "INSERT INTO rechten (onderneming, kanaal, chat_id, rol, sinds) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (onderneming, kanaal, chat_id) DO UPDATE SET rol = CASE "
            "WHEN rechten.rol = 'beheerder' THEN 'beheerder' ELSE excluded.rol END",
            (onderneming, kanaal, chat_id, rol, sinds.isoformat()),
        )

    async def maak_beheerder(
        self, onderneming: str, kanaal: str, chat_id: str, sinds: date
    ) -> None:
        """The helpdesk's transfer: this chat becomes (or stays) beheerder."""
        await self._run(
            "INSERT INTO rechten (onderneming, kanaal, chat_id, rol, sinds) "
            "VALUES (?, ?, ?, 'beheerder', ?) "
            "ON CONFLICT (onderneming, kanaal, chat_id) DO UPDATE SET rol = 'beheerder'",
            (onderneming, kanaal, chat_id, sinds.isoformat()),
        )

    async def rechten(self, onderneming: str) -> list[tuple[int, str, str, Rol, date]]:
        """(volgnummer, kanaal, chat_id, rol, sinds) of every right on an onderneming."""
        rows = await self._rows(
            "SELECT volgnummer, kanaal, chat_id, rol, sinds FROM rechten WHERE onderneming = ? "
            "ORDER BY volgnummer",
            (onderneming,),
        )
        return [
            (
                int(r[0]),
                str(r[1]),
                str(r[2]),
                "beheerder" if r[3] == "beheerder" else "gemachtigd",
                date.fromisoformat(r[4]),
            )
            for r in rows
        ]

    async def trek_recht_in(self, volgnummer: int) -> None:
        """Remove one right."""
        await self._run("DELETE FROM rechten WHERE volgnummer = ?", (volgnummer,))

    async def ondernemingen_van(self, kanaal: str, chat_id: str) -> list[str]:
        """The ondernemingen a chat holds a right on."""
        rows = await self._rows(
            "SELECT onderneming FROM rechten WHERE kanaal = ? AND chat_id = ? ORDER BY volgnummer",
            (kanaal, chat_id),
        )
        return [str(r[0]) for r in rows]

    # access codes

    async def bewaar_code(
        self, onderneming: str, code_hash: str, geldig_tot: date, kanaal: str, chat_id: str
    ) -> None:
        """Store a new access code by its hash."""
        await self._run(
            "INSERT INTO toegangscodes (onderneming, hash, geldig_tot, kanaal, chat_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (onderneming, code_hash, geldig_tot.isoformat(), kanaal, chat_id),
        )

    async def open_codes(self, onderneming: str, vandaag: date) -> list[tuple[int, str]]:
        """(id, hash) of the unused codes of an onderneming that are still valid today."""
        rows = await self._rows(
            "SELECT id, hash FROM toegangscodes WHERE onderneming = ? AND gebruikt = 0 "
            "AND geldig_tot >= ? ORDER BY id",
            (onderneming, vandaag.isoformat()),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def code_gebruikt(self, code_id: int) -> bool:
        """Mark a code used; False when another turn used it first."""
        rows = await self._rows(
            "UPDATE toegangscodes SET gebruikt = 1 WHERE id = ? AND gebruikt = 0 RETURNING id",
            (code_id,),
        )
        return len(rows) == 1

    async def pogingen(self, kanaal: str, chat_id: str) -> tuple[int, datetime | None]:
        """Wrong codes in a row of a chat, and until when it waits."""
        row = await self._one(
            "SELECT mislukt, geblokkeerd_tot FROM codepogingen WHERE kanaal = ? AND chat_id = ?",
            (kanaal, chat_id),
        )
        if row is None:
            return 0, None
        return int(row[0]), (datetime.fromisoformat(row[1]) if row[1] else None)

    async def zet_pogingen(
        self, kanaal: str, chat_id: str, mislukt: int, geblokkeerd_tot: datetime | None
    ) -> None:
        """Record the wrong codes of a chat (0 and None: start afresh)."""
        await self._run(
            "INSERT INTO codepogingen (kanaal, chat_id, mislukt, geblokkeerd_tot) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (kanaal, chat_id) DO UPDATE SET "
            "mislukt = excluded.mislukt, geblokkeerd_tot = excluded.geblokkeerd_tot",
            (kanaal, chat_id, mislukt, geblokkeerd_tot.isoformat() if geblokkeerd_tot else None),
        )

    # size and NACE

    async def grootte(self, onderneming: str, jaar: int) -> str | None:
        """The size fixed for an onderneming in a calendar year."""
        row = await self._one(
            "SELECT grootte FROM groottes WHERE onderneming = ? AND jaar = ?", (onderneming, jaar)
        )
        return str(row[0]) if row else None

    async def leg_grootte_vast(
        self, onderneming: str, jaar: int, grootte: str, bron: str, *, overschrijf: bool = False
    ) -> None:
        """Fix the size of a year (the first approval); the helpdesk may overwrite it."""
        conflict = "DO UPDATE SET grootte = excluded.grootte, bron = excluded.bron"
        self._later(
            "INSERT INTO groottes (onderneming, jaar, grootte, bron) VALUES (?, ?, ?, ?) "
            f"ON CONFLICT (onderneming, jaar) {conflict if overschrijf else 'DO NOTHING'}",
            (onderneming, jaar, grootte, bron),
        )

    async def nace(self, onderneming: str) -> str | None:
        """The NACE code remembered for an onderneming."""
        row = await self._one(
            "SELECT nace FROM ondernemingen WHERE onderneming = ?", (onderneming,)
        )
        return str(row[0]) if row and row[0] else None

    async def onthoud_nace(self, onderneming: str, nace: str) -> None:
        """Remember the NACE code of the last approved aanvraag."""
        self._later(
            "INSERT INTO ondernemingen (onderneming, nace) VALUES (?, ?) "
            "ON CONFLICT (onderneming) DO UPDATE SET nace = excluded.nace",
            (onderneming, nace),
        )

    # projects of an onderneming

    async def projecten_van(
        self, onderneming: str, jaar: int | None = None, *, vervallen_op: date | None = None
    ) -> list[Project]:
        """Every project of an onderneming (of one year), oldest first.

        With `vervallen_op`: first what lapsed by that date becomes `vervallen`
        (`laat_vervallen`), in the same round trip when nothing lapsed.
        """
        sql = "SELECT data FROM projecten WHERE onderneming = ?"
        args: tuple[object, ...] = (onderneming,)
        if jaar is not None:
            sql += " AND jaar = ?"
            args += (jaar,)
        sql += " ORDER BY aanvraagdatum, projectnummer"
        if vervallen_op is None:
            rows = await self._rows(sql, args)
        else:
            verlopen, rows = await self._rows_each(
                [(VERVALLEN, (vervallen_op.isoformat(),)), (sql, args)]
            )
            if verlopen:
                await self._vervallen(verlopen)
                rows = await self._rows(sql, args)
        return [Project.model_validate_json(r[0]) for r in rows]

    async def projecten_met_recht(
        self, kanaal: str, chat_id: str, onderneming: str | None
    ) -> list[Project]:
        """The projects of the ondernemingen a chat holds a right on, oldest first."""
        sql = (
            "SELECT p.data FROM projecten p JOIN rechten r ON r.onderneming = p.onderneming "
            "WHERE r.kanaal = ? AND r.chat_id = ?"
        )
        args: tuple[object, ...] = (kanaal, chat_id)
        if onderneming is not None:
            sql += " AND p.onderneming = ?"
            args += (onderneming,)
        rows = await self._rows(sql + " ORDER BY p.aanvraagdatum, p.projectnummer", args)
        return [Project.model_validate_json(r[0]) for r in rows]

    async def project_met_recht(
        self, kanaal: str, chat_id: str, projectnummer: str
    ) -> Project | None:
        """One project, when the chat holds a right on its onderneming."""
        row = await self._one(
            "SELECT p.data FROM projecten p JOIN rechten r ON r.onderneming = p.onderneming "
            "WHERE r.kanaal = ? AND r.chat_id = ? AND p.projectnummer = ?",
            (kanaal, chat_id, projectnummer),
        )
        return Project.model_validate_json(row[0]) if row else None

    async def werk_project_bij(self, project: Project) -> None:
        """Store a project's new status (and its history)."""
        await self._run(
            "UPDATE projecten SET status = ?, data = ? WHERE projectnummer = ?",
            (project.status, project.model_dump_json(), project.projectnummer),
        )

    async def laat_vervallen(self, vandaag: date) -> list[Project]:
        """Projects whose uiterste stortingsdatum passed without a storting become `vervallen`."""
        return await self._vervallen(await self._rows(VERVALLEN, (vandaag.isoformat(),)))

    async def _vervallen(self, rows: list[sqlite3.Row]) -> list[Project]:
        lapsed = []
        for r in rows:
            project = Project.model_validate_json(r[0])
            project = project.with_status("vervallen", project.uiterste_stortingsdatum)
            await self.werk_project_bij(project)
            lapsed.append(project)
        return lapsed

    async def vergeet_rechten(self, kanaal: str, chat_id: str) -> None:
        """A forgotten chat: its rights, codes and tries go; the projects stay the company's.

        A company whose last right goes keeps its projects for the cap, without the
        participants' names, the project's name and the link to the chat that filed them; the
        thema picks kept for those names (`thema_keuzes`) go too.
        """
        ondernemingen = await self.ondernemingen_van(kanaal, chat_id)
        await self._run("DELETE FROM rechten WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id))
        await self._run(
            "DELETE FROM toegangscodes WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )
        await self._run(
            "DELETE FROM codepogingen WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )
        await self._run(
            "UPDATE projecten SET kanaal = '', chat_id = '' WHERE kanaal = ? AND chat_id = ?",
            (kanaal, chat_id),
        )
        for onderneming in ondernemingen:
            if await self.beheerd(onderneming):
                continue
            for project in await self.projecten_van(onderneming):
                if project.naam:
                    await self._run("DELETE FROM thema_keuzes WHERE titel = ?", (project.naam,))
                await self.werk_project_bij(project.without_personal_data())
            await self._run("DELETE FROM toegangscodes WHERE onderneming = ?", (onderneming,))
