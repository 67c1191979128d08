"""Loader tests: the parameter tree is strict and every error names the offending file.

Each test copies the package's real tree to a temporary folder and breaks one file.
"""

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from domain_rules import DataFileError, GeenRegels, laad_regelboek
from domain_rules.parameters import PARAMETERS_PAD

KLEIN = Path("steun/percentage/klein.yaml")

GELDIG_KLEIN = """\
description: Steunpercentage voor een kleine onderneming (standaard)
metadata:
  unit: ratio
  last_checked: 2026-11-27
values:
  2016-04-01:
    value: "0.40"
    reference: {title: "Bron A", href: "https://example.org/a"}
    zekerheid: bevestigd
  2019-12-01:
    value: "0.30"
    reference: {title: "Bron B", href: "https://example.org/b"}
    zekerheid: bevestigd
"""


@pytest.fixture
def boom(tmp_path: Path) -> Path:
    """A writable copy of the real parameter tree."""
    doel = tmp_path / "parameters"
    shutil.copytree(PARAMETERS_PAD, doel, ignore=shutil.ignore_patterns("__pycache__"))
    return doel


def _schrijf(boom: Path, relatief: Path, tekst: str) -> Path:
    pad = boom / relatief
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_copied_tree_loads_like_the_package_tree(boom: Path) -> None:
    kopie = laad_regelboek(boom)
    assert kopie.parameter_paths() == laad_regelboek().parameter_paths()
    assert kopie.at(date(2026, 3, 10)) == laad_regelboek().at(date(2026, 3, 10))


def test_valid_replacement_file_is_accepted(boom: Path) -> None:
    _schrijf(boom, KLEIN, GELDIG_KLEIN)
    assert laad_regelboek(boom).at(date(2019, 12, 1)).steunpercentage["klein"] == Decimal("0.30")


BROKEN_FILES = [
    pytest.param(
        GELDIG_KLEIN.replace("  2019-12-01:", "  2016-04-01:"),
        "duplicate key",
        id="duplicate-date-key",
    ),
    pytest.param(
        "description: eerste\n" + GELDIG_KLEIN,
        "duplicate key",
        id="duplicate-top-level-key",
    ),
    pytest.param(
        GELDIG_KLEIN.replace('    value: "0.30"', '    value: "0.30"\n    value: "0.31"'),
        "duplicate key",
        id="duplicate-value-key",
    ),
    pytest.param(
        GELDIG_KLEIN.replace('    reference: {title: "Bron B"', '    refrence: {title: "Bron B"'),
        "refrence",
        id="unknown-key-in-value",
    ),
    pytest.param(
        GELDIG_KLEIN.replace("  unit: ratio", "  unit: ratio\n  source: x"),
        "source",
        id="unknown-key-in-metadata",
    ),
    pytest.param(GELDIG_KLEIN + "label: x\n", "label", id="unknown-top-level-key"),
    pytest.param(
        GELDIG_KLEIN.replace("2016-04-01", "2020-04-01"),
        "strictly increasing",
        id="dates-not-increasing",
    ),
    pytest.param(
        GELDIG_KLEIN.replace("2016-04-01", "2016-4-1"),
        "ISO date",
        id="non-iso-date-key",
    ),
    pytest.param(
        GELDIG_KLEIN.replace("values:\n", "values: {}\n").split("values: {}")[0] + "values: {}\n",
        "at least one",
        id="no-values",
    ),
    pytest.param(
        GELDIG_KLEIN.replace('value: "0.40"', "value: 0.40"),
        "quoted decimal",
        id="unquoted-float-value",
    ),
    pytest.param(GELDIG_KLEIN.replace('"0.40"', '"1.40"'), "between 0 and 1", id="ratio-above-1"),
    pytest.param(
        GELDIG_KLEIN.replace("unit: ratio", "unit: percent"), "'EUR'", id="unit-not-in-list"
    ),
    pytest.param(
        GELDIG_KLEIN.replace("unit: ratio", "unit: EUR"), "unit must be", id="wrong-unit"
    ),
    pytest.param(
        GELDIG_KLEIN.replace("  last_checked: 2026-11-27\n", ""),
        "last_checked",
        id="missing-last-checked",
    ),
    pytest.param(
        GELDIG_KLEIN.replace(
            '    reference: {title: "Bron B", href: "https://example.org/b"}\n'
            + "    zekerheid: bevestigd\n",
            "",
        ),
        "reference",
        id="missing-reference",
    ),
    pytest.param(
        GELDIG_KLEIN.replace("    zekerheid: bevestigd\n", "", 1),
        "zekerheid",
        id="missing-zekerheid",
    ),
    pytest.param(
        GELDIG_KLEIN.replace("zekerheid: bevestigd", "zekerheid: zeker", 1),
        "zekerheid",
        id="unknown-zekerheid",
    ),
    pytest.param(
        GELDIG_KLEIN.replace("https://example.org/b", "example.org/b"),
        "http(s) URL",
        id="reference-not-a-url",
    ),
    pytest.param(GELDIG_KLEIN.replace('title: "Bron B"', 'title: " "'), "empty", id="empty-title"),
    pytest.param("description: [unclosed\n", "invalid YAML", id="invalid-yaml"),
]


@pytest.mark.parametrize(("tekst", "fragment"), BROKEN_FILES)
def test_broken_parameter_file_is_rejected_and_named(
    boom: Path, tekst: str, fragment: str
) -> None:
    pad = _schrijf(boom, KLEIN, tekst)
    with pytest.raises(DataFileError) as exc:
        laad_regelboek(boom)
    assert str(pad) in str(exc.value)
    assert fragment in str(exc.value)


BROKEN_OTHER_FILES = [
    pytest.param(
        Path("termijnen/storting.yaml"),
        "description: x\nmetadata: {unit: dagen, last_checked: 2026-11-27}\n"
        'values:\n  2016-04-01: {value: "30", reference: {title: t, href: "https://e.org"}, '
        "zekerheid: bevestigd}\n",
        "non-negative integer",
        id="dagen-as-string",
    ),
    pytest.param(
        Path("plafond/jaarplafond/klein.yaml"),
        "description: x\nmetadata: {unit: EUR, last_checked: 2026-11-27}\n"
        'values:\n  2016-04-01: {value: "7500.001", reference: {title: t, href: "https://e.org"}, '
        "zekerheid: bevestigd}\n",
        "fraction of a cent",
        id="eur-below-a-cent",
    ),
    pytest.param(
        Path("uitsluitingen/opleidingen.yaml"),
        "description: x\nmetadata: {unit: lijst, last_checked: 2026-11-27}\n"
        "values:\n  2016-04-01:\n"
        "    value: [{id: shiatsu, omschrijving: Shiatsu, trefwoorden: [shiatsu]}]\n"
        '    reference: {title: t, href: "https://e.org"}\n' + "    zekerheid: bevestigd\n",
        "trefwoorden",
        id="keywords-no-longer-in-domain-rules",
    ),
    pytest.param(
        Path("uitsluitingen/opleidingen.yaml"),
        "description: x\nmetadata: {unit: lijst, last_checked: 2026-11-27}\n"
        "values:\n  2016-04-01:\n    value: [{omschrijving: Shiatsu}]\n"
        '    reference: {title: t, href: "https://e.org"}\n' + "    zekerheid: bevestigd\n",
        "id\n  Field required",
        id="exclusion-without-id",
    ),
    pytest.param(
        Path("uitsluitingen/opleidingen.yaml"),
        "description: x\nmetadata: {unit: lijst, last_checked: 2026-11-27}\n"
        "values:\n  2016-04-01:\n    value: [{id: Shiatsu-therapie, omschrijving: Shiatsu}]\n"
        '    reference: {title: t, href: "https://e.org"}\n' + "    zekerheid: bevestigd\n",
        "lower-case letters, digits and underscores",
        id="id-not-snake-case",
    ),
    pytest.param(
        Path("uitsluitingen/opleidingen.yaml"),
        "description: x\nmetadata: {unit: lijst, last_checked: 2026-11-27}\n"
        "values:\n  2016-04-01:\n    value:\n"
        "      - {id: shiatsu, omschrijving: Shiatsu}\n"
        "      - {id: shiatsu, omschrijving: Shiatsu-massage}\n"
        '    reference: {title: t, href: "https://e.org"}\n' + "    zekerheid: bevestigd\n",
        "repeated",
        id="id-repeated",
    ),
    pytest.param(
        Path("steun/verhoogde_subthemas.yaml"),
        "description: x\nmetadata: {unit: lijst, last_checked: 2026-11-27}\n"
        "values:\n  2021-09-14:\n    value:\n"
        "      - {subthema: Cybersecurity, types: [opleiding]}\n"
        "      - {subthema: cybersecurity, types: [advies]}\n"
        '    reference: {title: t, href: "https://e.org"}\n' + "    zekerheid: bevestigd\n",
        "repeated",
        id="repeated-subthema",
    ),
    pytest.param(
        Path("steun/verhoogde_subthemas.yaml"),
        "description: x\nmetadata: {unit: lijst, last_checked: 2026-11-27}\n"
        "values:\n  2021-09-14:\n    value: [{subthema: Cybersecurity, types: [coaching]}]\n"
        '    reference: {title: t, href: "https://e.org"}\n' + "    zekerheid: bevestigd\n",
        "types must be",
        id="unknown-type",
    ),
    pytest.param(
        Path("steun/percentage/index.yaml"),
        "description: x\nomschrijving: y\n",
        "omschrijving",
        id="unknown-key-in-index",
    ),
    pytest.param(
        Path("steun/percentage/groot.yaml"),
        GELDIG_KLEIN,
        "unknown parameter",
        id="unknown-parameter-file",
    ),
    pytest.param(Path("steun/percentage/klein.yml"), GELDIG_KLEIN, ".yaml", id="yml-extension"),
]


@pytest.mark.parametrize(("relatief", "tekst", "fragment"), BROKEN_OTHER_FILES)
def test_other_broken_files_are_rejected_and_named(
    boom: Path, relatief: Path, tekst: str, fragment: str
) -> None:
    pad = _schrijf(boom, relatief, tekst)
    with pytest.raises(DataFileError) as exc:
        laad_regelboek(boom)
    assert str(pad) in str(exc.value)
    assert fragment in str(exc.value)


def test_missing_parameter_file_is_named(boom: Path) -> None:
    (boom / "termijnen" / "storting.yaml").unlink()
    with pytest.raises(DataFileError, match="missing parameter files: termijnen/storting"):
        laad_regelboek(boom)


def test_folder_without_index_is_rejected(boom: Path) -> None:
    index = boom / "termijnen" / "index.yaml"
    index.unlink()
    with pytest.raises(DataFileError) as exc:
        laad_regelboek(boom)
    assert str(index) in str(exc.value)


def test_index_files_are_not_parameters() -> None:
    paden = laad_regelboek().parameter_paths()
    assert paden
    assert not [p for p in paden if p == "index" or p.endswith("/index")]


def test_null_abolishes_a_required_value_from_its_date(boom: Path) -> None:
    pad = boom / "stortingsgegevens" / "iban.yaml"
    pad.write_text(
        pad.read_text(encoding="utf-8")
        + "  2030-01-01:\n    value: null\n"
        + '    reference: {title: "Aangekondigde wijziging", href: "https://example.org/x"}\n'
        + "    zekerheid: bevestigd\n",
        encoding="utf-8",
    )
    boek = laad_regelboek(boom)
    assert boek.at(date(2029, 12, 31)).stortingsgegevens.iban == "BE64 7330 3379 7052"
    with pytest.raises(GeenRegels, match="stortingsgegevens/iban"):
        boek.at(date(2030, 1, 1))


def test_announced_future_value_applies_from_its_date(boom: Path) -> None:
    _schrijf(
        boom,
        KLEIN,
        GELDIG_KLEIN
        + '  2030-01-01:\n    value: "0.25"\n'
        + '    reference: {title: "Aangekondigd", href: "https://example.org/c"}\n'
        + "    zekerheid: bevestigd\n",
    )
    boek = laad_regelboek(boom)
    assert boek.at(date(2029, 12, 31)).steunpercentage["klein"] == Decimal("0.30")
    assert boek.at(date(2030, 1, 1)).steunpercentage["klein"] == Decimal("0.25")
    assert boek.at(date(2030, 1, 1)).bronnen["steun/percentage/klein"].sinds == date(2030, 1, 1)
