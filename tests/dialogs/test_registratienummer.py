"""The notation of a registration number is built from the prefixes of the dated parameter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dialogs import extract as extract_module
from dialogs import nlu
from dialogs.dienstverleners import Register
from dialogs.extract import extract
from dialogs.fields import default_table
from dialogs.models import Dienstverlener
from dialogs.nlu import codes as nlu_codes
from dialogs.nlu_loader import default_nlu_data
from tests.auxil.regelboek import regelboek_met_prefixen

TODAY = date(2026, 11, 27)


def _caches_legen() -> None:
    nlu.registratieprefixen.cache_clear()
    extract_module._regnr.cache_clear()


@pytest.fixture
def met_dv_b(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The rules get a prefix DV.B (advies) from 2030 on."""
    boek = regelboek_met_prefixen(
        tmp_path,
        {date(2030, 1, 1): [("DV.O", "opleiding"), ("DV.A", "advies"), ("DV.B", "advies")]},
    )
    monkeypatch.setattr(nlu_codes, "laad_regelboek", lambda: boek)
    _caches_legen()
    yield
    _caches_legen()


def test_the_shipped_prefixes_are_recognised() -> None:
    assert nlu.registratieprefixen() == ("DV.O", "DV.A")
    assert nlu.registratienummer("dv b 123456") is None


@pytest.mark.parametrize(
    "text", ["DV.B123456", "dv b 123456", "DV-B-123456", "dvb123456", " Dv.B 123456 "]
)
def test_an_added_prefix_is_recognised_in_every_notation(met_dv_b: None, text: str) -> None:
    assert nlu.registratieprefixen() == ("DV.O", "DV.A", "DV.B")
    assert nlu.registratienummer(text) == "DV.B123456"
    assert nlu.registratienummer("DV.0213465") == "DV.O213465"
    assert nlu.registratienummer("DV.C123456") is None


def test_an_added_prefix_is_found_in_a_sentence(met_dv_b: None) -> None:
    table = default_table()
    found = extract(
        "advies cybersecurity bij dv-b-123456, start 1 december",
        extractors=table.extractors(),
        today=TODAY,
        nlu_data=default_nlu_data(),
    )
    assert found["dienstverlener"] == "DV.B123456"


def test_bare_digits_try_every_prefix(met_dv_b: None) -> None:
    register = Register(
        [
            Dienstverlener(naam="Bureau Een", registratienummer="DV.B123456", type="advies"),
            Dienstverlener(naam="School Twee", registratienummer="DV.O123456", type="opleiding"),
        ]
    )
    found = [t.dienstverlener.registratienummer for t in register.zoek("123456")]
    assert found == ["DV.O123456", "DV.B123456"]


@pytest.mark.parametrize(
    ("text", "prefixen", "expected"),
    [
        ("dv b 123456", ["DV.O", "DV.B"], "DV.B123456"),
        ("dv o 123456", ["DV.O", "DV.B"], "DV.O123456"),
        ("dv a 123456", ["DV.O", "DV.B"], None),
        ("km0-0b 123456", ["KMO.OB"], "KMO.OB123456"),  # a zero for each letter O
        ("KMOOB123456", ["KMO.OB"], "KMO.OB123456"),
        ("DV.O213465", [], None),
        ("213465", [], None),
    ],
)
def test_registratienummer_with_given_prefixes(
    text: str, prefixen: list[str], expected: str | None
) -> None:
    assert nlu.registratienummer(text, prefixen) == expected
