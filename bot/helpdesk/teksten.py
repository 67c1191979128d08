"""The console's own Dutch texts (`teksten_nl.yml`), looked up by dotted id like the engine's."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from dialogs.messages import Catalog


@cache
def catalogus() -> Catalog:
    """The texts shipped with the package."""
    raw = resources.files("bot.helpdesk").joinpath("teksten_nl.yml").read_text(encoding="utf-8")
    return Catalog(yaml.safe_load(raw))


def tekst(tekst_id: str, **params: str) -> str:
    """One text with its parameters filled in."""
    return catalogus().text(tekst_id, **params)
