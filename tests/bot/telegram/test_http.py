"""The Bot API transport (bot/telegram_http.py) against small aiohttp servers on 127.0.0.1: what
it sends, PTB's errors for what goes wrong on the way, timeouts, and the proxy from the
environment. The whole channel runs on it in every other test of this folder."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.telegram_http import AiohttpRequest

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    """Start a one-route server on 127.0.0.1 and return its root URL."""
    runners: list[web.AppRunner] = []

    async def start(handler: Handler) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


TOKEN = "1234567:AAHtestTokenQ1w2E3r4T5y6U7i8O9p0Zxcv"
ME = {"id": 1234567, "is_bot": True, "first_name": "kmo", "username": "kmo_bot"}


def _bot(root: str) -> Bot:
    """A real PTB Bot on this transport, pointed at a test server."""
    return Bot(
        TOKEN,
        base_url=f"{root}/bot",
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(1),
    )


def _sent(chat_id: Any) -> dict[str, Any]:
    """The Message a send method returns."""
    return {
        "message_id": 1,
        "date": 1_773_100_800,
        "chat": {"id": int(chat_id), "type": "private"},
        "from": ME,
    }


async def test_parameters_arrive_as_json_telegram_reads(serve: Any) -> None:
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        if request.path.endswith("/getMe"):
            return web.json_response({"ok": True, "result": ME})
        seen.update(
            path=request.path,
            method=request.method,
            type=request.content_type,
            agent=request.headers.get("User-Agent", ""),
            body=await request.json(),
        )
        return web.json_response({"ok": True, "result": _sent(seen["body"]["chat_id"])})

    root = await serve(handler)
    async with _bot(root) as bot:
        message = await bot.send_message(
            42,
            "Adminstratie en financiën: € 1.250,50 & meer",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="k:1")]]),
        )
    assert message.chat_id == 42
    assert seen["path"] == f"/bot{TOKEN}/sendMessage"
    assert seen["method"] == "POST"
    assert seen["type"] == "application/json"
    assert seen["body"] == {
        "chat_id": 42,
        "text": "Adminstratie en financiën: € 1.250,50 & meer",
        "reply_markup": {"inline_keyboard": [[{"text": "Ja", "callback_data": "k:1"}]]},
    }
    assert "python-telegram-bot" in seen["agent"]


async def test_files_go_as_multipart_with_their_name_and_type(serve: Any) -> None:
    seen: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        if request.path.endswith("/getMe"):
            return web.json_response({"ok": True, "result": ME})
        form = await request.post()
        photo = form["photo"]
        assert isinstance(photo, web.FileField)
        seen.update(
            type=request.content_type,
            chat_id=form["chat_id"],
            caption=form["caption"],
            filename=photo.filename,
            content_type=photo.content_type,
            content=photo.file.read(),
        )
        return web.json_response({"ok": True, "result": _sent(7)})

    root = await serve(handler)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    async with _bot(root) as bot:
        await bot.send_photo(
            7, InputFile(png, filename="storting-qr.png"), caption="Scan om te betalen"
        )
    assert seen["type"] == "multipart/form-data"
    assert seen["chat_id"] == "7" and seen["caption"] == "Scan om te betalen"
    assert seen["filename"] == "storting-qr.png"
    assert seen["content_type"] == "image/png"
    assert seen["content"] == png


async def test_a_slow_answer_is_ptbs_timed_out(serve: Any) -> None:
    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    root = await serve(handler)
    async with AiohttpRequest(read_timeout=0.2) as request:
        with pytest.raises(TimedOut):
            await request.do_request(f"{root}/botX/getMe", "POST")
        # A read timeout given for one call (PTB does this for long polling) wins.
        with pytest.raises(TimedOut):
            await request.do_request(f"{root}/botX/getMe", "POST", read_timeout=0.1)


async def test_a_closed_port_is_ptbs_network_error() -> None:
    # Bind a port and release it, so nothing listens there.
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError) as caught:
            await request.do_request(f"http://127.0.0.1:{port}/botX/getMe", "POST")
    assert not isinstance(caught.value, TimedOut)


async def test_a_dropped_connection_is_ptbs_network_error(serve: Any) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    root = await serve(handler)
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError):
            await request.do_request(f"{root}/botX/getMe", "POST")


async def test_telegrams_error_answers_become_ptbs_errors_through_a_real_bot(serve: Any) -> None:
    answers = iter(
        [
            (
                429,
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 3",
                    "parameters": {"retry_after": 3},
                },
            ),
            (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}),
        ]
    )

    async def handler(request: web.Request) -> web.Response:
        if request.path.endswith("/getMe"):
            return web.json_response({"ok": True, "result": ME})
        status, payload = next(answers)
        return web.json_response(payload, status=status)

    root = await serve(handler)
    async with _bot(root) as bot:
        assert bot.username == "kmo_bot"
        with pytest.raises(RetryAfter) as waited:
            await bot.send_message(1, "hallo")
        assert waited.value.retry_after.total_seconds() == 3
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(1, "hallo")


async def test_a_request_before_initialize_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:9/botX/getMe", "POST")


async def test_initialize_and_shutdown_can_repeat(serve: Any) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": True})

    root = await serve(handler)
    request = AiohttpRequest()
    for _ in range(2):
        await request.initialize()
        await request.initialize()
        status, _ = await request.do_request(f"{root}/botX/getMe", "POST")
        assert status == 200
        await request.shutdown()
        await request.shutdown()


async def test_the_proxy_comes_from_the_environment_and_no_proxy_is_honoured(
    serve: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy in HTTP_PROXY gets the request, unless NO_PROXY names the host."""
    proxied: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        proxied.append(str(request.url))  # a forward proxy receives the absolute URL
        return web.json_response({"ok": True, "result": "via proxy"})

    async def direct(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": "direct"})

    proxy_root = await serve(proxy)
    root = await serve(direct)
    monkeypatch.setenv("HTTP_PROXY", proxy_root)
    monkeypatch.setenv("http_proxy", proxy_root)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    async with AiohttpRequest() as request:
        _, body = await request.do_request(f"{root}/botX/getMe", "POST")
    assert json.loads(body)["result"] == "via proxy"
    assert proxied == [f"{root}/botX/getMe"]

    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    async with AiohttpRequest() as request:
        _, body = await request.do_request(f"{root}/botX/getMe", "POST")
    assert json.loads(body)["result"] == "direct"
