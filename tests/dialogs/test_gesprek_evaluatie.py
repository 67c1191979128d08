"""The labelled conversation set is well-formed, and its harness plays cases (no pass rates).

The set is nlu_data/evaluatie/gesprek/ (format in its README.md); the harness is
tests/dialogs/gesprek_evaluatie.py, used by benchmarks/bench_gesprek.py. Whether the engine
passes a case is measured by the benchmark, not asserted here.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.dialogs.gesprek_evaluatie import (
    ALL,
    CATEGORIES,
    DATA,
    HELDOUT,
    MENU,
    MIN_PER_CATEGORY,
    SAME,
    DataFout,
    Geval,
    Uitkomst,
    Verwacht,
    bestanden,
    laad_gevallen,
    same_value,
    speel,
    velden,
    vragen,
)

ROOT = Path(__file__).resolve().parents[2]
GEVALLEN = laad_gevallen()


def test_the_set_loads_with_every_category() -> None:
    per_category = Counter(g.categorie for g in GEVALLEN)
    assert set(per_category) == set(CATEGORIES)
    short = {c: n for c, n in per_category.items() if n < MIN_PER_CATEGORY}
    assert not short, f"fewer than {MIN_PER_CATEGORY} cases: {short}"
    assert len(GEVALLEN) >= 150


def test_about_a_third_is_held_out_in_every_category() -> None:
    held = [g for g in GEVALLEN if g.heldout]
    assert 0.25 <= len(held) / len(GEVALLEN) <= 0.4
    assert {g.categorie for g in held} == set(CATEGORIES)


def test_one_file_per_category_in_each_part() -> None:
    for part in (DATA, DATA / HELDOUT):
        names = sorted(p.stem for p in part.glob("*.yaml"))
        assert names == sorted(CATEGORIES), part
    for path in bestanden():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["categorie"] == path.stem, path
    # nlu_data/ is read as training data by its *.yml files; the cases must not be among them.
    assert not list(DATA.rglob("*.yml"))


def test_ids_are_unique_and_name_their_part() -> None:
    ids = [g.id for g in GEVALLEN]
    assert len(ids) == len(set(ids))
    for g in GEVALLEN:
        assert ("-h" in g.id) == g.heldout, g.id


@pytest.mark.parametrize("geval", GEVALLEN, ids=[g.id for g in GEVALLEN])
def test_each_case_names_known_things_and_expects_something(geval: Geval) -> None:
    v = geval.verwacht
    assert not v.leeg()
    assert geval.vraag in vragen()
    fields = set(velden())
    named = [*v.opgeslagen, *v.niet_opgeslagen, *v.nooit_gevraagd, *geval.antwoorden]
    named += [] if v.ongewijzigd == ALL else list(v.ongewijzigd)
    assert set(named) <= fields
    assert v.volgende is None or v.volgende in (*vragen(), SAME)
    assert date(2025, 1, 1) <= geval.datum <= date(2027, 12, 31)
    # At the menu the answers only serve what follows the message (nooit_gevraagd).
    assert geval.vraag != MENU or not geval.antwoorden or v.nooit_gevraagd


def test_messages_are_not_copies_of_each_other() -> None:
    messages = Counter((g.vraag, g.bericht.casefold().strip()) for g in GEVALLEN)
    assert [m for m, n in messages.items() if n > 1] == []


def _write(folder: Path, category: str, cases: list[dict[str, object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump({"categorie": category, "gevallen": cases}, allow_unicode=True)
    (folder / f"{category}.yaml").write_text(text, encoding="utf-8")


CASE = {"id": "x-01", "vraag": "kost", "datum": "2026-03-10", "bericht": "900"}


@pytest.mark.parametrize(
    ("case", "category", "message"),
    [
        (
            CASE | {"verwacht": {"opgeslagen": {"kost": "900"}}},
            "geen_categorie",
            "unknown category",
        ),
        (CASE | {"verwacht": {"opgeslagen": {"prijs": "900"}}}, "strikt", "unknown field"),
        (CASE | {"vraag": "prijs", "verwacht": {"volgende": SAME}}, "strikt", "question"),
        (CASE | {"verwacht": {"volgende": "prijs"}}, "strikt", "next question"),
        (CASE | {"verwacht": {}}, "strikt", "no expectation"),
        (CASE | {"verwacht": {"opgeslaan": {"kost": "900"}}}, "strikt", "opgeslaan"),
        (CASE | {"id": "X 1", "verwacht": {"volgende": SAME}}, "strikt", "lowercase"),
    ],
)
def test_a_malformed_case_is_refused(
    tmp_path: Path, case: dict[str, object], category: str, message: str
) -> None:
    _write(tmp_path, category, [case])
    with pytest.raises(DataFout, match=message):
        laad_gevallen(tmp_path)


def test_the_same_id_twice_is_refused(tmp_path: Path) -> None:
    case = CASE | {"verwacht": {"volgende": SAME}}
    _write(tmp_path, "strikt", [case])
    _write(tmp_path / HELDOUT, "strikt", [case])
    with pytest.raises(DataFout, match="also used"):
        laad_gevallen(tmp_path)


@pytest.mark.parametrize(
    ("got", "expected", "same"),
    [
        ("16", "16.00", True),
        ("1520.00", "1520", True),
        ("2E+1", "20", False),  # the JSON form of a decimal is plain
        ("2026-01-12", date(2026, 1, 12), True),
        ({"registratienummer": "DV.O213465", "naam": "Attentia NV"}, "DV.O213465", True),
        (["Jan Peeters", "An Janssens"], ["Jan Peeters", "An Janssens"], True),
        (["An Janssens", "Jan Peeters"], ["Jan Peeters", "An Janssens"], False),
        (True, True, True),
        ("ja", True, False),
        (2, 2, True),
        (None, "x", False),
    ],
)
def test_stored_values_compare_in_their_json_form(
    got: object, expected: object, same: bool
) -> None:
    assert same_value(got, expected) is same


def _by_id(*ids: str) -> list[Geval]:
    found = [g for g in GEVALLEN if g.id in ids]
    assert len(found) == len(ids)
    return found


async def _play(g: Geval) -> Uitkomst:
    result = await speel(g)
    assert result.fout is None, result.fout  # the question was reached, the engine did not raise
    return result


@pytest.mark.parametrize(
    "geval",
    _by_id("dzj-02", "vraag-14", "start-05", "jn-10", "nd-01", "st-07", "mf-09"),
    ids=lambda g: g.id,
)
async def test_the_harness_plays_a_case(geval: Geval) -> None:
    result = await _play(geval)
    assert result.antwoord
    assert result.geslaagd == (not result.onvervuld)
    if not result.geslaagd:
        assert result.reden == result.onvervuld[0]


async def test_an_expectation_that_cannot_hold_is_reported() -> None:
    (case,) = _by_id("dzj-02")
    wrong = case.model_copy(
        update={
            "verwacht": Verwacht(
                opgeslagen={"datum_overeenkomst": "1999-01-01"},
                niet_opgeslagen=["onderneming"],
                volgende="kost",
                tekst_bevat=["dit staat er niet"],
                effecten=["project_goedgekeurd"],
            )
        }
    )
    result = await _play(wrong)
    assert not result.geslaagd
    assert result.reden.startswith("datum_overeenkomst: stored ")
    assert len(result.onvervuld) == 5


async def test_an_unreachable_question_is_an_error_not_a_failure() -> None:
    (case,) = _by_id("mf-09")
    unreachable = case.model_copy(update={"vraag": "soort", "profiel": "advies"})
    result = await speel(unreachable)
    assert result.fout is not None and "not reached" in result.fout


def test_the_benchmark_runs_on_a_few_cases() -> None:
    run = subprocess.run(
        [sys.executable, "benchmarks/bench_gesprek.py", "--id", "st-07", "--id", "dzj-02"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "datum_zonder_jaar" in run.stdout and "strikt" in run.stdout
    assert "totaal" in run.stdout


WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


@pytest.mark.parametrize(
    "geval",
    [g for g in GEVALLEN if any(t.split()[0] in WEEKDAYS for t in g.verwacht.tekst_bevat)],
    ids=lambda g: g.id,
)
def test_a_date_said_back_is_the_stored_date_with_its_weekday(geval: Geval) -> None:
    dates = [
        date.fromisoformat(str(v))
        for f, v in geval.verwacht.opgeslagen.items()
        if f in ("datum_overeenkomst", "startdatum")
    ]
    for text in geval.verwacht.tekst_bevat:
        weekday, day, month, year = text.split()
        said = date(int(year), MONTHS.index(month) + 1, int(day))
        assert said in dates, text
        assert WEEKDAYS[said.weekday()] == weekday, text
