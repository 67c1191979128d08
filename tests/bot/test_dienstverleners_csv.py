"""The CSV import checks registration numbers against every prefix the rules ever had."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.store import parse_dienstverleners_csv
from domain_rules import alle_registratieprefixen
from tests.auxil.regelboek import regelboek_met_prefixen

CSV = (
    "naam,registratienummer,type\n"
    "Bureau Een,DV.B123456,advies\n"
    "Bureau Twee,dv.b 123457,opleiding\n"
    "School Drie,DV.O123458,opleiding\n"
)


def test_the_shipped_prefixes_refuse_an_unknown_one() -> None:
    good, bad = parse_dienstverleners_csv(CSV)
    assert [d.registratienummer for d in good] == ["DV.O123458"]
    assert [line for line, _ in bad] == [2, 3]
    assert all("ongeldig registratienummer" in reason for _, reason in bad)


def test_a_prefix_added_to_the_rules_is_imported_with_its_type(tmp_path: Path) -> None:
    boek = regelboek_met_prefixen(
        tmp_path,
        {date(2030, 1, 1): [("DV.O", "opleiding"), ("DV.A", "advies"), ("DV.B", "advies")]},
    )
    good, bad = parse_dienstverleners_csv(CSV, alle_registratieprefixen(boek))
    assert [(d.registratienummer, d.type) for d in good] == [
        ("DV.B123456", "advies"),
        ("DV.O123458", "opleiding"),
    ]
    assert bad == [(3, "type opleiding past niet bij registratienummer DV.B123457")]
