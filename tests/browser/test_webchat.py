"""The web chat in a real browser (Debian's chromium): a whole aanvraag with buttons to the
approval, the copy buttons and the QR image, a reload, escaping, an agent's message from the
outbox, and the page without JavaScript."""

from __future__ import annotations

import base64

from playwright.async_api import Browser, Page, expect

from bot.store import Store
from bot.telegram_render import epc_qr_png
from dialogs.models import EpcPayment
from tests.browser.driver import (
    AANVRAAG,
    VERKLARING,
    ChatServer,
    aanvraag_until,
    asked,
    chat_id,
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
