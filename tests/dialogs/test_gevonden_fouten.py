"""Engine bugs found while moving the conversation tests to the thema proposals.

Each test states the behaviour the conversation should have; it fails until the engine is fixed
(the tests do not fix anything themselves). The same chat driver as the odd-input tests is used.
"""

from __future__ import annotations

from tests.dialogs.driver import OPLEIDING, Gesprek, asks, problems, texts, waarde

ADVIES = {**OPLEIDING, "type": "2", "naam": "Energie-audit van het magazijn"}


async def _naar(veld: str | None, answers: dict[str, str] = OPLEIDING) -> Gesprek:
    g = Gesprek()
    await g.send("nieuw")
    await g.answer_until(veld, answers)
    return g


async def test_a_thema_name_typed_at_the_proposal_is_understood() -> None:
    """At "Bij 'Excel voor gevorderden' past … IT – Software. Klopt dat?" the user types "HR".

    A thema of the list is the clearest answer there is (and the question, after terug or
    wijzig, even says "geef een nieuw antwoord"); the engine answers "Dat begreep ik niet".
    """
    g = await _naar("thema")
    assert [c.value for c in g.state.choices] == ["voorstel:IT|Software", "andere"]
    turn = await g.send("HR")
    assert problems(turn) == [], texts(turn)
    assert asks(turn) == "subthema", texts(turn)
    assert waarde(g.state, "thema") == "HR"


async def test_advies_text_about_another_subthema_is_not_silently_ignored() -> None:
    """Advies on 10/03/2026, at "… alleen nog in aanmerking voor IT – Cybersecurity. Gaat het
    daarover?" the user types what the advies is about ("energie-audit").

    The engine asks exactly the same question again without a word about why (no message, no
    problem id); it should say that only Cybersecurity is possible (or that it did not
    understand), as it does for any other answer it cannot use.
    """
    g = await _naar("thema", ADVIES)
    assert [c.value for c in g.state.choices] == ["voorstel:IT|Cybersecurity", "andere"]
    turn = await g.send("energie-audit")
    assert asks(turn) == "thema"
    assert len(turn.messages) >= 2, texts(turn)
    assert problems(turn), texts(turn)


async def test_terug_at_the_exclusion_question_goes_back_to_the_name() -> None:
    """At "U schrijft 'NLP'. Gaat het om Neuro-Linguistic Programming (NLP)? …" the user types
    terug: the engine says "Dit is de eerste vraag; verder terug kan niet." (it is not) and stays.
    The question before it is the name."""
    g = await _naar("naam")
    turn = await g.send("NLP met Python")
    assert asks(turn) == "bevestig_uitsluiting"
    turn = await g.send("terug")
    assert "Dit is de eerste vraag" not in texts(turn)
    assert asks(turn) == "naam", texts(turn)


async def test_wijzig_naam_gives_the_proposal_of_the_new_title() -> None:
    """Excel voor gevorderden (IT – Software accepted), then wijzig naam → "VCA basis", then
    wijzig thema: the engine says "Bij 'VCA basis' past volgens mij het thema IT – Software",
    the proposal of the old title under the new one."""
    g = await _naar(None)
    await g.send("wijzig naam")
    turn = await g.send("VCA basis")
    assert asks(turn) == "verklaring"
    turn = await g.send("wijzig thema")
    assert asks(turn) == "thema"
    assert "Bij 'VCA basis' past volgens mij het thema IT – Software" not in texts(turn)
    assert [c.value for c in g.state.choices] == [
        "voorstel:Productie en Kwaliteit|Veiligheid op het werk",
        "andere",
    ], texts(turn)


async def test_three_names_with_commas_and_en_are_all_kept() -> None:
    """3 deelnemers, names "Jan Peeters, An Janssens en Mohamed El Amrani": the free-text
    extraction notes "aantal deelnemers: 2" and keeps only An Janssens and Mohamed El Amrani
    (also transcripts 03_opleiding_middelgroot and 22_behouden_na_wijzig_deelnemers)."""
    g = await _naar("deelnemer_namen", {**OPLEIDING, "deelnemers": "3"})
    turn = await g.send("Jan Peeters, An Janssens en Mohamed El Amrani")
    assert asks(turn) == "uren", texts(turn)
    namen = waarde(g.state, "deelnemer_namen")
    assert namen == ["Jan Peeters", "An Janssens", "Mohamed El Amrani"]
    assert waarde(g.state, "deelnemers") == 3


async def test_fewer_names_than_participants_is_asked_not_silently_recounted() -> None:
    """3 deelnemers, then two names "Jan Peeters en An Janssens": the count is changed to 2
    ("Genoteerd: aantal deelnemers: 2") instead of the aantal_namen question the engine asks
    for one name ("U gaf 1 namen op voor 2 deelnemers", transcript 08)."""
    g = await _naar("deelnemer_namen", {**OPLEIDING, "deelnemers": "3"})
    turn = await g.send("Jan Peeters en An Janssens")
    assert waarde(g.state, "deelnemers") == 3, texts(turn)
    assert "aantal_namen" in problems(turn), texts(turn)
    assert asks(turn) == "deelnemer_namen"


async def test_a_yes_or_no_at_the_name_question_is_no_name() -> None:
    """A "ja" meant for another question became the course name ("Welk thema past het best bij
    'ja'?"). A yes or no is refused at the name, with an example, and the name is asked again."""
    for answer in ("ja", "nee hoor", "jazeker"):
        g = await _naar("naam")
        turn = await g.send(answer)
        assert asks(turn) == "naam", texts(turn)
        assert waarde(g.state, "naam") is None
        assert f"'{answer}' is een antwoord, geen naam" in texts(turn)
        assert "Excel voor gevorderden" in texts(turn)
        turn = await g.send("Excel voor gevorderden")
        assert waarde(g.state, "naam") == "Excel voor gevorderden"
