"""The user's pick at the thema proposal is kept as a labelled example, for review only."""

from __future__ import annotations

from dialogs import thema
from tests.dialogs.driver import OPLEIDING, Gesprek, asks, texts


async def _naar_thema(answers: dict[str, str] = OPLEIDING) -> Gesprek:
    g = Gesprek()
    await g.send("nieuw")
    await g.answer_until("thema", answers)
    return g


async def test_an_accepted_proposal_is_kept_with_its_title() -> None:
    g = await _naar_thema()
    assert [c.value for c in g.state.choices] == ["voorstel:IT|Software", "andere"]
    turn = await g.send("ja")
    assert asks(turn) != "thema", texts(turn)
    assert g.ports.thema_keuzes == [("Excel voor gevorderden", "IT", "Software")]


async def test_a_pick_among_three_proposals_is_kept() -> None:
    g = await _naar_thema({**OPLEIDING, "naam": "Marketing, verkoop en communicatie"})
    keuzes = [c.value for c in g.state.choices]
    assert len(keuzes) == 4 and keuzes[-1] == "andere", keuzes
    turn = await g.send("2")
    assert asks(turn) != "thema", texts(turn)
    thema_, subthema = keuzes[1].removeprefix("voorstel:").split("|")
    assert g.ports.thema_keuzes == [("Marketing, verkoop en communicatie", thema_, subthema)]


async def test_iets_anders_keeps_nothing() -> None:
    g = await _naar_thema()
    await g.send("iets anders")
    assert g.ports.thema_keuzes == []


async def test_a_kept_pick_is_never_learned_from() -> None:
    g = await _naar_thema({**OPLEIDING, "naam": "Marketing, verkoop en communicatie"})
    before = thema.match_thema("Marketing, verkoop en communicatie")
    await g.send("3")
    assert g.ports.thema_keuzes
    assert thema.match_thema("Marketing, verkoop en communicatie") == before


async def test_a_subthema_picked_from_the_list_after_iets_anders_is_kept() -> None:
    g = await _naar_thema()
    await g.send("iets anders")
    turn = await g.send("HR")
    assert asks(turn) == "subthema", texts(turn)
    keuzes = [c.value for c in g.state.choices]
    turn = await g.send("1")
    assert asks(turn) != "subthema", texts(turn)
    assert g.ports.thema_keuzes == [("Excel voor gevorderden", "HR", keuzes[0])]


async def test_nothing_is_kept_in_the_demo() -> None:
    g = Gesprek()
    turn = await g.send("demo")
    gevraagd = [asks(turn)]
    for _ in range(30):
        turn = await g.send("")
        gevraagd.append(asks(turn))
        if gevraagd[-1] is None:
            break
    assert "thema" in gevraagd and gevraagd[-1] is None, gevraagd
    assert g.ports.thema_keuzes == []
