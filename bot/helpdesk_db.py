"""The helpdesk's tables: agents, sessions, logins, audit log, transcript and takeovers.

Also the failed logins and the chats that want a person. Used by `bot.store.Transaction`.
The transcript is written by `bot.service.Service.handle` in
the transaction of the turn (every channel); the rest by the helpdesk console (`bot.helpdesk`).
Times are ISO 8601 UTC strings made from the caller's clock, never read here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.ondernemingen_db import Queries
from dialogs.models import Project

SCHEMA = """
-- Helpdesk agents: an argon2 hash of the password; `actief` 0 is a disabled account.
CREATE TABLE IF NOT EXISTS medewerkers (
    naam TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    rol TEXT NOT NULL,
    actief INTEGER NOT NULL DEFAULT 1,
    gemaakt TEXT NOT NULL
);
-- Logged-in agents: the SHA-256 of the session cookie, never the cookie itself.
CREATE TABLE IF NOT EXISTS medewerker_sessies (
    token_hash TEXT PRIMARY KEY,
    naam TEXT NOT NULL,
    csrf TEXT NOT NULL,
    gemaakt TEXT NOT NULL,
    laatst TEXT NOT NULL
);
-- Failed logins per name ('naam:…') and per address ('adres:…').
CREATE TABLE IF NOT EXISTS inlogpogingen (
    sleutel TEXT PRIMARY KEY,
    mislukt INTEGER NOT NULL,
    geblokkeerd_tot TEXT
);
-- What agents did: who, when, which chat, what (never the text of a message).
CREATE TABLE IF NOT EXISTS auditlog (
    id INTEGER PRIMARY KEY,
    tijd TEXT NOT NULL,
    medewerker TEXT NOT NULL,
    kanaal TEXT NOT NULL DEFAULT '',
    chat_id TEXT NOT NULL DEFAULT '',
    actie TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS auditlog_chat ON auditlog (kanaal, chat_id);
-- Both directions of every conversation, with the step; deleted after the retention period
-- and by vergeet. `van`: gebruiker, assistent or medewerker (an agent's name in `medewerker`).
CREATE TABLE IF NOT EXISTS transcript (
    id INTEGER PRIMARY KEY,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    tijd TEXT NOT NULL,
    van TEXT NOT NULL,
    tekst TEXT NOT NULL,
    stap TEXT,
    probleem TEXT,
    bericht_id TEXT,
    medewerker TEXT
);
CREATE INDEX IF NOT EXISTS transcript_chat ON transcript (kanaal, chat_id, id);
CREATE INDEX IF NOT EXISTS transcript_tijd ON transcript (tijd);
-- Chats an agent took over: the bot does not answer them; `gemeld` once the user was told.
CREATE TABLE IF NOT EXISTS overnames (
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    medewerker TEXT NOT NULL,
    sinds TEXT NOT NULL,
    gemeld INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kanaal, chat_id)
);
-- Chats whose user asked for a person, until an agent takes over or hands back.
CREATE TABLE IF NOT EXISTS mens_gevraagd (
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    sinds TEXT NOT NULL,
    PRIMARY KEY (kanaal, chat_id)
);
"""

Van = Literal["gebruiker", "assistent", "medewerker"]
Rol = Literal["agent", "beheerder"]

#: Retention of the transcript when nothing else is configured (days).
BEWAARDAGEN = 90
#: A session ends after this long without a request.
SESSIE_DUUR = timedelta(hours=8)
#: An agent counts as logged in (for what a user who asks for a person hears) this long
#: after the last request of the console (which polls every few seconds).
AANWEZIG = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Medewerker:
    """An agent's account."""

    naam: str
    rol: Rol
    actief: bool
    gemaakt: str


@dataclass(frozen=True, slots=True)
class Sessie:
    """A logged-in agent."""

    naam: str
    rol: Rol
    csrf: str


@dataclass(frozen=True, slots=True)
class Regel:
    """One line of a transcript."""

    id: int
    tijd: str
    van: Van
    tekst: str
    stap: str | None
    probleem: str | None
    bericht_id: str | None
    medewerker: str | None


@dataclass(frozen=True, slots=True)
class Audit:
    """One line of the audit log."""

    id: int
    tijd: str
    medewerker: str
    kanaal: str
    chat_id: str
    actie: str
    details: dict[str, str]


def _rol(text: str) -> Rol:
    return "beheerder" if text == "beheerder" else "agent"


def _van(text: str) -> Van:
    if text == "gebruiker":
        return "gebruiker"
    return "medewerker" if text == "medewerker" else "assistent"


class HelpdeskQueries(Queries):
    """Agents, sessions, login tries, audit log, transcript, takeovers and requests."""

    # agents

    async def voeg_medewerker_toe(
        self, naam: str, wachtwoord_hash: str, rol: Rol, nu: datetime
    ) -> bool:
        """A new agent; False when the name is taken."""
        rows = await self._rows(
            "INSERT OR IGNORE INTO medewerkers (naam, hash, rol, gemaakt) VALUES (?, ?, ?, ?) "
            "RETURNING naam",
            (naam, wachtwoord_hash, rol, nu.isoformat()),
        )
        return len(rows) == 1

    async def medewerker_hash(self, naam: str) -> tuple[str, Rol] | None:
        """The password hash and role of an active agent."""
        row = await self._one(
            "SELECT hash, rol FROM medewerkers WHERE naam = ? AND actief = 1", (naam,)
        )
        return None if row is None else (str(row[0]), _rol(row[1]))

    async def zet_medewerker_hash(self, naam: str, wachtwoord_hash: str) -> bool:
        """A new password (reset, or a rehash with newer parameters); False: no such agent."""
        rows = await self._rows(
            "UPDATE medewerkers SET hash = ?, actief = 1 WHERE naam = ? RETURNING naam",
            (wachtwoord_hash, naam),
        )
        return len(rows) == 1

    async def schakel_medewerker_uit(self, naam: str) -> bool:
        """Disable an account and end its sessions; False: no such agent."""
        rows = await self._rows(
            "UPDATE medewerkers SET actief = 0 WHERE naam = ? RETURNING naam", (naam,)
        )
        await self._run("DELETE FROM medewerker_sessies WHERE naam = ?", (naam,))
        return len(rows) == 1

    async def medewerkers(self) -> list[Medewerker]:
        """Every account, by name."""
        rows = await self._rows("SELECT naam, rol, actief, gemaakt FROM medewerkers ORDER BY naam")
        return [Medewerker(str(r[0]), _rol(r[1]), bool(r[2]), str(r[3])) for r in rows]

    # sessions

    async def maak_sessie(self, token_hash: str, naam: str, csrf: str, nu: datetime) -> None:
        """Store a new session."""
        await self._run(
            "INSERT INTO medewerker_sessies (token_hash, naam, csrf, gemaakt, laatst) "
            "VALUES (?, ?, ?, ?, ?)",
            (token_hash, naam, csrf, nu.isoformat(), nu.isoformat()),
        )

    async def sessie(self, token_hash: str, nu: datetime) -> Sessie | None:
        """The session of a cookie, when still valid (its last use moves to `nu`)."""
        row = await self._one(
            "SELECT s.naam, m.rol, s.csrf, s.laatst FROM medewerker_sessies s "
            "JOIN medewerkers m ON m.naam = s.naam AND m.actief = 1 WHERE s.token_hash = ?",
            (token_hash,),
        )
        if row is None:
            return None
        if datetime.fromisoformat(row[3]) + SESSIE_DUUR < nu:
            await self._run("DELETE FROM medewerker_sessies WHERE token_hash = ?", (token_hash,))
            return None
        await self._run(
            "UPDATE medewerker_sessies SET laatst = ? WHERE token_hash = ?",
            (nu.isoformat(), token_hash),
        )
        return Sessie(str(row[0]), _rol(row[1]), str(row[2]))

    async def beeindig_sessie(self, token_hash: str) -> None:
        """Log out."""
        await self._run("DELETE FROM medewerker_sessies WHERE token_hash = ?", (token_hash,))

    async def medewerker_aanwezig(self, nu: datetime) -> bool:
        """Whether an agent used the console within `AANWEZIG`."""
        row = await self._one(
            "SELECT 1 FROM medewerker_sessies WHERE laatst >= ? LIMIT 1",
            ((nu - AANWEZIG).isoformat(),),
        )
        return row is not None

    # failed logins

    async def inlogpogingen(self, sleutel: str) -> tuple[int, datetime | None]:
        """Failed logins in a row for a name or address, and until when it waits."""
        row = await self._one(
            "SELECT mislukt, geblokkeerd_tot FROM inlogpogingen WHERE sleutel = ?", (sleutel,)
        )
        if row is None:
            return 0, None
        return int(row[0]), (datetime.fromisoformat(row[1]) if row[1] else None)

    async def zet_inlogpogingen(
        self, sleutel: str, mislukt: int, geblokkeerd_tot: datetime | None
    ) -> None:
        """Record the failed logins of a name or address (0: start afresh)."""
        if mislukt == 0 and geblokkeerd_tot is None:
            await self._run("DELETE FROM inlogpogingen WHERE sleutel = ?", (sleutel,))
            return
        await self._run(
            "INSERT INTO inlogpogingen (sleutel, mislukt, geblokkeerd_tot) VALUES (?, ?, ?) "
            "ON CONFLICT (sleutel) DO UPDATE SET mislukt = excluded.mislukt, "
            "geblokkeerd_tot = excluded.geblokkeerd_tot",
            (sleutel, mislukt, geblokkeerd_tot.isoformat() if geblokkeerd_tot else None),
        )

    # audit log

    async def audit(
        self,
        medewerker: str,
        actie: str,
        nu: datetime,
        *,
        kanaal: str = "",
        chat_id: str = "",
        details: dict[str, str] | None = None,
    ) -> None:
        """Log what an agent did."""
        await self._run(
            "INSERT INTO auditlog (tijd, medewerker, kanaal, chat_id, actie, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                nu.isoformat(),
                medewerker,
                kanaal,
                chat_id,
                actie,
                json.dumps(details or {}, ensure_ascii=False),
            ),
        )

    async def auditregels(
        self, *, kanaal: str | None = None, chat_id: str | None = None, limiet: int = 500
    ) -> list[Audit]:
        """The audit log, newest first (of one chat, when given)."""
        sql = "SELECT id, tijd, medewerker, kanaal, chat_id, actie, details FROM auditlog"
        args: tuple[object, ...] = ()
        if kanaal is not None and chat_id is not None:
            sql += " WHERE kanaal = ? AND chat_id = ?"
            args = (kanaal, chat_id)
        rows = await self._rows(sql + " ORDER BY id DESC LIMIT ?", (*args, limiet))
        return [Audit(int(r[0]), r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]

    # transcript

    async def schrijf_transcript(
        self,
        kanaal: str,
        chat_id: str,
        nu: datetime,
        van: Van,
        tekst: str,
        *,
        stap: str | None = None,
        probleem: str | None = None,
        bericht_id: str | None = None,
        medewerker: str | None = None,
    ) -> None:
        """Add one line to a chat's transcript."""
        await self._run(
            "INSERT INTO transcript (kanaal, chat_id, tijd, van, tekst, stap, probleem, "
            "bericht_id, medewerker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kanaal, chat_id, nu.isoformat(), van, tekst, stap, probleem, bericht_id, medewerker),
        )

    async def schrijf_regels(
        self,
        kanaal: str,
        chat_id: str,
        nu: datetime,
        regels: list[tuple[Van, str, str | None, str | None, str | None, str | None]],
    ) -> None:
        """Add a turn's lines in one statement.

        Each line is (van, tekst, stap, probleem, bericht_id, medewerker).
        """
        if not regels:
            return
        plaatsen = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(regels))
        params: list[object] = []
        for van, tekst, stap, probleem, bericht_id, medewerker in regels:
            params += [kanaal, chat_id, nu.isoformat(), van, tekst, stap, probleem, bericht_id]
            params.append(medewerker)
        # Nobody reads its result: sent with the next statement or the COMMIT.
        self._later(
            "INSERT INTO transcript (kanaal, chat_id, tijd, van, tekst, stap, probleem, "
            f"bericht_id, medewerker) VALUES {plaatsen}",  # noqa: S608 - only placeholders
            params,
        )

    #: What a turn needs of the helpdesk, as columns of one SELECT (`Transaction.begin_beurt`):
    #: the takeover (agent, whether the user was told), the retention and the last deletion.
    BEURT_KOLOMMEN = (
        "(SELECT medewerker FROM overnames WHERE kanaal = ?1 AND chat_id = ?2), "
        "(SELECT gemeld FROM overnames WHERE kanaal = ?1 AND chat_id = ?2), "
        "(SELECT waarde FROM meta WHERE sleutel = 'transcript_bewaardagen'), "
        "(SELECT waarde FROM meta WHERE sleutel = 'transcript_gewist')"
    )

    @staticmethod
    def lees_beurt_info(
        row: Sequence[object],
    ) -> tuple[tuple[str, bool] | None, int, datetime | None]:
        """The takeover, the retention (days) and the last deletion from `BEURT_KOLOMMEN`."""
        overname = None if row[0] is None else (str(row[0]), bool(row[1]))
        dagen = int(str(row[2])) if row[2] is not None and str(row[2]).isdigit() else BEWAARDAGEN
        gewist = datetime.fromisoformat(str(row[3])) if row[3] else None
        return overname, dagen, gewist

    async def transcript(self, kanaal: str, chat_id: str, *, limiet: int = 1000) -> list[Regel]:
        """A chat's transcript, oldest first (its last `limiet` lines)."""
        rows = await self._rows(
            "SELECT id, tijd, van, tekst, stap, probleem, bericht_id, medewerker FROM ("
            "SELECT * FROM transcript WHERE kanaal = ? AND chat_id = ? ORDER BY id DESC LIMIT ?"
            ") ORDER BY id",
            (kanaal, chat_id, limiet),
        )
        return [Regel(int(r[0]), r[1], _van(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in rows]

    async def wis_oude_transcripten(self, nu: datetime, dagen: int) -> int:
        """Delete transcript lines older than `dagen` days; how many went (and when, in meta)."""
        rows = await self._rows(
            "DELETE FROM transcript WHERE tijd < ? RETURNING id",
            ((nu - timedelta(days=dagen)).isoformat(),),
        )
        await self.zet_meta("transcript_gewist", nu.isoformat())
        return len(rows)

    async def bewaardagen(self) -> int:
        """The transcript's configured retention (days)."""
        row = await self._one("SELECT waarde FROM meta WHERE sleutel = 'transcript_bewaardagen'")
        return int(row[0]) if row and str(row[0]).isdigit() else BEWAARDAGEN

    async def zet_meta(self, sleutel: str, waarde: str) -> None:
        """Set a value of the `meta` table (the helpdesk's settings, read by every channel)."""
        await self._run(
            "INSERT INTO meta (sleutel, waarde) VALUES (?, ?) "
            "ON CONFLICT (sleutel) DO UPDATE SET waarde = excluded.waarde",
            (sleutel, waarde),
        )

    async def meta(self, sleutel: str) -> str | None:
        """A value of the `meta` table."""
        row = await self._one("SELECT waarde FROM meta WHERE sleutel = ?", (sleutel,))
        return None if row is None else str(row[0])

    # takeovers and requests for a person

    async def overname(self, kanaal: str, chat_id: str) -> tuple[str, bool] | None:
        """Who took the chat over, and whether the user was told."""
        row = await self._one(
            "SELECT medewerker, gemeld FROM overnames WHERE kanaal = ? AND chat_id = ?",
            (kanaal, chat_id),
        )
        return None if row is None else (str(row[0]), bool(row[1]))

    async def neem_over(self, kanaal: str, chat_id: str, medewerker: str, nu: datetime) -> None:
        """An agent takes the chat over (another agent's takeover passes to this one)."""
        await self._run(
            "INSERT INTO overnames (kanaal, chat_id, medewerker, sinds) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kanaal, chat_id) DO UPDATE SET medewerker = excluded.medewerker",
            (kanaal, chat_id, medewerker, nu.isoformat()),
        )
        await self._run(
            "DELETE FROM mens_gevraagd WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )

    async def overname_gemeld(self, kanaal: str, chat_id: str) -> None:
        """The user was told that a person took over."""
        await self._run(
            "UPDATE overnames SET gemeld = 1 WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )

    async def geef_terug(self, kanaal: str, chat_id: str) -> bool:
        """End a takeover (and a request for a person); False when it was not taken over."""
        rows = await self._rows(
            "DELETE FROM overnames WHERE kanaal = ? AND chat_id = ? RETURNING kanaal",
            (kanaal, chat_id),
        )
        await self._run(
            "DELETE FROM mens_gevraagd WHERE kanaal = ? AND chat_id = ?", (kanaal, chat_id)
        )
        return len(rows) == 1

    async def alle_gesprekken(self) -> list[tuple[str, str, str | None, str | None]]:
        """(kanaal, chat_id, state JSON, time of the last transcript line) of every chat."""
        rows = await self._rows(
            "SELECT g.kanaal, g.chat_id, g.state, (SELECT MAX(t.tijd) FROM transcript t "
            "WHERE t.kanaal = g.kanaal AND t.chat_id = g.chat_id) FROM gesprekken g"
        )
        return [(str(r[0]), str(r[1]), r[2], r[3]) for r in rows]

    async def mens_gevraagd_lijst(self) -> dict[tuple[str, str], str]:
        """The chats that asked for a person, with since when."""
        rows = await self._rows("SELECT kanaal, chat_id, sinds FROM mens_gevraagd")
        return {(str(r[0]), str(r[1])): str(r[2]) for r in rows}

    async def overnames_lijst(self) -> dict[tuple[str, str], str]:
        """The chats taken over, with the agent's name."""
        rows = await self._rows("SELECT kanaal, chat_id, medewerker FROM overnames")
        return {(str(r[0]), str(r[1])): str(r[2]) for r in rows}

    async def project_op_nummer(self, projectnummer: str) -> tuple[Project, str, str] | None:
        """A project by its number, with the chat that filed it (empty after vergeet)."""
        row = await self._one(
            "SELECT data, kanaal, chat_id FROM projecten WHERE projectnummer = ?",
            (projectnummer,),
        )
        return None if row is None else (Project.model_validate_json(row[0]), row[1], row[2])

    async def vraag_mens(self, kanaal: str, chat_id: str, nu: datetime) -> None:
        """The user asked for a person (the first time counts)."""
        await self._run(
            "INSERT OR IGNORE INTO mens_gevraagd (kanaal, chat_id, sinds) VALUES (?, ?, ?)",
            (kanaal, chat_id, nu.isoformat()),
        )

    async def vergeet_helpdesk(self, kanaal: str, chat_id: str) -> None:
        """A forgotten chat: its transcript, takeover and request go.

        The audit log keeps what agents did, without the chat's id.
        """
        for table in ("transcript", "overnames", "mens_gevraagd"):
            await self._run(
                f"DELETE FROM {table} WHERE kanaal = ? AND chat_id = ?",  # noqa: S608
                (kanaal, chat_id),
            )
        await self._run(
            "UPDATE auditlog SET chat_id = '' WHERE kanaal = ? AND chat_id = ?",
            (kanaal, chat_id),
        )
