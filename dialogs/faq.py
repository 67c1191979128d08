"""Veelgestelde vragen: recognise a question, match it to a FAQ entry, answer it from the rules.

Data, all read lazily and strictly (nothing is read at import time):

- `dialogs/faq_nl.yml`: per FAQ id the Dutch answer template, the fields it relates to, the
  parameters whose figures it shows, its references for facts that are not parameters and how
  sure those facts are; plus the framing texts (sources, warnings) and the sentence variants.
- `nlu_data/faq.yml` (through `dialogs.nlu_loader`): the question examples, as Rasa 3.x
  retrieval intents `faq/<id>`; `nlu_data/mens.yml`: the intent `mens_spreken`;
  `nlu_data/lookups/vragen.yml`: the question words and stopwords; `nlu_data/lookups/
  faq_woorden.yml`: other words for the FAQ's concepts.

Every figure of an answer comes from the `Regels` of the application date through a
{placeholder}; the answer ends with the titles of its sources and, when a parameter it used or
its own facts are not officially confirmed, a sentence that says so.

`is_vraag` decides whether a text is a question rather than an answer to the field being asked.
The trade-off: a course title may read like a question ("Hoe schrijf ik een offerte",
"Wat is blockchain"). A text counts as a question when it ends with a question mark, announces
one ("ik wil weten"), or has a clause (after a comma, semicolon or colon) that opens with a verb
that starts a yes/no question ("moet", "mag", "is het", "wat als") or with a question word that
rarely starts a title ("welke", "wanneer", "hoeveel", also after a preposition: "tot wanneer").
A clause that opens with a question word that titles also use ("hoe", "wat", "wie", "waarom")
counts only with a verb and a subject that address the assistant or the asker ("hoe kan ik",
"wat moet je", "wat is het") or with a word of the kmo-portefeuille ("btw", "subsidie", "nace").
So "Hoe schrijf ik een offerte" stays a title and "Hoe schrijf ik een offerte?" is a question,
but "Wat moet je weten over GDPR" is taken for a question too, and "wat is de ecologiepremie"
(a question without a word of the FAQ) for an answer. A caller that gets no FAQ answer for a
question can still take the text as the answer to its field.

Pure: no clock, no network, no channel types.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from dialogs.format import datum as fmt_datum
from dialogs.format import euro, procent
from dialogs.nlu_loader import NluBlock, NluData, NluDataError, fold
from domain_rules import (
    REGISTRATIENUMMER_CIJFERS,
    RegelBoek,
    Regels,
    bereken_steun,
    laad_regelboek,
    uiterste_aanvraagdatum,
    uiterste_stortingsdatum,
)
from domain_rules.begrippen import ADVIES, KLEIN, MIDDELGROOT, OPLEIDING
from domain_rules.strict_yaml import DataFileError, load_yaml_text

#: The answers, in the dialogs package.
FAQ_BESTAND: Final = "faq_nl.yml"
#: nlu_data files (relative, without .yml) this module takes from the loader.
NLU_FAQ: Final = "faq"
NLU_MENS: Final = "mens"
NLU_VRAGEN: Final = "lookups/vragen"
NLU_WOORDEN: Final = "lookups/faq_woorden"
INTENT_PREFIX: Final = "faq/"
MENS_INTENT: Final = "mens_spreken"
MIN_VOORBEELDEN: Final = 6
MAX_VOORBEELDEN: Final = 12

#: Below this score no entry fits well enough: `beantwoord` returns None.
DREMPEL: Final = 0.5
#: An entry of the field being asked wins when it scores at most this much below the best.
VELD_MARGE: Final = 0.1

Zekerheid = Literal["bevestigd", "derden", "niet_bevestigd"]
#: From sure to unsure; the sureness of an answer is the weakest of what it rests on.
ZEKERHEDEN: Final[tuple[Zekerheid, ...]] = get_args(Zekerheid)

_ID: Final = re.compile(r"[a-z][a-z0-9_]*")
_WOORD: Final = re.compile(r"[0-9a-z]+")
_CENTEN: Final = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_EINDE: Final = " \t!.)😊🙂🙏"


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


# --- placeholders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    regels: Regels
    catalog: FaqCatalog


@dataclass(frozen=True)
class _Waarde:
    """A placeholder with a value: the parameters it reads and how it is shown."""

    paden: tuple[str, ...]
    bereken: Callable[[_Ctx], str]


@dataclass(frozen=True)
class _Zin:
    """A placeholder with a sentence: the variant in force is chosen from the rules."""

    paden: tuple[str, ...]
    varianten: tuple[str, ...]
    kies: Callable[[Regels], str]


_PCT = ("steun/percentage/klein", "steun/percentage/middelgroot")
_VERHOOGD = (
    "steun/verhoogd_percentage/klein",
    "steun/verhoogd_percentage/middelgroot",
    "steun/verhoogde_subthemas",
)
_PLAFOND = ("plafond/jaarplafond/klein", "plafond/jaarplafond/middelgroot")
_ADVIES = "advies/toegelaten_subthemas"
_PREFIX = "dienstverleners/registratieprefix"
_UITSLUITINGEN = "uitsluitingen/opleidingen"


def _naam_in_zin(naam: str) -> str:
    """'Cybersecurity' -> 'cybersecurity' mid-sentence; 'IT' stays."""
    if len(naam) > 1 and naam[1].isupper():
        return naam
    return naam[:1].lower() + naam[1:]


def _opsomming(items: Sequence[str], woorden: _Woorden) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {woorden.en} {items[-1]}"


def _verhoogde_onderwerpen(c: _Ctx) -> str:
    w = c.catalog.woorden
    delen = []
    for subthema, types in c.regels.verhoogde_subthemas.items():
        if set(types) >= {OPLEIDING, ADVIES}:
            soort = f"{OPLEIDING} {w.en} {ADVIES}"
        else:
            soort = f"{w.alleen} {_opsomming(list(types), w)}"
        delen.append(f"{_naam_in_zin(subthema)} ({soort})")
    return _opsomming(delen, w)


def _prefixen(c: _Ctx, soort: str) -> str:
    gevonden = [p for p, t in c.regels.registratieprefixen.items() if t == soort]
    return _opsomming(gevonden, c.catalog.woorden)


def _voorbeeld(c: _Ctx, grootte: str, deel: Literal["subsidie", "eigen"]) -> str:
    steun = bereken_steun(
        projectbedrag=c.catalog.projectbedrag,
        grootte=grootte,
        type=OPLEIDING,
        subthema=None,
        reeds_toegekend=Decimal(0),
        regels=c.regels,
    )
    return euro(steun.subsidie if deel == "subsidie" else steun.eigen_bijdrage)


def _plafond_gelijk(c: _Ctx) -> str:
    bedragen = set(c.regels.jaarplafond.values())
    if len(bedragen) != 1:
        raise KeyError("plafond")  # only the variant "gelijk" uses it
    return euro(bedragen.pop())


def _sinds(c: _Ctx, paden: Iterable[str]) -> str:
    return fmt_datum(max(c.regels.bronnen[p].sinds for p in paden))


def _uitsluitingen(c: _Ctx) -> str:
    teken = c.catalog.woorden.lijstteken
    return "\n".join(f"{teken} {u.omschrijving}" for u in c.regels.uitgesloten_opleidingen)


def _advies_onderwerpen(c: _Ctx) -> str:
    namen = c.regels.advies_toegelaten_subthemas or ()
    return _opsomming([_naam_in_zin(n) for n in namen], c.catalog.woorden)


_WAARDEN: Final[Mapping[str, _Waarde]] = {
    "datum": _Waarde((), lambda c: fmt_datum(c.regels.op)),
    "pct_klein": _Waarde((_PCT[0],), lambda c: procent(c.regels.steunpercentage[KLEIN])),
    "pct_middelgroot": _Waarde(
        (_PCT[1],), lambda c: procent(c.regels.steunpercentage[MIDDELGROOT])
    ),
    "verhoogd_klein": _Waarde(
        (_VERHOOGD[0],), lambda c: procent(c.regels.verhoogd_steunpercentage[KLEIN])
    ),
    "verhoogd_middelgroot": _Waarde(
        (_VERHOOGD[1],), lambda c: procent(c.regels.verhoogd_steunpercentage[MIDDELGROOT])
    ),
    "verhoogde_onderwerpen": _Waarde((_VERHOOGD[2],), _verhoogde_onderwerpen),
    "plafond": _Waarde(_PLAFOND, _plafond_gelijk),
    "plafond_klein": _Waarde((_PLAFOND[0],), lambda c: euro(c.regels.jaarplafond[KLEIN])),
    "plafond_middelgroot": _Waarde(
        (_PLAFOND[1],), lambda c: euro(c.regels.jaarplafond[MIDDELGROOT])
    ),
    "plafond_sinds": _Waarde(_PLAFOND, lambda c: _sinds(c, _PLAFOND)),
    "minimum_opleiding": _Waarde(
        ("minimum/projectbedrag/opleiding",),
        lambda c: euro(c.regels.minimum_projectbedrag[OPLEIDING]),
    ),
    "minimum_advies": _Waarde(
        ("minimum/projectbedrag/advies",),
        lambda c: euro(c.regels.minimum_projectbedrag[ADVIES]),
    ),
    "aanvraagtermijn": _Waarde(
        ("termijnen/aanvraag_na_start",), lambda c: str(c.regels.aanvraagtermijn_dagen)
    ),
    "uiterste_aanvraag": _Waarde(
        ("termijnen/aanvraag_na_start",),
        lambda c: fmt_datum(uiterste_aanvraagdatum(c.regels.op, c.regels)),
    ),
    "stortingstermijn": _Waarde(
        ("termijnen/storting",), lambda c: str(c.regels.stortingstermijn_dagen)
    ),
    "uiterste_storting": _Waarde(
        ("termijnen/storting",),
        lambda c: fmt_datum(uiterste_stortingsdatum(c.regels.op, c.regels)),
    ),
    "prefix_opleiding": _Waarde((_PREFIX,), lambda c: _prefixen(c, OPLEIDING)),
    "prefix_advies": _Waarde((_PREFIX,), lambda c: _prefixen(c, ADVIES)),
    "cijfers": _Waarde((), lambda c: str(REGISTRATIENUMMER_CIJFERS)),
    "voorbeeld_nummer": _Waarde(
        (_PREFIX,),
        lambda c: (
            next(p for p, t in c.regels.registratieprefixen.items() if t == OPLEIDING)
            + c.catalog.registratiecijfers
        ),
    ),
    "voorbeeld_bedrag": _Waarde((), lambda c: euro(c.catalog.projectbedrag)),
    "voorbeeld_subsidie_klein": _Waarde(
        (_PCT[0], _PLAFOND[0]), lambda c: _voorbeeld(c, KLEIN, "subsidie")
    ),
    "voorbeeld_subsidie_middelgroot": _Waarde(
        (_PCT[1], _PLAFOND[1]), lambda c: _voorbeeld(c, MIDDELGROOT, "subsidie")
    ),
    "voorbeeld_eigen_klein": _Waarde(
        (_PCT[0], _PLAFOND[0]), lambda c: _voorbeeld(c, KLEIN, "eigen")
    ),
    "voorbeeld_eigen_middelgroot": _Waarde(
        (_PCT[1], _PLAFOND[1]), lambda c: _voorbeeld(c, MIDDELGROOT, "eigen")
    ),
    "advies_sinds": _Waarde((_ADVIES,), lambda c: _sinds(c, (_ADVIES,))),
    "advies_onderwerpen": _Waarde((_ADVIES,), _advies_onderwerpen),
    "uitsluitingen": _Waarde((_UITSLUITINGEN,), _uitsluitingen),
    "afgerond_uiterlijk": _Waarde((), lambda c: fmt_datum(date(c.regels.op.year + 1, 12, 31))),
}


def _verhoogd_in_kracht(r: Regels) -> str:
    return "ja" if r.verhoogd_steunpercentage and r.verhoogde_subthemas else "nee"


def _advies_beperkt(r: Regels) -> str:
    return "vrij" if r.advies_toegelaten_subthemas is None else "beperkt"


_ZINNEN: Final[Mapping[str, _Zin]] = {
    "zin_verhoogd": _Zin(_VERHOOGD, ("ja", "nee"), _verhoogd_in_kracht),
    "zin_verhoogd_automatisch": _Zin(_VERHOOGD, ("ja", "nee"), _verhoogd_in_kracht),
    "zin_plafond": _Zin(
        _PLAFOND,
        ("gelijk", "verschillend"),
        lambda r: "gelijk" if len(set(r.jaarplafond.values())) == 1 else "verschillend",
    ),
    "zin_plafond_verhoogd": _Zin(_VERHOOGD, ("ja", "nee"), _verhoogd_in_kracht),
    "zin_advies": _Zin((_ADVIES,), ("beperkt", "vrij"), _advies_beperkt),
    "zin_advies_beperking": _Zin((_ADVIES,), ("beperkt", "vrij"), _advies_beperkt),
    "zin_uitsluitingen": _Zin(
        (_UITSLUITINGEN,),
        ("lijst", "geen"),
        lambda r: "lijst" if r.uitgesloten_opleidingen else "geen",
    ),
}


def _velden_van(template: str) -> list[str]:
    """The placeholder names of a template; ValueError for anything but plain {naam}."""
    namen = []
    for _, naam, spec, conversie in string.Formatter().parse(template):
        if naam is None:
            continue
        if spec or conversie or not _ID.fullmatch(naam):
            raise ValueError(f"placeholder {{{naam}}} must be a plain lower-case name")
        namen.append(naam)
    return namen


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


# --- rendering --------------------------------------------------------------------------------


class _Invulling:
    """The values for one answer; records which parameters the rendered text read."""

    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx
        self.paden: list[str] = []

    def _lees(self, paden: Iterable[str]) -> None:
        self.paden.extend(p for p in paden if p not in self.paden)

    def __getitem__(self, naam: str) -> str:
        zin = _ZINNEN.get(naam)
        if zin is not None:
            variant = zin.kies(self.ctx.regels)
            self._lees(zin.paden)
            tekst = self.ctx.catalog.zinnen[naam][variant]
            return tekst.format_map(_Waarden(self))
        return _Waarden(self)[naam]


class _Waarden:
    """Only the value placeholders (inside a sentence variant)."""

    def __init__(self, invulling: _Invulling) -> None:
        self.invulling = invulling

    def __getitem__(self, naam: str) -> str:
        waarde = _WAARDEN[naam]
        self.invulling._lees(waarde.paden)
        return waarde.bereken(self.invulling.ctx)


def _netjes(tekst: str) -> str:
    """One space between words, no empty lines (left by an empty sentence variant)."""
    regels = (" ".join(regel.split()) for regel in tekst.splitlines())
    return "\n".join(r for r in regels if r)


def _zwakste(zekerheden: Iterable[Zekerheid]) -> Zekerheid:
    return max(zekerheden, key=ZEKERHEDEN.index, default="bevestigd")


_ZEKERHEID: Final[Mapping[str, Zekerheid]] = {z: z for z in ZEKERHEDEN}


def _zekerheid(tekst: str) -> Zekerheid:
    """A parameter's zekerheid (its schema allows only the three values) as the Literal."""
    return _ZEKERHEID[tekst]


def antwoord(
    faq_id: str, *, regels: Regels, catalog: FaqCatalog | None = None, score: float = 1.0
) -> FaqAntwoord:
    """Render one FAQ entry with the rules of `regels.op`; KeyError for an unknown id."""
    faq = catalog or default_faq()
    vraag = faq.vragen[faq_id]
    invulling = _Invulling(_Ctx(regels, faq))
    body = _netjes(vraag.antwoord.format_map(invulling))
    gebruikt = [p for p in vraag.parameters if p in invulling.paden and p in regels.bronnen]
    bronnen = [
        FaqBron(
            regels.bronnen[p].title,
            regels.bronnen[p].href,
            _zekerheid(regels.bronnen[p].zekerheid),
        )
        for p in gebruikt
    ]
    uniek: dict[str, FaqBron] = {}
    for bron in [*bronnen, *vraag.referenties]:
        uniek.setdefault(bron.titel, bron)
    titels = "; ".join(uniek)
    kader = faq.kader
    regel = (kader.bron if len(uniek) == 1 else kader.bronnen).format(bronnen=titels)
    waarschuwingen = []
    for zekerheid, sjabloon in (
        ("derden", kader.parameters_derden),
        ("niet_bevestigd", kader.parameters_niet_bevestigd),
    ):
        namen: list[str] = []
        for pad in gebruikt:
            naam = faq.parameternamen[pad]
            if regels.bronnen[pad].zekerheid == zekerheid and naam not in namen:
                namen.append(naam)
        if namen:
            waarschuwingen.append(sjabloon.format(onderdelen=_opsomming(namen, faq.woorden)))
    if vraag.zekerheid == "derden":
        waarschuwingen.append(kader.antwoord_derden)
    elif vraag.zekerheid == "niet_bevestigd":
        waarschuwingen.append(kader.antwoord_niet_bevestigd)
    if waarschuwingen:
        waarschuwingen.append(kader.twijfel)
    tekst = "\n".join([body, regel, *([" ".join(waarschuwingen)] if waarschuwingen else [])])
    zekerheid = _zwakste(
        [vraag.zekerheid, *(_zekerheid(regels.bronnen[p].zekerheid) for p in gebruikt)]
    )
    return FaqAntwoord(
        id=faq_id,
        vraag=vraag.vraag,
        tekst=tekst,
        bronnen=tuple(uniek.values()),
        zekerheid=zekerheid,
        score=score,
    )


# --- words ------------------------------------------------------------------------------------


def _schoon(text: str) -> str:
    return " ".join(text.split())[:2000]


def _woorden(text: str) -> list[str]:
    return _WOORD.findall(fold(text))


@lru_cache(maxsize=256)
def _per_eerste_woord(zinnen: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases split into words, by their first word (longest first)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for zin in zinnen:
        delen = tuple(_WOORD.findall(zin))
        if delen:
            index.setdefault(delen[0], []).append(delen)
    return {w: tuple(sorted(d, key=len, reverse=True)) for w, d in index.items()}


def _begint_met(woorden: Sequence[str], zinnen: Iterable[str]) -> int:
    """Length (in words) of the longest phrase of `zinnen` the words start with; 0 if none."""
    if not woorden:
        return 0
    groep = zinnen if isinstance(zinnen, frozenset) else frozenset(zinnen)
    for delen in _per_eerste_woord(groep).get(woorden[0], ()):
        if tuple(woorden[: len(delen)]) == delen:
            return len(delen)
    return 0


def _bevat(woorden: Sequence[str], zinnen: Iterable[str]) -> bool:
    return any(_begint_met(woorden[i:], zinnen) for i in range(len(woorden)))


@dataclass(frozen=True)
class _Vraagwoorden:
    vul: frozenset[str]
    openingen: frozenset[str]
    werkwoorden: frozenset[str]
    met_onderwerp: frozenset[str]
    onderwerpen: frozenset[str]
    vraagwoorden: frozenset[str]
    sterk: frozenset[str]
    voorzetsels: frozenset[str]
    domein: frozenset[str]
    aanhef: frozenset[str]


def _lookup(nlu: NluData, naam: str, bestand: str) -> frozenset[str]:
    entries = nlu.lookup(naam)
    if not entries:
        raise NluDataError(f"nlu_data/{bestand}.yml: lookup {naam!r} missing or empty")
    return entries


def _vraagwoorden(nlu: NluData) -> _Vraagwoorden:
    def lk(naam: str) -> frozenset[str]:
        return _lookup(nlu, naam, NLU_VRAGEN)

    return _Vraagwoorden(
        vul=lk("vraag_vulwoorden"),
        openingen=lk("vraag_openingen"),
        werkwoorden=lk("vraag_werkwoorden"),
        met_onderwerp=lk("vraag_werkwoorden_met_onderwerp"),
        onderwerpen=lk("vraag_onderwerpen"),
        vraagwoorden=lk("vraagwoorden"),
        sterk=lk("vraagwoorden_sterk"),
        voorzetsels=lk("vraag_voorzetsels"),
        domein=lk("vraag_domeinwoorden"),
        aanhef=lk("vraag_aanhef"),
    )


class _PerData:
    """What is derived from one NluData (and FaqCatalog), kept for the last few of them.

    NluData is not hashable (it holds dicts), so the cache compares its keys by identity.
    """

    def __init__(self, limiet: int = 4) -> None:
        self._limiet = limiet
        self._items: list[tuple[tuple[object, ...], object]] = []

    def get(self, sleutel: tuple[object, ...], maak: Callable[[], object]) -> object:
        """The value kept for `sleutel` (compared item by item with `is`), made if absent."""
        for i, (s, waarde) in enumerate(self._items):
            if len(s) == len(sleutel) and all(a is b for a, b in zip(s, sleutel, strict=True)):
                self._items.insert(0, self._items.pop(i))
                return waarde
        waarde = maak()
        self._items.insert(0, (sleutel, waarde))
        del self._items[self._limiet :]
        return waarde


_PER_DATA = _PerData(limiet=12)


def _vraagwoorden_van(nlu: NluData) -> _Vraagwoorden:
    found = _PER_DATA.get(("vragen", nlu), lambda: _vraagwoorden(nlu))
    assert isinstance(found, _Vraagwoorden)
    return found


def _eindigt_op_vraagteken(tekst: str) -> bool:
    return tekst.rstrip(_EINDE).endswith("?")


_DEELZIN: Final = re.compile(r"[,;:]")


def is_vraag(text: str, nlu_data: NluData) -> bool:
    """Whether the text is a question (to answer) rather than an answer to the field asked.

    See the module docstring for the rule and its trade-off with titles.
    """
    tekst = _schoon(text)
    woorden = _woorden(tekst)
    if not any(c.isalpha() for w in woorden for c in w):
        return False  # "?", "500?", "02/03/2026"
    intent = nlu_data.intent(tekst) or nlu_data.intent(tekst.rstrip(_EINDE + "?"))
    if intent is not None:
        return intent.startswith(INTENT_PREFIX)  # "ja", "help", "nieuw" are no questions
    if _eindigt_op_vraagteken(tekst):
        return True
    vw = _vraagwoorden_van(nlu_data)
    if _bevat(woorden, vw.aanhef):
        return True
    return any(_opent_vraag(_woorden(deel), vw) for deel in _DEELZIN.split(tekst))


def _opent_vraag(woorden: Sequence[str], vw: _Vraagwoorden) -> bool:
    """Whether a clause opens as a question (after the filler words)."""
    while woorden and (n := _begint_met(woorden, vw.vul)):
        woorden = woorden[n:]
    if not woorden:
        return False
    if _begint_met(woorden, vw.openingen):
        return True
    eerste, tweede = woorden[0], (woorden[1] if len(woorden) > 1 else "")
    if eerste in vw.werkwoorden:
        return True
    if eerste in vw.met_onderwerp and tweede in vw.onderwerpen:
        return True
    if _begint_met(woorden, vw.sterk):
        return True
    if eerste in vw.voorzetsels and _begint_met(woorden[1:], vw.sterk | vw.vraagwoorden):
        return True
    n = _begint_met(woorden, vw.vraagwoorden)
    if not n:
        return False
    rest = woorden[n:]
    werkwoorden = vw.werkwoorden | vw.met_onderwerp
    aangesproken = any(
        a in werkwoorden and b in vw.onderwerpen for a, b in zip(rest, rest[1:], strict=False)
    )
    return aangesproken or _domein(woorden, vw.domein)


def _domein(woorden: Sequence[str], domein: frozenset[str]) -> bool:
    enkel = [d for d in domein if " " not in d]
    if any(w == d or (len(d) >= 4 and w.startswith(d)) for w in woorden for d in enkel):
        return True
    return _bevat(woorden, [d for d in domein if " " in d])


# --- asking for a person ----------------------------------------------------------------------

_BEZITTELIJK: Final = frozenset({"mijn", "m", "onze", "ons", "zijn", "haar", "hun"})
_KORT_VERZOEK: Final = 4  # "graag een medewerker": a person in a short request


@dataclass(frozen=True)
class _Mens:
    voorbeelden: tuple[str, ...]
    personen: frozenset[str]
    loketten: frozenset[str]
    contact: frozenset[str]
    verzoek: frozenset[str]


def _mens(nlu: NluData) -> _Mens:
    blokken = [b for b in nlu.blocks(NLU_MENS) if b.kind == "intent"]
    voorbeelden = tuple(
        " ".join(_woorden(e)) for b in blokken if b.name == MENS_INTENT for e in b.examples
    )
    if not voorbeelden:
        raise NluDataError(f"nlu_data/{NLU_MENS}.yml: intent {MENS_INTENT!r} has no examples")

    def lk(naam: str) -> frozenset[str]:
        return _lookup(nlu, naam, NLU_MENS)

    return _Mens(
        voorbeelden=voorbeelden,
        personen=lk("mens_personen"),
        loketten=lk("mens_loketten"),
        contact=lk("mens_contact"),
        verzoek=lk("mens_verzoek"),
    )


def _mens_van(nlu: NluData) -> _Mens:
    found = _PER_DATA.get(("mens", nlu), lambda: _mens(nlu))
    assert isinstance(found, _Mens)
    return found


def _persoon(woord: str, personen: frozenset[str]) -> bool:
    return woord in personen or (woord.endswith("s") and woord[:-1] in personen)


def vraagt_mens(text: str, nlu_data: NluData) -> bool:
    """Whether the user asks to talk to a person ("ik wil iemand spreken", "helpdesk").

    An example of the intent `mens_spreken` (also with a typo), or the generic rule: a person
    (not "mijn medewerkers") with a way of contact in a request, or in a short request; or a
    helpdesk-like word in a request or in a text of at most three words.
    """
    tekst = _schoon(text)
    if not tekst:
        return False
    if MENS_INTENT in (nlu_data.intent(tekst), nlu_data.intent(tekst.rstrip(_EINDE + "?"))):
        return True
    m = _mens_van(nlu_data)
    woorden = _woorden(tekst)
    if not woorden:
        return False
    samen = " ".join(woorden)
    if process.extractOne(samen, m.voorbeelden, scorer=fuzz.ratio, score_cutoff=88):
        return True
    persoon = any(
        _persoon(w, m.personen) and (i == 0 or woorden[i - 1] not in _BEZITTELIJK)
        for i, w in enumerate(woorden)
    )
    contact = _bevat(woorden, m.contact)
    verzoek = any(w in m.verzoek for w in woorden)
    if persoon and verzoek and (contact or len(woorden) <= _KORT_VERZOEK):
        return True
    return _bevat(woorden, m.loketten) and (verzoek or len(woorden) <= 3)


# --- matching ---------------------------------------------------------------------------------

_KLINKERS: Final = "aeiou"
_DUBBEL: Final = re.compile(r"([aeou])\1")


def _stam(woord: str) -> str:
    """A light Dutch stem: 'kosten' -> 'kost', 'aanvraag'/'aanvragen' -> 'anvrag'."""
    if len(woord) > 5 and woord.endswith("en"):
        woord = woord[:-2]
    elif len(woord) > 4 and (woord.endswith("e") or (woord[-1] == "s" and woord[-2] != "s")):
        woord = woord[:-1]
    if len(woord) > 3 and woord[-1] == woord[-2] and woord[-1] not in _KLINKERS:
        woord = woord[:-1]
    return _DUBBEL.sub(r"\1", woord)


def _gelijkenis(a: str, b: str) -> float:
    """How well stem `a` of a question matches stem `b` of an example (0 to 1)."""
    if a == b:
        return 1.0
    kort, lang = (a, b) if len(a) <= len(b) else (b, a)
    beste = 0.0
    if len(kort) >= 4:
        gedeeld = 0
        for x, y in zip(a, b, strict=False):
            if x != y:
                break
            gedeeld += 1
        if gedeeld == len(kort) or (gedeeld >= 5 and gedeeld >= 0.75 * len(kort)):
            beste = 0.8
        elif len(kort) >= 5 and lang.endswith(kort):
            beste = 0.7  # the last part of a compound: "marketingadvies"
    if len(kort) >= _MIN_TIKFOUT:
        afstand = OSA.distance(a, b, score_cutoff=2)
        if afstand == 1:
            beste = max(beste, 0.9)
        elif afstand == 2 and len(kort) >= _MIN_TIKFOUT_2:
            beste = max(beste, 0.75)
    return beste


_MIN_GELIJK: Final = 0.7
_MIN_TIKFOUT: Final = 6  # shortest stem that may carry a typo ("stort" is no "start")
_MIN_TIKFOUT_2: Final = 8  # shortest stem that may carry two
_MIN_DEEL: Final = 4  # shortest part of a compound that is split
_MIN_LINKERDEEL: Final = 6  # shortest unknown first part of a compound ("verplaatsing")
_ONBEKEND_DF: Final = 0.5  # document frequency given to a word no example has
_DEKKING_VRAAG: Final = 0.65  # weight of "the question's words are in the example"
_GEHEEL: Final = 0.3  # weight of the entry's whole vocabulary next to its best example
_MIN_INFORMATIE: Final = 2.0  # total word weight below which a question counts as vague


@dataclass(frozen=True, slots=True)
class _Voorbeeld:
    faq_id: str
    stammen: tuple[str, ...]


@dataclass
class _Index:
    """The examples of every FAQ id as stems, weighted by how few entries use them."""

    stopwoorden: frozenset[str]
    partikels: frozenset[str]
    woorden: dict[str, str]  # folded variant -> canonical word (lookups/faq_woorden)
    voorbeelden: tuple[_Voorbeeld, ...]
    per_id: dict[str, frozenset[str]]  # id -> every stem of its examples
    gewicht: dict[str, float]
    onbekend: float
    velden: dict[str, frozenset[str]]
    #: Stems of the examples' words before compounds are split (the parts a split may use).
    enkelvoudig: frozenset[str] = frozenset()
    bij_stam: dict[str, tuple[int, ...]] = field(default_factory=dict)  # stem -> examples
    _gelijk: dict[str, dict[str, float]] = field(default_factory=dict)

    def stammen(self, tekst: str) -> tuple[str, ...]:
        """The stems of a text's content words, each once, in order; compounds split."""
        out: list[str] = []
        for woord in self._samengevoegd(_woorden(tekst)):
            if len(woord) < 2 or woord.isdigit() or woord in self.stopwoorden:
                continue
            for stam in self._splits(woord):
                if stam not in out:
                    out.append(stam)
        return tuple(out)

    def _samengevoegd(self, woorden: Sequence[str]) -> list[str]:
        """A separable verb joined again: "aan te vragen" -> "aanvragen"."""
        out: list[str] = []
        i = 0
        while i < len(woorden):
            if (
                i + 2 < len(woorden)
                and woorden[i] in self.partikels
                and woorden[i + 1] == "te"
                and woorden[i + 2].isalpha()
            ):
                out.append(woorden[i] + woorden[i + 2])
                i += 3
            else:
                out.append(woorden[i])
                i += 1
        return out

    def _stam(self, woord: str) -> str:
        return _stam(self.woorden.get(woord, woord))

    def _splits(self, woord: str) -> tuple[str, ...]:
        """A compound as its two parts, else the word's stem.

        Split when both parts are words of the examples ("storting|s|datum"), or when the last
        part is and the first is long enough to be a word ("verplaatsing|s|kosten").
        """
        if woord in self.woorden or len(woord) < 2 * _MIN_DEEL or not self.enkelvoudig:
            return (self._stam(woord),)
        beste: tuple[str, str] | None = None
        for i in range(len(woord) - _MIN_DEEL, _MIN_DEEL - 1, -1):
            links, rechts = woord[:i], woord[i:]
            b = self._stam(rechts)
            if b not in self.enkelvoudig:
                continue
            for kandidaat in dict.fromkeys((links, links[:-1] if links[-1] in "se" else links)):
                a = self._stam(kandidaat)
                if len(kandidaat) >= _MIN_DEEL and a in self.enkelvoudig:
                    return (a, b)
                if beste is None and len(kandidaat) >= _MIN_LINKERDEEL:
                    beste = (a, b)
        return beste or (self._stam(woord),)

    def gelijk(self, stam: str) -> dict[str, float]:
        """Every stem of the vocabulary the stem matches, with how well."""
        found = self._gelijk.get(stam)
        if found is None:
            found = {v: g for v in self.gewicht if (g := _gelijkenis(stam, v)) >= _MIN_GELIJK}
            if len(self._gelijk) > 20_000:
                self._gelijk.clear()
            self._gelijk[stam] = found
        return found

    def rang(self, tekst: str) -> list[tuple[str, float]]:
        """Every FAQ id with its score for the text, best first."""
        vraag = self.stammen(tekst)
        if not vraag:
            return []
        matches = [self.gelijk(s) for s in vraag]
        gewichten = [
            self.gewicht[s]
            if s in self.gewicht
            else max((self.gewicht[v] for v in m), default=self.onbekend)
            for s, m in zip(vraag, matches, strict=True)
        ]
        totaal_vraag = sum(gewichten)
        beste: dict[str, float] = {}
        kandidaten = sorted({i for m in matches for v in m for i in self.bij_stam[v]})
        for i in kandidaten:
            vb = self.voorbeelden[i]
            score = self._score(vb.stammen, matches, gewichten, totaal_vraag)
            if score > beste.get(vb.faq_id, -1.0):
                beste[vb.faq_id] = score
        # A question of only common words ("opleiding") is not specific enough to answer.
        specifiek = min(1.0, totaal_vraag / _MIN_INFORMATIE)
        uitkomst = []
        for faq_id, score in beste.items():
            geheel = self._dekking(self.per_id[faq_id], matches, gewichten, totaal_vraag)
            uitkomst.append((faq_id, specifiek * ((1 - _GEHEEL) * score + _GEHEEL * geheel)))
        uitkomst.sort(key=lambda x: -x[1])
        return uitkomst

    @staticmethod
    def _dekking(
        stammen: Iterable[str],
        matches: Sequence[Mapping[str, float]],
        gewichten: Sequence[float],
        totaal: float,
    ) -> float:
        woorden = set(stammen)
        gedekt = sum(
            w * max((g for v, g in m.items() if v in woorden), default=0.0)
            for m, w in zip(matches, gewichten, strict=True)
        )
        return gedekt / totaal

    def _score(
        self,
        stammen: Sequence[str],
        matches: Sequence[Mapping[str, float]],
        gewichten: Sequence[float],
        totaal_vraag: float,
    ) -> float:
        if not stammen:
            return 0.0
        dekking_vraag = self._dekking(stammen, matches, gewichten, totaal_vraag)
        if dekking_vraag == 0:
            return 0.0
        totaal_vb = sum(self.gewicht[s] for s in stammen)
        gedekt_vb = sum(
            self.gewicht[s] * max((m.get(s, 0.0) for m in matches), default=0.0) for s in stammen
        )
        dekking_vb = gedekt_vb / totaal_vb
        return float(dekking_vraag**_DEKKING_VRAAG * dekking_vb ** (1 - _DEKKING_VRAAG))


def _faq_blokken(nlu: NluData, catalog: FaqCatalog) -> dict[str, NluBlock]:
    waar = f"nlu_data/{NLU_FAQ}.yml"
    blokken: dict[str, NluBlock] = {}
    for block in nlu.blocks(NLU_FAQ):
        if block.kind != "intent" or not block.name.startswith(INTENT_PREFIX):
            raise NluDataError(f"{waar}: only intents faq/<id>, found {block.kind} {block.name!r}")
        faq_id = block.name.removeprefix(INTENT_PREFIX)
        if faq_id in blokken:
            raise NluDataError(f"{waar}: intent {block.name!r} occurs twice")
        if faq_id not in catalog.vragen:
            raise NluDataError(f"{waar}: {block.name!r} has no answer in {catalog.pad}")
        if not MIN_VOORBEELDEN <= len(block.examples) <= MAX_VOORBEELDEN:
            raise NluDataError(
                f"{waar} ({block.name}): {len(block.examples)} examples, "
                f"need {MIN_VOORBEELDEN} to {MAX_VOORBEELDEN}"
            )
        blokken[faq_id] = block
    for naam, blocks in nlu.files.items():
        for block in blocks:
            if naam != NLU_FAQ and block.name.startswith(INTENT_PREFIX):
                raise NluDataError(f"nlu_data/{naam}.yml: {block.name!r} belongs in {waar}")
    zonder = [i for i in catalog.vragen if i not in blokken]
    if zonder:
        raise NluDataError(f"{waar}: no examples for the FAQ ids {zonder} of {catalog.pad}")
    return blokken


def _index(nlu: NluData, catalog: FaqCatalog) -> _Index:
    blokken = _faq_blokken(nlu, catalog)
    woorden: dict[str, str] = {}
    for block in nlu.blocks(NLU_WOORDEN):
        if block.kind != "synonym":
            raise NluDataError(f"nlu_data/{NLU_WOORDEN}.yml: only synonyms, found {block.kind}")
        for variant in block.examples:
            woorden[fold(variant)] = fold(block.name)
    leeg = _Index(
        stopwoorden=_lookup(nlu, "faq_stopwoorden", NLU_VRAGEN),
        partikels=_lookup(nlu, "faq_partikels", NLU_VRAGEN),
        woorden=woorden,
        voorbeelden=(),
        per_id={},
        gewicht={},
        onbekend=0.0,
        velden={i: frozenset(v.velden) for i, v in catalog.vragen.items()},
    )
    leeg.enkelvoudig = frozenset(
        stam
        for faq_id, block in blokken.items()
        for tekst in (catalog.vragen[faq_id].vraag, *block.examples)
        for stam in leeg.stammen(tekst)
    )
    voorbeelden = []
    for faq_id, block in blokken.items():
        for tekst in (catalog.vragen[faq_id].vraag, *block.examples):
            voorbeelden.append(_Voorbeeld(faq_id, leeg.stammen(tekst)))
    per_id: dict[str, set[str]] = {}
    for vb in voorbeelden:
        per_id.setdefault(vb.faq_id, set()).update(vb.stammen)
    df: dict[str, int] = {}
    for stammen in per_id.values():
        for s in stammen:
            df[s] = df.get(s, 0) + 1
    n = len(per_id)
    leeg.voorbeelden = tuple(vb for vb in voorbeelden if vb.stammen)
    leeg.per_id = {i: frozenset(s) for i, s in per_id.items()}
    bij_stam: dict[str, list[int]] = {}
    for i, vb in enumerate(leeg.voorbeelden):
        for stam in vb.stammen:
            bij_stam.setdefault(stam, []).append(i)
    leeg.bij_stam = {s: tuple(i) for s, i in bij_stam.items()}
    leeg.gewicht = {s: math.log(1 + n / d) for s, d in df.items()}
    leeg.onbekend = math.log(1 + n / _ONBEKEND_DF)
    return leeg


def _index_van(nlu: NluData, catalog: FaqCatalog) -> _Index:
    found = _PER_DATA.get(("index", nlu, catalog), lambda: _index(nlu, catalog))
    assert isinstance(found, _Index)
    return found


def kandidaten(
    text: str, *, nlu_data: NluData, catalog: FaqCatalog | None = None
) -> tuple[tuple[str, float], ...]:
    """Every FAQ id with its score for the text, best first (for benchmarks and debugging)."""
    return tuple(_index_van(nlu_data, catalog or default_faq()).rang(_schoon(text)))


def beantwoord(
    text: str,
    *,
    regels: Regels,
    catalog: FaqCatalog | None = None,
    nlu_data: NluData,
    veld: str | None = None,
) -> FaqAntwoord | None:
    """The answer of the FAQ entry that fits the question best, or None if none fits well.

    `veld`, the field being asked, breaks near-ties toward that field's entries.
    """
    faq = catalog or default_faq()
    index = _index_van(nlu_data, faq)
    ranglijst = index.rang(_schoon(text))
    if not ranglijst:
        return None
    faq_id, score = ranglijst[0]
    if veld is not None and veld not in index.velden[faq_id]:
        for ander, ander_score in ranglijst[1:]:
            if ander_score < score - VELD_MARGE:
                break
            if veld in index.velden[ander]:
                faq_id, score = ander, ander_score
                break
    if score < DREMPEL:
        return None
    return antwoord(faq_id, regels=regels, catalog=faq, score=score)


def warm_up(nlu_data: NluData, regelboek: RegelBoek) -> None:
    """Load the answers and build the indexes once, before the first question comes."""
    catalog = default_faq()
    _index_van(nlu_data, catalog)
    is_vraag("hoeveel subsidie krijg ik", nlu_data)
    vraagt_mens("ik wil iemand spreken", nlu_data)
    regels = regelboek.at(regelboek.begin)
    beantwoord("hoeveel subsidie krijg ik", regels=regels, nlu_data=nlu_data)
