"""The helpdesk console: aiohttp, server-rendered pages (Jinja2, autoescaped) and a JSON API.

Every route but the login answers only with a valid session cookie; every POST but the login
carries the session's CSRF token (form field `csrf` or header `X-CSRF-Token`). The login form
is protected by a double-submit token in a short-lived cookie, the JSON login by requiring a
JSON body (which a foreign page cannot send without CORS).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2
from aiohttp import web

from bot.helpdesk import auth, gesprekken
from bot.helpdesk.acties import GROOTTES, Acties
from bot.helpdesk.teksten import tekst
from bot.helpdesk_db import Sessie
from bot.openingsuren import Openingsuren
from bot.service import Service
from bot.webchat import WebChat
from dialogs import format as fmt
from dialogs import nlu
from dialogs.fields import default_table
from dialogs.messages import default_catalog

log = logging.getLogger(__name__)

COOKIE = "kmo_helpdesk"
PRE_COOKIE = "kmo_helpdesk_login"
SESSIE: web.RequestKey[Sessie] = web.RequestKey("sessie", Sessie)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(slots=True)
class Config:
    """How the console runs: over https (Secure cookie), and which proxies are trusted."""

    https: bool = False
    proxies: frozenset[str] = field(default_factory=frozenset)


@dataclass(slots=True)
class Console:
    """The application's state: the service, its actions and the templates."""

    service: Service
    vandaag: Callable[[], date]
    config: Config
    acties: Acties
    templates: jinja2.Environment


CONSOLE: web.AppKey[Console] = web.AppKey("console", Console)


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.helpdesk", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
    env.filters["euro"] = lambda v: "—" if v is None else fmt.euro(v)
    env.filters["datum"] = lambda v: "—" if v is None else fmt.datum(v)
    env.filters["tijd"] = _tijd
    env.filters["kbo"] = lambda v: "—" if not v else nlu.toon_ondernemingsnummer(v)
    return env


def _tijd(iso: str | None) -> str:
    """An ISO time as dd/mm/jjjj uu:mm (Brussels)."""
    if not iso:
        return "—"
    t = Openingsuren.lokaal(datetime.fromisoformat(iso))
    return f"{fmt.datum(t.date())} {t.hour:02d}:{t.minute:02d}"


# --- request helpers ---------------------------------------------------------------------------


def _adres(request: web.Request, config: Config) -> str:
    """The client's address; behind a trusted proxy, the last hop of X-Forwarded-For."""
    remote = request.remote or ""
    if remote in config.proxies:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return remote


def _https(request: web.Request, config: Config) -> bool:
    if config.https or request.secure:
        return True
    return (request.remote or "") in config.proxies and (
        request.headers.get("X-Forwarded-Proto", "").lower() == "https"
    )


def _set_cookie(
    response: web.StreamResponse,
    request: web.Request,
    config: Config,
    name: str,
    value: str,
    *,
    max_age: int | None = None,
) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="Strict",
        secure=_https(request, config),
        path="/",
        max_age=max_age,
    )


def _naar(doel: str) -> web.Response:
    """A redirect (303) that can carry cookies."""
    return web.Response(status=303, headers={"Location": doel})


def _console(request: web.Request) -> Console:
    return request.app[CONSOLE]


def _sessie(request: web.Request) -> Sessie:
    return request[SESSIE]


OPEN_ROUTES = {("GET", "/login"), ("POST", "/login"), ("POST", "/api/login")}
#: Where the web chat for ondernemers is mounted (no login; see `maak_app`).
WEBCHAT = "/chat"


@web.middleware
async def beveiliging(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Login, CSRF and security headers for every route."""
    if request.path == WEBCHAT or request.path.startswith(WEBCHAT + "/"):
        return await handler(request)
    console = _console(request)
    api = request.path.startswith("/api/")
    if (request.method, request.path) not in OPEN_ROUTES:
        nu = console.service.clock()
        async with console.service.store.transaction() as tx:
            sessie = await auth.sessie(tx, request.cookies.get(COOKIE), nu)
        if sessie is None:
            if api or request.method != "GET":
                raise web.HTTPUnauthorized(
                    text='{"fout": "niet_aangemeld"}', content_type="application/json"
                )
            raise web.HTTPSeeOther("/login")
        if request.method not in ("GET", "HEAD"):
            gegeven = request.headers.get("X-CSRF-Token")
            if (
                gegeven is None
                and not api
                and request.content_type
                in (
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                )
            ):
                gegeven = str((await request.post()).get("csrf", ""))
            if not auth.csrf_klopt(sessie, gegeven):
                raise web.HTTPForbidden(text='{"fout": "csrf"}', content_type="application/json")
        request[SESSIE] = sessie
    response = await handler(request)
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def _pagina(request: web.Request, template: str, **context: Any) -> web.Response:
    console = _console(request)
    sessie = request.get(SESSIE)
    html = console.templates.get_template(template).render(
        sessie=sessie, csrf=sessie.csrf if isinstance(sessie, Sessie) else "", **context
    )
    return web.Response(text=html, content_type="text/html", charset="utf-8")


# --- login -------------------------------------------------------------------------------------


async def login_form(request: web.Request) -> web.StreamResponse:
    """The login page, with the double-submit token (kept while its cookie lasts).

    A browser fetches more than the page (a favicon, redirected here): a new token each time
    would outdate the form already shown.
    """
    token = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(24)
    response = _pagina(request, "login.html", login_token=token, melding="")
    _set_cookie(response, request, _console(request).config, PRE_COOKIE, token, max_age=3600)
    return response


def _blokkeer_melding(tot: datetime | None) -> str:
    """Until when logins wait (uu:mm, Brussels time)."""
    t = Openingsuren.lokaal(tot) if tot is not None else None
    return tekst("aanmelden.geblokkeerd", tijd=f"{t.hour:02d}:{t.minute:02d}" if t else "—")


async def login(request: web.Request) -> web.StreamResponse:
    """Check the form's name and password; a session cookie when right."""
    console = _console(request)
    form = await request.post()
    pre = request.cookies.get(PRE_COOKIE, "")
    if not pre or not secrets.compare_digest(pre, str(form.get("login_token", ""))):
        raise web.HTTPForbidden(text=tekst("aanmelden.formulier"))
    uitkomst = await _log_in(
        request, str(form.get("gebruiker", "")), str(form.get("wachtwoord", ""))
    )
    if uitkomst.uitkomst != "ok":
        melding = (
            _blokkeer_melding(uitkomst.wacht_tot)
            if uitkomst.uitkomst == "geblokkeerd"
            else tekst("aanmelden.fout")
        )
        token = secrets.token_urlsafe(24)
        response = _pagina(request, "login.html", login_token=token, melding=melding)
        response.set_status(429 if uitkomst.uitkomst == "geblokkeerd" else 401)
        _set_cookie(response, request, console.config, PRE_COOKIE, token, max_age=3600)
        return response
    response = _naar("/")
    _set_cookie(response, request, console.config, COOKIE, uitkomst.token)
    response.del_cookie(PRE_COOKIE, path="/")
    return response


async def _log_in(request: web.Request, naam: str, wachtwoord: str) -> auth.Inlog:
    console = _console(request)
    nu = console.service.clock()
    async with console.service.store.transaction() as tx:
        uitkomst = await auth.log_in(
            tx, naam, wachtwoord, adres=_adres(request, console.config), nu=nu
        )
        if uitkomst.uitkomst == "ok":
            await tx.audit(naam, "aanmelden", nu)
    if uitkomst.uitkomst != "ok":
        log.warning("helpdesk login refused (%s)", uitkomst.uitkomst)
    return uitkomst


async def api_login(request: web.Request) -> web.StreamResponse:
    """`POST /api/login {"gebruiker", "wachtwoord"}` → `{"csrf"}` and the session cookie."""
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text='{"fout": "json_nodig"}')
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text='{"fout": "geen_json"}') from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text='{"fout": "geen_json"}')
    uitkomst = await _log_in(
        request, str(body.get("gebruiker", "")), str(body.get("wachtwoord", ""))
    )
    if uitkomst.uitkomst == "geblokkeerd":
        tot = uitkomst.wacht_tot.isoformat() if uitkomst.wacht_tot else None
        return web.json_response({"fout": "geblokkeerd", "tot": tot}, status=429)
    if uitkomst.uitkomst != "ok":
        return web.json_response({"fout": "fout"}, status=401)
    response = web.json_response({"csrf": uitkomst.csrf, "rol": uitkomst.rol})
    _set_cookie(response, request, _console(request).config, COOKIE, uitkomst.token)
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    """End the session."""
    console = _console(request)
    async with console.service.store.transaction() as tx:
        await tx.beeindig_sessie(auth.token_hash(request.cookies.get(COOKIE, "")))
    response = _naar("/login")
    response.del_cookie(COOKIE, path="/")
    return response


# --- the queue and a conversation --------------------------------------------------------------


def _filter(request: web.Request) -> gesprekken.Filter:
    waarde = request.query.get("filter", "alle")
    for f in gesprekken.FILTERS:
        if f == waarde:
            return f
    raise web.HTTPBadRequest(text='{"fout": "filter"}', content_type="application/json")


async def _overzicht(request: web.Request) -> list[gesprekken.Gesprek]:
    console = _console(request)
    async with console.service.store.transaction(alleen_lezen=True) as tx:
        return await gesprekken.overzicht(
            tx, console.service.clock(), _filter(request), request.query.get("zoek", "")
        )


async def wachtrij(request: web.Request) -> web.StreamResponse:
    """The queue page."""
    lijst = await _overzicht(request)
    return _pagina(
        request,
        "wachtrij.html",
        gesprekken=lijst,
        filter=_filter(request),
        zoek=request.query.get("zoek", ""),
        redenen=REDEN_TEKST,
    )


REDEN_TEKST = {reden: tekst(f"reden.{reden}") for reden in gesprekken.REDENEN}


async def api_gesprekken(request: web.Request) -> web.StreamResponse:
    """`GET /api/gesprekken?filter=…&zoek=…`."""
    return web.json_response([g.as_json() for g in await _overzicht(request)])


async def _detail(request: web.Request) -> dict[str, Any]:
    console = _console(request)
    kanaal = request.match_info["kanaal"]
    chat_id = request.match_info["chat_id"]
    vandaag = console.vandaag()
    async with console.service.store.transaction(alleen_lezen=True) as tx:
        raw = await tx.load_state(kanaal, chat_id)
        regels = await tx.transcript(kanaal, chat_id)
        if raw is None and not regels:
            raise web.HTTPNotFound(
                text='{"fout": "onbekend_gesprek"}', content_type="application/json"
            )
        state = gesprekken.load_state(raw)
        overname = await tx.overname(kanaal, chat_id)
        kbo = gesprekken.onderneming(state)
        plafond = (
            await gesprekken.plafond(tx, console.service.regelboek, kbo, vandaag) if kbo else None
        )
        projecten = await gesprekken.projecten_van_chat(tx, kanaal, chat_id)
        audit = await tx.auditregels(kanaal=kanaal, chat_id=chat_id, limiet=50)
        gevraagd = (kanaal, chat_id) in await tx.mens_gevraagd_lijst()
    catalog = default_catalog()
    table = default_table()
    velden = []
    for row in table.fields:
        if (waarde := state.aanvraag.raw(row.id)) is not None:
            label = catalog.text(f"veld.{row.id}") if catalog.has(f"veld.{row.id}") else row.id
            velden.append((row.id, label, waarde))
    return {
        "kanaal": kanaal,
        "chat_id": chat_id,
        "state": state,
        "stap": gesprekken.stap(state),
        "regels": regels,
        "overgenomen_door": overname[0] if overname else None,
        "onderneming": kbo,
        "plafond": plafond,
        "projecten": projecten,
        "audit": audit,
        "velden": velden,
        "veld_ids": [r.id for r in table.fields],
        "weigeringen": [r for r in regels if gesprekken._weigering(r)],  # noqa: SLF001
        # The calculation as the user last saw it (the engine shows it after the kost).
        "berekening": next(
            (r.tekst for r in reversed(regels) if r.bericht_id == "berekening.kop"), None
        ),
        "reden": None if overname else gesprekken.reden(regels, gevraagd),
    }


async def gesprek(request: web.Request) -> web.StreamResponse:
    """A conversation's page."""
    data = await _detail(request)
    return _pagina(
        request,
        "gesprek.html",
        redenen=REDEN_TEKST,
        groottes=GROOTTES,
        melding=request.query.get("melding", ""),
        **data,
    )


async def api_gesprek(request: web.Request) -> web.StreamResponse:
    """`GET /api/gesprekken/{kanaal}/{chat_id}`."""
    data = await _detail(request)
    return web.json_response(
        {
            "kanaal": data["kanaal"],
            "chat_id": data["chat_id"],
            "transcript": [
                {
                    "van": r.van,
                    "tekst": r.tekst,
                    "tijd": r.tijd,
                    "stap": r.stap,
                    "probleem": r.probleem,
                    "medewerker": r.medewerker,
                }
                for r in data["regels"]
            ],
            "stap": data["stap"],
            "aanvraag": dict(data["state"].aanvraag.values),
            "overgenomen_door": data["overgenomen_door"],
            "berekening": data["berekening"],
            "wacht_op_mens": data["reden"] is not None,
            "reden": data["reden"],
        }
    )


def _chat(request: web.Request) -> tuple[str, str]:
    return request.match_info["kanaal"], request.match_info["chat_id"]


async def _bekend(request: web.Request) -> tuple[str, str]:
    """The chat of an action's route; 404 for a chat the database does not know."""
    kanaal, chat_id = _chat(request)
    async with _console(request).service.store.transaction(alleen_lezen=True) as tx:
        if await tx.load_state(kanaal, chat_id) is None:
            raise web.HTTPNotFound(
                text='{"fout": "onbekend_gesprek"}', content_type="application/json"
            )
    return kanaal, chat_id


async def _body(request: web.Request) -> dict[str, str]:
    """A form's or a JSON body's fields, as text."""
    if request.content_type == "application/json":
        try:
            data = await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text='{"fout": "geen_json"}') from None
        if not isinstance(data, dict):
            raise web.HTTPBadRequest(text='{"fout": "geen_json"}')
        return {str(k): str(v) for k, v in data.items()}
    form = await request.post()
    return {k: str(v) for k, v in form.items()}


def _terug(request: web.Request, melding: str = "") -> web.StreamResponse:
    kanaal, chat_id = _chat(request)
    if request.path.startswith("/api/"):
        return web.json_response({"ok": True, "melding": melding})
    doel = f"/gesprek/{quote(kanaal, safe='')}/{quote(chat_id, safe='')}"
    if melding:
        doel += f"?melding={quote(melding)}"
    raise web.HTTPSeeOther(doel)


async def actie_overnemen(request: web.Request) -> web.StreamResponse:
    """Take the chat over."""
    kanaal, chat_id = await _bekend(request)
    await _console(request).acties.overnemen(_sessie(request).naam, kanaal, chat_id)
    return _terug(request)


async def actie_bericht(request: web.Request) -> web.StreamResponse:
    """Send the agent's reply."""
    kanaal, chat_id = await _bekend(request)
    tekst = (await _body(request)).get("tekst", "").strip()
    if not tekst:
        raise web.HTTPBadRequest(text='{"fout": "tekst_leeg"}', content_type="application/json")
    await _console(request).acties.bericht(_sessie(request).naam, kanaal, chat_id, tekst[:4000])
    return _terug(request)


async def actie_teruggeven(request: web.Request) -> web.StreamResponse:
    """Hand the chat back to the bot."""
    kanaal, chat_id = await _bekend(request)
    await _console(request).acties.teruggeven(_sessie(request).naam, kanaal, chat_id)
    return _terug(request)


async def actie_veld(request: web.Request) -> web.StreamResponse:
    """Fill or correct a field for the user, through the engine."""
    kanaal, chat_id = await _bekend(request)
    body = await _body(request)
    veld = body.get("veld", "")
    if veld not in {r.id for r in default_table().fields}:
        raise web.HTTPBadRequest(text='{"fout": "veld"}', content_type="application/json")
    messages = await _console(request).acties.veld(
        _sessie(request).naam, kanaal, chat_id, veld, body.get("waarde", "")
    )
    return _terug(request, messages[-1].text if messages else "")


async def actie_stortingsgegevens(request: web.Request) -> web.StreamResponse:
    """Send the stortingsgegevens with the QR code again."""
    kanaal, chat_id = await _bekend(request)
    nummer = (await _body(request)).get("projectnummer", "")
    ok = await _console(request).acties.stortingsgegevens(
        _sessie(request).naam, kanaal, chat_id, nummer
    )
    return _terug(request, tekst("actie.stortingsgegevens" if ok else "onbekend.project"))


async def actie_gestort(request: web.Request) -> web.StreamResponse:
    """Mark a project gestort."""
    kanaal, chat_id = await _bekend(request)
    nummer = (await _body(request)).get("projectnummer", "")
    messages = await _console(request).acties.gestort(
        _sessie(request).naam, kanaal, chat_id, nummer
    )
    return _terug(request, messages[0].text if messages else "")


async def actie_stopzetten(request: web.Request) -> web.StreamResponse:
    """Stop a project, with a reason."""
    kanaal, chat_id = await _bekend(request)
    body = await _body(request)
    messages = await _console(request).acties.stopzetten(
        _sessie(request).naam,
        kanaal,
        chat_id,
        body.get("projectnummer", ""),
        body.get("reden", ""),
    )
    return _terug(request, messages[0].text if messages else "")


async def actie_recht(request: web.Request) -> web.StreamResponse:
    """Grant this chat a right on a company."""
    kanaal, chat_id = await _bekend(request)
    body = await _body(request)
    kbo = _kbo(body.get("onderneming", ""))
    await _console(request).acties.recht(
        _sessie(request).naam, kanaal, chat_id, kbo, beheerder=body.get("rol") == "beheerder"
    )
    return _terug(request, tekst("actie.recht", onderneming=nlu.toon_ondernemingsnummer(kbo)))


def _kbo(tekst: str) -> str:
    parsed = nlu.ondernemingsnummer(tekst)
    if not isinstance(parsed, nlu.Ok):
        raise web.HTTPBadRequest(
            text='{"fout": "ondernemingsnummer"}', content_type="application/json"
        )
    return str(parsed.value)


# --- company, project, audit -------------------------------------------------------------------


async def onderneming_pagina(request: web.Request) -> web.StreamResponse:
    """A company: projects with status and history, the cap per year, the chats with rights."""
    console = _console(request)
    kbo = _kbo(request.match_info["kbo"])
    async with console.service.store.transaction(alleen_lezen=True) as tx:
        projecten = await tx.projecten_van(kbo)
        rechten = await tx.rechten(kbo)
        jaren = sorted({p.aanvraagdatum.year for p in projecten} | {console.vandaag().year})
        plafonds = [
            await gesprekken.plafond(
                tx,
                console.service.regelboek,
                kbo,
                date(jaar, 12, 31) if jaar != console.vandaag().year else console.vandaag(),
            )
            for jaar in jaren
        ]
    return _pagina(
        request,
        "onderneming.html",
        kbo=kbo,
        projecten=projecten,
        rechten=rechten,
        plafonds=plafonds,
        groottes=GROOTTES,
        code=None,
        melding=request.query.get("melding", ""),
    )


async def onderneming_code(request: web.Request) -> web.StreamResponse:
    """A new access code for the company, shown once."""
    console = _console(request)
    kbo = _kbo(request.match_info["kbo"])
    code = await console.acties.toegangscode(_sessie(request).naam, kbo)
    if request.path.startswith("/api/"):
        return web.json_response({"code": code.code, "geldig_tot": code.geldig_tot.isoformat()})
    async with console.service.store.transaction() as tx:
        projecten = await tx.projecten_van(kbo)
        rechten = await tx.rechten(kbo)
    return _pagina(
        request,
        "onderneming.html",
        kbo=kbo,
        projecten=projecten,
        rechten=rechten,
        plafonds=[],
        groottes=GROOTTES,
        code=code,
        melding="",
    )


async def onderneming_grootte(request: web.Request) -> web.StreamResponse:
    """Correct a locked size, with a reason."""
    console = _console(request)
    kbo = _kbo(request.match_info["kbo"])
    body = await _body(request)
    reden = body.get("reden", "").strip()
    grootte = body.get("grootte", "")
    try:
        jaar = int(body.get("jaar", ""))
    except ValueError:
        raise web.HTTPBadRequest(
            text='{"fout": "jaar"}', content_type="application/json"
        ) from None
    if not reden or grootte not in GROOTTES:
        raise web.HTTPBadRequest(
            text='{"fout": "reden_of_grootte"}', content_type="application/json"
        )
    await console.acties.grootte(_sessie(request).naam, kbo, jaar, grootte, reden[:500])
    raise web.HTTPSeeOther(f"/onderneming/{kbo}?melding={quote(tekst('actie.grootte'))}")


async def project_pagina(request: web.Request) -> web.StreamResponse:
    """A project's fiche with the participants."""
    console = _console(request)
    nummer = request.match_info["nummer"]
    async with console.service.store.transaction(alleen_lezen=True) as tx:
        row = await tx.project_op_nummer(nummer)
    if row is None:
        raise web.HTTPNotFound(text=tekst("onbekend.project"))
    project, kanaal, chat_id = row
    return _pagina(request, "project.html", project=project, kanaal=kanaal, chat_id=chat_id)


async def audit_pagina(request: web.Request) -> web.StreamResponse:
    """The audit log (beheerders only)."""
    if _sessie(request).rol != "beheerder":
        raise web.HTTPForbidden(text=tekst("audit_alleen_beheerder"))
    console = _console(request)
    async with console.service.store.transaction(alleen_lezen=True) as tx:
        regels = await tx.auditregels()
    return _pagina(request, "audit.html", regels=regels)


async def static_js(request: web.Request) -> web.StreamResponse:
    """The console's own script and style sheet."""
    naam = request.match_info["naam"]
    if naam not in ("console.js", "console.css"):
        raise web.HTTPNotFound()
    tekst = resources.files("bot.helpdesk").joinpath("static", naam).read_text(encoding="utf-8")
    soort = "application/javascript" if naam.endswith(".js") else "text/css"
    return web.Response(text=tekst, content_type=soort, charset="utf-8")


def maak_app(
    service: Service,
    *,
    vandaag: Callable[[], date],
    config: Config | None = None,
    webchat: WebChat | None = None,
) -> web.Application:
    """The console's application on one service; with `webchat`, the web chat at `/chat`.

    The web chat needs no login (it is the ondernemers' page, with its own protection: the
    origin check, limits and its own headers); everything else does.
    """
    app = web.Application(middlewares=[beveiliging], client_max_size=64 * 1024)
    app[CONSOLE] = Console(
        service=service,
        vandaag=vandaag,
        config=config or Config(),
        acties=Acties(service, vandaag),
        templates=_templates(),
    )
    r = app.router
    r.add_get("/login", login_form)
    r.add_post("/login", login)
    r.add_post("/logout", logout)
    r.add_post("/api/login", api_login)
    r.add_get("/", wachtrij)
    r.add_get("/api/gesprekken", api_gesprekken)
    chat = "{kanaal}/{chat_id}"
    r.add_get(f"/api/gesprekken/{chat}", api_gesprek)
    r.add_get(f"/gesprek/{chat}", gesprek)
    acties: dict[str, Handler] = {
        "overnemen": actie_overnemen,
        "bericht": actie_bericht,
        "teruggeven": actie_teruggeven,
        "veld": actie_veld,
        "stortingsgegevens": actie_stortingsgegevens,
        "gestort": actie_gestort,
        "stopzetten": actie_stopzetten,
        "recht": actie_recht,
    }
    for naam, handler in acties.items():
        r.add_post(f"/gesprek/{chat}/{naam}", handler)
        r.add_post(f"/api/gesprekken/{chat}/{naam}", handler)
    r.add_get("/onderneming/{kbo}", onderneming_pagina)
    r.add_post("/onderneming/{kbo}/toegangscode", onderneming_code)
    r.add_post("/onderneming/{kbo}/grootte", onderneming_grootte)
    r.add_get("/project/{nummer}", project_pagina)
    r.add_get("/audit", audit_pagina)
    r.add_get("/static/{naam}", static_js)
    from bot.helpdesk import begeleid  # its handlers use this module's helpers

    begeleid.voeg_toe(r)
    if webchat is not None:
        app.add_subapp(WEBCHAT, webchat.app())
    return app
