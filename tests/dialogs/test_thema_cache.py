"""The thema model kept between starts: the same scores as trained, retrained when unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs import thema_leer
from dialogs.thema_leer import ThemaModel, Voorbeeld

VOORBEELDEN = [
    Voorbeeld("excel voor gevorderden", "Software"),
    Voorbeeld("word en powerpoint", "Software"),
    Voorbeeld("boekhouding voor kmo's", "Boekhouding"),
    Voorbeeld("btw-aangifte en jaarrekening", "Boekhouding"),
    Voorbeeld("heftruck veilig besturen", "Veiligheid"),
    Voorbeeld("vca basisveiligheid", "Veiligheid"),
]
TITELS = ["Excel gevorderd", "digitale boekhouding voor kappers", "VCA voor leidinggevenden"]


@pytest.fixture
def cache(tmp_path: Path):  # type: ignore[no-untyped-def]
    thema_leer.CACHE[:] = [tmp_path]
    yield tmp_path
    thema_leer.CACHE[:] = []


def test_a_kept_model_scores_as_the_trained_one(cache: Path) -> None:
    trained = ThemaModel(VOORBEELDEN)
    assert len(list(cache.glob("thema-*.npz"))) == 1
    loaded = ThemaModel(VOORBEELDEN)
    for titel in TITELS:
        assert loaded.scores(titel) == pytest.approx(trained.scores(titel), abs=1e-6)


def test_other_examples_are_another_model(cache: Path) -> None:
    ThemaModel(VOORBEELDEN)
    other = ThemaModel([*VOORBEELDEN, Voorbeeld("excel draaitabellen", "Software")])
    assert len(list(cache.glob("thema-*.npz"))) == 1  # the old one is replaced
    assert max(other.scores("draaitabellen"), key=other.scores("draaitabellen").get) == "Software"


def test_an_unreadable_file_is_trained_again(cache: Path) -> None:
    trained = ThemaModel(VOORBEELDEN)
    kept = next(cache.glob("thema-*.npz"))
    kept.write_bytes(b"geen numpy-bestand")
    again = ThemaModel(VOORBEELDEN)
    assert again.scores(TITELS[0]) == pytest.approx(trained.scores(TITELS[0]), abs=1e-6)
