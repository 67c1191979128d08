"""Read the Rasa 3.x YAML files in `nlu_data/` into lookup tables for the engine.

Strict: an unknown top-level block or a duplicate example under two intents is an error that
names the file. Only this module reads `nlu_data/`; thema.py and nace.py take its blocks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final, Literal, get_args

import yaml

from domain_rules.folding import fold as fold  # re-exported: the one fold

BlockKind = Literal["intent", "synonym", "lookup", "regex"]
_KINDS: Final[tuple[BlockKind, ...]] = get_args(BlockKind)
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class NluDataError(ValueError):
    """nlu_data/ holds something the loader does not accept."""


@dataclass(frozen=True, slots=True)
class NluBlock:
    """One block of a Rasa 3.x `nlu` list: its kind, its name and its examples as written."""

    kind: BlockKind
    name: str  # the intent, the canonical value of a synonym, the lookup's name
    examples: tuple[str, ...]


@dataclass(frozen=True)
class NluData:
    """Intent examples and synonyms, folded, as loaded from nlu_data/, and every file's blocks."""

    intents: dict[str, str] = field(default_factory=dict)  # folded example -> intent
    # file (relative path without .yml, e.g. "synonyms", "lookups/nace") -> variant -> canonical
    synonym_groups: dict[str, dict[str, str]] = field(default_factory=dict)
    lookups: dict[str, frozenset[str]] = field(default_factory=dict)  # name -> folded entries
    # file (relative path without .yml, as in synonym_groups) -> its blocks in file order
    files: dict[str, tuple[NluBlock, ...]] = field(default_factory=dict)

    def intent(self, text: str) -> str | None:
        """The intent whose example equals the whole (folded) text."""
        return self.intents.get(fold(text))

    def synonym(self, text: str, group: str = "synonyms") -> str | None:
        """Canonical value for a variant (or the value itself) in one synonym file."""
        return self.synonym_groups.get(group, {}).get(fold(text))

    def lookup(self, name: str) -> frozenset[str]:
        """The folded entries of a lookup table (empty when it does not exist)."""
        return self.lookups.get(name, frozenset())

    def blocks(self, name: str) -> tuple[NluBlock, ...]:
        """The blocks of one file ("lookups/nace", no .yml) in file order; an error if absent."""
        found = self.files.get(name)
        if found is None:
            raise NluDataError(f"nlu_data/{name}.yml: file not found")
        return found


def _examples(block: Mapping[str, Any], where: str) -> tuple[str, ...]:
    raw = block.get("examples")
    if not isinstance(raw, str):
        raise NluDataError(f"{where}: 'examples' must be a block of '- ' lines")
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("- "):
            raise NluDataError(f"{where}: example line without '- ': {line!r}")
        out.append(line[2:].strip())
    return tuple(out)


def parse_nlu_blocks(text: str, where: str) -> tuple[NluBlock, ...]:
    """The blocks of one Rasa 3.x file's text in file order; every error starts with `where`."""
    try:
        doc = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise NluDataError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("nlu"), list):
        raise NluDataError(f"{where}: expected a mapping whose 'nlu' is a list of blocks")
    blocks = []
    for block in doc["nlu"]:
        if not isinstance(block, dict):
            raise NluDataError(f"{where}: 'nlu' must be a list of blocks, found {block!r}")
        kinds = [kind for kind in _KINDS if kind in block]
        if len(kinds) != 1 or not set(block) <= {kinds[0], "examples"}:
            raise NluDataError(f"{where}: unknown block {sorted(block)}")
        name = str(block[kinds[0]])
        blocks.append(NluBlock(kinds[0], name, _examples(block, f"{where} ({name})")))
    return tuple(blocks)


def read_nlu_file(root: Traversable, name: str) -> tuple[NluBlock, ...]:
    """The blocks of one file under an nlu_data folder, `name` like "lookups/subthemas.yml"."""
    text = root.joinpath(*name.split("/")).read_text(encoding="utf-8")
    return parse_nlu_blocks(text, f"nlu_data/{name}")


def load_nlu_data(folder: Path) -> NluData:
    """Load every *.yml under the folder (lookups/ included)."""
    intents: dict[str, str] = {}
    groups: dict[str, dict[str, str]] = {}
    lookups: dict[str, set[str]] = {}
    files: dict[str, tuple[NluBlock, ...]] = {}
    for path in sorted(folder.rglob("*.yml")):
        name = path.relative_to(folder).with_suffix("").as_posix()
        files[name] = parse_nlu_blocks(path.read_text(encoding="utf-8"), str(path))
        synonyms = groups.setdefault(name, {})
        for block in files[name]:
            if block.kind == "intent":
                for ex in block.examples:
                    key = fold(ex)
                    if key in intents and intents[key] != block.name:
                        raise NluDataError(
                            f"{path}: example {ex!r} under {block.name!r} and {intents[key]!r}"
                        )
                    intents[key] = block.name
            elif block.kind == "synonym":
                canonical = block.name
                synonyms[fold(canonical)] = canonical
                for ex in block.examples:
                    key = fold(ex)
                    if key in synonyms and synonyms[key] != canonical:
                        raise NluDataError(
                            f"{path}: synonym {ex!r} for {canonical!r} and {synonyms[key]!r}"
                        )
                    synonyms[key] = canonical
            elif block.kind == "lookup":
                lookups.setdefault(block.name, set()).update(fold(ex) for ex in block.examples)
    return NluData(
        intents=intents,
        synonym_groups={name: group for name, group in groups.items() if group},
        lookups={name: frozenset(entries) for name, entries in lookups.items()},
        files=files,
    )


@cache
def default_nlu_data() -> NluData:
    """The nlu_data/ shipped with the package."""
    return load_nlu_data(Path(str(_package())))


def _package() -> Traversable:
    return resources.files("nlu_data")


def read_nlu_csv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a labelled CSV shipped under nlu_data/ ("evaluatie/titels.csv"), by header."""
    text = _package().joinpath(*name.split("/")).read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))
