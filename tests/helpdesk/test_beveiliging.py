"""The security points of the console: argon2, cookie flags, CSRF, the lock-out after failed
logins, every route behind a login, escaping of what users typed, the audit log."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.helpdesk.web import Config, maak_app
from bot.service import Service
from bot.store import Store
from bot.webchat import WebChat
from tests.helpdesk.conftest import TODAY, WACHTWOORD, Console, Klok, beurt, maak_medewerker


async def test_passwords_are_stored_as_argon2_hashes(store: Store) -> None:
    await maak_medewerker(store, "els")
    async with store.transaction() as tx:
        opgeslagen = await tx.medewerker_hash("els")
    assert opgeslagen is not None
    assert opgeslagen[0].startswith("$argon2id$") and WACHTWOORD not in opgeslagen[0]


async def test_the_session_cookie_is_httponly_and_samesite_strict(
    console: Console, store: Store
) -> None:
    await maak_medewerker(store, "els")
    r = await console.client.post(
        "/api/login", json={"gebruiker": "els", "wachtwoord": WACHTWOORD}
    )
    assert r.status == 200
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie


async def test_the_cookie_is_secure_behind_a_trusted_https_proxy(
    service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    app = maak_app(service, vandaag=lambda: TODAY, config=Config(proxies=frozenset({"127.0.0.1"})))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        r = await client.post(
            "/api/login",
            json={"gebruiker": "els", "wachtwoord": WACHTWOORD},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert "Secure" in r.headers["Set-Cookie"]
    app = maak_app(service, vandaag=lambda: TODAY, config=Config(https=True))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        r = await client.post("/api/login", json={"gebruiker": "els", "wachtwoord": WACHTWOORD})
        assert "Secure" in r.headers["Set-Cookie"]


async def test_a_post_without_the_csrf_token_is_refused(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    await beurt(service, "telegram", "1", "nieuw")
    assert await console.login("els") == 200
    r = await console.client.post("/api/gesprekken/telegram/1/overnemen")
    assert r.status == 403
    r = await console.client.post(
        "/api/gesprekken/telegram/1/overnemen", headers={"X-CSRF-Token": "fout"}
    )
    assert r.status == 403
    r = await console.client.post("/gesprek/telegram/1/overnemen", data={"csrf": "fout"})
    assert r.status == 403
    async with store.transaction() as tx:
        assert await tx.overname("telegram", "1") is None
    r = await console.post("/api/gesprekken/telegram/1/overnemen")
    assert r.status == 200
    r = await console.client.post(
        "/gesprek/telegram/1/teruggeven", data={"csrf": console.csrf}, allow_redirects=False
    )
    assert r.status == 303


async def test_the_login_form_needs_its_own_token(console: Console, store: Store) -> None:
    await maak_medewerker(store, "els")
    r = await console.client.post(
        "/login", data={"gebruiker": "els", "wachtwoord": WACHTWOORD}, allow_redirects=False
    )
    assert r.status == 403
    pagina = await (await console.client.get("/login")).text()
    token = re.search(r'name="login_token" value="([^"]+)"', pagina)
    assert token is not None
    r = await console.client.post(
        "/login",
        data={"gebruiker": "els", "wachtwoord": WACHTWOORD, "login_token": token[1]},
        allow_redirects=False,
    )
    assert r.status == 303 and r.headers["Location"] == "/"
    assert "wachtrij" in await (await console.client.get("/")).text()


async def test_five_failed_logins_for_a_name_wait_fifteen_minutes(
    console: Console, store: Store, klok: Klok
) -> None:
    await maak_medewerker(store, "els")
    for _ in range(4):
        assert await console.login("els", "fout wachtwoord") == 401
    assert await console.login("els", "fout wachtwoord") == 429
    assert await console.login("els") == 429  # even the right password waits
    klok.verder(minutes=14)
    assert await console.login("els") == 429
    klok.verder(minutes=1, seconds=1)
    assert await console.login("els") == 200


async def test_five_failed_logins_from_an_address_wait_too(
    console: Console, store: Store, klok: Klok
) -> None:
    await maak_medewerker(store, "els")
    for naam in ("a", "b", "c", "d"):
        assert await console.login(naam, "fout") == 401
    assert await console.login("e", "fout") == 429
    assert await console.login("els") == 429  # another name, the same address
    klok.verder(minutes=16)
    assert await console.login("els") == 200


async def test_a_session_ends_after_eight_hours_without_use(
    console: Console, store: Store, klok: Klok
) -> None:
    await maak_medewerker(store, "els")
    assert await console.login("els") == 200
    klok.verder(hours=7, minutes=59)
    assert (await console.client.get("/api/gesprekken")).status == 200
    klok.verder(hours=7, minutes=59)  # used in between: still valid
    assert (await console.client.get("/api/gesprekken")).status == 200
    klok.verder(hours=8, seconds=1)
    assert (await console.client.get("/api/gesprekken")).status == 401


async def test_logging_out_ends_the_session(console: Console, store: Store) -> None:
    await maak_medewerker(store, "els")
    assert await console.login("els") == 200
    r = await console.client.post("/logout", data={"csrf": console.csrf}, allow_redirects=False)
    assert r.status == 303 and r.headers["Location"] == "/login"
    assert (await console.client.get("/api/gesprekken")).status == 401


async def test_a_disabled_account_cannot_log_in_and_its_sessions_end(
    console: Console, store: Store
) -> None:
    await maak_medewerker(store, "els")
    assert await console.login("els") == 200
    assert (await console.client.get("/api/gesprekken")).status == 200
    async with store.transaction() as tx:
        assert await tx.schakel_medewerker_uit("els")
    assert (await console.client.get("/api/gesprekken")).status == 401
    assert await console.login("els") == 401


def _pad(resource: Any) -> str:
    info = resource.get_info()
    if "path" in info:
        return str(info["path"])
    return str(info["formatter"]).format(
        kanaal="telegram", chat_id="1", kbo="0403170701", nummer="2026-000001", naam="console.js"
    )


async def test_no_route_answers_without_a_login(console: Console, service: Service) -> None:
    await beurt(service, "telegram", "1", "nieuw")
    app: web.Application = console.client.app  # type: ignore[assignment]
    open_routes = {("GET", "/login"), ("POST", "/login"), ("POST", "/api/login")}
    gezien = 0
    for route in app.router.routes():
        if route.method == "HEAD":
            continue
        pad = _pad(route.resource)
        if (route.method, pad) in open_routes:
            continue
        gezien += 1
        r = await console.client.request(route.method, pad, allow_redirects=False)
        if route.method == "GET" and not pad.startswith("/api/"):
            assert r.status == 303 and r.headers["Location"] == "/login", pad
        else:
            assert r.status == 401, (route.method, pad)
    assert gezien >= 25


async def test_what_a_user_typed_is_escaped_in_the_console(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    aanval = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    await beurt(service, "telegram", "666", "nieuw")
    await beurt(service, "telegram", "666", aanval)
    assert await console.login("els") == 200
    for pad in ("/", "/gesprek/telegram/666"):
        html = await (await console.client.get(pad)).text()
        assert "<script>alert" not in html and "<img src=x" not in html
    html = await (await console.client.get("/gesprek/telegram/666")).text()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    r = await console.client.get("/gesprek/telegram/666")
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]


async def test_the_audit_log_is_for_a_beheerder(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    await maak_medewerker(store, "bert", rol="beheerder")
    await beurt(service, "telegram", "1", "nieuw")
    assert await console.login("els") == 200
    assert (await console.post("/api/gesprekken/telegram/1/overnemen")).status == 200
    assert (await console.post("/api/gesprekken/telegram/1/bericht", tekst="Dag!")).status == 200
    assert (await console.client.get("/audit")).status == 403
    assert await console.login("bert") == 200
    html = await (await console.client.get("/audit")).text()
    assert "els" in html and "overnemen" in html and "bericht" in html
    assert "telegram 1" in html
    assert "Dag!" not in html  # what was written is in the transcript, not in the audit log


async def test_the_web_chat_next_to_the_console_needs_no_login_and_keeps_its_own_headers(
    service: Service,
) -> None:
    app = maak_app(service, vandaag=lambda: TODAY, webchat=WebChat(service, today=lambda: TODAY))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        r = await client.get("/chat", allow_redirects=False)
        assert r.status == 200
        assert "frame-ancestors 'none'" not in r.headers["Content-Security-Policy"]
        origin = f"http://127.0.0.1:{client.port}"
        r = await client.post("/chat/bericht", json={"tekst": "nieuw"}, headers={"Origin": origin})
        assert r.status == 200
        r = await client.get("/", allow_redirects=False)
        assert r.status == 303 and r.headers["Location"] == "/login"
        assert (await client.get("/api/gesprekken")).status == 401
    async with service.store.transaction() as tx:
        assert await tx.load_state("web", next(iter(client.session.cookie_jar)).value)
