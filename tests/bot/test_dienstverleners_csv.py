"""The CSV import checks registration numbers against every prefix the rules ever had."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

from bot.dienstverleners_csv import parse_dienstverleners_csv
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


# --- hostile files ------------------------------------------------------------------------------

HEADER = "naam,registratienummer,type\n"


def test_a_field_over_the_csv_limit_is_a_reported_line_and_the_rest_is_read() -> None:
    text = (
        HEADER
        + "School Een,DV.O123451,opleiding\n"
        + "X" * 140_000
        + ",DV.O123452,opleiding\n"
        + '"'
        + "Y" * 140_000
        + '",DV.O123453,opleiding\n'
        + "School Vier,DV.O123454,opleiding\n"
    )
    good, bad = parse_dienstverleners_csv(text)
    assert [d.registratienummer for d in good] == ["DV.O123451", "DV.O123454"]
    assert bad == [(3, "veld langer dan 131072 tekens"), (4, "veld langer dan 131072 tekens")]


def test_long_names_control_characters_and_formulas_are_refused_with_their_line() -> None:
    text = (
        HEADER
        + f"{'N' * 201},DV.O123451,opleiding\n"
        + f"{'N' * 200},DV.O123452,opleiding\n"
        + "Nul\x00byte,DV.O123453,opleiding\n"
        + "Bel\x07,DV.O123454,opleiding\n"
        + '"Twee\nregels",DV.O123455,opleiding\n'
        + "=cmd|' /C calc'!A0,DV.O123456,opleiding\n"
        + "+32 bureau,DV.O123457,opleiding\n"
        + "-min,DV.O123458,opleiding\n"
        + "@SUM(1),DV.O123459,opleiding\n"
        + "Richting\u202eomgekeerd,DV.O123460,opleiding\n"
        + "School,DV.O123461,=opleiding\n"
    )
    good, bad = parse_dienstverleners_csv(text)
    assert [d.registratienummer for d in good] == ["DV.O123452"]
    reasons = dict(bad)
    assert sorted(reasons) == [2, 4, 5, 6, 8, 9, 10, 11, 12, 13]
    assert reasons[2] == "naam te lang (201 tekens, hoogstens 200)"
    assert reasons[4] == "naam: stuurteken U+0000 niet toegelaten"
    assert reasons[5] == "naam: stuurteken U+0007 niet toegelaten"
    assert reasons[6] == "naam: stuurteken U+000A niet toegelaten"
    for line, sign in ((8, "="), (9, "+"), (10, "-"), (11, "@")):
        assert reasons[line] == f"naam: mag niet beginnen met {sign!r} (formule in een rekenblad)"
    assert reasons[12] == "naam: stuurteken U+202E niet toegelaten"
    assert reasons[13].startswith("type: mag niet beginnen met '='")


def test_a_duplicate_number_in_one_file_keeps_the_first_and_reports_the_line() -> None:
    text = (
        HEADER
        + "Eerste School,DV.O123451,opleiding\n"
        + "Andere School,DV.O123452,opleiding\n"
        + "Tweede School,dv.o 123451,opleiding\n"
    )
    good, bad = parse_dienstverleners_csv(text)
    assert [(d.naam, d.registratienummer) for d in good] == [
        ("Eerste School", "DV.O123451"),
        ("Andere School", "DV.O123452"),
    ]
    assert bad == [(4, "registratienummer DV.O123451 staat al op regel 2")]


def _import(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    csv_file = tmp_path / "register.csv"
    csv_file.write_text(text, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "dienstverleners",
            "import",
            str(csv_file),
            "--db",
            str(tmp_path / "kmo.db"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_the_import_of_a_hostile_file_keeps_its_exit_codes(tmp_path: Path) -> None:
    some_bad = _import(
        tmp_path,
        HEADER
        + "Goede School,DV.O123451,opleiding\n"
        + "Z" * 200_000
        + ",DV.O123452,opleiding\n"
        + "=HYPERLINK(1),DV.O123453,opleiding\n"
        + "Goede School bis,DV.O123451,opleiding\n",
    )
    assert some_bad.returncode == 1, some_bad.stderr
    assert "Traceback" not in some_bad.stderr
    assert "1 dienstverleners ingelezen" in some_bad.stdout
    assert "regel 3: veld langer dan 131072 tekens" in some_bad.stdout
    assert "regel 4: naam: mag niet beginnen met '='" in some_bad.stdout
    assert "regel 5: registratienummer DV.O123451 staat al op regel 2" in some_bad.stdout
    assert "Z" * 300 not in some_bad.stdout
    with closing(sqlite3.connect(tmp_path / "kmo.db")) as conn:
        names = [
            r[0] for r in conn.execute("SELECT naam FROM dienstverleners WHERE bron = 'import'")
        ]
    assert names == ["Goede School"]

    nothing = _import(tmp_path, HEADER + "Nul\x00,DV.O123454,opleiding\n")
    assert nothing.returncode == 2, nothing.stderr
    assert "Traceback" not in nothing.stderr
    assert "regel 2: naam: stuurteken U+0000 niet toegelaten" in nothing.stdout

    ok = _import(tmp_path, HEADER + "Nog een School,DV.O123455,opleiding\n")
    assert ok.returncode == 0, ok.stderr
