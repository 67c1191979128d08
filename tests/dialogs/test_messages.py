"""The Dutch message catalogue (dialogs/messages_nl.yml) against the code that uses it.

- every message id the code names (string literals such as "fout.datum_formaat", and f-strings
  such as f"probleem.{p.id}", expanded over the values they can take) is in the catalogue;
- every catalogue text is used somewhere (the catalogue's own header promises "and vice versa");
- every text renders with sample parameters without leftovers ({, }, None) or English;
- the field table (`dialogs.fields.FIELDS`) checks itself against the catalogue.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from dialogs.commands import CONFIRMATIONS
from dialogs.fields import FIELDS, default_table, rule_paths
from dialogs.interactions import FixedChoice
from dialogs.messages import Catalog, default_catalog
from dialogs.nlu_loader import default_nlu_data
from dialogs.spec import Ctx, Table, TableError
from dialogs.state import Aanvraag
from domain_rules import PROBLEEM_IDS, laad_regelboek

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "dialogs").rglob("*.py")) + sorted((ROOT / "bot").rglob("*.py"))
CATALOG = default_catalog()
SECTIONS = sorted({i.split(".", 1)[0] for i in CATALOG.ids()})
_ID = re.compile(rf"^(?:{'|'.join(map(re.escape, SECTIONS))})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*$")


def _ctx() -> Ctx:
    today = date(2026, 3, 10)
    return Ctx(
        today=today,
        regels=laad_regelboek().at(today),
        nlu=default_nlu_data(),
        catalog=CATALOG,
        gegevens=default_table().gegevens(Aanvraag()),
    )


def _keuze_values() -> list[str]:
    """The values whose label is looked up as keuze.<value>: fixed choices, the menu, and the
    buttons of the confirmations."""
    ctx = _ctx()
    out = ["nieuw", "historiek", "demo"]
    for f in FIELDS:
        if isinstance(f.kind, FixedChoice) and f.id != "subthema":
            out.extend(c.value for c in f.kind.options(ctx))
    for h in CONFIRMATIONS.values():
        out.extend([f"{h.labels}_ja", f"{h.labels}_nee"])
    return out


def _vraag_ids() -> list[str]:
    """vraag.<field>, or the variants a row names for its question (naam per type, …)."""
    out = []
    for f in FIELDS:
        variants = [m.removeprefix("vraag.") for m in f.messages if m.startswith("vraag.")]
        out.extend(variants if f.question is not None else [f.id])
    return out


# What an f-string prefix found in the code expands to. A prefix not listed here is checked
# leniently: some catalogue id must start with it (and all such ids count as used).
EXPANSIONS: dict[str, Callable[[], list[str]]] = {
    "veld.": lambda: [f.id for f in FIELDS],
    "waarom.": lambda: [f.id for f in FIELDS],
    "hulp.": lambda: [f.id for f in FIELDS],
    "vraag.": _vraag_ids,
    "keuze.": _keuze_values,
    "probleem.": lambda: list(PROBLEEM_IDS),
    "stap.": lambda: sorted({str(f.step) for f in FIELDS} | {"4", "5", "6"}),
}


def _scan() -> tuple[dict[str, set[str]], set[str]]:
    """Literal ids (with the files naming them) and the f-string id prefixes in the sources.

    f"probleem.{p.id}" gives the prefix "probleem."; f"probleem.zekerheid_{z}" gives
    "probleem.zekerheid_".
    """
    literals: dict[str, set[str]] = {}
    prefixes: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        in_fstring = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and len(node.values) > 1:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    section, dot, _ = first.value.partition(".")
                    if dot and section in SECTIONS and re.fullmatch(r"[a-z0-9_.]+", first.value):
                        prefixes.add(first.value)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in in_fstring
                and _ID.match(node.value)
            ):
                literals.setdefault(node.value, set()).add(path.name)
    return literals, prefixes


LITERALS, PREFIXES = _scan()


def _expanded() -> set[str]:
    out = {f"{p}{v}" for p in PREFIXES & set(EXPANSIONS) for v in EXPANSIONS[p]()}
    for p in PREFIXES - set(EXPANSIONS):
        out |= {i for i in CATALOG.ids() if i.startswith(p)}
    return out


def test_the_scan_finds_the_code_s_message_ids() -> None:
    """A sanity check of the scanner itself (so an empty scan cannot pass the other tests)."""
    assert {"fout.datum_formaat", "algemeen.welkom", "fout.janee"} <= set(LITERALS)
    assert {"veld.", "probleem.", "keuze.", "stap.", "vraag."} <= PREFIXES


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_every_f_string_prefix_names_catalogue_texts(prefix: str) -> None:
    assert any(i.startswith(prefix) for i in CATALOG.ids()), f"no text starts with {prefix!r}"


@pytest.mark.parametrize("message_id", sorted(LITERALS))
def test_literal_message_id_exists(message_id: str) -> None:
    assert CATALOG.has(message_id), f"{message_id} (in {sorted(LITERALS[message_id])})"


@pytest.mark.parametrize("message_id", sorted(_expanded()))
def test_f_string_message_id_exists(message_id: str) -> None:
    assert CATALOG.has(message_id), message_id


def test_every_probleem_the_rules_can_return_has_a_dutch_text() -> None:
    missing = [p for p in PROBLEEM_IDS if not CATALOG.has(f"probleem.{p}")]
    assert not missing, f"no probleem.<id> text for {missing}"


def test_every_catalogue_text_is_used() -> None:
    used = set(LITERALS) | _expanded()
    unused = sorted(CATALOG.ids() - used)
    assert not unused, f"catalogue texts no code uses: {unused}"


# --- rendering -----------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_ENGLISH = re.compile(
    r"(?i)\b(the|please|error|invalid|todo|fixme|xxx|lorem|undefined|null|none|nan)\b"
)


def _raw(message_id: str) -> str:
    return CATALOG._texts[message_id]  # noqa: SLF001 - the raw template, before formatting


@pytest.mark.parametrize("message_id", sorted(CATALOG.ids()))
def test_text_renders_cleanly(message_id: str) -> None:
    template = _raw(message_id)
    assert template.strip(), "empty text"
    # Braces are either a {name} placeholder or escaped as {{ }}.
    bare = _PLACEHOLDER.sub("", template.replace("{{", "").replace("}}", ""))
    assert "{" not in bare and "}" not in bare, f"malformed placeholder in {template!r}"
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    sample = {f: f"<{f}>" for f in fields}
    rendered = Catalog({"x": template}).text("x", **sample)
    literal = template.replace("{{", "{").replace("}}", "}")
    for f in fields:
        literal = literal.replace(f"{{{f}}}", "")
    leftover = rendered
    for f in fields:
        leftover = leftover.replace(f"<{f}>", "")
    assert leftover == literal, "rendering changed more than the placeholders"
    assert leftover.count("{") == template.count("{{"), f"unformatted brace in {rendered!r}"
    prose = re.sub(r"\{[^{}]*\}", "JSON", rendered)  # JSON examples of the jsonl texts
    assert not _ENGLISH.search(prose), f"English word in {prose!r}"
    assert "  " not in prose.replace("\n  ", "\n"), f"double space in {prose!r}"
    assert not re.search(r" [.,;:!?]", prose), f"space before punctuation in {prose!r}"


@pytest.mark.parametrize("message_id", sorted(CATALOG.ids()))
def test_text_needs_all_its_parameters(message_id: str) -> None:
    """A missing parameter raises (the catalogue is strict), never renders half a sentence."""
    fields = {f for _, f, _, _ in string.Formatter().parse(_raw(message_id)) if f}
    if not fields:
        assert CATALOG.text(message_id) == _raw(message_id).replace("{{", "{").replace("}}", "}")
        return
    with pytest.raises(KeyError):
        CATALOG.text(message_id)


# --- the field table -----------------------------------------------------------------------


def test_field_table_self_check_passes() -> None:
    Table(FIELDS, catalog=CATALOG, rule_paths=rule_paths())


def test_field_table_self_check_can_fail() -> None:
    broken = Catalog({k: v for k, v in _nested(CATALOG).items() if k != "waarom"})
    with pytest.raises(TableError, match="waarom"):
        Table(FIELDS, catalog=broken, rule_paths=rule_paths())


def _nested(catalog: Catalog) -> dict:
    tree: dict = {}
    for message_id in catalog.ids():
        node = tree
        *parents, leaf = message_id.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = _raw(message_id)
    return tree


def test_field_ids_are_the_issue_s() -> None:
    assert [f.id for f in FIELDS] == [
        "onderneming", "grootte", "nace", "type", "naam", "soort", "thema", "subthema",
        "deelnemers", "deelnemer_namen", "uren", "datum_overeenkomst", "startdatum",
        "bedrijfsfunctioneren", "kost", "dienstverlener",
    ]  # fmt: skip


def test_every_step_of_the_seed_has_a_heading() -> None:
    for stap in range(1, 7):
        assert CATALOG.text(f"stap.{stap}").startswith(f"Stap {stap} van 6 · ")
