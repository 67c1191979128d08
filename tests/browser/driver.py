"""Driving the web chat in Chromium: launch Debian's browser, answer by the field asked.

Shared by the browser tests and `scripts/screenshots`. Which field the page awaits is what its
text form sends as `vraag` (the hidden field the server fills with the last message's `asks`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from playwright.async_api import Browser, Locator, Page, async_playwright, expect

from bot.service import Service
from bot.store import Store
from bot.webchat import RateLimit, WebChat, start
from tests.auxil.antwoorden import Antwoorden

CHROMIUM = Path("/usr/bin/chromium")
# Playwright's own browser builds cannot be downloaded here: Debian's chromium, without the
# background traffic a browser starts by itself (nothing may reach the internet).
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TODAY = date(2026, 3, 10)

# The aanvraag of tests/bot/telegram (and tests/bot/test_cli.py), by the field the page asks: a
# button where the page offers one, text elsewhere. At the thema the proposal for the title is
# passed over with "Iets anders", then IT from the full list.
AANVRAAG: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "onderneming": ("say", "0403.170.701"),
    "grootte": ("pick", "Kleine onderneming"),
    "nace": ("say", "62.100"),
    "type": ("pick", "Opleiding"),
    "naam": ("say", "Excel voor gevorderden"),
    "soort": ("pick", "Klassikaal (extern)"),
    "thema": ("pick", ("Iets anders", "IT")),
    "subthema": ("pick", "Software"),
    "deelnemers": ("say", "2"),
    "deelnemer_namen": ("say", "Jan Peeters en An Janssens"),
    "uren": ("say", "16"),
    "datum_overeenkomst": ("say", "01/03/2026"),
    "startdatum": ("say", "02/03/2026"),
    "bedrijfsfunctioneren": ("pick", "Ja"),
    "kost": ("say", "€ 1.250,50"),
    "dienstverlener": ("say", "DV.O213465"),
}
VERKLARING = "Ja, ik verklaar dit op eer en dien de aanvraag in"


@dataclass
class ChatServer:
    """A web chat on 127.0.0.1 with its own database and a fixed application date."""

    url: str
    db: Path
    store: Store


@contextlib.asynccontextmanager
async def chat_server(
    db: Path, *, today: date = TODAY, frame_ancestors: tuple[str, ...] = ("'self'",)
) -> AsyncIterator[ChatServer]:
    """`kmobot web` in this loop on a free port, until the block ends."""
    store = await Store.open(db)
    try:
        # A short poll interval: an agent's message shows within a fraction of a second.
        # A script answers faster than a person: the rate limit is not what these tests drive.
        limit = RateLimit(burst=1000)
        chat = WebChat(
            Service(store),
            today=lambda: today,
            poll_ms=200,
            rate_limit=limit,
            frame_ancestors=frame_ancestors,
        )
        running = await start(chat, host="127.0.0.1", port=0)
        try:
            yield ChatServer(url=running.url, db=db, store=store)
        finally:
            await running.close()
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """Debian's chromium, headless."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} ontbreekt: installeer het met apt-get install chromium (scripts/test "
            "doet dat zelf)"
        )
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


def replies(page: Page) -> Locator:
    """The assistant's items of the conversation."""
    return page.locator("#gesprek li.assistent")


async def asked(page: Page) -> str:
    """The field the page awaits ("" when nothing is asked)."""
    return await page.locator("#invoer input[name=vraag]").input_value()


async def say(page: Page, text: str) -> Locator:
    """Type a message, send it with Enter, and return the reply's item."""
    count = await replies(page).count()
    await page.locator("#tekst").fill(text)
    await page.locator("#tekst").press("Enter")
    await _reply(page, count)
    return replies(page).last


async def pick(page: Page, label: str) -> Locator:
    """Press a button of the last question and return the reply's item."""
    count = await replies(page).count()
    buttons = replies(page).last.locator("form.keuzes button")
    await buttons.filter(has_text=label).first.click()
    await _reply(page, count)
    return replies(page).last


async def _reply(page: Page, count: int) -> None:
    """Wait for the reply after `count` replies; a refusal shown in the status line fails."""
    try:
        await expect(replies(page)).to_have_count(count + 1)
    except AssertionError as exc:
        status = await page.locator("#status").inner_text()
        raise AssertionError(f"no reply; the page says {status!r}") from exc


async def labels(item: Locator) -> list[str]:
    """The labels of the choice buttons of an item."""
    return [t.strip() for t in await item.locator("form.keuzes button").all_inner_texts()]


async def aanvraag_until(
    page: Page,
    field_id: str = "verklaring",
    answers: dict[str, tuple[str, str | tuple[str, ...]]] | None = None,
) -> Locator:
    """"Nieuwe aanvraag" pressed on the welcome, then whatever the page asks answered from
    `answers` (AANVRAAG) until it asks `field_id`; returns that question's item."""
    reply = await pick(page, "Nieuwe aanvraag")
    walk = Antwoorden(AANVRAAG if answers is None else answers, field_id)
    while True:
        step = walk.next(await asked(page) or None, await reply.inner_text())
        if step is None:
            return reply
        action, what = step
        if action == "say":
            assert isinstance(what, str)
            reply = await say(page, what)
            continue
        offered = await labels(reply)
        options = (what,) if isinstance(what, str) else what
        chosen = [label for label in options if label in offered]
        assert chosen, (options, offered)
        reply = await pick(page, chosen[0])


async def chat_id(page: Page) -> str:
    """The chat id in the page's cookie."""
    cookies = await page.context.cookies()
    return next(c["value"] for c in cookies if c["name"] == "kmobot_chat")
