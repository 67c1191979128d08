"""What a turn loads itself is frozen after it; an ordinary turn freezes nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.opwarmen import NaLaden


@pytest.fixture
def ontdooid() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_heap_that_grew_is_frozen_once(ontdooid: None) -> None:
    na_laden = NaLaden(groei=5_000)
    index = {f"woord{i}": [i] for i in range(10_000)}  # what a lazily loaded index adds
    assert na_laden.na_beurt()
    frozen = gc.get_freeze_count()
    assert frozen >= 20_000
    # The next turn adds nothing lasting: nothing more is frozen.
    tijdelijk = [[i] for i in range(1_000)]
    del tijdelijk
    assert not na_laden.na_beurt()
    assert gc.get_freeze_count() == frozen
    assert len(index) == 10_000


def test_ordinary_turns_freeze_nothing(ontdooid: None) -> None:
    na_laden = NaLaden()
    for _ in range(50):
        antwoord = {"tekst": "20/11/2026", "stukken": ["20", "11", "2026"]}
        del antwoord
        assert not na_laden.na_beurt()
    assert gc.get_freeze_count() == 0
