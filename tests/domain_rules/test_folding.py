"""The one folding of the project: `fold` for whole texts, `fold_char` where offsets matter."""

import re
from pathlib import Path

import pytest

import dialogs.nlu_loader
from domain_rules.folding import fold, fold_char, words

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Été", "ete"),
        ("  Straße \t en\nCAFÉ ", "strasse en cafe"),
        ("ﬁnanciën", "financien"),  # compatibility ligature, diaeresis
        ("e\u0301cole", "ecole"),  # a separate combining accent
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize("text", ["Été à Gent", "Straße", "ﬁ Œuvre ǅ", "e\u0301 ½ №", "C# & C++"])
def test_fold_char_per_character_gives_fold(text: str) -> None:
    assert fold(text) == " ".join("".join(fold_char(ch) for ch in text).split())


def test_fold_char_keeps_one_character_apart() -> None:
    assert fold_char("É") == "e"
    assert fold_char("ß") == "ss"
    assert fold_char("\u0301") == ""
    assert fold_char(" ") == " "


def test_words() -> None:
    assert words("Éénmanszaak/BV-oprichting") == ("eenmanszaak", "bv", "oprichting")


def test_the_loader_re_exports_the_one_fold() -> None:
    assert dialogs.nlu_loader.fold is fold


def test_only_folding_py_folds() -> None:
    # nlu.clean normalises input (NFKC); every other normalize call would be a second folding.
    found = sorted(
        f"{path.relative_to(ROOT)}:{m.group()}"
        for folder in ("bot", "dialogs", "domain_rules")
        for path in (ROOT / folder).rglob("*.py")
        for m in re.finditer(r"unicodedata\.normalize\(\"NF\w+\"", path.read_text("utf-8"))
    )
    assert found == [
        'dialogs/nlu/basis.py:unicodedata.normalize("NFKC"',
        'domain_rules/folding.py:unicodedata.normalize("NFKD"',
    ]
