"""The one reader of nlu_data/: strict about the files, and the only module that opens them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dialogs import nace, thema
from dialogs.nlu_loader import (
    NluBlock,
    NluDataError,
    default_nlu_data,
    load_nlu_data,
    parse_nlu_blocks,
    read_nlu_file,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for d in ("bot", "dialogs", "domain_rules") for p in (ROOT / d).rglob("*.py"))


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- only the loader reads nlu_data/ ----------------------------------------------------------


def test_only_the_loader_names_the_nlu_data_package() -> None:
    naming = [
        path.relative_to(ROOT).as_posix()
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value == "nlu_data"
    ]
    assert naming == ["dialogs/nlu_loader.py"]


@pytest.mark.parametrize("module", [thema, nace], ids=lambda m: m.__name__)
def test_thema_and_nace_neither_parse_yaml_nor_open_files(module: object) -> None:
    source = Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8")
    imported: set[str] = set()
    calls: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            calls.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    assert not {n for n in imported if n.split(".")[0] == "yaml" or n == "importlib.resources"}
    assert "importlib.resources.files" not in imported
    assert not calls & {"open", "read_text", "read_bytes", "safe_load", "load", "files"}


def test_thema_and_nace_use_the_blocks_the_loader_keeps() -> None:
    data = default_nlu_data()
    subthemas = [b.name for b in data.blocks("lookups/subthemas") if b.kind == "synonym"]
    assert set(subthemas) == set(thema.subthema_synoniemen())
    uitsluitingen = [b.name for b in data.blocks("lookups/uitsluitingen")]
    assert set(uitsluitingen) == set(thema.uitsluiting_ids())
    blokken = data.blocks("lookups/nace")
    assert nace.synoniemen_uit_blokken(blokken) == nace.nace_synoniemen()


# --- the blocks of a file ---------------------------------------------------------------------


def test_blocks_keep_kind_name_examples_and_file_order() -> None:
    text = (
        'version: "3.1"\nnlu:\n'
        "- intent: affirm\n  examples: |\n    - Ja\n    - zeker\n"
        "- synonym: Détail\n  examples: |\n    - x\n"
        "- lookup: woorden\n  examples: |\n    - a\n\n    - b c\n"
        "- synonym: Leeg\n  examples: ''\n"
    )
    assert parse_nlu_blocks(text, "x.yml") == (
        NluBlock("intent", "affirm", ("Ja", "zeker")),
        NluBlock("synonym", "Détail", ("x",)),
        NluBlock("lookup", "woorden", ("a", "b c")),
        NluBlock("synonym", "Leeg", ()),
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("- kapper\n", "list of blocks", id="not-a-mapping"),
        pytest.param("", "list of blocks", id="empty-file"),
        pytest.param('version: "3.1"\n', "list of blocks", id="no-nlu"),
        pytest.param("nlu:\n- kapper\n", "list of blocks", id="block-not-a-mapping"),
        pytest.param(
            "nlu:\n- responses: groet\n  examples: |\n    - hallo\n",
            "unknown block",
            id="unknown-kind",
        ),
        pytest.param(
            "nlu:\n- intent: a\n  synonym: b\n  examples: |\n    - x\n",
            "unknown block",
            id="two-kinds",
        ),
        pytest.param(
            "nlu:\n- intent: a\n  metadata: {}\n  examples: |\n    - x\n",
            "unknown block",
            id="extra-key",
        ),
        pytest.param("nlu:\n- intent: a\n", "'examples' must be", id="no-examples"),
        pytest.param(
            "nlu:\n- intent: a\n  examples: [x]\n", "'examples' must be", id="examples-list"
        ),
        pytest.param("nlu:\n- intent: a\n  examples: |\n    x\n", "without '- '", id="no-dash"),
        pytest.param("nlu: [\n", "not valid YAML", id="broken-yaml"),
    ],
)
def test_a_malformed_file_is_refused_and_named(text: str, fragment: str) -> None:
    with pytest.raises(NluDataError, match=fragment) as exc:
        parse_nlu_blocks(text, "nlu_data/kapot.yml")
    assert str(exc.value).startswith("nlu_data/kapot.yml")


def test_read_nlu_file_reads_one_file_of_a_folder(tmp_path: Path) -> None:
    _write(tmp_path, "lookups/a.yml", "nlu:\n- lookup: l\n  examples: |\n    - x\n")
    assert read_nlu_file(tmp_path, "lookups/a.yml") == (NluBlock("lookup", "l", ("x",)),)
    _write(tmp_path, "lookups/b.yml", "nlu:\n- lookup: l\n")
    with pytest.raises(NluDataError, match="nlu_data/lookups/b.yml"):
        read_nlu_file(tmp_path, "lookups/b.yml")


# --- the whole folder -------------------------------------------------------------------------


def test_load_keeps_every_file_s_blocks(tmp_path: Path) -> None:
    _write(tmp_path, "intents.yml", "nlu:\n- intent: affirm\n  examples: |\n    - Ja\n")
    _write(tmp_path, "lookups/l.yml", "nlu:\n- lookup: woord\n  examples: |\n    - Één\n")
    data = load_nlu_data(tmp_path)
    assert data.files == {
        "intents": (NluBlock("intent", "affirm", ("Ja",)),),
        "lookups/l": (NluBlock("lookup", "woord", ("Één",)),),
    }
    assert data.intent("JA") == "affirm"
    assert data.lookup("woord") == frozenset({"een"})
    assert data.blocks("lookups/l") == data.files["lookups/l"]
    with pytest.raises(NluDataError, match="lookups/weg"):
        data.blocks("lookups/weg")


def test_an_example_under_two_intents_is_refused_with_the_file(tmp_path: Path) -> None:
    _write(tmp_path, "a.yml", "nlu:\n- intent: affirm\n  examples: |\n    - ja\n")
    _write(tmp_path, "b.yml", "nlu:\n- intent: deny\n  examples: |\n    - JA\n")
    with pytest.raises(NluDataError, match=r"b\.yml.*'JA' under 'deny' and 'affirm'"):
        load_nlu_data(tmp_path)


def test_a_variant_of_two_synonyms_in_one_file_is_refused_with_the_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "s.yml",
        "nlu:\n- synonym: a\n  examples: |\n    - x\n- synonym: b\n  examples: |\n    - X\n",
    )
    with pytest.raises(NluDataError, match=r"s\.yml.*'X' for 'b' and 'a'"):
        load_nlu_data(tmp_path)


def test_an_unknown_block_anywhere_stops_the_load(tmp_path: Path) -> None:
    _write(tmp_path, "ok.yml", "nlu:\n- intent: affirm\n  examples: |\n    - ja\n")
    _write(tmp_path, "sub/bad.yml", "nlu:\n- story: x\n  steps: []\n")
    with pytest.raises(NluDataError, match=r"bad\.yml: unknown block \['steps', 'story'\]"):
        load_nlu_data(tmp_path)


def test_the_shipped_data_has_every_file_the_modules_need() -> None:
    files = default_nlu_data().files
    for name in (
        thema.SUBTHEMAS_BESTAND,
        thema.UITSLUITINGEN_BESTAND,
        thema.TWIJFEL_BESTAND,
        thema.VORM_BESTAND,
        nace.SYNONIEMEN_BESTAND,
    ):
        assert files[name.removesuffix(".yml")], name
