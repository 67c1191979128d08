"""The web chat's routes through aiohttp's test client: the cookie, the Origin check, the size
and rate limits, escaping, the outbox poll, another channel, and `kmobot web` itself."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
from collections.abc import AsyncIterator
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.service import Service
from bot.store import Store
from bot.webchat import COOKIE, MAX_TEKST, RateLimit, WebChat, root_app

TODAY = date(2026, 3, 10)
ORIGIN_HEADER = "Origin"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "kmo.db")
    try:
        yield s
    finally:
        await s.close()


async def _client(chat: WebChat) -> TestClient[web.Request, web.Application]:
    client: TestClient[web.Request, web.Application] = TestClient(TestServer(root_app(chat)))
    await client.start_server()
    return client


@pytest.fixture
async def client(store: Store) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    c = await _client(WebChat(Service(store), today=lambda: TODAY))
    try:
        yield c
    finally:
        await c.close()


def _origin(client: TestClient[web.Request, web.Application]) -> dict[str, str]:
    return {ORIGIN_HEADER: str(client.make_url("")).rstrip("/")}


def _set_cookie(response_headers: object) -> SimpleCookie:
    cookie: SimpleCookie = SimpleCookie()
    for header in response_headers.getall("Set-Cookie", []):  # type: ignore[attr-defined]
        cookie.load(header)
    return cookie


async def _post(
    client: TestClient[web.Request, web.Application], body: dict[str, str]
) -> tuple[int, dict[str, str]]:
    response = await client.post("/chat/bericht", json=body, headers=_origin(client))
    return response.status, await response.json()


async def test_the_page_sets_a_random_http_only_lax_cookie_and_strict_headers(
    client: TestClient[web.Request, web.Application],
) -> None:
    response = await client.get("/chat")
    assert response.status == 200
    page = await response.text()
    assert "Welkom" in page and 'lang="nl-BE"' in page
    morsel = _set_cookie(response.headers)[COOKIE]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", morsel.value)
    assert morsel["httponly"] is True and morsel["samesite"] == "Lax"
    assert morsel["path"] == "/chat" and not morsel["secure"]
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # The script and style sheet the page names are served with their types; /chat/ is /chat.
    script = await client.get("/chat/webchat.js")
    assert script.content_type == "text/javascript" and "fetch(" in await script.text()
    assert (await client.get("/chat/webchat.css")).content_type == "text/css"
    slash = await client.get("/chat/", allow_redirects=False)
    assert slash.status == 302 and slash.headers["Location"] == "/chat"
    # A second visit keeps the chat: no new cookie.
    again = await client.get("/chat")
    assert COOKIE not in _set_cookie(again.headers)
    # Each new browser gets its own id.
    client.session.cookie_jar.clear()
    other = await client.get("/chat")
    assert _set_cookie(other.headers)[COOKIE].value != morsel.value


async def test_a_visit_stores_nothing_until_a_message_is_sent(
    client: TestClient[web.Request, web.Application], store: Store
) -> None:
    for _ in range(3):
        page = await (await client.get("/chat")).text()
        assert "Welkom" in page and 'value="nieuw"' in page
    chat = client.session.cookie_jar.filter_cookies(client.make_url("/chat"))[COOKIE].value
    async with store.transaction() as tx:
        assert (await tx.load_turn("web", chat))[0] is None
    status, reply = await _post(client, {"keuze": "nieuw", "vraag": ""})
    assert status == 200 and "ondernemingsnummer" in reply["html"]
    async with store.transaction() as tx:
        assert (await tx.load_turn("web", chat))[0] is not None
    page = await (await client.get("/chat")).text()
    assert "ondernemingsnummer" in page and 'name="vraag" value="onderneming"' in page


async def test_a_forgotten_chat_gets_a_new_id(
    client: TestClient[web.Request, web.Application], store: Store
) -> None:
    await _post(client, {"tekst": "nieuw"})
    await _post(client, {"tekst": "0403.170.701", "vraag": "onderneming"})
    jar = client.session.cookie_jar
    old = jar.filter_cookies(client.make_url("/chat"))[COOKIE].value
    status, reply = await _post(client, {"tekst": "vergeet"})
    assert status == 200 and "Ja, wis alles" in reply["html"]
    response = await client.post(
        "/chat/bericht", json={"keuze": "ja", "vraag": reply["vraag"]},
        headers=_origin(client),
    )  # fmt: skip
    assert response.status == 200
    new = _set_cookie(response.headers)[COOKIE].value
    assert new != old and re.fullmatch(r"[A-Za-z0-9_-]{32}", new)
    async with store.transaction() as tx:
        raw, _ = await tx.load_turn("web", old)
    # What is left under the old id is an empty conversation (the engine's fresh state).
    assert raw is not None and "0403" not in raw and '"mode":"idle"' in raw


async def test_nothing_typed_and_no_chat_id_in_the_log(
    client: TestClient[web.Request, web.Application], caplog: pytest.LogCaptureFixture
) -> None:
    # The application logs at WARNING (aiosqlite's DEBUG lines quote every query's parameters).
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    await _post(client, {"tekst": "nieuw"})
    await _post(client, {"tekst": "0403.170.701", "vraag": "onderneming"})
    await _post(client, {"tekst": "Jan Peeters " * 200, "vraag": "grootte"})
    await _post(client, {"tekst": "Jan Peeters", "vraag": "verouderd"})
    await client.post("/chat/bericht", data="{kapot Peeters", headers=_origin(client))
    chat = client.session.cookie_jar.filter_cookies(client.make_url("/chat"))[COOKIE].value
    for secret in ("Peeters", "0403", "403.170", chat):
        assert secret not in caplog.text, secret


async def test_the_cookie_is_secure_behind_https(
    client: TestClient[web.Request, web.Application],
) -> None:
    response = await client.get("/chat", headers={"X-Forwarded-Proto": "https"})
    assert _set_cookie(response.headers)[COOKIE]["secure"] is True


async def test_a_post_from_another_site_or_without_origin_is_refused(
    client: TestClient[web.Request, web.Application], store: Store
) -> None:
    await client.get("/chat")
    chat = client.session.cookie_jar.filter_cookies(client.make_url("/chat"))[COOKIE].value
    for headers in ({}, {"Origin": "https://kwaadaardig.example"}, {"Origin": "null"}):
        response = await client.post("/chat/bericht", json={"tekst": "nieuw"}, headers=headers)
        assert response.status == 403, headers
        assert "niet van deze pagina" in (await response.json())["fout"]
        form = await client.post("/chat", data={"tekst": "nieuw"}, headers=headers)
        assert form.status == 403 and "niet van deze pagina" in await form.text()
    async with store.transaction() as tx:
        raw, _ = await tx.load_turn("web", chat)
    assert raw is None  # nothing was handled
    # The same origin, or a Referer of this page when a browser sends no Origin, is taken.
    status, reply = await _post(client, {"tekst": "nieuw"})
    assert status == 200 and "ondernemingsnummer" in reply["html"]
    referer = {"Referer": str(client.make_url("/chat"))}
    response = await client.post("/chat/bericht", json={"tekst": "stop"}, headers=referer)
    assert response.status == 200


async def test_too_long_a_message_or_body_is_refused(
    client: TestClient[web.Request, web.Application],
) -> None:
    status, reply = await _post(client, {"tekst": "a" * (MAX_TEKST + 1)})
    assert status == 413 and f"hoogstens {MAX_TEKST} tekens" in reply["fout"]
    status, _ = await _post(client, {"tekst": "a" * MAX_TEKST})
    assert status == 200
    big = json.dumps({"tekst": "a", "x": "b" * 20_000})
    response = await client.post(
        "/chat/bericht",
        data=big,
        headers={**_origin(client), "Content-Type": "application/json"},
    )
    assert response.status == 413
    status, reply = await _post(client, {"tekst": "   "})
    assert status == 400 and "Typ een bericht" in reply["fout"]
    response = await client.post("/chat/bericht", data="[1", headers=_origin(client))
    assert response.status == 400


async def test_one_chat_may_send_only_so_many_messages_at_once(store: Store) -> None:
    now = [0.0]
    limit = RateLimit(burst=3, per_second=0.5, clock=lambda: now[0])
    client = await _client(WebChat(Service(store), today=lambda: TODAY, rate_limit=limit))
    try:
        statuses = [(await _post(client, {"tekst": "hulp"}))[0] for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        status, reply = await _post(client, {"tekst": "hulp"})
        assert status == 429 and "Wacht even" in reply["fout"]
        # A reload runs a turn too (the current question): it counts.
        page = await client.get("/chat")
        assert page.status == 429 and "Wacht even" in await page.text()
        # Another chat is not held up by this one.
        client.session.cookie_jar.clear()
        assert (await _post(client, {"tekst": "hulp"}))[0] == 200
        now[0] += 2.0  # one token back
        assert (await _post(client, {"tekst": "hulp"}))[0] == 200
    finally:
        await client.close()


async def test_without_javascript_the_form_posts_and_what_was_typed_is_escaped(
    client: TestClient[web.Request, web.Application],
) -> None:
    page = await (await client.get("/chat")).text()
    assert 'name="keuze" value="nieuw"' in page
    response = await client.post(
        "/chat", data={"keuze": "nieuw", "vraag": ""}, headers=_origin(client)
    )
    page = await response.text()
    assert response.status == 200 and "ondernemingsnummer" in page
    assert 'name="vraag" value="onderneming"' in page
    response = await client.post(
        "/chat",
        data={"tekst": "<script>alert(1)</script> & co", "vraag": "onderneming"},
        headers=_origin(client),
    )
    page = await response.text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<script>alert" not in page


async def test_the_outbox_of_the_chat_is_polled_once_and_marked_sent(
    client: TestClient[web.Request, web.Application], tmp_path: Path
) -> None:
    await client.get("/chat")
    chat = client.session.cookie_jar.filter_cookies(client.make_url("/chat"))[COOKIE].value
    other = await Store.open(tmp_path / "kmo.db")  # another process: the helpdesk console
    try:
        async with other.transaction() as tx:
            await tx.zet_klaar("web", chat, "medewerker", {"tekst": "Ik help u <b>verder</b>."})
            await tx.zet_klaar("web", "iemand-anders", "medewerker", {"tekst": "Niet voor u"})
            await tx.zet_klaar("telegram", chat, "medewerker", {"tekst": "Ook niet"})
    finally:
        await other.close()
    first = await (await client.get("/chat/nieuw")).json()
    assert "Ik help u &lt;b&gt;verder&lt;/b&gt;." in first["html"]
    assert "medewerker" in first["html"] and "Niet voor u" not in first["html"]
    assert "Ook niet" not in first["html"]
    assert (await (await client.get("/chat/nieuw")).json())["html"] == ""
    # A cross-site request cannot take the chat's deliveries.
    response = await client.get("/chat/nieuw", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status == 403


async def test_another_channel_with_its_own_chat_id(store: Store) -> None:
    async def guided(request: web.Request) -> str | None:
        return request.headers.get("X-Gids")

    chat = WebChat(Service(store), today=lambda: TODAY, kanaal="helpdesk", chat_id=guided)
    client = await _client(chat)
    try:
        assert (await client.get("/chat")).status == 403
        response = await client.get("/chat", headers={"X-Gids": "gids-1"})
        assert response.status == 200 and COOKIE not in _set_cookie(response.headers)
        headers = {**_origin(client), "X-Gids": "gids-1"}
        response = await client.post("/chat/bericht", json={"tekst": "nieuw"}, headers=headers)
        assert "ondernemingsnummer" in (await response.json())["html"]
    finally:
        await client.close()
    async with store.transaction() as tx:
        raw, _ = await tx.load_turn("helpdesk", "gids-1")
        assert raw is not None and '"onderneming"' in raw
        nothing, _ = await tx.load_turn("web", "gids-1")
        assert nothing is None


async def test_kmobot_web_serves_the_chat_and_stops_on_sigterm(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "web", "--db", str(tmp_path / "kmo.db"), "--port", "0",
        "--today", "2026-03-10",
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"},
    )  # fmt: skip
    assert proc.stderr is not None
    try:
        line = (await asyncio.wait_for(proc.stderr.readline(), 60)).decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/chat", line)
        assert match, line
        from aiohttp import ClientSession

        async with ClientSession() as session:
            async with session.get(match.group(0)) as response:
                assert response.status == 200 and "Welkom" in await response.text()
            async with session.get(match.group(0).removesuffix("/chat") + "/") as response:
                assert str(response.url).endswith("/chat")
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    # A taken port is said in Dutch, with exit code 2.
    blocker = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = blocker.sockets[0].getsockname()[1]
    taken = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "web", "--db", str(tmp_path / "kmo.db"), "--port", str(port),
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(taken.communicate(), 60)
    blocker.close()
    await blocker.wait_closed()
    assert taken.returncode == 2 and "Kan niet luisteren op 127.0.0.1:" in err.decode()
