"""Yes and no as people say them, and the words that keep the current answer."""

from __future__ import annotations

import pytest

from dialogs import nlu
from dialogs.nlu_loader import default_nlu_data, fold, load_nlu_data

YES = [
    "ja hoor",
    "jazeker",
    "uiteraard",
    "dat klopt",
    "jep dat klopt",
    "ja natuurlijk",
    "ja ik verklaar het op eer",
    "Ja, ik verklaar dit op eer.",
    "zeker",
    "akkoord",
    "ok",
    "oké",
    "OK!",
    "👍",
    "👍🏻",
    "ja 😊",
    "Ja!!",
    "euh ja",
    "ja, dank u",
    "ok dan",
    "goed zo",
    "is goed",
    "dat is juist",
    "ja hoor, dat klopt",
    "Jawel hoor",
]
NO = [
    "liever niet",
    "nee hoor",
    "neen",
    "nope",
    "niet echt",
    "helemaal niet",
    "Nee!",
    "nee, dank u",
    "nee zeker niet",
    "hmm nee",
    "👎",
    "nog niet",
    "neen, dank je wel",
]
NEITHER = [
    "ja toch?",
    "klopt dat?",
    "klopt dat",
    "is dat zo",
    "ok?",
    "ja nee",
    "ja, nee toch niet",
    "niet zeker",
    "nee, dat klopt",
    "ja maar",
    "ja toch",
    "misschien",
    "ik denk het wel",
    "ja 12",
    "",
    "😊",
    "?",
    "laat maar",
    "behouden",
    "ja " * 30,
]


@pytest.mark.parametrize("text", YES)
def test_yes_as_people_say_it(text: str) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is True


@pytest.mark.parametrize("text", NO)
def test_no_as_people_say_it(text: str) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is False


@pytest.mark.parametrize("text", NEITHER)
def test_both_a_question_or_another_word_is_neither(text: str) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is None


KEEP = [
    ("behouden", True),
    ("ok", True),
    ("klopt", True),
    ("laat maar", True),
    ("laat maar zo", True),
    ("goed zo", True),
    ("dat is juist", True),
    ("is goed", True),
    ("ja", True),
    ("hetzelfde graag", True),
    ("ok, behouden", True),
    ("laat maar zo hoor", True),
    ("nee", False),
    ("niet behouden", False),
    ("nee, behouden", False),
    ("behouden?", False),
    ("1200 euro", False),
    ("misschien", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), KEEP)
def test_behouden_accepts_the_keep_words_and_the_affirmations(text: str, expected: bool) -> None:
    assert nlu.behouden(text, default_nlu_data()) is expected


def test_keep_words_are_an_intent_of_their_own() -> None:
    """ "laat maar" keeps the answer; it is no yes to a ja/nee question."""
    data = default_nlu_data()
    for text in ("laat maar", "laat het zo", "ongewijzigd", "zo laten"):
        assert data.intent(text) == "cmd_behouden"
        assert nlu.yes_no(text, data) is None
    for text in ("ok", "klopt", "goed zo", "dat is juist", "is goed"):
        assert data.intent(text) == "affirm"


def test_the_rules_read_the_nlu_data_not_code(tmp_path) -> None:
    """A filler word added to the data is understood; without the data nothing is."""
    lookups = tmp_path / "lookups"
    lookups.mkdir()
    (tmp_path / "intents.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: affirm\n  examples: |\n    - yo\n'
        "- intent: deny\n  examples: |\n    - nah\n",
        encoding="utf-8",
    )
    (lookups / "janee.yml").write_text(
        'version: "3.1"\nnlu:\n- lookup: janee_vulwoord\n  examples: |\n    - zeg\n',
        encoding="utf-8",
    )
    data = load_nlu_data(tmp_path)
    assert nlu.yes_no("yo zeg", data) is True
    assert nlu.yes_no("nah, zeg", data) is False
    assert nlu.yes_no("ja hoor", data) is None
    assert fold("Yo") in data.intents
