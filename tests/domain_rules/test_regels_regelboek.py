"""Tests of the loaded rule book: snapshots, sources, metadata and the coverage of the rule cases.

The coverage tests read cases/*.yaml at test time and demand a day-before/day-of pair for every
effective date in the parameter tree and at least one case per Probleem id.
"""

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from regelgevallen import Geval

from domain_rules import PROBLEEM_IDS, GeenRegels, laad_regelboek
from domain_rules.parameters import PARAMETERS_PAD
from domain_rules.strict_yaml import load_yaml_file

CASES_DIR = Path(__file__).parent / "cases"


def _gevallen() -> list[Geval]:
    gevallen: list[Geval] = []
    for pad in sorted(CASES_DIR.glob("*.yaml")):
        inhoud = load_yaml_file(pad)
        assert isinstance(inhoud, list), pad
        gevallen.extend(Geval.model_validate(ruw) for ruw in inhoud)
    return gevallen


def _ingangsdata() -> set[date]:
    boek = laad_regelboek()
    return {w.sinds for p in boek.parameter_paths() for w in boek.parameter(p).waarden}


def test_effective_dates_are_the_known_ones() -> None:
    assert sorted(_ingangsdata()) == [
        date(2016, 4, 1),
        date(2019, 12, 1),
        date(2020, 1, 1),
        date(2020, 7, 1),
        date(2021, 7, 14),
        date(2021, 9, 14),
        date(2024, 6, 5),
        date(2026, 2, 1),
    ]


def test_every_effective_date_has_a_boundary_pair_of_cases() -> None:
    data = {g.datum for g in _gevallen()}
    ontbrekend = [
        dag
        for ingang in sorted(_ingangsdata())
        for dag in (ingang - timedelta(days=1), ingang)
        if dag not in data
    ]
    assert not ontbrekend, f"no rule case on: {ontbrekend}"


def test_every_probleem_id_has_a_case() -> None:
    gebruikt = {g.output.probleem for g in _gevallen()}
    assert set(PROBLEEM_IDS) <= gebruikt, set(PROBLEEM_IDS) - gebruikt


def test_no_rules_before_1_april_2016_with_a_dutch_message() -> None:
    with pytest.raises(GeenRegels) as exc:
        laad_regelboek().at(date(2016, 3, 31))
    assert str(exc.value) == (
        "Op 31 maart 2016 gelden er nog geen regels van de kmo-portefeuille: "
        "het huidige systeem begint op 1 april 2016."
    )
    assert exc.value.eerste_datum == date(2016, 4, 1)
    assert laad_regelboek().begin == date(2016, 4, 1)


def test_every_parameter_has_references_and_a_fresh_last_checked() -> None:
    boek = laad_regelboek()
    for path in boek.parameter_paths():
        parameter = boek.parameter(path)
        assert isinstance(parameter.last_checked, date), path
        assert parameter.description.strip(), path
        assert parameter.waarden, path
        # A value added later than the last check means the file was not re-checked.
        assert parameter.last_checked >= max(w.sinds for w in parameter.waarden), path
        for waarde in parameter.waarden:
            assert waarde.bron.title.strip(), (path, waarde.sinds)
            assert waarde.bron.href.startswith(("https://", "http://")), (path, waarde.sinds)
            assert waarde.bron.parameter == path


def test_every_folder_has_an_index_file() -> None:
    mappen = [PARAMETERS_PAD, *(p for p in PARAMETERS_PAD.rglob("*") if p.is_dir())]
    zonder = [m for m in mappen if m.name != "__pycache__" and not (m / "index.yaml").is_file()]
    assert not zonder


def test_snapshot_of_2026_has_all_current_rules() -> None:
    regels = laad_regelboek().at(date(2026, 3, 10))
    assert regels.op == date(2026, 3, 10)
    assert regels.steunpercentage == {"klein": Decimal("0.30"), "middelgroot": Decimal("0.20")}
    assert regels.verhoogd_steunpercentage == {
        "klein": Decimal("0.45"),
        "middelgroot": Decimal("0.35"),
    }
    assert regels.verhoogde_subthemas == {
        "Cybersecurity": ("opleiding", "advies"),
        "Energie-efficiëntie": ("opleiding",),
    }
    assert regels.jaarplafond == {"klein": Decimal("7500.00"), "middelgroot": Decimal("7500.00")}
    assert regels.minimum_projectbedrag == {
        "opleiding": Decimal("100.00"),
        "advies": Decimal("500.00"),
    }
    assert (regels.aanvraagtermijn_dagen, regels.stortingstermijn_dagen) == (14, 30)
    assert regels.advies_toegelaten_subthemas == ("Cybersecurity",)
    assert len(regels.uitgesloten_opleidingen) == 22
    assert regels.stortingsgegevens.begunstigde == "N.V. Sodexo Pass Belgium"
    assert regels.stortingsgegevens.adres == "Charles Lemairestraat 1, 1160 Brussel"
    assert regels.registratieprefixen == {"DV.O": "opleiding", "DV.A": "advies"}
    assert set(regels.bronnen) == set(laad_regelboek().parameter_paths())


def test_snapshot_of_2016_has_no_raised_rate_and_all_advice_allowed() -> None:
    regels = laad_regelboek().at(date(2016, 4, 1))
    assert regels.verhoogd_steunpercentage == {}
    assert regels.verhoogde_subthemas == {}
    assert regels.advies_toegelaten_subthemas is None
    assert regels.uitgesloten_opleidingen == ()
    assert "steun/verhoogd_percentage/klein" not in regels.bronnen
    assert regels.bronnen["advies/toegelaten_subthemas"].sinds == date(2016, 4, 1)


def test_exclusion_list_grows_from_16_to_22_known_items() -> None:
    boek = laad_regelboek()
    assert len(boek.at(date(2020, 6, 30)).uitgesloten_opleidingen) == 0
    assert len(boek.at(date(2020, 7, 1)).uitgesloten_opleidingen) == 16
    assert len(boek.at(date(2021, 7, 13)).uitgesloten_opleidingen) == 16
    later = boek.at(date(2021, 7, 14)).uitgesloten_opleidingen
    assert len(later) == 22
    assert later[:16] == boek.at(date(2020, 7, 1)).uitgesloten_opleidingen


def test_sources_carry_the_unconfirmed_notes() -> None:
    bronnen = laad_regelboek().at(date(2026, 3, 10)).bronnen
    assert "niet bevestigd" in (bronnen["steun/verhoogde_subthemas"].note or "")
    assert "niet bevestigd" in (bronnen["uitsluitingen/opleidingen"].note or "")
    assert "Pluxee" in (bronnen["stortingsgegevens/begunstigde"].note or "")
    assert "geen begindatum" in (bronnen["minimum/projectbedrag/opleiding"].note or "")
    assert "niet bevestigd" in (bronnen["minimum/projectbedrag/advies"].note or "")
    assert bronnen["stortingsgegevens/iban"].href == (
        "https://www.vlaanderen.be/economie-en-ondernemen/opleiding-en-advies/"
        "projectaanvraag-indienen-in-de-kmo-portefeuille"
    )


def test_snapshot_is_frozen() -> None:
    regels = laad_regelboek().at(date(2026, 3, 10))
    with pytest.raises(ValidationError):
        regels.aanvraagtermijn_dagen = 30  # type: ignore[misc]


def test_default_rule_book_is_loaded_once() -> None:
    assert laad_regelboek() is laad_regelboek()
    assert laad_regelboek(PARAMETERS_PAD) is not laad_regelboek()


def test_importing_the_package_reads_no_files() -> None:
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None)\n"
        "import domain_rules\n"
        "print([p for p in opened if p.endswith('.yaml')])\n"
    )
    uitvoer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert uitvoer.strip() == "[]"
