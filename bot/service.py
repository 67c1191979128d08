"""Per chat: load state → run the engine → save state and effects, in one transaction.

Every channel (terminal, Telegram, Rasa) calls `Service.handle`; none of them decides anything.
An unexpected error never reaches the user as a traceback: the old state is kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal

from pydantic import ValidationError

from bot.store import Store, Transaction
from dialogs.dienstverleners import Register, Treffer
from dialogs.engine import advance
from dialogs.messages import Catalog, default_catalog
from dialogs.models import Dienstverlener, Effect, Input, Message, Project
from dialogs.spec import Table
from dialogs.state import DialogState
from dialogs.state import load_state as migrate_state
from domain_rules import RegelBoek, laad_regelboek

log = logging.getLogger(__name__)


class StorePorts:
    """The engine's ports for one chat, bound to the current transaction."""

    def __init__(self, tx: Transaction, kanaal: str, chat_id: str, register: Register) -> None:
        self._tx = tx
        self._kanaal = kanaal
        self._chat = chat_id
        self._register = register

    async def dienstverlener(self, registratienummer: str) -> Dienstverlener | None:
        """The provider with exactly this registration number, if registered."""
        return self._register.nummer(registratienummer)

    async def zoek_dienstverleners(
        self, query: str, *, type: str | None = None, limit: int = 8
    ) -> list[Treffer]:
        """Providers matching a registration number or a (misspelt) name, best first."""
        return self._register.zoek(query, type=type, limit=limit)

    async def subsidie_toegekend(self, *, onderneming: str, jaar: int) -> Decimal:
        """Subsidie of this chat's approved projects for this onderneming in that year."""
        return await self._tx.subsidie_used(self._kanaal, self._chat, onderneming, jaar)

    async def projecten(self, *, onderneming: str | None) -> list[Project]:
        """This chat's projects (of one onderneming, or all), oldest first."""
        return await self._tx.projects(self._kanaal, self._chat, onderneming)

    async def project(self, projectnummer: str) -> Project | None:
        """One of this chat's projects by its number."""
        return await self._tx.project(self._kanaal, self._chat, projectnummer)

    async def volgend_volgnummer(self, jaar: int) -> int:
        """Reserve the next project sequence number of a year."""
        return await self._tx.next_volgnummer(jaar)

    async def bewaar_project(self, project: Project) -> None:
        """Store an approved project for this chat."""
        await self._tx.save_project(self._kanaal, self._chat, project)

    async def bewaar_thema_keuze(self, *, titel: str, thema: str, subthema: str) -> None:
        """Keep the user's pick at the thema proposal (without the chat id), for review."""
        await self._tx.save_thema_keuze(titel, thema, subthema, self._kanaal)

    async def meld_storting(self, projectnummer: str) -> Project | None:
        """Mark one of this chat's projects as 'storting gemeld'."""
        project = await self._tx.project(self._kanaal, self._chat, projectnummer)
        if project is None or project.status != "aangevraagd":
            return project
        return await self._tx.set_status(
            self._kanaal, self._chat, projectnummer, "storting_gemeld"
        )

    async def vergeet(self) -> None:
        """Delete everything stored for this chat."""
        await self._tx.delete_chat(self._kanaal, self._chat)


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
    ) -> None:
        self.store = store
        self.regelboek = regelboek or laad_regelboek()
        self.table = table
        self.catalog = catalog
        self._register: Register | None = None
        self._register_version = -1

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

    async def handle(
        self,
        kanaal: str,
        chat_id: str,
        inp: Input,
        *,
        today: date,
        also: Callable[[Transaction, list[Message], list[Effect]], Awaitable[object]]
        | None = None,
    ) -> list[Message]:
        """One turn: the assistant's messages for this input.

        `also` gets the turn's messages and effects inside its transaction, after the new state
        is saved: a channel's own bookkeeping (Telegram records the handled update there, and
        forgets its own data of a chat that was forgotten) commits with the turn or not at all.
        """
        try:
            async with self.store.transaction() as tx:
                raw, version = await tx.load_turn(kanaal, chat_id)
                state = load_state(raw)
                turn = await advance(
                    state,
                    inp,
                    today=today,
                    ports=StorePorts(tx, kanaal, chat_id, await self.register(tx, version)),
                    regelboek=self.regelboek,
                    table=self.table,
                    catalog=self.catalog,
                )
                await tx.save_state(kanaal, chat_id, turn.state.model_dump_json())
                if also is not None:
                    await also(tx, turn.messages, turn.effects)
            return turn.messages
        except Exception:
            log.exception("turn failed; state left unchanged")
            text = default_catalog().text("algemeen.fout_intern")
            return [Message(id="algemeen.fout_intern", text=text, problem="interne_fout")]
