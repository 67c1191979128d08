"""The JSON API the console uses (issue 12, item 8) and the actions of a conversation page."""

from __future__ import annotations

from bot.service import Service
from bot.store import Store
from tests.dialogs.driver import OPLEIDING
from tests.helpdesk.conftest import Console, beurt, maak_medewerker, tot


async def test_login_returns_a_csrf_token(console: Console, store: Store) -> None:
    await maak_medewerker(store, "els")
    r = await console.client.post("/api/login", json={"gebruiker": "els", "wachtwoord": "fout"})
    assert r.status == 401
    assert await console.login("els") == 200
    assert len(console.csrf) > 30
    r = await console.client.post("/api/login", data={"gebruiker": "els"})
    assert r.status == 415  # a form cannot log in through the API (CSRF)


async def test_the_list_of_conversations_and_its_filters(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    await beurt(service, "telegram", "1", "nieuw")
    await beurt(service, "telegram", "1", "0403.170.701")
    await beurt(service, "terminal", "2", "nieuw")
    await beurt(service, "terminal", "2", "ik wil met iemand spreken")
    assert await console.login("els") == 200
    alle = await (await console.client.get("/api/gesprekken?filter=alle")).json()
    assert [(g["kanaal"], g["chat_id"]) for g in alle] == [("terminal", "2"), ("telegram", "1")]
    eerste = alle[1]
    assert set(eerste) >= {
        "kanaal",
        "chat_id",
        "stap",
        "onderneming",
        "wacht_op_mens",
        "overgenomen_door",
        "laatste_bericht",
    }
    assert eerste["stap"] == "grootte" and eerste["onderneming"] == "0403170701"
    assert eerste["wacht_op_mens"] is False and eerste["overgenomen_door"] is None
    wacht = await (await console.client.get("/api/gesprekken?filter=wacht_op_mens")).json()
    assert [(g["chat_id"], g["reden"]) for g in wacht] == [("2", "persoon_gevraagd")]
    actief = await (await console.client.get("/api/gesprekken?filter=actief")).json()
    assert len(actief) == 2
    assert (await console.client.get("/api/gesprekken?filter=iets")).status == 400


async def test_one_conversation(console: Console, service: Service, store: Store) -> None:
    await maak_medewerker(store, "els")
    await beurt(service, "telegram", "1", "nieuw")
    await beurt(service, "telegram", "1", "0403.170.701")
    assert await console.login("els") == 200
    g = await (await console.client.get("/api/gesprekken/telegram/1")).json()
    assert g["stap"] == "grootte"
    assert g["aanvraag"] == {"onderneming": "0403170701"}
    assert g["overgenomen_door"] is None
    assert g["transcript"][0] == {
        "van": "gebruiker",
        "tekst": "nieuw",
        "tijd": "2026-03-10T09:00:00+00:00",
        "stap": "idle",
        "probleem": None,
        "medewerker": None,
    }
    assert {r["van"] for r in g["transcript"]} == {"gebruiker", "assistent"}
    assert (await console.client.get("/api/gesprekken/telegram/999")).status == 404
    assert (await console.post("/api/gesprekken/telegram/999/overnemen")).status == 404
    async with store.transaction() as tx:
        assert await tx.overname("telegram", "999") is None


async def test_take_over_reply_and_hand_back(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    await beurt(service, "telegram", "1", "nieuw")
    await beurt(service, "telegram", "1", "ik wil iemand spreken")
    assert await console.login("els") == 200
    assert (await console.post("/api/gesprekken/telegram/1/overnemen")).status == 200
    g = await (await console.client.get("/api/gesprekken/telegram/1")).json()
    assert g["overgenomen_door"] == "els" and g["wacht_op_mens"] is False
    lijst = await (await console.client.get("/api/gesprekken?filter=wacht_op_mens")).json()
    assert lijst == []
    assert await beurt(service, "telegram", "1", "0403.170.701") == []  # told at the takeover
    r = await console.post("/api/gesprekken/telegram/1/bericht", tekst="Goedemiddag, ik ben Els.")
    assert r.status == 200
    assert (await console.post("/api/gesprekken/telegram/1/bericht", tekst=" ")).status == 400
    g = await (await console.client.get("/api/gesprekken/telegram/1")).json()
    assert g["transcript"][-1]["van"] == "medewerker"
    assert g["transcript"][-1]["tekst"] == "Goedemiddag, ik ben Els."
    assert g["transcript"][-2] == {
        **g["transcript"][-2],
        "van": "gebruiker",
        "tekst": "0403.170.701",
    }
    assert (await console.post("/api/gesprekken/telegram/1/teruggeven")).status == 200
    async with store.transaction() as tx:
        rijen = await tx.klaarstaand("telegram", chat_id="1")
    assert [r.soort for r in rijen] == ["berichten", "medewerker", "berichten"]
    assert rijen[1].inhoud == {"tekst": "Goedemiddag, ik ben Els."}
    assert rijen[2].inhoud[-1]["asks"] == "onderneming"
    g = await (await console.client.get("/api/gesprekken/telegram/1")).json()
    assert g["overgenomen_door"] is None
    msgs = await beurt(service, "telegram", "1", "0403.170.701")
    assert msgs[-1].asks == "grootte"


async def test_fill_a_field_for_the_user(console: Console, service: Service, store: Store) -> None:
    await maak_medewerker(store, "els")
    await tot(service, "telegram", "1", OPLEIDING, "uren")
    assert await console.login("els") == 200
    r = await console.client.post(
        "/gesprek/telegram/1/veld",
        data={"csrf": console.csrf, "veld": "naam", "waarde": "Boekhouden voor starters"},
        allow_redirects=False,
    )
    assert r.status == 303
    g = await (await console.client.get("/api/gesprekken/telegram/1")).json()
    assert g["aanvraag"]["naam"] == "Boekhouden voor starters"
    # Through the same parsers and rules: a wrong value is refused as for the user.
    r = await console.client.post(
        "/gesprek/telegram/1/veld",
        data={"csrf": console.csrf, "veld": "onderneming", "waarde": "12345"},
        allow_redirects=False,
    )
    g = await (await console.client.get("/api/gesprekken/telegram/1")).json()
    assert g["aanvraag"]["onderneming"] == "0403170701"
    getypt = [i for i, r in enumerate(g["transcript"]) if r["tekst"] == "12345"]
    assert getypt and g["transcript"][getypt[-1]]["medewerker"] == "els"
    na = g["transcript"][getypt[-1] + 1 :]
    assert any(r["probleem"] == "ongeldige_invoer" for r in na)
    async with store.transaction() as tx:
        rijen = await tx.klaarstaand("telegram", chat_id="1")
        audit = await tx.auditregels()
    assert all(r.inhoud[0]["id"] == "helpdesk.door_medewerker" for r in rijen)
    assert [a.actie for a in audit][:4] == ["veld"] * 4


async def test_project_actions_and_the_company_page(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    await tot(service, "telegram", "1", OPLEIDING, "verklaring")
    msgs = await beurt(service, "telegram", "1", "ja")
    nummer = next(m.project for m in msgs if m.project)["projectnummer"]
    assert await console.login("els") == 200
    html = await (await console.client.get("/gesprek/telegram/1")).text()
    assert nummer in html and "Jaarplafond 2026" in html
    g = await (await console.client.get("/api/gesprekken/telegram/1")).json()
    assert "Subsidie Vlaamse overheid: € 375,15" in g["berekening"]
    assert "Subsidie Vlaamse overheid: € 375,15" in html
    r = await console.post("/api/gesprekken/telegram/1/stortingsgegevens", projectnummer=nummer)
    assert (await r.json())["ok"] is True
    async with store.transaction() as tx:
        rij = (await tx.klaarstaand("telegram", chat_id="1"))[-1]
    blocks = rij.inhoud[0]["blocks"]
    assert any(b["kind"] == "attachment" and b["media"] == "epc_qr" for b in blocks)
    await console.post("/api/gesprekken/telegram/1/gestort", projectnummer=nummer)
    html = await (await console.client.get("/onderneming/0403170701")).text()
    assert "storting_gemeld" in html and "telegram 1" in html and "€ " in html
    html = await (await console.client.get(f"/project/{nummer}")).text()
    assert "Jan Peeters" in html
    await console.post(
        "/api/gesprekken/telegram/1/stopzetten",
        projectnummer=nummer,
        reden="de opleiding werd geannuleerd",
    )
    async with store.transaction() as tx:
        project = (await tx.projecten_van("0403170701"))[0]
    assert project.status == "stopgezet"
    assert project.geschiedenis[-1].reden == "de opleiding werd geannuleerd"


async def test_access_code_rights_and_size_correction(
    console: Console, service: Service, store: Store
) -> None:
    await maak_medewerker(store, "els")
    await tot(service, "telegram", "1", OPLEIDING, "verklaring")
    await beurt(service, "telegram", "1", "ja")
    await beurt(service, "telegram", "2", "nieuw")
    assert await console.login("els") == 200
    r = await console.client.post(
        "/onderneming/0403170701/toegangscode", data={"csrf": console.csrf}
    )
    html = await r.text()
    assert "Nieuwe toegangscode" in html
    r = await console.post("/api/gesprekken/telegram/2/recht", onderneming="0403.170.701")
    assert r.status == 200
    async with store.transaction() as tx:
        assert await tx.rol("0403170701", "telegram", "2") == "gemachtigd"
    r = await console.client.post(
        "/onderneming/0403170701/grootte",
        data={
            "csrf": console.csrf,
            "jaar": "2026",
            "grootte": "middelgroot",
            "reden": "jaarrekening",
        },
        allow_redirects=False,
    )
    assert r.status == 303
    r = await console.client.post(
        "/onderneming/0403170701/grootte",
        data={"csrf": console.csrf, "jaar": "2026", "grootte": "groot", "reden": ""},
        allow_redirects=False,
    )
    assert r.status == 400
    async with store.transaction() as tx:
        assert await tx.grootte("0403170701", 2026) == "middelgroot"
        audit = await tx.auditregels()
    assert audit[0].actie == "grootte"
    assert audit[0].details == {
        "onderneming": "0403170701",
        "jaar": "2026",
        "van": "klein",
        "naar": "middelgroot",
        "reden": "jaarrekening",
    }
    assert {a.actie for a in audit} >= {"toegangscode", "recht", "grootte"}
