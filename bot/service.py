"""Per chat: load state → run the engine → save state and effects, in one transaction.

Every channel (terminal, Telegram, Rasa) calls `Service.handle`; none of them decides anything.
An unexpected error never reaches the user as a traceback: the old state is kept.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from babel.dates import format_date
from pydantic import ValidationError

from bot import toegangscodes
from bot.helpdesk_db import Van
from bot.openingsuren import STANDAARD, Openingsuren
from bot.store import Store, Transaction, storage_fault
from dialogs import format as fmt
from dialogs.dienstverleners import Register, Treffer
from dialogs.engine import advance
from dialogs.messages import Catalog, default_catalog
from dialogs.models import (
    CodePoging,
    Dienstverlener,
    Effect,
    Input,
    Message,
    Onderneming,
    Project,
    Recht,
    Toegang,
    Toegangscode,
)
from dialogs.spec import Table
from dialogs.state import DialogState
from dialogs.state import load_state as migrate_state
from domain_rules import RegelBoek, laad_regelboek

log = logging.getLogger(__name__)

#: The channel of a guided aanvraag in the helpdesk console: an agent acts for any company.
HELPDESK = "helpdesk"

#: How often the transcript is cleared of lines past their retention (besides at start).
WIS_INTERVAL = timedelta(hours=1)

#: The reply to a turn that could not be stored: nothing of it was kept, the user sends again.
#: How often a turn is tried while another process holds the database past the busy timeout
#: (each try waits that long); then the user hears "probeer zo meteen opnieuw".
BEZET_POGINGEN = 3
_NIET_BEWAARD = {"vol": "opslag.beurt_vol", "bezet": "opslag.beurt_bezet"}


def _zonder_gegevens(exc: BaseException) -> str:
    """An exception for the log: its type and where it happened, never its text.

    The text of an exception can quote what the user typed (a name, a KBO number); the log
    file must never hold personal data.
    """
    return f"{exc.__class__.__name__}\n" + "".join(traceback.format_tb(exc.__traceback__))


def utc_now() -> datetime:
    """The current time (for the lock-out after wrong access codes)."""
    return datetime.now(UTC)


class StorePorts:
    """The engine's ports for one chat, bound to the current transaction.

    `today` is the application date of the turn (projects lapse after their uiterste
    stortingsdatum, a stopzetting is dated); `now` is the clock of the code lock-out.
    """

    def __init__(
        self,
        tx: Transaction,
        kanaal: str,
        chat_id: str,
        register: Register,
        *,
        today: date,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._tx = tx
        self._kanaal = kanaal
        self._chat = chat_id
        self._register = register
        self._today = today
        self._now = now
        self._lapsed = False

    async def _lapse(self) -> None:
        """Once per turn: projects past their uiterste stortingsdatum become `vervallen`."""
        if not self._lapsed:
            self._lapsed = True
            await self._tx.laat_vervallen(self._today)

    async def dienstverlener(self, registratienummer: str) -> Dienstverlener | None:
        """The provider with exactly this registration number, if registered."""
        return self._register.nummer(registratienummer)

    async def zoek_dienstverleners(
        self, query: str, *, type: str | None = None, limit: int = 8
    ) -> list[Treffer]:
        """Providers matching a registration number or a (misspelt) name, best first."""
        return self._register.zoek(query, type=type, limit=limit)

    async def subsidie_toegekend(self, *, onderneming: str, jaar: int) -> Decimal:
        """Subsidie counting for the onderneming's cap in that year, whoever filed it."""
        if self._lapsed:
            return await self._tx.subsidie_used(onderneming, jaar)
        self._lapsed = True  # the lapse goes with this read
        return await self._tx.subsidie_used(onderneming, jaar, vervallen_op=self._today)

    async def projecten(self, *, onderneming: str | None) -> list[Project]:
        """The projects of the ondernemingen this chat holds a right on, oldest first."""
        await self._lapse()
        return await self._tx.projects(self._kanaal, self._chat, onderneming)

    async def project(self, projectnummer: str) -> Project | None:
        """A project of an onderneming this chat holds a right on."""
        await self._lapse()
        return await self._tx.project(self._kanaal, self._chat, projectnummer)

    async def volgend_volgnummer(self, jaar: int) -> int:
        """Reserve the next project sequence number of a year."""
        return await self._tx.next_volgnummer(jaar)

    async def bewaar_project(self, project: Project) -> None:
        """Store an approved project (the first for a free number makes this chat beheerder)."""
        await self._tx.save_project(self._kanaal, self._chat, project)

    async def bewaar_thema_keuze(self, *, titel: str, thema: str, subthema: str) -> None:
        """Keep the user's pick at the thema proposal (without the chat id), for review."""
        await self._tx.save_thema_keuze(titel, thema, subthema, self._kanaal)

    async def meld_storting(self, projectnummer: str) -> Project | None:
        """Mark a project this chat sees as 'storting gemeld'."""
        project = await self.project(projectnummer)
        if project is None or project.status != "aangevraagd":
            return project
        project = project.with_status("storting_gemeld", self._today)
        await self._tx.werk_project_bij(project)
        return project

    async def vergeet(self) -> None:
        """Delete what is stored for this chat, and its rights."""
        await self._tx.delete_chat(self._kanaal, self._chat)

    async def onderneming(self, nummer: str, *, jaar: int) -> Onderneming:
        """This chat's right on a number; size and NACE only with a right."""
        rol, beheerd, grootte, nace = await self._tx.kennis(nummer, self._kanaal, self._chat, jaar)
        toegang: Toegang = rol if rol is not None else ("geen" if beheerd else "vrij")
        if toegang == "geen" and self._kanaal == HELPDESK:
            # An agent files for any company (a guided aanvraag); the console logs it.
            toegang = "gemachtigd"
        if toegang == "geen":
            return Onderneming(nummer=nummer, toegang=toegang)
        return Onderneming(nummer=nummer, toegang=toegang, jaar=jaar, grootte=grootte, nace=nace)

    async def maak_toegangscode(self, onderneming: str) -> Toegangscode | None:
        """A new code, when this chat is beheerder of the onderneming."""
        if await self._tx.rol(onderneming, self._kanaal, self._chat) != "beheerder":
            return None
        return await toegangscodes.maak(
            self._tx, onderneming, self._kanaal, self._chat, self._today
        )

    async def gebruik_toegangscode(self, onderneming: str, code: str) -> CodePoging:
        """Try a code for the onderneming (five wrong ones: fifteen minutes' wait)."""
        return await toegangscodes.gebruik(
            self._tx,
            onderneming,
            code,
            kanaal=self._kanaal,
            chat_id=self._chat,
            vandaag=self._today,
            nu=self._now(),
        )

    async def rechten(self, onderneming: str) -> list[Recht]:
        """Who holds a right, as labels; empty when this chat holds none."""
        rows = await self._tx.rechten(onderneming)
        if not any(k == self._kanaal and c == self._chat for _, k, c, _, _ in rows):
            return []
        return [
            Recht(
                nummer=i,
                kanaal=kanaal,
                rol=rol,
                sinds=sinds,
                zelf=kanaal == self._kanaal and chat == self._chat,
            )
            for i, (_, kanaal, chat, rol, sinds) in enumerate(rows, start=1)
        ]

    async def trek_recht_in(self, onderneming: str, nummer: int) -> bool:
        """Revoke the right at place `nummer` of the list (a beheerder, not its own)."""
        if await self._tx.rol(onderneming, self._kanaal, self._chat) != "beheerder":
            return False
        rows = await self._tx.rechten(onderneming)
        if not 1 <= nummer <= len(rows):
            return False
        volgnummer, kanaal, chat, _, _ = rows[nummer - 1]
        if kanaal == self._kanaal and chat == self._chat:
            return False
        await self._tx.trek_recht_in(volgnummer)
        return True

    async def stopzet(self, projectnummer: str, reden: str) -> Project | None:
        """Stop a project this chat sees, dated on the application date."""
        project = await self.project(projectnummer)
        if project is None:
            return None
        project = project.with_status("stopgezet", self._today, reden)
        await self._tx.werk_project_bij(project)
        return project


def _invoer(inp: Input) -> str:
    """What the user sent, as the transcript keeps it (a picked choice by its value)."""
    if inp.kind != "message":
        return ""
    return inp.text if inp.text else (inp.choice or "")


def _stap(state: DialogState) -> str:
    """The step for the transcript: what was asked, else the dialog step."""
    return state.asks or state.step.value


#: The chats whose last state a service keeps in memory (the most recent ones).
STATES_IN_MEMORY = 1024


def load_state(raw: str | None) -> DialogState:
    """Stored JSON to state, migrated from an earlier schema version.

    An unreadable state (or one of a newer version) starts afresh rather than crash.
    """
    if raw is None:
        return DialogState()
    try:
        # The current version reads straight from JSON; an older one is migrated first.
        return DialogState.model_validate_json(raw)
    except ValidationError:
        pass
    try:
        data = json.loads(raw)
        return migrate_state(data if isinstance(data, dict) else None)
    except (ValueError, ValidationError, KeyError, TypeError):
        log.warning("stored conversation state could not be read; starting afresh")
        return DialogState()


class Service:
    """Runs turns for any channel against one store."""

    def __init__(
        self,
        store: Store,
        *,
        regelboek: RegelBoek | None = None,
        table: Table | None = None,
        catalog: Catalog | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.clock = clock
        self.regelboek = regelboek or laad_regelboek()
        self.table = table
        self.catalog = catalog
        self._register: Register | None = None
        self._register_version = -1
        # The state each chat's last turn here left, with its JSON: while the stored JSON is
        # still exactly that (no other process changed it), the next turn takes the state as
        # it is instead of reading the JSON again. States are frozen models; never changed.
        self._states: OrderedDict[tuple[str, str], tuple[str, DialogState]] = OrderedDict()

    async def register(self, tx: Transaction, version: int | None = None) -> Register:
        """The in-memory provider index, rebuilt when the register changed (e.g. an import).

        `version` is the register's `register_version` when the caller read it already.
        """
        if version is None:
            version = await tx.register_version()
        if self._register is None or version != self._register_version:
            self._register = Register(await tx.all_dienstverleners())
            self._register_version = version
        return self._register

    async def ports(
        self,
        tx: Transaction,
        kanaal: str,
        chat_id: str,
        *,
        today: date,
        register_version: int | None = None,
    ) -> StorePorts:
        """The engine's ports for one chat in this transaction (the register read if needed)."""
        return StorePorts(
            tx,
            kanaal,
            chat_id,
            await self.register(tx, register_version),
            today=today,
            now=self.clock,
        )

    async def handle(
        self,
        kanaal: str,
        chat_id: str,
        inp: Input,
        *,
        today: date,
        also: Callable[[Transaction, list[Message], list[Effect]], Awaitable[object]]
        | None = None,
        medewerker: str | None = None,
    ) -> list[Message]:
        """One turn: the assistant's messages for this input.

        `also` gets the turn's messages and effects inside its transaction, after the new state
        is saved: a channel's own bookkeeping (Telegram records the handled update there, and
        forgets its own data of a chat that was forgotten) commits with the turn or not at all.

        Both directions go into the chat's transcript in the same transaction. While an agent
        has taken the chat over, the engine does not run: the user's message is kept and the
        user is told once that a person took over. `medewerker` names the agent who typed this
        input for the user (the helpdesk console); such a turn runs during a takeover too.
        """
        for poging in range(1, BEZET_POGINGEN + 1):
            nieuw: tuple[str, DialogState] | None = None
            try:
                async with self.store.transaction() as tx:
                    nu = self.clock()
                    raw, version, overname, dagen, gewist = await tx.begin_beurt(kanaal, chat_id)
                    if gewist is None or not timedelta(0) <= nu - gewist < WIS_INTERVAL:
                        # The first turn after an hour (in any process): old lines go.
                        await tx.wis_oude_transcripten(nu, dagen)
                    state = self._state(kanaal, chat_id, raw)
                    if medewerker is None and overname is not None:
                        messages = await self._overgenomen(
                            tx, kanaal, chat_id, inp, state, nu, gemeld=overname[1]
                        )
                        if also is not None:
                            await also(tx, messages, [])
                        return messages
                    turn = await advance(
                        state,
                        inp,
                        today=today,
                        ports=await self.ports(
                            tx, kanaal, chat_id, today=today, register_version=version
                        ),
                        regelboek=self.regelboek,
                        table=self.table,
                        catalog=self.catalog,
                    )
                    saved = turn.state.model_dump_json()
                    await tx.save_state(kanaal, chat_id, saved)
                    nieuw = saved, turn.state
                    messages = list(turn.messages)
                    if any(e.kind == "persoon_gevraagd" for e in turn.effects):
                        await tx.vraag_mens(kanaal, chat_id, nu)
                        # Right after "U wilt iemand spreken", before the question asked again.
                        plaats = next(
                            (
                                i + 1
                                for i, m in enumerate(messages)
                                if m.id == "algemeen.mens_gevraagd"
                            ),
                            len(messages),
                        )
                        messages.insert(plaats, await self._wanneer_mens(tx, nu))
                    forgotten = any(e.kind == "gesprek_vergeten" for e in turn.effects)
                    if not forgotten:
                        await self._schrijf(
                            tx, kanaal, chat_id, nu, inp, state, turn.state, messages, medewerker
                        )
                    if also is not None:
                        await also(tx, messages, turn.effects)
            except Exception as exc:
                soort = storage_fault(exc)
                if soort == "bezet" and poging < BEZET_POGINGEN:
                    # Another process held the database past the busy timeout (many processes on
                    # one file, a loaded machine): the turn was rolled back; try it again.
                    log.info("database busy; turn retried (%d)", poging)
                    continue
                if soort is not None:
                    # Rolled back: the turn is not consumed, the same message can be sent again.
                    log.warning("turn not stored (database %s); state left unchanged", soort)
                    message_id = _NIET_BEWAARD[soort]
                    text = default_catalog().text(message_id)
                    return [Message(id=message_id, text=text, problem=f"opslag_{soort}")]
                log.error("turn failed; state left unchanged: %s", _zonder_gegevens(exc))
                text = default_catalog().text("algemeen.fout_intern")
                return [Message(id="algemeen.fout_intern", text=text, problem="interne_fout")]
            else:
                break
        if forgotten:
            self._states.pop((kanaal, chat_id), None)
            await self._wis_van_schijf()
        elif nieuw is not None:  # committed
            self._states[kanaal, chat_id] = nieuw
            self._states.move_to_end((kanaal, chat_id))
            if len(self._states) > STATES_IN_MEMORY:
                self._states.popitem(last=False)
        return messages

    def _state(self, kanaal: str, chat_id: str, raw: str | None) -> DialogState:
        """The stored state: the one this service left, while the stored JSON is still its."""
        known = self._states.get((kanaal, chat_id))
        if known is not None and raw is not None and known[0] == raw:
            return known[1]
        return load_state(raw)

    def _text(self, message_id: str, **params: str) -> str:
        return (self.catalog or default_catalog()).text(message_id, **params)

    async def _overgenomen(
        self,
        tx: Transaction,
        kanaal: str,
        chat_id: str,
        inp: Input,
        state: DialogState,
        nu: datetime,
        *,
        gemeld: bool,
    ) -> list[Message]:
        """A message in a chat an agent took over: kept, and the user told once."""
        regels: list[tuple[Van, str, str | None, str | None, str | None, str | None]] = []
        if tekst := _invoer(inp):
            regels.append(("gebruiker", tekst, _stap(state), None, None, None))
        messages = []
        if not gemeld:
            await tx.overname_gemeld(kanaal, chat_id)
            melding = self._text("helpdesk.overgenomen")
            regels.append(("assistent", melding, _stap(state), None, "helpdesk.overgenomen", None))
            messages.append(Message(id="helpdesk.overgenomen", text=melding))
        await tx.schrijf_regels(kanaal, chat_id, nu, regels)
        return messages

    async def _wanneer_mens(self, tx: Transaction, nu: datetime) -> Message:
        """What a user who asked for a person hears: soon, or when the helpdesk opens."""
        uren = Openingsuren.lees(await tx.meta("helpdesk_openingsuren") or STANDAARD)
        if uren.open_op(nu) and await tx.medewerker_aanwezig(nu):
            return Message(id="helpdesk.mens_komt", text=self._text("helpdesk.mens_komt"))
        moment = uren.volgende_opening(nu)
        if uren.open_op(nu):  # open, but nobody logged in: from the next opening on
            moment = uren.volgende_opening(moment.replace(hour=23, minute=59))
        text = self._text(
            "helpdesk.mens_later",
            dag=format_date(moment.date(), "EEEE", locale="nl_BE"),
            datum=fmt.datum(moment.date()),
            uur=f"{moment.hour:02d}:{moment.minute:02d}",
        )
        return Message(id="helpdesk.mens_later", text=text)

    async def _schrijf(
        self,
        tx: Transaction,
        kanaal: str,
        chat_id: str,
        nu: datetime,
        inp: Input,
        voor: DialogState,
        na: DialogState,
        messages: list[Message],
        medewerker: str | None,
    ) -> None:
        """The turn in the transcript: the input (user's or agent's), then each message."""
        regels: list[tuple[Van, str, str | None, str | None, str | None, str | None]] = []
        if tekst := _invoer(inp):
            van: Van = "gebruiker" if medewerker is None else "medewerker"
            regels.append((van, tekst, _stap(voor), None, None, medewerker))
        regels += [("assistent", m.text, _stap(na), m.problem, m.id, None) for m in messages]
        await tx.schrijf_regels(kanaal, chat_id, nu, regels)

    async def _wis_van_schijf(self) -> None:
        """After a forgotten chat commits: the WAL into the file (secure_delete) and truncated.

        Until then the forgotten data would still be in the -wal file.
        """
        try:
            done = await self.store.checkpoint()
        except Exception as exc:
            log.warning("checkpoint after vergeet failed: %s", exc.__class__.__name__)
            return
        if not done:
            log.warning("checkpoint after vergeet incomplete: another process is reading")
