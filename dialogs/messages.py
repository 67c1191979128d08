"""The Dutch message catalogue (messages_nl.yml) and its lookup by dotted id.

Loaded once, strictly: a missing id or parameter is a programming error and raises KeyError.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


class Catalog:
    """Dutch texts by dotted id, e.g. 'vraag.onderneming'."""

    def __init__(self, tree: dict[str, Any]) -> None:
        self._texts: dict[str, str] = {}
        self._flatten("", tree)
        self.used: set[str] = set()

    def _flatten(self, prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            full = f"{prefix}{key}"
            if isinstance(value, dict):
                self._flatten(f"{full}.", value)
            else:
                self._texts[full] = str(value)

    def with_texts(self, texts: dict[str, str]) -> Catalog:
        """A copy with more texts (dotted id -> text), e.g. the messages of a new field."""
        copy = Catalog({})
        copy._texts = {**self._texts, **texts}
        return copy

    def ids(self) -> set[str]:
        """Every message id in the catalogue."""
        return set(self._texts)

    def has(self, message_id: str) -> bool:
        """Whether the id exists."""
        return message_id in self._texts

    def text(self, message_id: str, **params: str) -> str:
        """The text with its parameters filled in."""
        self.used.add(message_id)
        return self._texts[message_id].format_map(params)


@cache
def default_catalog() -> Catalog:
    """The catalogue shipped with the package."""
    raw = resources.files("dialogs").joinpath("messages_nl.yml").read_text(encoding="utf-8")
    return Catalog(yaml.safe_load(raw))
