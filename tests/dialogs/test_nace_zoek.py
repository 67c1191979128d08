"""NACE-BEL search: every code notation, class -> subclasses, 2008 codes, section A, activity
words (labelled accuracy), odd inputs, the synonym file, and `kmobot nace zoek --json`.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dialogs.nace import (
    NaceSynoniemen,
    NaceZoekresultaat,
    bouw_index,
    lees_synoniemen,
    nace_synoniemen,
    zoek_nace,
)
from dialogs.nlu_loader import NluDataError, default_nlu_data, fold
from domain_rules.nace import nace_code

ROOT = Path(__file__).resolve().parents[2]
WOORDEN_CSV = Path(__file__).parent / "data" / "nace_woorden.csv"
SOORTEN = {"code", "klasse", "code_2008", "woorden", "onbekend"}


def _codes(resultaat: NaceZoekresultaat) -> list[str]:
    return [k.code for k in resultaat.candidates]


def _geldig(resultaat: NaceZoekresultaat, limit: int = 5) -> None:
    assert resultaat.soort in SOORTEN
    assert len(resultaat.candidates) <= max(0, limit)
    assert len(set(_codes(resultaat))) == len(resultaat.candidates)
    scores = [k.score for k in resultaat.candidates]
    assert scores == sorted(scores, reverse=True)
    for k in resultaat.candidates:
        assert 0.0 <= k.score <= 100.0
        code = nace_code(k.code)
        assert code is not None and code.niveau == "subklasse" and code.titel == k.omschrijving


@pytest.mark.parametrize(
    "query",
    [
        "62.100",
        "62100",
        "62.10.0",
        "62 100",
        "62-100",
        "62,100",
        " 62.100 ",
        "nace 62100",
        "NACE-BEL-code: 62.100",
        "code 62 100",
    ],
)
def test_a_full_subclass_in_any_notation(query: str) -> None:
    resultaat = zoek_nace(query)
    _geldig(resultaat)
    assert resultaat.soort == "code"
    assert resultaat.code == "62.100"
    assert [(k.code, k.score) for k in resultaat.candidates] == [("62.100", 100.0)]
    assert resultaat.candidates[0].omschrijving == "Ontwerpen van computerprogramma’s"


@pytest.mark.parametrize("query", ["62.10", "6210", "62 10"])
def test_a_class_with_one_subclass_proposes_it(query: str) -> None:
    resultaat = zoek_nace(query)
    _geldig(resultaat)
    assert (resultaat.soort, resultaat.code, resultaat.aantal) == ("klasse", "62.10", 1)
    assert [(k.code, k.score) for k in resultaat.candidates] == [("62.100", 100.0)]


@pytest.mark.parametrize("query", ["43.22", "4322"])
def test_a_class_lists_its_subclasses_to_choose_from(query: str) -> None:
    resultaat = zoek_nace(query)
    _geldig(resultaat)
    assert (resultaat.soort, resultaat.code, resultaat.aantal) == ("klasse", "43.22", 3)
    assert _codes(resultaat) == ["43.221", "43.222", "43.223"]
    assert {k.score for k in resultaat.candidates} == {50.0}  # equal: the user must choose


def test_a_division_or_group_is_an_incomplete_code_too() -> None:
    resultaat = zoek_nace("47")
    _geldig(resultaat)
    assert (resultaat.soort, resultaat.code) == ("klasse", "47")
    assert resultaat.aantal > 50 and len(resultaat.candidates) == 5
    assert _codes(zoek_nace("56.1", limit=10)) == ["56.111", "56.112", "56.120"]


@pytest.mark.parametrize(
    ("query", "kbo", "verwant"),
    [
        ("62.010", "62.010", ["62.100", "62.200", "62.900"]),
        ("62010", "62.010", ["62.100", "62.200", "62.900"]),
        ("56.101", "56.101", ["56.111", "56.112", "56.120"]),
        ("5610", "56.10", ["56.111", "56.112", "56.120"]),
    ],
)
def test_a_2008_code_is_explained_with_related_2025_codes(
    query: str, kbo: str, verwant: list[str]
) -> None:
    resultaat = zoek_nace(query)
    _geldig(resultaat)
    assert (resultaat.soort, resultaat.code) == ("code_2008", kbo)
    assert _codes(resultaat) == verwant
    assert all(k.score <= 30.0 for k in resultaat.candidates)  # hints, not a conversion
    assert resultaat.nace_2008 is not None
    assert "NACE-BEL 2008" in resultaat.nace_2008.tekst
    assert resultaat.nace_2008.omzetting_beschikbaar is False


@pytest.mark.parametrize("query", ["04.000", "00.000", "1234567", "0", "621000"])
def test_a_number_that_is_no_code_is_unknown(query: str) -> None:
    resultaat = zoek_nace(query)
    _geldig(resultaat)
    assert resultaat.soort == "onbekend" and resultaat.candidates == []


@pytest.mark.parametrize("query", ["melkveehouder", "01.410", "0141", "landbouwer", "zeevisserij"])
def test_section_a_is_flagged_with_its_source(query: str) -> None:
    eerste = zoek_nace(query).candidates[0]
    assert eerste.aandachtspunt is not None
    assert eerste.aandachtspunt.id == "nace_sectie_a"
    assert eerste.aandachtspunt.zekerheid == "derden"
    assert eerste.aandachtspunt.bronnen[0].href.startswith("https://www.boerenbond.be/")


@pytest.mark.parametrize("query", ["62.100", "kapsalon", "loodgieter"])
def test_other_activities_are_not_flagged(query: str) -> None:
    assert zoek_nace(query).candidates[0].aandachtspunt is None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("kapsalon", "96.210"),
        ("softwarebedrijf", "62.100"),
        ("loodgieter", "43.221"),
        ("frituur", "56.112"),
        ("boekhoudkantoor", "69.201"),
        ("bakkerij", "10.712"),
        ("webdesign", "62.100"),
        ("schrijnwerker", "43.320"),
        ("tandarts", "86.230"),
        ("transportbedrijf", "49.410"),
        ("Kapsalon", "96.210"),
        ("KAPSALON!", "96.210"),
        ("kapsallon", "96.210"),
        ("loodgieder", "43.221"),
        ("frittuur", "56.112"),
        ("ik heb een kapsalon", "96.210"),
        ("groentewinkel", "47.210"),
        ("notaris", "69.102"),
    ],
)
def test_activity_words_rank_the_right_subclass_first(query: str, code: str) -> None:
    resultaat = zoek_nace(query)
    _geldig(resultaat)
    assert resultaat.soort == "woorden"
    assert _codes(resultaat)[0] == code, resultaat


def test_an_exact_synonym_is_sure_and_a_vague_word_is_not() -> None:
    assert zoek_nace("kapsalon").candidates[0].score == 100.0
    assert zoek_nace("bouw").candidates[0].score < 80.0
    assert zoek_nace("kapsallon").candidates[0].score < 100.0


def _gelabeld() -> list[tuple[str, str]]:
    with WOORDEN_CSV.open(encoding="utf-8", newline="") as f:
        return [(rij["woord"], rij["code"]) for rij in csv.DictReader(f)]


def test_the_labelled_words_use_existing_subclasses() -> None:
    rijen = _gelabeld()
    assert len(rijen) >= 40
    assert len({fold(w) for w, _ in rijen}) == len(rijen)
    for woord, code in rijen:
        gevonden = nace_code(code)
        assert gevonden is not None and gevonden.niveau == "subklasse", (woord, code)
        assert gevonden.code == code


def test_accuracy_on_the_labelled_activity_words() -> None:
    rijen = _gelabeld()
    top1 = top3 = 0
    missers = []
    for woord, code in rijen:
        codes = _codes(zoek_nace(woord))
        top1 += codes[:1] == [code]
        top3 += code in codes[:3]
        if code not in codes[:3]:
            missers.append((woord, code, codes[:3]))
    assert top3 / len(rijen) >= 0.90, missers
    assert top1 / len(rijen) >= 0.75, missers
    # Words that are not literally in nlu_data (typos, phrases, title words) must work too.
    synoniemen = nace_synoniemen().activiteiten
    vrij = [(w, c) for w, c in rijen if fold(w) not in synoniemen]
    assert len(vrij) >= 20
    vrij_top3 = sum(c in _codes(zoek_nace(w))[:3] for w, c in vrij)
    assert vrij_top3 / len(vrij) >= 0.80


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "\t\n",
        "\x00",
        "\x00\x01kapper",
        "😀",
        "كابر",
        "?!",
        "-",
        "....",
        "62.10000",
        "62..100",
        "62.100 62.200",
        "62.100 kapper",
        "A",
        "é",
        "de",
        "van de en",
        "x" * 10_000,
        "kapper " * 500,
        "9" * 300,
        "\ufffd\ufffd",
        "n\u0303ace 62100",
    ],
)
def test_odd_input_never_crashes(query: str) -> None:
    _geldig(zoek_nace(query))


@pytest.mark.parametrize("query", ["", "   ", "de", "van de en", "asdfghjkl", "?!", "😀"])
def test_nothing_to_search_is_unknown(query: str) -> None:
    resultaat = zoek_nace(query)
    assert (resultaat.soort, resultaat.candidates) == ("onbekend", [])


@pytest.mark.parametrize("limit", [0, -3, 1, 2])
def test_limit_is_respected(limit: int) -> None:
    for query in ("47", "bakker", "62.010"):
        resultaat = zoek_nace(query, limit=limit)
        _geldig(resultaat, limit)
        assert len(resultaat.candidates) == min(max(0, limit), resultaat.aantal)


def test_the_synonym_file_is_valid_and_loads_with_the_other_nlu_data() -> None:
    synoniemen = nace_synoniemen()
    assert synoniemen.activiteiten["frituur"] == "56.112"
    assert synoniemen.termen["winkel"] == "detailhandel"
    assert "van" in synoniemen.stopwoorden
    for code in set(synoniemen.activiteiten.values()):
        gevonden = nace_code(code)
        assert gevonden is not None and gevonden.niveau == "subklasse"
    default_nlu_data()  # the shared loader still accepts nlu_data/ with lookups/nace.yml


@pytest.mark.parametrize(
    ("yml", "fout"),
    [
        ('nlu:\n- synonym: "62.010"\n  examples: |\n    - x\n', "not a NACE-BEL 2025 subclass"),
        ('nlu:\n- synonym: "62.10"\n  examples: |\n    - x\n', "not a NACE-BEL 2025 subclass"),
        (
            'nlu:\n- synonym: "62.100"\n  examples: |\n    - x\n'
            '- synonym: "96.210"\n  examples: |\n    - X\n',
            "for '96.210' and '62.100'",
        ),
        ("nlu:\n- intent: groet\n  examples: |\n    - hallo\n", "only synonym blocks"),
        ("nlu:\n- synonym: twee woorden\n  examples: |\n    - x\n", "neither"),
        ("nlu:\n- synonym: detailhandel\n  examples: |\n    - kleine winkel\n", "one word"),
        ('nlu:\n- synonym: "62.100"\n  examples: |\n    x\n', "without '- '"),
        ("nlu:\n- kapper\n", "list of blocks"),
        ("- kapper\n", "list of blocks"),
        (
            "nlu:\n- lookup: nace_stopwoord\n  examples: |\n    - winkel\n"
            "- synonym: detailhandel\n  examples: |\n    - winkel\n",
            "stop words that are also synonyms",
        ),
    ],
)
def test_a_bad_synonym_file_is_refused(yml: str, fout: str) -> None:
    with pytest.raises(NluDataError, match=fout):
        lees_synoniemen(yml)


def test_a_term_must_be_a_word_of_the_titles() -> None:
    synoniemen = NaceSynoniemen(
        activiteiten={}, termen={"zaak": "nietbestaandwoord"}, stopwoorden=frozenset()
    )
    with pytest.raises(NluDataError, match="nietbestaandwoord"):
        bouw_index(synoniemen)


def _cli(invoer: bytes) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "nace", "zoek", "--json"],
        input=invoer,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return [json.loads(regel) for regel in proc.stdout.decode("utf-8").splitlines()]


def test_cli_answers_one_json_line_per_input_line() -> None:
    regels = [
        "62.100",
        "",
        "6210",
        "kapsalon",
        "melkveehouder",
        "62.010",
        "   ",
        "asdfghjkl",
        "x" * 5000,
    ]
    uit = _cli(("\n".join(regels) + "\n").encode())
    assert len(uit) == len(regels)
    assert uit[0] == {
        "candidates": [
            {"code": "62.100", "omschrijving": "Ontwerpen van computerprogramma’s", "score": 100.0}
        ],
        "soort": "code",
    }
    assert uit[1] == {"candidates": []}
    assert uit[6] == {"candidates": []}
    assert (uit[2]["soort"], uit[3]["soort"]) == ("klasse", "woorden")
    kandidaten = uit[3]["candidates"]
    assert isinstance(kandidaten, list) and kandidaten[0]["code"] == "96.210"
    assert set(kandidaten[0]) == {"code", "omschrijving", "score"}
    punt = uit[4]["aandachtspunt"]
    assert isinstance(punt, dict) and punt["id"] == "nace_sectie_a"
    assert punt["zekerheid"] == "derden"
    assert {b["href"] for b in punt["bronnen"]} >= {
        "https://www.boerenbond.be/actualiteit/kan-ik-beroep-doen-op-een-kmo-portefeuille"
    }
    assert "aandachtspunt" not in uit[3]
    assert uit[5]["soort"] == "code_2008" and "NACE-BEL 2008" in str(uit[5]["uitleg"])
    assert uit[7] == {"candidates": [], "soort": "onbekend"}


def test_cli_survives_bytes_that_are_not_utf8_and_a_last_line_without_newline() -> None:
    uit = _cli(b"\xff\xfe\x00kapper\n\x80\n62100")
    assert len(uit) == 3
    assert uit[2]["candidates"] == [
        {"code": "62.100", "omschrijving": "Ontwerpen van computerprogramma’s", "score": 100.0}
    ]


def test_cli_flushes_each_answer_before_the_next_line_arrives() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "nace", "zoek", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        for query, code in (("frituur", "56.112"), ("62100", "62.100")):
            proc.stdin.write(f"{query}\n".encode())
            proc.stdin.flush()
            antwoord = json.loads(proc.stdout.readline())
            assert antwoord["candidates"][0]["code"] == code
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        for stroom in (proc.stdin, proc.stdout, proc.stderr):
            if stroom is not None:
                stroom.close()
        proc.wait(timeout=10)
