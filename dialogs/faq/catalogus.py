"""Strict loading of dialogs/faq_nl.yml into a FaqCatalog; `default_faq` is the package's.

Read lazily (nothing at import time); every error is a DataFileError naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from dialogs.faq.modellen import _ID, FaqBron, FaqCatalog, FaqVraag, _Bestand, _Kader, _Vraag
from dialogs.faq.plaatshouders import _WAARDEN, _ZINNEN, _velden_van
from domain_rules import REGISTRATIENUMMER_CIJFERS, laad_regelboek
from domain_rules.strict_yaml import DataFileError, load_yaml_text

#: The answers, in the dialogs package.
FAQ_BESTAND: Final = "faq_nl.yml"
_CENTEN: Final = re.compile(r"[0-9]+(\.[0-9]{1,2})?")


# --- loading ----------------------------------------------------------------------------------


def _fout(pad: Path, bericht: str) -> DataFileError:
    return DataFileError(pad, bericht)


def _check_kader(pad: Path, kader: _Kader) -> None:
    nodig = {
        "bron": {"bronnen"},
        "bronnen": {"bronnen"},
        "parameters_derden": {"onderdelen"},
        "parameters_niet_bevestigd": {"onderdelen"},
    }
    for naam, tekst in kader.model_dump().items():
        try:
            gevonden = set(_velden_van(tekst))
        except ValueError as exc:
            raise _fout(pad, f"kader.{naam}: {exc}") from exc
        if gevonden != nodig.get(naam, set()):
            verwacht = sorted(nodig.get(naam, set()))
            raise _fout(pad, f"kader.{naam} needs exactly the placeholders {verwacht}")


def _check_zinnen(pad: Path, zinnen: Mapping[str, Mapping[str, str]]) -> None:
    if set(zinnen) != set(_ZINNEN):
        ontbreekt, onbekend = (
            sorted(set(_ZINNEN) - set(zinnen)),
            sorted(set(zinnen) - set(_ZINNEN)),
        )
        raise _fout(pad, f"zinnen: missing {ontbreekt}, unknown {onbekend}")
    for naam, varianten in zinnen.items():
        if set(varianten) != set(_ZINNEN[naam].varianten):
            raise _fout(pad, f"zinnen.{naam} needs exactly the variants {_ZINNEN[naam].varianten}")
        for variant, tekst in varianten.items():
            try:
                onbekend = sorted(set(_velden_van(tekst)) - set(_WAARDEN))
            except ValueError as exc:
                raise _fout(pad, f"zinnen.{naam}.{variant}: {exc}") from exc
            if onbekend:
                raise _fout(pad, f"zinnen.{naam}.{variant}: unknown placeholders {onbekend}")


def _paden_van(template: str, zinnen: Mapping[str, Mapping[str, str]]) -> set[str]:
    """Every parameter a template may read, through its values and all its sentence variants."""
    paden: set[str] = set()
    for naam in _velden_van(template):
        if naam in _ZINNEN:
            paden.update(_ZINNEN[naam].paden)
            for tekst in zinnen[naam].values():
                for binnen in _velden_van(tekst):
                    paden.update(_WAARDEN[binnen].paden)
        else:
            paden.update(_WAARDEN[naam].paden)
    return paden


def _vraag(pad: Path, faq_id: str, raw: _Vraag, bestand: _Bestand, bekend: set[str]) -> FaqVraag:
    waar = f"faq.{faq_id}"
    if not _ID.fullmatch(faq_id):
        raise _fout(pad, f"{waar}: an id is lower-case letters, digits and underscores")
    if not raw.antwoord.strip() or not raw.vraag.strip():
        raise _fout(pad, f"{waar}: vraag and antwoord must not be empty")
    slecht = [v for v in raw.velden if not _ID.fullmatch(v)]
    if slecht:
        raise _fout(pad, f"{waar}: velden {slecht} are not field ids")
    try:
        namen = _velden_van(raw.antwoord)
    except ValueError as exc:
        raise _fout(pad, f"{waar}.antwoord: {exc}") from exc
    onbekend = sorted(set(namen) - set(_WAARDEN) - set(_ZINNEN))
    if onbekend:
        raise _fout(pad, f"{waar}.antwoord: unknown placeholders {onbekend}")
    niet_parameter = sorted(set(raw.parameters) - bekend)
    if niet_parameter:
        raise _fout(pad, f"{waar}.parameters: unknown parameters {niet_parameter}")
    gelezen = _paden_van(raw.antwoord, bestand.zinnen)
    niet_vermeld = sorted(gelezen - set(raw.parameters))
    if niet_vermeld:
        raise _fout(pad, f"{waar}: the placeholders read {niet_vermeld}; list them in parameters")
    ongebruikt = sorted(set(raw.parameters) - gelezen)
    if ongebruikt:
        raise _fout(pad, f"{waar}.parameters: no placeholder reads {ongebruikt}")
    naamloos = sorted(set(raw.parameters) - set(bestand.parameternamen))
    if naamloos:
        raise _fout(pad, f"{waar}.parameters: no entry in parameternamen for {naamloos}")
    referenties = []
    for sleutel in raw.referenties:
        ref = bestand.referenties.get(sleutel)
        if ref is None:
            raise _fout(pad, f"{waar}.referenties: unknown reference {sleutel!r}")
        referenties.append(FaqBron(ref.titel, ref.href, ref.zekerheid))
    if not referenties and not raw.parameters:
        raise _fout(pad, f"{waar}: an answer needs a parameter or a reference as its source")
    return FaqVraag(
        id=faq_id,
        vraag=raw.vraag,
        velden=raw.velden,
        antwoord=raw.antwoord,
        parameters=raw.parameters,
        referenties=tuple(referenties),
        zekerheid=raw.zekerheid,
    )


def laad_faq_tekst(tekst: str, pad: Path) -> FaqCatalog:
    """Validate the text of a faq_nl.yml; every error is a DataFileError naming `pad`."""
    raw = load_yaml_text(tekst, pad)
    try:
        bestand = _Bestand.model_validate(raw)
    except ValidationError as exc:
        raise _fout(pad, str(exc)) from exc
    bekend = set(laad_regelboek().parameter_paths())
    _check_kader(pad, bestand.kader)
    _check_zinnen(pad, bestand.zinnen)
    onbekend = sorted(set(bestand.parameternamen) - bekend)
    if onbekend:
        raise _fout(pad, f"parameternamen: unknown parameters {onbekend}")
    for sleutel, ref in bestand.referenties.items():
        if not ref.href.startswith(("https://", "http://")) or not ref.titel.strip():
            raise _fout(pad, f"referenties.{sleutel}: needs a titel and an http(s) href")
    bedrag = bestand.voorbeelden.projectbedrag
    if not _CENTEN.fullmatch(bedrag) or Decimal(bedrag) <= 0:
        raise _fout(pad, f"voorbeelden.projectbedrag {bedrag!r} must be an amount like 1000.00")
    cijfers = bestand.voorbeelden.registratiecijfers
    if not (cijfers.isascii() and cijfers.isdigit() and len(cijfers) == REGISTRATIENUMMER_CIJFERS):
        raise _fout(
            pad, f"voorbeelden.registratiecijfers must be {REGISTRATIENUMMER_CIJFERS} digits"
        )
    if not bestand.faq:
        raise _fout(pad, "faq: no entries")
    vragen = {i: _vraag(pad, i, v, bestand, bekend) for i, v in bestand.faq.items()}
    try:
        projectbedrag = Decimal(bedrag)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees a number
        raise _fout(pad, str(exc)) from exc
    return FaqCatalog(
        vragen=vragen,
        kader=bestand.kader,
        woorden=bestand.woorden,
        projectbedrag=projectbedrag,
        registratiecijfers=cijfers,
        parameternamen=bestand.parameternamen,
        zinnen=bestand.zinnen,
        pad=pad,
    )


def laad_faq(pad: Path | None = None) -> FaqCatalog:
    """Load a faq_nl.yml (default: the package's, cached)."""
    if pad is None:
        return default_faq()
    return laad_faq_tekst(pad.read_text(encoding="utf-8"), pad)


@cache
def default_faq() -> FaqCatalog:
    """The FAQ shipped with the package."""
    bron = resources.files("dialogs").joinpath(FAQ_BESTAND)
    return laad_faq_tekst(bron.read_text(encoding="utf-8"), Path(str(bron)))
