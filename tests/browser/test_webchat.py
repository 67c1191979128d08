"""The web chat in a real browser (Debian's chromium): a whole aanvraag with buttons to the
approval, the copy buttons and the QR image, a reload, escaping, an agent's message and the
engine's messages from the outbox, the page without JavaScript, and the chat in an iframe."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web
from playwright.async_api import Browser, Page, expect

from bot.epc_qr import epc_qr_png
from bot.store import Store
from dialogs.models import Choice, EpcPayment, Message
from tests.browser.driver import (
    AANVRAAG,
    VERKLARING,
    ChatServer,
    aanvraag_until,
    asked,
    chat_id,
    chat_server,
    labels,
    pick,
    replies,
    say,
)

BETALING = EpcPayment(
    begunstigde="N.V. Sodexo Pass Belgium",
    iban="BE64 7330 3379 7052",
    bic="KREDBEBB",
    bedrag="875.35",  # type: ignore[arg-type]
    mededeling="+++202/6000/00192+++",
)


async def test_a_whole_aanvraag_with_buttons_to_the_approval(
    page: Page, server: ChatServer
) -> None:
    question = await aanvraag_until(page)
    assert await labels(question) == [VERKLARING, "Nee, nog niet"]
    assert "Excel voor gevorderden" in await question.inner_text()
    # Every answer with a choice was a button press: the buttons of earlier questions are gone.
    assert await page.locator("form.keuzes").count() == 1
    pressed = await page.locator("#gesprek li.gebruiker").all_inner_texts()
    for action, what in AANVRAAG.values():
        if action == "pick":
            label = what if isinstance(what, str) else what[-1]
            assert any(label in p for p in pressed), label

    approval = await pick(page, VERKLARING)
    text = await approval.inner_text()
    assert "2026-000001" in text and "Stap 6 van 6" in text
    copies = approval.locator("button.kopieer")
    values = [await b.get_attribute("data-waarde") for b in await copies.all()]
    assert values == [
        "N.V. Sodexo Pass Belgium", "BE64 7330 3379 7052", "KREDBEBB", "€ 875,35",
        "+++202/6000/00192+++",
    ]  # fmt: skip
    await expect(copies.first).to_be_visible()
    # A copy button puts its value, and only that, on the clipboard.
    iban = copies.nth(1)
    await iban.click()
    await expect(iban).to_have_text("Gekopieerd")
    assert await page.evaluate("navigator.clipboard.readText()") == "BE64 7330 3379 7052"

    # The QR is a real PNG the browser decoded: the EPC code of this payment.
    image = approval.locator("figure.qr img")
    await expect(image).to_be_visible()
    assert await image.evaluate("img => img.complete && img.naturalWidth > 100")
    src = await image.get_attribute("src")
    assert src is not None and src.startswith("data:image/png;base64,")
    png = base64.b64decode(src.removeprefix("data:image/png;base64,"))
    assert png == epc_qr_png(BETALING)
    assert "€ 875,35" in (await approval.locator("figure.qr figcaption").inner_text())
    assert await labels(approval) == ["Nieuwe aanvraag", "Historiek", "Demo"]

    async with server.store.transaction() as tx:
        projects = await tx.projects("web", await chat_id(page), None)
    assert [p.projectnummer for p in projects] == ["2026-000001"]

    # "Ik heb gestort" is a button too.
    count = await replies(page).count()
    await approval.locator("form.gestort button").click()
    await expect(replies(page)).to_have_count(count + 1)
    async with server.store.transaction() as tx:
        project = await tx.project("web", await chat_id(page), "2026-000001")
    assert project is not None and project.status == "storting_gemeld"


async def test_a_reload_keeps_the_conversation(page: Page, server: ChatServer) -> None:
    await aanvraag_until(page, "naam")
    chat = await chat_id(page)
    await page.reload()
    await expect(replies(page)).to_have_count(1)
    assert await chat_id(page) == chat
    assert await asked(page) == "naam"
    assert "naam van de opleiding" in await replies(page).last.inner_text()
    await say(page, "Excel voor gevorderden")
    assert await asked(page) == "soort"
    # And in another tab of the same browser, the same chat.
    other = await page.context.new_page()
    await other.goto(server.url)
    assert await asked(other) == "soort"
    assert "Klassikaal (extern)" in await labels(replies(other).last)


async def test_a_script_typed_by_the_user_is_shown_as_text(page: Page) -> None:
    typed = '<script>window.gehackt = 1</script><img src=x onerror="window.gehackt = 2">'
    summary = await aanvraag_until(page, answers={**AANVRAAG, "naam": ("say", typed)})
    mine = page.locator("#gesprek li.gebruiker").filter(has_text="gehackt")
    assert await mine.count() == 1 and typed in await mine.inner_text()
    # The summary says the name back: as text as well.
    assert typed in await summary.inner_text()
    assert await page.locator("#gesprek script, #gesprek img").count() == 0
    assert await page.evaluate("window.gehackt") is None
    # After a reload (rendered by the server alone), still no script ran.
    await page.reload()
    assert await page.evaluate("window.gehackt") is None


async def test_an_agent_s_message_in_the_outbox_appears_on_the_page(
    page: Page, server: ChatServer
) -> None:
    await expect(replies(page)).to_have_count(1)
    chat = await chat_id(page)
    other = await Store.open(server.db)  # another connection: the helpdesk console
    try:
        async with other.transaction() as tx:
            tekst = "Goedemiddag, ik ben Sofie <van de helpdesk>."
            rij = await tx.zet_klaar("web", chat, "medewerker", {"tekst": tekst})
    finally:
        await other.close()
    agent = page.locator("#gesprek li.medewerker")
    await expect(agent).to_have_count(1)
    assert "Goedemiddag, ik ben Sofie <van de helpdesk>." in await agent.inner_text()
    assert "Medewerker van de helpdesk" in await agent.inner_text()
    async with server.store.transaction() as tx:
        assert await tx.klaarstaand("web", chat_id=chat) == []
        rows = await tx._rows("SELECT verzonden FROM uitgaand WHERE id = ?", (rij,))  # noqa: SLF001
    assert rows[0][0] is not None


async def test_without_javascript_the_buttons_and_the_form_still_work(
    browser: Browser, server: ChatServer
) -> None:
    context = await browser.new_context(java_script_enabled=False)
    try:
        page = await context.new_page()
        await page.goto(server.url)
        await page.get_by_role("button", name="Nieuwe aanvraag").click()
        await page.wait_for_load_state()
        assert "ondernemingsnummer" in await replies(page).last.inner_text()
        await page.locator("#tekst").fill("0403.170.701")
        await page.locator("#invoer button[type=submit]").click()
        await page.wait_for_load_state()
        assert await asked(page) == "grootte"
        assert "Kleine onderneming" in await labels(replies(page).last)
        # Copy buttons need the script: without it they are not shown.
        assert await page.locator("html.js").count() == 0
    finally:
        await context.close()



@contextlib.asynccontextmanager
async def _site(chat_url: list[str]) -> AsyncIterator[str]:
    """Another origin on 127.0.0.1 (the same site, another port) showing the chat in an iframe;
    the chat's address is set once the chat runs."""

    async def home(request: web.Request) -> web.Response:
        text = (
            '<!doctype html><html lang="nl"><title>Onze site</title><h1>Onze site</h1>'
            f'<iframe src="{chat_url[0]}" title="chat" width="800" height="700"></iframe>'
        )
        return web.Response(text=text, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", home)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # noqa: SLF001
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_only_a_site_named_with_inbedden_shows_the_chat_in_an_iframe(
    browser: Browser, tmp_path: Path
) -> None:
    allowed: list[str] = [""]
    other: list[str] = [""]
    async with _site(allowed) as allowed_site, _site(other) as other_site:
        ancestors = ("'self'", allowed_site)
        async with chat_server(tmp_path / "kmo.db", frame_ancestors=ancestors) as server:
            allowed[0] = other[0] = server.url
            context = await browser.new_context()
            try:
                page = await context.new_page()
                await page.goto(other_site)
                await page.wait_for_load_state("load")
                # Not named: the browser refuses to show the chat in the frame.
                assert await page.frame_locator("iframe").locator("main.webchat").count() == 0
                assert any(f.url.startswith("chrome-error:") for f in page.frames)

                await page.goto(allowed_site)
                frame = page.frame_locator("iframe")
                await frame.get_by_role("button", name="Nieuwe aanvraag").click()
                # The frame's cookie is sent (same site) and its POST passes the Origin check.
                await expect(frame.locator("#gesprek li.assistent")).to_have_count(2)
                assert await frame.locator("#invoer input[name=vraag]").input_value() == (
                    "onderneming"
                )
            finally:
                await context.close()


async def test_queued_engine_messages_appear_with_their_buttons(
    page: Page, server: ChatServer
) -> None:
    await aanvraag_until(page, "grootte")
    chat = await chat_id(page)
    message = Message(
        id="algemeen.wat_nu",
        text="Wat wilt u nu doen?",
        asks="",
        choices=[Choice(label="Historiek", value="historiek")],
    )
    async with server.store.transaction() as tx:
        await tx.zet_klaar("web", chat, "berichten", [message.model_dump(mode="json")])
    queued = replies(page).filter(has_text="Wat wilt u nu doen?")
    await expect(queued).to_have_count(1)
    assert await labels(queued) == ["Historiek"]
    assert await asked(page) == ""
