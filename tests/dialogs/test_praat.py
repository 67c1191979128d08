"""Yes/no in natural words at every ja/nee question, and changes of mind in words, end to end."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs import nlu
from dialogs.extract import has_correction_signal, wants_to_change
from dialogs.nlu_loader import default_nlu_data
from tests.dialogs.driver import Gesprek, asks, texts, waarde

YES = ["jaaa", "Jaaa hoor!", "ja, ik verklaar dat op eer", "alles klopt", "👌", "yup", "ja graag"]
NO = ["neee", "ne", "nee wacht", "nee sorry", "toch niet", "eigenlijk niet", "dat is niet juist"]
NEITHER = [
    "ja, maar ik wil nog iets aanpassen",
    "ja maar moet ik dan betalen",
    "ja, hoeveel krijg ik dan",
    "ja, 12 uur",
    "ja, wacht even",
    "ja, behalve de kost",
    "klopt toch",
]


@pytest.mark.parametrize("text", YES)
def test_yes_in_many_words(text: str) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is True


@pytest.mark.parametrize("text", NO)
def test_no_in_many_words(text: str) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is False


@pytest.mark.parametrize("text", NEITHER)
def test_a_condition_a_value_or_a_question_after_a_yes_is_no_plain_yes(text: str) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is None


def test_stretched_words_are_read_only_when_they_stretch_a_known_one() -> None:
    data = default_nlu_data()
    assert nlu.yes_no("neeeee", data) is False
    assert nlu.yes_no("zekerrr", data) is True
    assert nlu.yes_no("kaaas", data) is None


def test_signal_words_and_wishes_to_change_come_from_the_data() -> None:
    data = default_nlu_data()
    assert has_correction_signal("mijn fout, het zijn 24 uren", data)
    assert has_correction_signal("de kost wordt 1.400 euro", data)
    assert not has_correction_signal("24 uur", data)
    assert wants_to_change("ja, maar ik wil nog iets aanpassen", data)
    assert not wants_to_change("Aanpassen van processen", data)


async def test_verklaring_with_a_wish_to_change_asks_which_field() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    await chat.answer_until(None)
    turn = await chat.send("ja, maar ik wil nog iets aanpassen")
    assert not any(e.kind == "project_goedgekeurd" for e in turn.effects)
    assert "Welk gegeven" in texts(turn)
    turn = await chat.send("ok, maar eerst wil ik de kost nog wijzigen")
    assert asks(turn) in ("kost", "wijzig_veld")


async def test_verklaring_in_words_approves() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    await chat.answer_until(None)
    turn = await chat.send("Ja, dat verklaar ik op eer 👌")
    assert any(e.kind == "project_goedgekeurd" for e in turn.effects)


async def test_a_no_with_a_wait_at_the_cancel_confirmation_goes_on() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    await chat.answer_until("kost")
    await chat.send("annuleer")
    turn = await chat.send("nee wacht")
    assert asks(turn) == "kost"
    assert chat.state.mode == "aanvraag"


async def test_mijn_fout_changes_the_hours_not_the_cost() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    await chat.answer_until("kost")
    turn = await chat.send("mijn fout, het zijn 24 uren")
    assert waarde(chat.state, "uren") is not None
    assert str(chat.state.aanvraag.raw("uren")).startswith("24")
    assert chat.state.aanvraag.raw("kost") is None
    assert asks(turn) == "kost"


async def test_a_new_count_drops_names_that_no_longer_fit() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    await chat.answer_until("kost")
    await chat.send("verbetering: het aantal deelnemers moet 3 zijn")
    assert chat.state.aanvraag.raw("deelnemers") == 3
    assert chat.state.aanvraag.raw("deelnemer_namen") is None


async def test_a_restated_answer_is_said_and_nothing_changes() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    await chat.answer_until(None)
    before = chat.state.aanvraag
    turn = await chat.send("toch klassikaal, niet online")
    assert chat.state.aanvraag == before
    assert "er verandert niets" in texts(turn)


async def test_a_title_with_a_signal_word_stays_a_title() -> None:
    chat = Gesprek(today=date(2026, 3, 10))
    await chat.send("nieuw")
    await chat.answer_until("naam")
    await chat.send("Toch klein beginnen")
    assert chat.state.aanvraag.raw("naam") == "Toch klein beginnen"
    assert chat.state.aanvraag.raw("grootte") == "klein"


async def test_lowercase_names_after_a_count_in_an_opening_message() -> None:
    chat = Gesprek()
    await chat.send(resume=True)
    await chat.send(
        "hallo wij willen de cursus vca basis volgen met 3 man tom wouters sven de smet en "
        "ilse maes 8 uur bij vormetal start op 9 maart kostprijs 450 euro"
    )
    assert chat.state.aanvraag.raw("deelnemer_namen") == [
        "tom wouters",
        "sven de smet",
        "ilse maes",
    ]


async def test_lowercase_words_that_do_not_match_the_count_are_no_names() -> None:
    chat = Gesprek()
    await chat.send(resume=True)
    await chat.send("we willen de cursus vca basis volgen met 3 man tom wouters en sven 8 uur")
    assert chat.state.aanvraag.raw("deelnemer_namen") is None


async def test_a_project_described_at_the_nace_question_is_kept_and_the_code_asked_again() -> None:
    chat = Gesprek()
    await chat.send("nieuw")
    await chat.answer_until("nace")
    turn = await chat.send(
        "Ik wil een opleiding Excel gevorderd voor 2 mensen (Jan Peeters en An Janssens), "
        "16 uur, € 900, bij Attentia"
    )
    assert asks(turn) == "nace"
    assert waarde(chat.state, "type") == "opleiding"
    assert waarde(chat.state, "uren") == 16
    turn = await chat.send("62.100")
    assert asks(turn) not in ("type", "uren", "kost", "deelnemers")


@pytest.mark.parametrize(
    ("text", "naam"),
    [
        ("hallo, subsidie voor een opleiding aub 😊", None),
        ("ik wil een aanvraag voor een opleiding alsjeblieft", None),
        ("aanvraag voor de opleiding Boekhouden voor starters graag", "Boekhouden voor starters"),
        ("opleiding Excel & Word 👍", "Excel & Word"),
    ],
)
async def test_politeness_and_emoji_after_the_type_are_no_title(
    text: str, naam: str | None
) -> None:
    chat = Gesprek()
    await chat.send(resume=True)
    await chat.send(text)
    assert chat.state.aanvraag.raw("type") == "opleiding"
    assert chat.state.aanvraag.raw("naam") == naam


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("Correct factureren in de bouw", True),
        ("Juist communiceren", True),
        ("Akkoord bereiken met leveranciers", True),
        ("ja", False),
        ("jep dat klopt", False),
        ("nee hoor", False),
        ("ok", False),
    ],
)
async def test_at_the_name_a_title_starting_with_a_yes_word_is_a_title(
    text: str, stored: bool
) -> None:
    chat = Gesprek(today=date(2026, 3, 10))
    await chat.send("nieuw")
    await chat.answer_until("naam")
    turn = await chat.send(text)
    assert (chat.state.aanvraag.raw("naam") == text) is stored, texts(turn)
    if not stored:
        assert asks(turn) == "naam"


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("kunt u mij helpen een aanvraag in te dienen?", None),
        ("mag ik hier een advies aanvragen?", "advies"),
        ("hoe dien ik een projectaanvraag in", None),
        ("nieuwe aanvraag opleiding", "opleiding"),
        ("aanvraag advies", "advies"),
    ],
)
async def test_at_the_menu_a_wish_to_start_asked_as_a_question_starts(
    text: str, type_: str | None
) -> None:
    chat = Gesprek()
    await chat.send(resume=True)
    turn = await chat.send(text)
    assert chat.state.mode == "aanvraag", texts(turn)
    assert chat.state.aanvraag.raw("type") == type_


@pytest.mark.parametrize(
    "text",
    [
        "wanneer moet ik de aanvraag indienen?",
        "kan ik nog een aanvraag doen als het advies al gestart is?",
        "hoeveel subsidie kan ik aanvragen?",
    ],
)
async def test_at_the_menu_a_question_about_a_rule_is_answered(text: str) -> None:
    chat = Gesprek()
    await chat.send(resume=True)
    turn = await chat.send(text)
    assert chat.state.mode == "idle"
    assert any(m.id.startswith("faq.") for m in turn.messages), texts(turn)


async def test_rather_an_advies_than_an_opleiding_changes_the_type_and_names_no_project() -> None:
    chat = Gesprek(today=date(2026, 3, 10))
    await chat.send("nieuw")
    await chat.answer_until("bedrijfsfunctioneren")
    naam = chat.state.aanvraag.raw("naam")
    turn = await chat.send("het is veeleer een advies dan een opleiding")
    assert chat.state.aanvraag.raw("type") == "advies", texts(turn)
    assert chat.state.aanvraag.raw("naam") == naam
    assert chat.state.aanvraag.raw("deelnemers") is None  # an advies has no deelnemers


@pytest.mark.parametrize(
    ("text", "namen"),
    [
        ("sorry, de deelnemers zijn Karen Claes en Bert Smet", ["Karen Claes", "Bert Smet"]),
        ("de cursisten heten Lotte Peeters en Wim Maes", ["Lotte Peeters", "Wim Maes"]),
    ],
)
async def test_people_named_after_a_verb_replace_the_names(text: str, namen: list[str]) -> None:
    chat = Gesprek(today=date(2026, 3, 10))
    await chat.send("nieuw")
    await chat.answer_until("bedrijfsfunctioneren")
    turn = await chat.send(text)
    assert chat.state.aanvraag.raw("deelnemer_namen") == namen, texts(turn)


async def test_at_several_thema_proposals_other_facts_are_kept_and_the_refusal_fits() -> None:
    chat = Gesprek(today=date(2026, 3, 10))
    await chat.send("nieuw")
    await chat.answer_until("naam")
    await chat.send("Correct omgaan met klanten")
    await chat.answer_until("thema")
    assert len(chat.state.proposals) > 1
    turn = await chat.send("16 uur in totaal, € 1.250,50")
    assert chat.state.aanvraag.raw("uren") == "16"
    assert chat.state.aanvraag.raw("kost") == "1250.50"
    assert asks(turn) == "thema"
    turn = await chat.send("qwerty")
    assert [m.id for m in turn.messages][0] == "fout.thema_niet_begrepen_lijst"
    assert "Kies Ja" not in texts(turn)
    assert asks(turn) == "thema"
