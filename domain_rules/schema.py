"""Pydantic models of one parameter file and of a folder's index.yaml (OpenFisca-style).

Structure only: `description`, `metadata` (unit, last_checked, note), `values` keyed by ISO date,
each value with its own `reference`. Unit-specific value checks live in `parameters.py`.
"""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

Unit = Literal["EUR", "ratio", "dagen", "tekst", "lijst"]

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


def _non_empty(tekst: str) -> str:
    if not tekst.strip():
        raise ValueError("must not be empty")
    return tekst


class Referentie(BaseModel):
    """Where a value comes from: a title (with the date the source states) and a public URL."""

    model_config = _STRICT

    title: str
    href: str

    _title_non_empty = field_validator("title")(_non_empty)

    @field_validator("href")
    @classmethod
    def _href_is_url(cls, href: str) -> str:
        if not href.startswith(("https://", "http://")):
            raise ValueError("href must be an http(s) URL")
        return href


Zekerheid = Literal["bevestigd", "derden", "niet_bevestigd"]
"""How sure a value is: an official source (✅), only third parties (🟡), not confirmed (❌)."""


class Waarde(BaseModel):
    """One dated value: the raw YAML value (null = abolished), its reference, how sure it is."""

    model_config = _STRICT

    value: Any
    reference: Referentie
    zekerheid: Zekerheid
    note: str | None = None


class Metadata(BaseModel):
    """Unit from a closed list, the date the values were last checked, and an optional note."""

    model_config = _STRICT

    unit: Unit
    last_checked: date
    note: str | None = None


class ParameterBestand(BaseModel):
    """A whole parameter file; `values` keeps the file order (checked: strictly increasing)."""

    model_config = _STRICT

    description: str
    metadata: Metadata
    values: dict[date, Waarde]

    _description_non_empty = field_validator("description")(_non_empty)


class IndexBestand(BaseModel):
    """An index.yaml: documents its folder; it is not a parameter."""

    model_config = _STRICT

    description: str
    documentation: str | None = None

    _description_non_empty = field_validator("description")(_non_empty)
