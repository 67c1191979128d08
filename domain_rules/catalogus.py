"""The thema -> subthema catalogue of the application form (seed page, step 2).

Loaded lazily and cached from `data/themas.yaml`; undated, spelled exactly as on the seed.
Imports only the standard library, pydantic and the package's strict YAML reader.
"""

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from domain_rules.folding import fold
from domain_rules.strict_yaml import DataFileError, load_yaml_file

THEMAS_PAD: Path = Path(__file__).parent / "data" / "themas.yaml"


class Thema(BaseModel, frozen=True):
    """One thema of the form with its subthema's, in the seed's order."""

    model_config = ConfigDict(extra="forbid")

    naam: str
    subthemas: tuple[str, ...]

    @field_validator("subthemas")
    @classmethod
    def _niet_leeg(cls, subthemas: tuple[str, ...]) -> tuple[str, ...]:
        if not subthemas:
            raise ValueError("a thema needs at least one subthema")
        return subthemas


class _CatalogusBron(BaseModel, frozen=True):
    model_config = ConfigDict(extra="forbid")

    title: str
    href: str


class _CatalogusBestand(BaseModel, frozen=True):
    model_config = ConfigDict(extra="forbid")

    bron: _CatalogusBron
    themas: tuple[Thema, ...]


def laad_themas(pad: Path) -> tuple[Thema, ...]:
    """Read and validate a thema catalogue file; subthema names must be unique (folded)."""
    try:
        bestand = _CatalogusBestand.model_validate(load_yaml_file(pad))
    except ValidationError as exc:
        raise DataFileError(pad, str(exc)) from exc
    gezien: dict[str, str] = {}
    alle_namen = [t.naam for t in bestand.themas]
    alle_namen += [s for t in bestand.themas for s in t.subthemas]
    for naam in alle_namen:
        if not naam.strip():
            raise DataFileError(pad, "empty thema or subthema name")
    for thema in bestand.themas:
        for subthema in thema.subthemas:
            sleutel = fold(subthema)
            if sleutel in gezien:
                raise DataFileError(pad, f"subthema {subthema!r} occurs twice")
            gezien[sleutel] = thema.naam
    return bestand.themas


@functools.cache
def themas() -> tuple[Thema, ...]:
    """Return the form's thema catalogue (cached after the first call)."""
    return laad_themas(THEMAS_PAD)


@functools.cache
def _thema_per_subthema() -> dict[str, str]:
    return {fold(s): t.naam for t in themas() for s in t.subthemas}


def thema_van_subthema(subthema: str) -> str | None:
    """Return the thema a subthema belongs to (case/accent-insensitive), or None if unknown."""
    return _thema_per_subthema().get(fold(subthema))
