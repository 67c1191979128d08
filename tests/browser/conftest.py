"""Fixtures for the browser tests: a running web chat and a page of Debian's chromium on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page

from tests.browser.driver import ChatServer, chat_server, chromium


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy in the environment must not capture the browser's loopback traffic."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[ChatServer]:
    async with chat_server(tmp_path / "kmo.db") as running:
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as b:
        yield b


@pytest.fixture
async def page(browser: Browser, server: ChatServer) -> AsyncIterator[Page]:
    """A fresh browser profile on the chat page (clipboard allowed, for the copy buttons)."""
    context = await browser.new_context(locale="nl-BE", viewport={"width": 900, "height": 900})
    origin = server.url.removesuffix("/chat")
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    p = await context.new_page()
    await p.goto(server.url)
    try:
        yield p
    finally:
        await context.close()
