"""NACE-BEL 2025 data: notations, hierarchy, section A remark with its sources, 2008 codes,
the data files' provenance and strictness, and the converter from the npm package.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

from domain_rules import DataFileError
from domain_rules.nace import (
    NIVEAUS,
    Aandachtspunt,
    aandachtspunt,
    alle_nace_codes,
    kinderen,
    nace_2008,
    nace_bron,
    nace_code,
    normaliseer_nace,
    subklassen,
)
from domain_rules.nace import _lees_codes as lees_codes

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "domain_rules" / "data"


@pytest.mark.parametrize(
    ("invoer", "kbo"),
    [
        ("62.100", "62.100"),
        ("62100", "62.100"),
        ("62.10.0", "62.100"),
        ("62 100", "62.100"),
        (" 62-100 ", "62.100"),
        ("62,100", "62.100"),
        ("62.10", "62.10"),
        ("6210", "62.10"),
        ("62.1", "62.1"),
        ("62", "62"),
        ("k", "K"),
        ("01110", "01.110"),
        ("", None),
        ("6", None),
        ("621000", None),
        ("62.1000", None),
        ("AB", None),
        ("kapper", None),
        ("62a100", None),
    ],
)
def test_normaliseer_nace_gives_kbo_notation(invoer: str, kbo: str | None) -> None:
    assert normaliseer_nace(invoer) == kbo


@pytest.mark.parametrize("notatie", ["62.100", "62100", "62.10.0", "62 100"])
def test_a_subclass_in_any_notation(notatie: str) -> None:
    code = nace_code(notatie)
    assert code is not None
    assert (code.code, code.niveau, code.ouder) == ("62.100", "subklasse", "62.10")
    assert code.sectie == "K"  # NACE Rev. 2.1 moved information and communication to K
    assert code.titel == "Ontwerpen van computerprogramma’s"


def test_every_level_is_there_with_its_count_and_shape() -> None:
    codes = alle_nace_codes()
    aantallen = {n: sum(1 for c in codes if c.niveau == n) for n in NIVEAUS}
    assert aantallen == {
        "sectie": 22,
        "afdeling": 87,
        "groep": 287,
        "klasse": 651,
        "subklasse": 977,
    }
    lengte = {"sectie": 1, "afdeling": 2, "groep": 4, "klasse": 5, "subklasse": 6}
    per_code = {c.code: c for c in codes}
    for c in codes:
        assert len(c.code) == lengte[c.niveau], c
        assert c.titel.strip() == c.titel and c.titel, c
        if c.niveau == "sectie":
            assert c.ouder is None and c.sectie == c.code
        else:
            assert c.ouder is not None
            ouder = per_code[c.ouder]
            assert NIVEAUS.index(ouder.niveau) == NIVEAUS.index(c.niveau) - 1, c
            assert c.sectie == ouder.sectie
            if c.niveau != "afdeling":
                assert c.code.startswith(c.ouder)


def test_dutch_descriptions_are_kept_for_word_search() -> None:
    frituur = nace_code("56.112")
    assert frituur is not None
    assert "frietkramen" in frituur.beschrijving
    assert "Kappers" in (nace_code("96.210") or frituur).titel
    assert sum(1 for c in alle_nace_codes() if c.beschrijving) > 500


def test_kinderen_and_subklassen_follow_the_hierarchy() -> None:
    assert [k.code for k in kinderen("62.10")] == ["62.100"]
    assert [k.code for k in kinderen("6210")] == ["62.100"]
    assert [k.code for k in kinderen("A")] == ["01", "02", "03"]
    assert [k.code for k in kinderen("43.22")] == ["43.221", "43.222", "43.223"]
    assert kinderen("62.100") == []
    assert kinderen("99.999") == []
    assert kinderen("onzin") == []
    assert [s.code for s in subklassen("56.1")] == ["56.111", "56.112", "56.120"]
    assert [s.code for s in subklassen("62.100")] == ["62.100"]
    assert len(subklassen("A")) == sum(
        1 for c in alle_nace_codes() if c.sectie == "A" and c.niveau == "subklasse"
    )
    assert subklassen("04") == []


@pytest.mark.parametrize("code", ["A", "01", "01.1", "01.11", "01.110", "02.100", "03110"])
def test_section_a_is_flagged_with_third_party_sources(code: str) -> None:
    punt = aandachtspunt(code)
    assert punt is not None
    assert punt.id == "nace_sectie_a"
    assert punt.codes == ("A",)
    assert punt.zekerheid == "derden"
    assert "in de regel niet in aanmerking" in punt.tekst
    assert "e-loket" in punt.tekst  # a signal, never a refusal
    assert [b.href for b in punt.bronnen] == [
        "https://www.boerenbond.be/actualiteit/kan-ik-beroep-doen-op-een-kmo-portefeuille",
        "https://www.centrumvoorafstandsonderwijs.be/kmo-portefeuille/",
    ]


@pytest.mark.parametrize("code", ["62.100", "B", "10.712", "86.230", "49.410", "99.000"])
def test_other_sections_are_not_flagged(code: str) -> None:
    assert aandachtspunt(code) is None


@pytest.mark.parametrize("code", ["", "04.000", "62.010", "kapper", "x" * 500])
def test_no_remark_for_what_is_not_a_2025_code(code: str) -> None:
    assert aandachtspunt(code) is None


def test_annex_is_recorded_as_not_available() -> None:
    tekst = (DATA / "nace_aandachtspunten.yaml").read_text(encoding="utf-8")
    assert "26 februari 2016" in tekst
    assert "beschikbaar: false" in tekst


@pytest.mark.parametrize(
    ("code", "kbo", "verwant", "niveau"),
    [
        ("62.010", "62.010", ["62.100", "62.200", "62.900"], "afdeling"),
        ("62010", "62.010", ["62.100", "62.200", "62.900"], "afdeling"),
        ("56.101", "56.101", ["56.111", "56.112", "56.120"], "groep"),
        ("6201", "62.01", ["62.100", "62.200", "62.900"], "afdeling"),
        ("43.219", "43.219", ["43.211", "43.212", "43.213", "43.214"], "klasse"),
    ],
)
def test_a_2008_code_is_recognised_by_shape_and_explained(
    code: str, kbo: str, verwant: list[str], niveau: str
) -> None:
    uitleg = nace_2008(code)
    assert uitleg is not None
    assert uitleg.code == kbo
    assert list(uitleg.verwant) == verwant
    assert uitleg.verwant_niveau == niveau
    assert uitleg.omzetting_beschikbaar is False  # no 2008-2025 table in the data
    assert kbo in uitleg.tekst and "NACE-BEL 2008" in uitleg.tekst and "2025" in uitleg.tekst
    assert "{code}" not in uitleg.tekst
    assert uitleg.bronnen[0].href.startswith("https://statbel.fgov.be/")


@pytest.mark.parametrize("code", ["62.100", "62.10", "04.000", "62", "62.1", "A", "", "kapper"])
def test_no_2008_explanation_for_valid_2025_codes_or_other_text(code: str) -> None:
    assert nace_2008(code) is None


def test_source_version_licence_and_date_are_in_the_data_file() -> None:
    bron = nace_bron()
    assert (bron.pakket, bron.versie, bron.licentie) == ("nace-codes", "1.0.3", "MIT")
    assert bron.classificatie == "NACE-BEL 2025"
    assert bron.copyright == "Copyright (c) 2025 Ingram Technologies"
    assert bron.omgezet_op == date(2026, 11, 27)
    assert bron.nace_bel_2008_beschikbaar is False
    meta = json.loads((DATA / "nace_bel_2025.json").read_text(encoding="utf-8"))["metadata"]
    assert "Permission is hereby granted" in meta["licentie"]["tekst"]
    assert len(meta["bron"]["sha256"]) == 64
    bronbestand = (DATA / "NACE-BRON.md").read_text(encoding="utf-8")
    assert "nace-codes 1.0.3" in bronbestand and "MIT" in bronbestand
    assert meta["licentie"]["tekst"] in bronbestand


def _codes_doc(rijen: list[list[object]], kolommen: list[str] | None = None) -> str:
    meta = json.loads((DATA / "nace_bel_2025.json").read_text(encoding="utf-8"))["metadata"]
    if kolommen is not None:
        meta["kolommen"] = kolommen
    return json.dumps({"metadata": meta, "codes": rijen})


def test_the_codes_loader_is_strict() -> None:
    pad = Path("nace.json")
    goed: list[list[object]] = [
        ["A", "sectie", "LANDBOUW", "", None],
        ["01", "afdeling", "Teelt", "", "A"],
    ]
    assert list(lees_codes(_codes_doc(goed), pad).codes) == ["A", "01"]
    with pytest.raises(DataFileError, match="occurs twice"):
        lees_codes(_codes_doc([*goed, goed[1]]), pad)
    with pytest.raises(DataFileError, match="columns"):
        lees_codes(_codes_doc(goed, ["code", "titel"]), pad)
    with pytest.raises(DataFileError, match="not a NACE-BEL data file"):
        lees_codes(_codes_doc([["01", "afdeling", "Teelt", "", "A"]]), pad)  # parent unknown
    with pytest.raises(DataFileError, match="not a NACE-BEL data file"):
        lees_codes(_codes_doc([["A", "rubriek", "X", "", None]]), pad)
    with pytest.raises(DataFileError, match="not a NACE-BEL data file"):
        lees_codes("{not json", pad)


def test_an_aandachtspunt_needs_a_source() -> None:
    with pytest.raises(ValidationError):
        Aandachtspunt(id="x", codes=("A",), tekst="t", zekerheid="derden", bronnen=())
    with pytest.raises(ValidationError):
        Aandachtspunt.model_validate(
            {
                "id": "x",
                "codes": ["A"],
                "tekst": "t",
                "zekerheid": "misschien",
                "bronnen": [{"title": "t", "href": "https://example.org"}],
            }
        )


def _converter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("convert_nace", ROOT / "scripts/convert_nace.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["convert_nace"] = module
    spec.loader.exec_module(module)
    return module


_BUNDEL = """// src/generated/nacebelData.ts
var nacebelData = [
  {
    LEVEL: "1",
    CODE: "A      ",
    version: "2025",
    NATIONAL_TITLE_BE_NL: "LANDBOUW, BOSBOUW EN VISSERIJ",
    NATIONAL_TITLE_BE_FR: 'Culture ""bio"" \\u00e9',
    NATIONAL_TITLE_BE_DE: `Land's \\n`,
    NATIONAL_TITLE_BE_EN: "AGRICULTURE"
  },
  {
    LEVEL: "2", CODE: "01     ", version: "2025",
    NATIONAL_TITLE_BE_NL: "Teelt  van gewassen", NATIONAL_TITLE_BE_FR: "",
    NATIONAL_TITLE_BE_DE: "", NATIONAL_TITLE_BE_EN: ""
  },
  {
    LEVEL: "3", CODE: "01.1", version: "2025", NATIONAL_TITLE_BE_NL: "Eenjarige gewassen",
    NATIONAL_TITLE_BE_FR: "", NATIONAL_TITLE_BE_DE: "", NATIONAL_TITLE_BE_EN: ""
  },
  {
    LEVEL: "4", CODE: "01.11", version: "2025", NATIONAL_TITLE_BE_NL: "Granen",
    NATIONAL_TITLE_BE_FR: "", NATIONAL_TITLE_BE_DE: "", NATIONAL_TITLE_BE_EN: ""
  },
  {
    LEVEL: "5", CODE: "01.110", version: "2025", NATIONAL_TITLE_BE_NL: "Granen",
    NATIONAL_TITLE_BE_FR: "", NATIONAL_TITLE_BE_DE: "", NATIONAL_TITLE_BE_EN: ""
  },
  {
    LEVEL: "7", CODE: "01.11001", version: "2025", NATIONAL_TITLE_BE_NL: "Graanteelt: tarwe",
    NATIONAL_TITLE_BE_FR: "", NATIONAL_TITLE_BE_DE: "", NATIONAL_TITLE_BE_EN: ""
  },
  {
    LEVEL: "7", CODE: "01.11002", version: "2025", NATIONAL_TITLE_BE_NL: "Teelt van bonen",
    NATIONAL_TITLE_BE_FR: "", NATIONAL_TITLE_BE_DE: "", NATIONAL_TITLE_BE_EN: ""
  }
];
var naceStructure = [
  { ORDER_KEY: "20", ID: "01", CODE: "01", NAME: "Crops", PARENT_ID: "A", PARENT_CODE: "A",
    LEVEL: "2", Implementation_rule: "", Includes: "", IncludesAlso: "", Excludes: "" }
];
// src/nacebelDataLoader.ts
function loader() { return 1; }
"""


def _pakket(tmp_path: Path, bundel: str = _BUNDEL, versie: str = "1.0.3") -> Path:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "nacebel.js").write_text(bundel, encoding="utf-8")
    (tmp_path / "package.json").write_text(
        json.dumps({"name": "nace-codes", "version": versie, "license": "MIT"}), encoding="utf-8"
    )
    (tmp_path / "LICENSE").write_text(
        "MIT License\n\nCopyright (c) 2025 Ingram Technologies\n", encoding="utf-8"
    )
    return tmp_path


def test_converter_reads_the_bundle_and_writes_every_level(tmp_path: Path) -> None:
    convert = _converter()
    rijen = convert._js_array(_BUNDEL, "nacebelData")
    assert rijen[0]["NATIONAL_TITLE_BE_FR"] == 'Culture ""bio"" é'
    assert rijen[0]["NATIONAL_TITLE_BE_DE"] == "Land's \n"
    uit = tmp_path / "out.json"
    assert convert.main([str(_pakket(tmp_path)), "--out", str(uit), "--datum", "2026-01-02"]) == 0
    doc = json.loads(uit.read_text(encoding="utf-8"))
    assert doc["metadata"]["omgezet_op"] == "2026-01-02"
    assert doc["metadata"]["bron"]["versie"] == "1.0.3"
    assert doc["metadata"]["aantallen"]["toelichtingsregels"] == 2
    assert doc["codes"] == [
        ["A", "sectie", "LANDBOUW, BOSBOUW EN VISSERIJ", "", None],
        ["01", "afdeling", "Teelt van gewassen", "", "A"],
        ["01.1", "groep", "Eenjarige gewassen", "", "01"],
        ["01.11", "klasse", "Granen", "", "01.1"],
        ["01.110", "subklasse", "Granen", "Graanteelt: tarwe\nTeelt van bonen", "01.11"],
    ]
    assert lees_codes(uit.read_text(encoding="utf-8"), uit).codes["01.110"].sectie == "A"


@pytest.mark.parametrize(
    ("vervang", "door"),
    [
        ('CODE: "01.11001"', 'CODE: "01.99901"'),  # description of an unknown subclass
        ('version: "2025"', 'version: "2008"'),
        ('LEVEL: "3"', 'LEVEL: "6"'),
        ('"Granen",\n    NATIONAL_TITLE_BE_FR: "", NATIONAL_TITLE_BE_DE: "", NATIONAL', "1,\n  N"),
    ],
)
def test_converter_refuses_what_it_does_not_expect(
    tmp_path: Path, vervang: str, door: str, capsys: pytest.CaptureFixture[str]
) -> None:
    convert = _converter()
    assert vervang in _BUNDEL
    pakket = _pakket(tmp_path, _BUNDEL.replace(vervang, door, 1))
    assert convert.main([str(pakket), "--out", str(tmp_path / "x.json")]) == 1
    assert "convert_nace:" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_converter_refuses_another_version(tmp_path: Path) -> None:
    convert = _converter()
    pakket = _pakket(tmp_path, versie="2.0.0")
    assert convert.main([str(pakket), "--out", str(tmp_path / "x.json")]) == 1
