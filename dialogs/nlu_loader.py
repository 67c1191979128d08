"""Read the Rasa 3.x YAML files in `nlu_data/` into lookup tables for the engine.

Strict: an unknown top-level block or a duplicate example under two intents is an error that
names the file. Only this module reads `nlu_data/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from domain_rules.folding import fold


class NluDataError(ValueError):
    """nlu_data/ holds something the loader does not accept."""


@dataclass(frozen=True)
class NluData:
    """Intent examples and synonyms, folded, as loaded from nlu_data/."""

    intents: dict[str, str] = field(default_factory=dict)  # folded example -> intent
    # file (relative path without .yml, e.g. "synonyms", "lookups/nace") -> variant -> canonical
    synonym_groups: dict[str, dict[str, str]] = field(default_factory=dict)
    lookups: dict[str, frozenset[str]] = field(default_factory=dict)  # name -> folded entries

    def intent(self, text: str) -> str | None:
        """The intent whose example equals the whole (folded) text."""
        return self.intents.get(fold(text))

    def synonym(self, text: str, group: str = "synonyms") -> str | None:
        """Canonical value for a variant (or the value itself) in one synonym file."""
        return self.synonym_groups.get(group, {}).get(fold(text))

    def lookup(self, name: str) -> frozenset[str]:
        """The folded entries of a lookup table (empty when it does not exist)."""
        return self.lookups.get(name, frozenset())


def _examples(block: dict[str, Any], path: Path) -> list[str]:
    raw = block.get("examples", "")
    if not isinstance(raw, str):
        raise NluDataError(f"{path}: 'examples' must be a block of '- ' lines")
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("- "):
            raise NluDataError(f"{path}: example line without '- ': {line!r}")
        out.append(line[2:].strip())
    return out


def load_nlu_data(folder: Path) -> NluData:
    """Load every *.yml under the folder (lookups/ included)."""
    intents: dict[str, str] = {}
    groups: dict[str, dict[str, str]] = {}
    lookups: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        synonyms = groups.setdefault(path.relative_to(folder).with_suffix("").as_posix(), {})
        for block in doc.get("nlu", []) or []:
            if "intent" in block:
                name = str(block["intent"])
                for ex in _examples(block, path):
                    key = fold(ex)
                    if key in intents and intents[key] != name:
                        raise NluDataError(
                            f"{path}: example {ex!r} under {name!r} and {intents[key]!r}"
                        )
                    intents[key] = name
            elif "synonym" in block:
                canonical = str(block["synonym"])
                synonyms[fold(canonical)] = canonical
                for ex in _examples(block, path):
                    key = fold(ex)
                    if key in synonyms and synonyms[key] != canonical:
                        raise NluDataError(
                            f"{path}: synonym {ex!r} for {canonical!r} and {synonyms[key]!r}"
                        )
                    synonyms[key] = canonical
            elif "lookup" in block:
                name = str(block["lookup"])
                lookups.setdefault(name, set()).update(fold(ex) for ex in _examples(block, path))
            elif "regex" in block:
                continue
            else:
                raise NluDataError(f"{path}: unknown block {sorted(block)}")
    return NluData(
        intents=intents,
        synonym_groups={name: group for name, group in groups.items() if group},
        lookups={name: frozenset(entries) for name, entries in lookups.items()},
    )


@cache
def default_nlu_data() -> NluData:
    """The nlu_data/ shipped with the package."""
    folder = Path(str(resources.files("nlu_data")))
    return load_nlu_data(folder)
