"""The web chat: the assistant as a page at `/chat`, an aiohttp sub-application.

No login: a chat is a random id in a cookie (HttpOnly, SameSite=Lax, Secure behind https). Every
message goes through `Service.handle` like any other channel; the page is rendered on the server
from the same reply blocks (headings, text, rows with copy buttons, the EPC QR as an image), with
everything the engine or the user wrote escaped. A little plain JavaScript (`data/webchat.js`)
sends a message with fetch and adds the reply without reloading; without JavaScript the forms post
and the server answers with the whole page. Messages queued in the outbox for the chat (a helpdesk
agent's reply) are fetched by polling `/chat/nieuw` and marked sent.

The same component serves another channel (`kanaal`) with another way to find the chat id
(`chat_id`), e.g. the helpdesk console's guided aanvraag. POSTs must come from the page's own
origin (the CSRF protection of a page without login), a body and a message are limited in size,
and one chat may send only so many messages in a short time.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aiohttp import web
from pydantic import ValidationError

from bot.epc_qr import epc_qr_png
from bot.service import Service
from bot.store import Transaction
from bot.uitgaand_db import Uitgaand
from dialogs.engine import advance
from dialogs.messages import Catalog, default_catalog
from dialogs.models import Attachment, Choice, Effect, Heading, Input, Message, Rows, Text
from dialogs.state import DialogState

log = logging.getLogger(__name__)

KANAAL = "web"
COOKIE = "kmobot_chat"
#: What a chat id from the cookie may look like (secrets.token_urlsafe(24) gives 32 characters).
_CHAT_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
#: The longest message a user may type, in characters.
MAX_TEKST = 2000
#: The largest request body read, in bytes (a message of MAX_TEKST characters fits easily).
MAX_BODY = 16 * 1024
#: A year: the cookie outlives a closed browser, so the ondernemer can come back to the aanvraag.
COOKIE_AGE = 365 * 24 * 3600
#: How often the page asks for queued messages, in milliseconds.
POLL_MS = 2000

ChatIdOf = Callable[[web.Request], Awaitable[str | None]]
Today = Callable[[], date]


def esc(text: str) -> str:
    """Escape text for HTML, quotes included (also safe inside attribute values)."""
    return html.escape(text, quote=True)


_BEDRAG = re.compile(r"€ \d{1,3}(?:\.\d{3})*(?:,\d{2})?")


def esc_text(text: str) -> str:
    """Escaped text whose amounts never break after the euro sign (€ 1.250,50 on one line)."""
    return _BEDRAG.sub(lambda m: f'<span class="bedrag">{m.group(0)}</span>', esc(text))


# --- rate limit ---------------------------------------------------------------------------------


@dataclass
class RateLimit:
    """A token bucket per chat: `burst` messages at once, then one per `per_second`.

    In memory: a restart forgets it, which only lets a chat send a burst more.
    """

    burst: float = 10.0
    per_second: float = 1.0
    clock: Callable[[], float] = time.monotonic
    max_chats: int = 10_000
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, key: str) -> bool:
        """Whether this chat may send a message now (taking one token if so)."""
        now = self.clock()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        if len(self._buckets) >= self.max_chats and key not in self._buckets:
            self._forget_full(now)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled (they hold nothing a new bucket would not)."""
        full = [
            k
            for k, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.per_second >= self.burst
        ]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.max_chats:
            self._buckets.clear()


# --- rendering ----------------------------------------------------------------------------------


def _copy_button(value: str, label: str, catalog: Catalog) -> str:
    return (
        f'<button type="button" class="kopieer" data-waarde="{esc(value)}" '
        f'data-gekopieerd="{esc(catalog.text("web.gekopieerd"))}" '
        f'data-kopieer-niet="{esc(catalog.text("web.kopieer_niet"))}" '
        f'aria-label="{esc(catalog.text("web.kopieer"))}: {esc(label)}">'
        f"{esc(catalog.text('web.kopieer'))}</button>"
    )


def _rows_html(rows: Rows, begunstigde: str | None, catalog: Catalog) -> str:
    """Key/value rows as a list, with copy buttons.

    A copyable value (and the begunstigde of a payment) gets a button that copies it alone.
    """
    out = ['<section class="rijen">']
    if rows.title:
        out.append(f"<h3>{esc(rows.title)}</h3>")
    out.append("<dl>")
    label_begunstigde = catalog.text("goedkeuring.begunstigde")
    for r in rows.rows:
        copy = r.value if r.copyable else None
        if begunstigde is not None and r.label == label_begunstigde:
            copy = begunstigde
        button = _copy_button(copy, r.label, catalog) if copy is not None else ""
        out.append(
            f'<div class="rij"><dt>{esc(r.label)}</dt>'
            f'<dd><span class="waarde">{esc(r.value)}</span>{button}</dd></div>'
        )
    out.append("</dl></section>")
    return "".join(out)


def _qr_html(attachment: Attachment) -> str:
    png = base64.b64encode(epc_qr_png(attachment.payment)).decode("ascii")
    return (
        f'<figure class="qr"><img src="data:image/png;base64,{png}" '
        f'alt="{esc(attachment.caption)}" data-project="{esc(attachment.projectnummer)}">'
        f"<figcaption>{esc_text(attachment.caption)}</figcaption></figure>"
    )


def choices_html(asks: str | None, choices: Iterable[Choice], action: str) -> str:
    """The choices of a question as buttons of one form (it posts without JavaScript too)."""
    buttons = "".join(
        f'<button type="submit" name="keuze" value="{esc(c.value)}">{esc(c.label)}</button>'
        for c in choices
    )
    if not buttons:
        return ""
    return (
        f'<form class="keuzes" method="post" action="{esc(action)}">'
        f'<input type="hidden" name="vraag" value="{esc(asks or "")}">{buttons}</form>'
    )


def message_html(message: Message, catalog: Catalog, action: str) -> str:
    """One engine message as HTML: headings, paragraphs, rows with copy buttons, the QR image.

    An approval (a message with an attachment) gets the "Ik heb gestort" button of its project.
    """
    attachments = [b for b in message.blocks if isinstance(b, Attachment)]
    begunstigde = attachments[0].payment.begunstigde if attachments else None
    out: list[str] = []
    for block in message.blocks:
        if isinstance(block, Heading):
            out.append(f"<h2>{esc(block.text)}</h2>")
        elif isinstance(block, Text):
            out.append(f"<p>{esc_text(block.text)}</p>")
        elif isinstance(block, Rows):
            out.append(_rows_html(block, begunstigde, catalog))
        else:
            out.append(_qr_html(block))
    for a in attachments:
        out.append(
            f'<form class="gestort" method="post" action="{esc(action)}">'
            f'<button type="submit" name="tekst" value="gestort {esc(a.projectnummer)}">'
            f"{esc(catalog.text('web.knop_gestort'))}</button></form>"
        )
    return "".join(out)


def turn_html(messages: list[Message], catalog: Catalog, action: str) -> str:
    """A turn's messages as one assistant item; the last message's choices as buttons."""
    if not messages:
        return ""
    body = "".join(message_html(m, catalog, action) for m in messages)
    last = messages[-1]
    return _item("assistent", catalog, body + choices_html(last.asks, last.choices, action))


def user_html(text: str, catalog: Catalog) -> str:
    """What the user sent, as text."""
    return _item("gebruiker", catalog, f"<p>{esc(text)}</p>")


#: Who speaks in an item of the conversation: its CSS class and the label shown above it.
_WIE = {"gebruiker": "web.gebruiker", "assistent": "web.assistent", "medewerker": "web.medewerker"}


def _item(who: str, catalog: Catalog, body: str) -> str:
    return (
        f'<li class="beurt {who}"><span class="wie">{esc(catalog.text(_WIE[who]))}</span>'
        f"{body}</li>"
    )


def outbox_html(row: Uitgaand, catalog: Catalog, action: str) -> str:
    """A queued delivery: an agent's text, or the engine's messages (stored as JSON)."""
    inhoud = row.inhoud
    if row.soort == "berichten" and isinstance(inhoud, list):
        try:
            messages = [Message.model_validate(m) for m in inhoud]
        except ValidationError:
            return ""
        return turn_html(messages, catalog, action)
    tekst = inhoud.get("tekst") if isinstance(inhoud, dict) else None
    if not isinstance(tekst, str):
        return ""
    who = "medewerker" if row.soort == "medewerker" else "assistent"
    return _item(who, catalog, f"<p>{esc(tekst)}</p>")


# --- the component ------------------------------------------------------------------------------


class Refused(Exception):
    """A request that is not handled: its HTTP status and the catalogue text saying why."""

    def __init__(self, status: int, message_id: str, **params: str) -> None:
        super().__init__(message_id)
        self.status = status
        self.message_id = message_id
        self.params = params


@dataclass(frozen=True)
class Sent:
    """What a POST carries: the Input for the engine and the text to show as the user's."""

    inp: Input
    shown: str


class WebChat:
    """The web chat as an aiohttp sub-application (`app()`), for one channel.

    `chat_id` finds the chat of a request (for another console); by default it is the random id
    in the cookie, made on the first visit. `today` is the application date of each turn.
    `frame_ancestors` are the origins that may show the page in an iframe (CSP).
    """

    def __init__(
        self,
        service: Service,
        *,
        today: Today,
        kanaal: str = KANAAL,
        chat_id: ChatIdOf | None = None,
        catalog: Catalog | None = None,
        rate_limit: RateLimit | None = None,
        frame_ancestors: tuple[str, ...] = ("'self'",),
        origins: tuple[str, ...] = (),
        poll_ms: int = POLL_MS,
    ) -> None:
        self.service = service
        self.today = today
        self.kanaal = kanaal
        self._chat_id = chat_id
        self.catalog = catalog or default_catalog()
        self.rate_limit = rate_limit or RateLimit()
        self.frame_ancestors = frame_ancestors
        self.origins = frozenset(o.rstrip("/").lower() for o in origins)
        self.poll_ms = poll_ms

    def app(self) -> web.Application:
        """The sub-application; mount it with `root.add_subapp("/chat", chat.app())`."""
        app = web.Application(middlewares=[self._headers])
        app.router.add_get("", self.page, name="pagina")
        app.router.add_post("", self.post_form, name="formulier")
        app.router.add_get("/", self.slash)
        app.router.add_post("/bericht", self.post_json, name="bericht")
        app.router.add_get("/nieuw", self.nieuw, name="nieuw")
        app.router.add_get("/webchat.js", self.asset, name="js")
        app.router.add_get("/webchat.css", self.asset, name="css")
        return app

    # --- middleware and helpers -----------------------------------------------------------------

    @web.middleware
    async def _headers(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Security headers on every answer: a strict CSP, no sniffing, no referrer."""
        response = await handler(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; "
            f"frame-ancestors {' '.join(self.frame_ancestors)}",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    def _url(self, request: web.Request, name: str) -> str:
        return str(request.app.router[name].url_for())

    async def _chat(self, request: web.Request) -> tuple[str, bool]:
        """The chat id of the request, and whether it is new (then the cookie must be set)."""
        if self._chat_id is not None:
            chat = await self._chat_id(request)
            if chat is None:
                raise web.HTTPForbidden()
            return chat, False
        chat = request.cookies.get(COOKIE, "")
        if _CHAT_ID.match(chat):
            return chat, False
        return secrets.token_urlsafe(24), True

    def _set_cookie(self, request: web.Request, response: web.StreamResponse, chat: str) -> None:
        secure = request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"
        response.set_cookie(
            COOKIE,
            chat,
            max_age=COOKIE_AGE,
            path=self._url(request, "pagina"),
            httponly=True,
            samesite="Lax",
            secure=secure,
        )

    def _check_origin(self, request: web.Request) -> None:
        """A POST must come from this page: its Origin (else its Referer) is this host."""
        origin = request.headers.get("Origin") or request.headers.get("Referer")
        if not origin or origin == "null":
            raise Refused(403, "web.andere_site")
        parts = urlsplit(origin)
        if parts.netloc.lower() == request.host.lower():
            return
        if f"{parts.scheme}://{parts.netloc}".lower() in self.origins:
            return
        raise Refused(403, "web.andere_site")

    async def _body(self, request: web.Request) -> bytes:
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise Refused(413, "web.te_lang", max=str(MAX_TEKST))
        body = await request.content.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            raise Refused(413, "web.te_lang", max=str(MAX_TEKST))
        return body

    def _sent(self, tekst: Any, keuze: Any, vraag: Any) -> Sent:
        """The Input of a message: a picked choice or typed text, answering `vraag`."""
        answers = vraag if isinstance(vraag, str) else None
        if isinstance(keuze, str) and keuze:
            if len(keuze) > MAX_TEKST:
                raise Refused(413, "web.te_lang", max=str(MAX_TEKST))
            return Sent(Input(choice=keuze, answers=answers), keuze)
        if not isinstance(tekst, str):
            raise Refused(400, "web.ongeldig")
        if len(tekst) > MAX_TEKST:
            raise Refused(413, "web.te_lang", max=str(MAX_TEKST))
        if not tekst.strip():
            raise Refused(400, "web.leeg")
        return Sent(Input(text=tekst, answers=answers), tekst)

    async def _turn(self, chat: str, sent: Sent) -> tuple[list[Message], bool]:
        """The turn's messages, and whether the chat was forgotten (vergeet) in it."""
        if not self.rate_limit.allow(f"{self.kanaal}:{chat}"):
            raise Refused(429, "web.te_snel")
        forgotten: list[bool] = []

        async def note(_tx: Transaction, _messages: list[Message], effects: list[Effect]) -> None:
            forgotten.extend(e.kind == "gesprek_vergeten" for e in effects)

        messages = await self.service.handle(
            self.kanaal, chat, sent.inp, today=self.today(), also=note
        )
        return messages, any(forgotten)

    def _after(self, chat: str, new: bool, forgotten: bool) -> tuple[str, bool]:
        """The chat id the browser keeps: a forgotten chat's id is not used again."""
        if forgotten and self._chat_id is None:
            return secrets.token_urlsafe(24), True
        return chat, new

    async def _resume(self, chat: str) -> list[Message]:
        """The current question of a stored chat; for a chat not stored yet, the welcome.

        The welcome is not stored: a visit (a crawler, a browser without cookies) leaves nothing
        in the database until a message is sent.
        """
        today = self.today()
        service = self.service
        try:
            async with service.store.transaction() as tx:
                raw, version = await tx.load_turn(self.kanaal, chat)
                if raw is None:
                    ports = await service.ports(
                        tx, self.kanaal, chat, today=today, register_version=version
                    )
                    turn = await advance(
                        DialogState(),
                        Input(kind="resume"),
                        today=today,
                        ports=ports,
                        regelboek=service.regelboek,
                        table=service.table,
                        catalog=service.catalog,
                    )
                    return turn.messages
        except Exception:
            log.warning("welcome of a new web chat failed; resumed as a turn instead")
        return await service.handle(self.kanaal, chat, Input(kind="resume"), today=today)

    # --- routes ---------------------------------------------------------------------------------

    async def slash(self, request: web.Request) -> web.StreamResponse:
        """`/chat/` is the page at `/chat`."""
        raise web.HTTPFound(self._url(request, "pagina"))

    async def page(self, request: web.Request) -> web.StreamResponse:
        """The page: the conversation's current question, taken from the stored state.

        The earlier turns of the conversation are not stored yet; a transcript of the chat would
        be rendered here, before the current question.
        """
        chat, new = await self._chat(request)
        if not self.rate_limit.allow(f"{self.kanaal}:{chat}"):
            text = self.catalog.text("web.te_snel")
            shown = _item("assistent", self.catalog, f'<p class="fout">{esc(text)}</p>')
            return self._page_response(request, chat, new, shown, "", status=429)
        messages = await self._resume(chat)
        action = self._url(request, "formulier")
        items = turn_html(messages, self.catalog, action)
        return self._page_response(request, chat, new, items, _asks(messages))

    async def post_form(self, request: web.Request) -> web.StreamResponse:
        """The form without JavaScript: the message handled, the page with the reply."""
        chat, new = await self._chat(request)
        action = self._url(request, "formulier")
        form: dict[str, str] = {}
        try:
            self._check_origin(request)
            body = await self._body(request)
            form = _form(body)
            sent = self._sent(form.get("tekst"), form.get("keuze"), form.get("vraag"))
            messages, forgotten = await self._turn(chat, sent)
        except Refused as refused:
            text = self.catalog.text(refused.message_id, **refused.params)
            shown = _item("assistent", self.catalog, f'<p class="fout">{esc(text)}</p>')
            vraag = form.get("vraag", "")
            return self._page_response(request, chat, new, shown, vraag, status=refused.status)
        shown = user_html(sent.shown, self.catalog) + turn_html(messages, self.catalog, action)
        chat, new = self._after(chat, new, forgotten)
        return self._page_response(request, chat, new, shown, _asks(messages))

    async def post_json(self, request: web.Request) -> web.StreamResponse:
        """A message from the page's script: `{"tekst"|"keuze", "vraag"}` → the reply's HTML."""
        chat, new = await self._chat(request)
        try:
            self._check_origin(request)
            body = await self._body(request)
            try:
                data = json.loads(body)
            except (ValueError, RecursionError):
                raise Refused(400, "web.ongeldig") from None
            if not isinstance(data, dict):
                raise Refused(400, "web.ongeldig")
            sent = self._sent(data.get("tekst"), data.get("keuze"), data.get("vraag"))
            messages, forgotten = await self._turn(chat, sent)
        except Refused as refused:
            text = self.catalog.text(refused.message_id, **refused.params)
            return web.json_response({"fout": text}, status=refused.status)
        action = self._url(request, "formulier")
        response = web.json_response(
            {
                "html": turn_html(messages, self.catalog, action),
                "vraag": _asks(messages),
            }
        )
        chat, new = self._after(chat, new, forgotten)
        if new:
            self._set_cookie(request, response, chat)
        return response

    async def nieuw(self, request: web.Request) -> web.StreamResponse:
        """What the outbox holds for this chat, as HTML, marked sent."""
        if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            return web.json_response({"fout": self.catalog.text("web.andere_site")}, status=403)
        chat, new = await self._chat(request)
        if new:
            return web.json_response({"html": ""})
        action = self._url(request, "formulier")
        parts: list[str] = []
        answer: dict[str, str] = {}
        async with self.service.store.transaction() as tx:
            for row in await tx.klaarstaand(self.kanaal, chat_id=chat, limiet=50):
                parts.append(outbox_html(row, self.catalog, action))
                asks = _asks_of(row)
                if asks is not None:
                    answer["vraag"] = asks
                await tx.markeer_verzonden(row.id)
        return web.json_response({"html": "".join(parts), **answer})

    async def asset(self, request: web.Request) -> web.StreamResponse:
        """The page's script and style sheet, shipped with the package."""
        name, kind = (
            ("webchat.js", "text/javascript")
            if request.path.endswith(".js")
            else ("webchat.css", "text/css")
        )
        text = resources.files("bot").joinpath("data", name).read_text(encoding="utf-8")
        response = web.Response(text=text, content_type=kind, charset="utf-8")
        response.headers["Cache-Control"] = "max-age=300"
        return response

    def _page_response(
        self,
        request: web.Request,
        chat: str,
        new: bool,
        items: str,
        vraag: str,
        *,
        status: int = 200,
    ) -> web.Response:
        response = web.Response(
            text=self._page_html(request, items, vraag),
            content_type="text/html",
            charset="utf-8",
            status=status,
        )
        if new:
            self._set_cookie(request, response, chat)
        return response

    def _page_html(self, request: web.Request, items: str, vraag: str) -> str:
        t = self.catalog.text
        formulier = self._url(request, "formulier")
        return (
            '<!doctype html><html lang="nl-BE"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(t('web.titel'))}</title>"
            f'<link rel="stylesheet" href="{esc(self._url(request, "css"))}">'
            f'<script src="{esc(self._url(request, "js"))}" defer></script></head>'
            f'<body><main class="webchat" data-bericht="{esc(self._url(request, "bericht"))}" '
            f'data-nieuw="{esc(self._url(request, "nieuw"))}" data-interval="{self.poll_ms}" '
            f'data-u="{esc(t("web.gebruiker"))}" data-bezig="{esc(t("web.bezig"))}" '
            f'data-geen-verbinding="{esc(t("web.geen_verbinding"))}">'
            f"<header><h1>{esc(t('web.titel'))}</h1><p>{esc(t('web.inleiding'))}</p></header>"
            f'<ol id="gesprek" aria-live="polite">{items}</ol>'
            '<p id="status" role="status"></p>'
            f'<form id="invoer" method="post" action="{esc(formulier)}">'
            f'<input type="hidden" name="vraag" value="{esc(vraag)}">'
            f'<label for="tekst">{esc(t("web.label_tekst"))}</label>'
            f'<textarea id="tekst" name="tekst" rows="2" maxlength="{MAX_TEKST}" '
            f'autocomplete="off" placeholder="{esc(t("web.typ_hier"))}"></textarea>'
            f'<button type="submit">{esc(t("web.verstuur"))}</button></form>'
            "</main></body></html>"
        )


def _asks(messages: list[Message]) -> str:
    """What the last message asks ("" when nothing is asked): the `answers` of the next input."""
    return (messages[-1].asks or "") if messages else ""


def _asks_of(row: Uitgaand) -> str | None:
    """What a queued `berichten` delivery asks (it becomes the open question); else None."""
    if row.soort != "berichten" or not isinstance(row.inhoud, list) or not row.inhoud:
        return None
    last = row.inhoud[-1]
    asks = last.get("asks") if isinstance(last, dict) else None
    return asks if isinstance(asks, str) else ""


def _form(body: bytes) -> dict[str, str]:
    """An url-encoded form body; a field given twice keeps its first value."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise Refused(400, "web.ongeldig") from None
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form


# --- `kmobot web` -------------------------------------------------------------------------------


def root_app(chat: WebChat) -> web.Application:
    """An application with the web chat at `/chat` (and `/` sending there)."""

    async def home(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/chat")

    root = web.Application(client_max_size=MAX_BODY)
    root.router.add_get("/", home)
    root.add_subapp("/chat", chat.app())
    return root


@dataclass
class Running:
    """A started web chat server: its runner and the port it listens on."""

    runner: web.AppRunner
    host: str
    port: int

    @property
    def url(self) -> str:
        """The page's address."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/chat"

    async def close(self) -> None:
        """Stop listening and finish the requests under way."""
        await self.runner.cleanup()


async def start(chat: WebChat, *, host: str = "127.0.0.1", port: int = 8080) -> Running:
    """Serve the web chat in the running loop (port 0: a free port).

    No access log: an address or a path is nobody's business in the log file.
    """
    runner = web.AppRunner(root_app(chat), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    server = site._server  # noqa: SLF001 - aiohttp keeps the bound socket there
    sockets = getattr(server, "sockets", None) or []
    bound = int(sockets[0].getsockname()[1]) if sockets else port
    return Running(runner=runner, host=host, port=bound)
