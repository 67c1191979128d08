"""The FAQ's data: the public results, the strict models of faq_nl.yml and the FaqCatalog.

FaqBron, FaqAntwoord and FaqVraag are what callers get. Pure: no clock, no network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal, get_args

from pydantic import BaseModel, ConfigDict

Zekerheid = Literal["bevestigd", "derden", "niet_bevestigd"]
#: From sure to unsure; the sureness of an answer is the weakest of what it rests on.
ZEKERHEDEN: Final[tuple[Zekerheid, ...]] = get_args(Zekerheid)

_ID: Final = re.compile(r"[a-z][a-z0-9_]*")


# --- public results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FaqBron:
    """A source under an answer: title, address and how sure it is."""

    titel: str
    href: str
    zekerheid: Zekerheid


@dataclass(frozen=True, slots=True)
class FaqAntwoord:
    """The answer to a question: the FAQ id, the text with its sources, its sureness, the score.

    `tekst` ends with the source line and, when something is not confirmed, a warning.
    `score` is how well the question matched (1.0 for an entry asked by id).
    """

    id: str
    vraag: str
    tekst: str
    bronnen: tuple[FaqBron, ...]
    zekerheid: Zekerheid
    score: float


@dataclass(frozen=True, slots=True)
class FaqVraag:
    """One loaded FAQ entry (see the header of faq_nl.yml)."""

    id: str
    vraag: str
    velden: tuple[str, ...]
    antwoord: str
    parameters: tuple[str, ...]
    referenties: tuple[FaqBron, ...]
    zekerheid: Zekerheid


# --- the answer file --------------------------------------------------------------------------

_STRIKT = ConfigDict(extra="forbid", frozen=True)


class _Kader(BaseModel):
    model_config = _STRIKT

    bron: str
    bronnen: str
    parameters_derden: str
    parameters_niet_bevestigd: str
    antwoord_derden: str
    antwoord_niet_bevestigd: str
    twijfel: str


class _Woorden(BaseModel):
    model_config = _STRIKT

    en: str
    alleen: str
    lijstteken: str


class _Voorbeelden(BaseModel):
    model_config = _STRIKT

    projectbedrag: str
    registratiecijfers: str


class _Referentie(BaseModel):
    model_config = _STRIKT

    titel: str
    href: str
    zekerheid: Zekerheid


class _Vraag(BaseModel):
    model_config = _STRIKT

    vraag: str
    velden: tuple[str, ...] = ()
    antwoord: str
    parameters: tuple[str, ...] = ()
    referenties: tuple[str, ...] = ()
    zekerheid: Zekerheid


class _Bestand(BaseModel):
    model_config = _STRIKT

    kader: _Kader
    woorden: _Woorden
    voorbeelden: _Voorbeelden
    parameternamen: dict[str, str]
    zinnen: dict[str, dict[str, str]]
    referenties: dict[str, _Referentie]
    faq: dict[str, _Vraag]


@dataclass(frozen=True)
class FaqCatalog:
    """The loaded faq_nl.yml: the entries by id and the texts that frame every answer."""

    vragen: Mapping[str, FaqVraag]
    kader: _Kader
    woorden: _Woorden
    projectbedrag: Decimal
    registratiecijfers: str
    parameternamen: Mapping[str, str]
    zinnen: Mapping[str, Mapping[str, str]]
    pad: Path

    def ids(self) -> tuple[str, ...]:
        """Every FAQ id, in file order."""
        return tuple(self.vragen)
