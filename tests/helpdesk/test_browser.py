"""The console in a real browser (Playwright driving Debian's Chromium, headless, 127.0.0.1).

Covers logging in, a user asking for a person appearing in the queue without a reload, taking
over, replying and handing back with the page's buttons, filling a field for the user and a
guided aanvraag to approval. Writes the screenshots of the README to docs/.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import expect

from bot.helpdesk.web import maak_app
from bot.service import Service, load_state
from bot.store import Store
from tests.auxil.antwoorden import Antwoorden
from tests.browser.driver import chromium
from tests.dialogs.driver import OPLEIDING
from tests.helpdesk.conftest import TODAY, WACHTWOORD, beurt, maak_medewerker, tot

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
async def adres(service: Service) -> AsyncIterator[str]:
    server = TestServer(maak_app(service, vandaag=lambda: TODAY), host="127.0.0.1")
    await server.start_server()
    yield f"http://127.0.0.1:{server.port}"
    await server.close()


@pytest.fixture
async def pagina() -> AsyncIterator[Any]:
    async with chromium() as browser:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        yield await context.new_page()


async def _aanmelden(page: Any, adres: str) -> None:
    await page.goto(f"{adres}/")
    assert page.url.endswith("/login")
    await page.fill("input[name=gebruiker]", "els")
    await page.fill("input[name=wachtwoord]", WACHTWOORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{adres}/")


async def test_login_queue_take_over_reply_and_hand_back(
    pagina: Any, adres: str, service: Service, store: Store
) -> None:
    page = pagina
    await maak_medewerker(store, "els")
    await page.goto(f"{adres}/login")
    await page.fill("input[name=gebruiker]", "els")
    await page.fill("input[name=wachtwoord]", "fout")
    await page.click("button[type=submit]")
    await expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    await _aanmelden(page, adres)
    # A user who asks for a person appears without a reload (the page polls the API).
    await beurt(service, "telegram", "4242", "nieuw")
    await beurt(service, "telegram", "4242", "<b>vet</b> ik wil iemand spreken")
    rij = page.locator("#wachtrij tbody tr", has_text="4242")
    await expect(rij).to_contain_text("vroeg naar een persoon", timeout=10_000)
    await expect(page.locator("#wachtrij tbody tr").first).to_contain_text("4242")
    DOCS.mkdir(exist_ok=True)
    await page.screenshot(path=str(DOCS / "helpdesk-wachtrij.png"))
    await rij.get_by_role("link", name="4242").click()
    await expect(page.locator("#transcript")).to_contain_text("<b>vet</b> ik wil iemand spreken")
    await page.get_by_role("button", name="Overnemen").click()
    await expect(page.locator("#overgenomen")).to_have_text("els")
    await page.fill("textarea[name=tekst]", "Dag, ik ben Els van de helpdesk.")
    await page.get_by_role("button", name="Versturen").click()
    await expect(page.locator("#transcript")).to_contain_text("Dag, ik ben Els van de helpdesk.")
    # The newest line is in view (the transcript scrolls itself to the bottom).
    await expect(page.locator("#transcript li").last).to_be_in_viewport()
    await page.screenshot(path=str(DOCS / "helpdesk-gesprek.png"), full_page=True)
    await page.get_by_role("button", name="Teruggeven aan de assistent").click()
    await expect(page.get_by_role("button", name="Overnemen")).to_be_visible()
    async with store.transaction() as tx:
        rijen = await tx.klaarstaand("telegram", chat_id="4242")
    assert [r.soort for r in rijen] == ["berichten", "medewerker", "berichten"]
    assert rijen[1].inhoud == {"tekst": "Dag, ik ben Els van de helpdesk."}
    assert rijen[2].inhoud[-1]["asks"] == "onderneming"


async def test_fill_a_field_for_the_user_in_the_browser(
    pagina: Any, adres: str, service: Service, store: Store
) -> None:
    page = pagina
    await maak_medewerker(store, "els")
    await tot(service, "telegram", "77", OPLEIDING, "uren")
    await _aanmelden(page, adres)
    await page.goto(f"{adres}/gesprek/telegram/77")
    await page.select_option("select[name=veld]", "naam")
    await page.fill("input[name=waarde]", "Boekhouden voor starters")
    await page.get_by_role("button", name="Invullen voor de gebruiker").click()
    await expect(page.locator("table").first).to_contain_text("Boekhouden voor starters")
    await expect(page.locator("#transcript")).to_contain_text("wijzig naam")


async def test_a_guided_aanvraag_to_approval_in_the_browser(
    pagina: Any, adres: str, store: Store
) -> None:
    page = pagina
    await maak_medewerker(store, "els")
    await _aanmelden(page, adres)
    await page.get_by_role("button", name="Begeleide aanvraag starten").click()
    await page.wait_for_url(re.compile(r"/begeleid/els-"))
    chat = page.url.rsplit("/", 1)[1]
    walk = Antwoorden(OPLEIDING, "verklaring")
    while True:
        async with store.transaction() as tx:
            raw = await tx.load_state("helpdesk", chat)
        asked = load_state(raw).asks
        said = await page.locator("#begeleid").inner_text()
        antwoord = walk.next(asked, said[-600:])
        if antwoord is None:
            break
        await page.fill("input[name=tekst]", antwoord)
        await page.get_by_role("button", name="Versturen").click()
        await page.wait_for_load_state()
    await page.get_by_role("button", name=re.compile("verklaar")).click()
    await expect(page.locator("#begeleid")).to_contain_text(
        "Uw aanvraag is automatisch goedgekeurd. Projectnummer: 2026-000001"
    )
    async with store.transaction() as tx:
        projecten = await tx.projecten_van("0403170701")
    assert len(projecten) == 1 and projecten[0].naam == "Excel voor gevorderden"
