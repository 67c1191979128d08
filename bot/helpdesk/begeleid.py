"""A guided aanvraag: an agent runs the whole aanvraag for a caller on the phone in the console.

The same engine and texts as every channel, as channel `helpdesk` with a chat of its own per
aanvraag (`<agent>-<random>`); the agent may file for any company (`bot.service.HELPDESK`).
What the agent types is kept in the transcript under the agent's name, and the start and every
approved project are in the audit log.
"""

from __future__ import annotations

import secrets

from aiohttp import web

from bot.helpdesk import gesprekken
from bot.helpdesk.teksten import tekst
from bot.helpdesk.web import _console, _naar, _pagina, _sessie
from bot.service import HELPDESK
from bot.store import Transaction
from dialogs.models import Effect, Input, Message


async def nieuw(request: web.Request) -> web.StreamResponse:
    """Start a guided aanvraag: a new helpdesk chat, then `nieuw` as its first turn."""
    console = _console(request)
    agent = _sessie(request).naam
    chat_id = f"{agent}-{secrets.token_hex(4)}"
    async with console.service.store.transaction() as tx:
        await tx.audit(
            agent, "begeleide_aanvraag", console.service.clock(), kanaal=HELPDESK, chat_id=chat_id
        )
    await console.service.handle(
        HELPDESK, chat_id, Input(text="nieuw"), today=console.vandaag(), medewerker=agent
    )
    return _naar(f"/begeleid/{chat_id}")


async def pagina(request: web.Request) -> web.StreamResponse:
    """The guided aanvraag: what the assistant said, the choices and a field to type."""
    console = _console(request)
    chat_id = request.match_info["chat_id"]
    async with console.service.store.transaction() as tx:
        raw = await tx.load_state(HELPDESK, chat_id)
        regels = await tx.transcript(HELPDESK, chat_id)
    if raw is None:
        raise web.HTTPNotFound(text=tekst("onbekend.begeleid"))
    state = gesprekken.load_state(raw)
    return _pagina(
        request,
        "begeleid.html",
        chat_id=chat_id,
        regels=regels,
        keuzes=state.choices,
        stap=gesprekken.stap(state),
    )


async def beurt(request: web.Request) -> web.StreamResponse:
    """One turn typed (or a choice picked) by the agent for the caller."""
    console = _console(request)
    agent = _sessie(request).naam
    chat_id = request.match_info["chat_id"]
    form = await request.post()
    keuze = str(form.get("keuze", "")) or None
    getypt = str(form.get("tekst", ""))
    async with console.service.store.transaction() as tx:
        if await tx.load_state(HELPDESK, chat_id) is None:
            raise web.HTTPNotFound(text=tekst("onbekend.begeleid"))

    async def log(tx: Transaction, messages: list[Message], effects: list[Effect]) -> None:
        for effect in effects:
            if effect.kind == "project_goedgekeurd":
                project = await tx.project_op_nummer(effect.projectnummer)
                await tx.audit(
                    agent,
                    "project_ingediend",
                    console.service.clock(),
                    kanaal=HELPDESK,
                    chat_id=chat_id,
                    details={
                        "projectnummer": effect.projectnummer,
                        "onderneming": project[0].onderneming if project else "",
                    },
                )

    await console.service.handle(
        HELPDESK,
        chat_id,
        Input(text=getypt, choice=keuze),
        today=console.vandaag(),
        also=log,
        medewerker=agent,
    )
    return _naar(f"/begeleid/{chat_id}")


def voeg_toe(router: web.UrlDispatcher) -> None:
    """The routes of a guided aanvraag."""
    router.add_post("/begeleid", nieuw)
    router.add_get("/begeleid/{chat_id}", pagina)
    router.add_post("/begeleid/{chat_id}", beurt)
