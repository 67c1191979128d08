"""A guided aanvraag: the agent runs a whole aanvraag for a caller as channel `helpdesk`."""

from __future__ import annotations

from bot.service import Service
from bot.store import Store
from tests.auxil.antwoorden import Antwoorden
from tests.dialogs.driver import OPLEIDING
from tests.helpdesk.conftest import Console, beurt, maak_medewerker, tot


async def test_a_guided_aanvraag_to_approval_for_a_company_another_chat_manages(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    # The company already has a beheerder on Telegram: a user of another chat could not file.
    await tot(service, "telegram", "1", OPLEIDING, "verklaring")
    await beurt(service, "telegram", "1", "ja")
    assert await console.login("els") == 200
    r = await console.client.post("/begeleid", data={"csrf": console.csrf}, allow_redirects=False)
    assert r.status == 303
    pad = r.headers["Location"]
    chat = pad.removeprefix("/begeleid/")
    assert chat.startswith("els-")
    walk = Antwoorden({**OPLEIDING, "naam": "Boekhouden", "nace": "ja"}, "verklaring")
    while True:
        g = await (await console.client.get(f"/api/gesprekken/helpdesk/{chat}")).json()
        said = "\n".join(r["tekst"] for r in g["transcript"][-4:])
        antwoord = walk.next(g["stap"], said)
        if antwoord is None:
            break
        r = await console.client.post(
            pad, data={"csrf": console.csrf, "tekst": antwoord}, allow_redirects=False
        )
        assert r.status == 303
    html = await (await console.client.get(pad)).text()
    assert "Begeleide aanvraag" in html
    await console.client.post(pad, data={"csrf": console.csrf, "keuze": "ja"})
    async with store.transaction() as tx:
        projecten = await tx.projecten_van("0403170701")
        audit = await tx.auditregels()
        regels = await tx.transcript("helpdesk", chat)
    assert [p.naam for p in projecten] == ["Excel voor gevorderden", "Boekhouden"]
    acties = [(a.actie, a.chat_id) for a in audit]
    assert ("begeleide_aanvraag", chat) in acties
    ingediend = next(a for a in audit if a.actie == "project_ingediend")
    assert ingediend.details == {
        "projectnummer": projecten[1].projectnummer,
        "onderneming": "0403170701",
    }
    assert {r.medewerker for r in regels if r.van == "medewerker"} == {"els"}


async def test_an_unknown_guided_aanvraag_is_not_found(console: Console, store: Store) -> None:
    await maak_medewerker(store, "els")
    assert await console.login("els") == 200
    assert (await console.client.get("/begeleid/niets")).status == 404
    r = await console.client.post("/begeleid/niets", data={"csrf": console.csrf, "tekst": "x"})
    assert r.status == 404
