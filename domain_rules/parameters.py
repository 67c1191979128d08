"""Load the dated parameter tree (one YAML file per parameter) and take snapshots at a date.

`laad_regelboek()` validates every file once; `RegelBoek.at(datum)` returns the frozen `Regels`
in force that day with the source of each value. Imports: stdlib, pydantic, this package.
"""

import bisect
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from domain_rules.begrippen import KMO_GROOTTES, TYPES
from domain_rules.folding import fold
from domain_rules.geld import is_centbedrag, rond_af
from domain_rules.schema import IndexBestand, ParameterBestand, Unit, Waarde
from domain_rules.strict_yaml import DataFileError, load_yaml_file

PARAMETERS_PAD: Path = Path(__file__).parent / "parameters"
INDEX_NAAM = "index.yaml"

_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_DECIMAL_TEXT = re.compile(r"[0-9]+(\.[0-9]+)?")
_UITSLUITING_ID = re.compile(r"[a-z][a-z0-9_]*")
_PREFIX = re.compile(r"[A-Z]+(?:\.[A-Z]+)*")
_REGISTRATIEPREFIX: str = "dienstverleners/registratieprefix"


def _datum_nl(datum: date) -> str:
    return f"{datum.day} {_MAANDEN[datum.month - 1]} {datum.year}"


class GeenRegels(Exception):
    """No kmo-portefeuille rules are in force on the requested date (before 1 April 2016)."""

    def __init__(self, datum: date, eerste_datum: date | None, detail: str | None = None) -> None:
        self.datum = datum
        self.eerste_datum = eerste_datum
        if detail is not None:
            bericht = (
                f"Op {_datum_nl(datum)} geldt de regel {detail} van de kmo-portefeuille niet."
            )
        elif eerste_datum is not None:
            bericht = (
                f"Op {_datum_nl(datum)} gelden er nog geen regels van de kmo-portefeuille: "
                f"het huidige systeem begint op {_datum_nl(eerste_datum)}."
            )
        else:
            bericht = f"Op {_datum_nl(datum)} gelden er geen regels van de kmo-portefeuille."
        super().__init__(bericht)


class Bron(BaseModel, frozen=True):
    """The source of a value in force: reference title and URL, effective date, note, parameter."""

    model_config = ConfigDict(extra="forbid")

    title: str
    href: str
    sinds: date
    note: str | None
    parameter: str
    zekerheid: str


class Uitsluiting(BaseModel, frozen=True):
    """An excluded training/service: a stable id and the Dutch omschrijving used in a refusal.

    Recognising it in a title is language understanding (dialogs, nlu_data), not a rule.
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    omschrijving: str

    @field_validator("id")
    @classmethod
    def _id_vorm(cls, id_: str) -> str:
        if not _UITSLUITING_ID.fullmatch(id_):
            raise ValueError(f"id {id_!r} must be lower-case letters, digits and underscores")
        return id_

    @field_validator("omschrijving")
    @classmethod
    def _omschrijving_niet_leeg(cls, omschrijving: str) -> str:
        if not omschrijving.strip():
            raise ValueError("omschrijving must not be empty")
        return omschrijving


class Stortingsgegevens(BaseModel, frozen=True):
    """Beneficiary and account for the deposit of the eigen bijdrage."""

    model_config = ConfigDict(extra="forbid")

    begunstigde: str
    adres: str
    rekeningnummer: str
    iban: str
    bic: str


class _VerhoogdSubthema(BaseModel, frozen=True):
    model_config = ConfigDict(extra="forbid")

    subthema: str
    types: tuple[str, ...]

    @field_validator("types")
    @classmethod
    def _bekende_types(cls, types: tuple[str, ...]) -> tuple[str, ...]:
        if not types or any(t not in TYPES for t in types) or len(set(types)) != len(types):
            raise ValueError(f"types must be distinct values of {TYPES}")
        return types


class _Registratieprefix(BaseModel, frozen=True):
    model_config = ConfigDict(extra="forbid")

    prefix: str
    type: str

    @field_validator("prefix")
    @classmethod
    def _prefix_vorm(cls, prefix: str) -> str:
        if not _PREFIX.fullmatch(prefix):
            raise ValueError(f"prefix {prefix!r} must be upper-case letters and dots, like DV.O")
        return prefix

    @field_validator("type")
    @classmethod
    def _bekend_type(cls, type_: str) -> str:
        if type_ not in TYPES:
            raise ValueError(f"type must be one of {TYPES}")
        return type_


class Regels(BaseModel, frozen=True):
    """Immutable snapshot of the rules in force on `op` (the application date)."""

    model_config = ConfigDict(extra="forbid")

    op: date
    steunpercentage: dict[str, Decimal]
    verhoogd_steunpercentage: dict[str, Decimal]
    verhoogde_subthemas: dict[str, tuple[str, ...]]
    jaarplafond: dict[str, Decimal]
    minimum_projectbedrag: dict[str, Decimal]
    aanvraagtermijn_dagen: int
    stortingstermijn_dagen: int
    advies_toegelaten_subthemas: tuple[str, ...] | None
    uitgesloten_opleidingen: tuple[Uitsluiting, ...]
    stortingsgegevens: Stortingsgegevens
    registratieprefixen: dict[str, str]
    bronnen: dict[str, Bron]

    @model_validator(mode="after")
    def _samenhang(self) -> "Regels":
        kmo = set(KMO_GROOTTES)
        if set(self.steunpercentage) != kmo or set(self.jaarplafond) != kmo:
            raise ValueError(f"steunpercentage and jaarplafond need exactly {KMO_GROOTTES}")
        if self.verhoogd_steunpercentage and set(self.verhoogd_steunpercentage) != kmo:
            raise ValueError(f"verhoogd_steunpercentage needs exactly {KMO_GROOTTES}")
        if self.verhoogde_subthemas and not self.verhoogd_steunpercentage:
            raise ValueError("verhoogde_subthemas in force without a verhoogd_steunpercentage")
        if set(self.minimum_projectbedrag) != set(TYPES):
            raise ValueError(f"minimum_projectbedrag needs exactly {TYPES}")
        if not set(self.registratieprefixen.values()) <= set(TYPES):
            raise ValueError(f"registratieprefixen must map onto {TYPES}")
        return self


# --- parameter files -----------------------------------------------------------------------

ParameterWaarde = Decimal | int | str | tuple[object, ...] | None


@dataclass(frozen=True)
class GedateerdeWaarde:
    """A converted value with the date it takes effect and its source."""

    sinds: date
    value: ParameterWaarde
    bron: Bron


@dataclass(frozen=True)
class Parameter:
    """One loaded parameter file: metadata plus its dated, converted values (oldest first)."""

    path: str
    description: str
    unit: Unit
    last_checked: date
    note: str | None
    waarden: tuple[GedateerdeWaarde, ...]

    def at(self, datum: date) -> GedateerdeWaarde | None:
        """Return the value in force on `datum`, or None before the first date."""
        index = bisect.bisect_right([w.sinds for w in self.waarden], datum)
        return self.waarden[index - 1] if index else None


def _tekst_item(item: object) -> str:
    if not isinstance(item, str) or not item.strip():
        raise ValueError(f"list item {item!r} must be a non-empty string")
    return item


def _model_item(model: type[BaseModel]) -> Callable[[object], object]:
    def parse(item: object) -> object:
        return model.model_validate(item)

    return parse


@dataclass(frozen=True)
class _Spec:
    unit: Unit
    item: Callable[[object], object] | None = None
    #: For lists: the folded key that must be unique per item (a repeat would overwrite silently).
    key: Callable[[object], str] | None = None
    #: A check over all dated values together (oldest first); raises ValueError.
    samen: Callable[[Sequence[ParameterWaarde]], None] | None = None


def _key(attribute: str) -> Callable[[object], str]:
    def key(item: object) -> str:
        return fold(str(getattr(item, attribute)))

    return key


def _tekst_key(item: object) -> str:
    return fold(str(item))


def _prefix_houdt_zijn_type(waarden: Sequence[ParameterWaarde]) -> None:
    """A prefix names one type on every date: the notation is recognised for all dates at once."""
    types: dict[str, str] = {}
    for waarde in waarden:
        for item in waarde if isinstance(waarde, tuple) else ():
            if isinstance(item, _Registratieprefix):
                eerder = types.setdefault(item.prefix, item.type)
                if eerder != item.type:
                    raise ValueError(f"prefix {item.prefix} is {eerder} and later {item.type}")


# Every parameter the code knows, with its unit and (for lists) how to read one item.
# The tree on disk must match this table exactly: no unknown and no missing files.
_SPECS: Mapping[str, _Spec] = {
    "steun/percentage/klein": _Spec("ratio"),
    "steun/percentage/middelgroot": _Spec("ratio"),
    "steun/verhoogd_percentage/klein": _Spec("ratio"),
    "steun/verhoogd_percentage/middelgroot": _Spec("ratio"),
    "steun/verhoogde_subthemas": _Spec("lijst", _model_item(_VerhoogdSubthema), _key("subthema")),
    "plafond/jaarplafond/klein": _Spec("EUR"),
    "plafond/jaarplafond/middelgroot": _Spec("EUR"),
    "minimum/projectbedrag/opleiding": _Spec("EUR"),
    "minimum/projectbedrag/advies": _Spec("EUR"),
    "termijnen/aanvraag_na_start": _Spec("dagen"),
    "termijnen/storting": _Spec("dagen"),
    "advies/toegelaten_subthemas": _Spec("lijst", _tekst_item, _tekst_key),
    "uitsluitingen/opleidingen": _Spec("lijst", _model_item(Uitsluiting), _key("id")),
    "stortingsgegevens/begunstigde": _Spec("tekst"),
    "stortingsgegevens/adres": _Spec("tekst"),
    "stortingsgegevens/rekeningnummer": _Spec("tekst"),
    "stortingsgegevens/iban": _Spec("tekst"),
    "stortingsgegevens/bic": _Spec("tekst"),
    _REGISTRATIEPREFIX: _Spec(
        "lijst", _model_item(_Registratieprefix), _key("prefix"), _prefix_houdt_zijn_type
    ),
}


def _decimal(raw: object, unit: Unit) -> Decimal:
    if not isinstance(raw, str) or not _DECIMAL_TEXT.fullmatch(raw):
        raise ValueError(f'{unit} value {raw!r} must be a quoted decimal string like "0.30"')
    try:
        waarde = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees a number
        raise ValueError(f"{unit} value {raw!r} is not a decimal") from exc
    if unit == "EUR" and not is_centbedrag(waarde):
        raise ValueError(f"EUR value {raw!r} has a fraction of a cent")
    if unit == "ratio" and waarde > 1:
        raise ValueError(f"ratio value {raw!r} must be between 0 and 1")
    return rond_af(waarde) if unit == "EUR" else waarde


def _convert(raw: object, spec: _Spec) -> ParameterWaarde:
    if raw is None:
        return None
    if spec.unit in ("EUR", "ratio"):
        return _decimal(raw, spec.unit)
    if spec.unit == "dagen":
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            raise ValueError(f"dagen value {raw!r} must be a non-negative integer")
        return raw
    if spec.unit == "tekst":
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(f"tekst value {raw!r} must be a non-empty string")
        return raw
    if not isinstance(raw, list):
        raise ValueError(f"lijst value must be a list, got {type(raw).__name__}")
    parse = spec.item if spec.item is not None else _tekst_item
    items = tuple(parse(item) for item in raw)
    if spec.key is not None:
        keys = [spec.key(item) for item in items]
        dubbel = sorted({k for k in keys if keys.count(k) > 1})
        if dubbel:
            raise ValueError(f"list items repeated: {', '.join(dubbel)}")
    return items


def _combined_note(*notes: str | None) -> str | None:
    present = [n for n in notes if n]
    return " ".join(present) if present else None


def _check_date_keys(pad: Path, raw: object) -> None:
    """Value keys must be unquoted ISO dates (YAML dates), strictly increasing in file order."""
    if not isinstance(raw, dict) or not isinstance(raw.get("values"), dict):
        return  # the schema reports the missing/invalid mapping
    vorige: date | None = None
    for sleutel in raw["values"]:
        if isinstance(sleutel, datetime) or not isinstance(sleutel, date):
            raise DataFileError(
                pad, f"value key {sleutel!r} is not an unquoted ISO date (YYYY-MM-DD)"
            )
        if vorige is not None and sleutel <= vorige:
            raise DataFileError(
                pad, f"value dates must be strictly increasing: {sleutel} after {vorige}"
            )
        vorige = sleutel
    if vorige is None:
        raise DataFileError(pad, "values must contain at least one dated value")


def laad_parameterbestand(pad: Path, path: str) -> Parameter:
    """Read, validate and convert one parameter file; every error names the file."""
    spec = _SPECS.get(path)
    if spec is None:
        raise DataFileError(pad, f"unknown parameter {path!r} (not in the rule code's table)")
    raw = load_yaml_file(pad)
    _check_date_keys(pad, raw)
    try:
        bestand = ParameterBestand.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(pad, str(exc)) from exc
    if bestand.metadata.unit != spec.unit:
        raise DataFileError(pad, f"unit must be {spec.unit!r}, got {bestand.metadata.unit!r}")
    waarden = []
    for sinds, waarde in bestand.values.items():
        waarden.append(_dated(pad, path, bestand, sinds, waarde, spec))
    if spec.samen is not None:
        try:
            spec.samen([w.value for w in waarden])
        except ValueError as exc:
            raise DataFileError(pad, str(exc)) from exc
    return Parameter(
        path=path,
        description=bestand.description,
        unit=bestand.metadata.unit,
        last_checked=bestand.metadata.last_checked,
        note=bestand.metadata.note,
        waarden=tuple(waarden),
    )


def _dated(
    pad: Path, path: str, bestand: ParameterBestand, sinds: date, waarde: Waarde, spec: _Spec
) -> GedateerdeWaarde:
    try:
        value = _convert(waarde.value, spec)
    except (ValueError, ValidationError) as exc:
        raise DataFileError(pad, f"value of {sinds}: {exc}") from exc
    bron = Bron(
        title=waarde.reference.title,
        href=waarde.reference.href,
        sinds=sinds,
        note=_combined_note(waarde.note, bestand.metadata.note),
        parameter=path,
        zekerheid=waarde.zekerheid,
    )
    return GedateerdeWaarde(sinds=sinds, value=value, bron=bron)


def _lees_boom(wortel: Path) -> dict[str, Parameter]:
    if not wortel.is_dir():
        raise DataFileError(wortel, "parameter folder not found")
    parameters: dict[str, Parameter] = {}
    for map_ in sorted([wortel, *(p for p in wortel.rglob("*") if p.is_dir())]):
        if map_.name == "__pycache__":
            continue
        index = map_ / INDEX_NAAM
        if not index.is_file():
            raise DataFileError(index, "every parameter folder needs an index.yaml")
        try:
            IndexBestand.model_validate(load_yaml_file(index))
        except ValidationError as exc:
            raise DataFileError(index, str(exc)) from exc
    for pad in sorted(p for p in wortel.rglob("*") if p.is_file()):
        if "__pycache__" in pad.parts or pad.name == INDEX_NAAM:
            continue
        if pad.suffix != ".yaml":
            raise DataFileError(pad, "only .yaml files belong in the parameter folder")
        path = pad.relative_to(wortel).with_suffix("").as_posix()
        parameters[path] = laad_parameterbestand(pad, path)
    ontbrekend = sorted(set(_SPECS) - set(parameters))
    if ontbrekend:
        raise DataFileError(wortel, f"missing parameter files: {', '.join(ontbrekend)}")
    return parameters


class RegelBoek:
    """The whole loaded parameter tree; snapshots are taken with `at(datum)`."""

    def __init__(self, parameters: Mapping[str, Parameter]) -> None:
        self._parameters = dict(parameters)
        self._begin = min(p.waarden[0].sinds for p in self._parameters.values())
        self._snapshots: dict[date, Regels] = {}  # snapshots are immutable: one per date

    @property
    def begin(self) -> date:
        """The first date on which any rule is in force (2016-04-01)."""
        return self._begin

    def parameter_paths(self) -> list[str]:
        """Return the sorted names (folder paths) of all parameters."""
        return sorted(self._parameters)

    def parameter(self, path: str) -> Parameter:
        """Return one loaded parameter by its path; KeyError if unknown."""
        return self._parameters[path]

    def at(self, datum: date) -> Regels:
        """Return the rules in force on `datum` (the application date); GeenRegels before them."""
        if datum < self._begin:
            raise GeenRegels(datum, self._begin)
        regels = self._snapshots.get(datum)
        if regels is None:
            regels = _Snapshot(self._parameters, datum).regels()
            if len(self._snapshots) < 4096:
                self._snapshots[datum] = regels
        return regels


class _Snapshot:
    """Collects the values in force on one date and the sources of those values."""

    def __init__(self, parameters: Mapping[str, Parameter], datum: date) -> None:
        self._parameters = parameters
        self._datum = datum
        self.bronnen: dict[str, Bron] = {}
        for path, parameter in parameters.items():
            waarde = parameter.at(datum)
            if waarde is not None:
                self.bronnen[path] = waarde.bron

    def optioneel(self, path: str) -> ParameterWaarde:
        waarde = self._parameters[path].at(self._datum)
        return None if waarde is None else waarde.value

    def verplicht(self, path: str) -> ParameterWaarde:
        value = self.optioneel(path)
        if value is None:
            raise GeenRegels(self._datum, None, detail=path)
        return value

    def decimal(self, path: str) -> Decimal:
        value = self.verplicht(path)
        assert isinstance(value, Decimal)  # guaranteed by the unit in _SPECS
        return value

    def dagen(self, path: str) -> int:
        value = self.verplicht(path)
        assert isinstance(value, int)
        return value

    def tekst(self, path: str) -> str:
        value = self.verplicht(path)
        assert isinstance(value, str)
        return value

    def lijst(self, path: str) -> tuple[object, ...] | None:
        value = self.optioneel(path)
        assert value is None or isinstance(value, tuple)
        return value

    def per_grootte(self, folder: str, *, verplicht: bool) -> dict[str, Decimal]:
        result: dict[str, Decimal] = {}
        for grootte in KMO_GROOTTES:
            path = f"{folder}/{grootte}"
            value = self.decimal(path) if verplicht else self.optioneel(path)
            if value is not None:
                assert isinstance(value, Decimal)
                result[grootte] = value
        return result

    def regels(self) -> Regels:
        verhoogd = self.lijst("steun/verhoogde_subthemas") or ()
        toegelaten = self.lijst("advies/toegelaten_subthemas")
        uitsluitingen = self.lijst("uitsluitingen/opleidingen") or ()
        prefixen = self.lijst(_REGISTRATIEPREFIX) or ()
        return Regels(
            op=self._datum,
            steunpercentage=self.per_grootte("steun/percentage", verplicht=True),
            verhoogd_steunpercentage=self.per_grootte(
                "steun/verhoogd_percentage", verplicht=False
            ),
            verhoogde_subthemas={
                v.subthema: v.types for v in verhoogd if isinstance(v, _VerhoogdSubthema)
            },
            jaarplafond=self.per_grootte("plafond/jaarplafond", verplicht=True),
            minimum_projectbedrag={t: self.decimal(f"minimum/projectbedrag/{t}") for t in TYPES},
            aanvraagtermijn_dagen=self.dagen("termijnen/aanvraag_na_start"),
            stortingstermijn_dagen=self.dagen("termijnen/storting"),
            advies_toegelaten_subthemas=(
                None if toegelaten is None else tuple(str(s) for s in toegelaten)
            ),
            uitgesloten_opleidingen=tuple(u for u in uitsluitingen if isinstance(u, Uitsluiting)),
            stortingsgegevens=Stortingsgegevens(
                begunstigde=self.tekst("stortingsgegevens/begunstigde"),
                adres=self.tekst("stortingsgegevens/adres"),
                rekeningnummer=self.tekst("stortingsgegevens/rekeningnummer"),
                iban=self.tekst("stortingsgegevens/iban"),
                bic=self.tekst("stortingsgegevens/bic"),
            ),
            registratieprefixen={
                p.prefix: p.type for p in prefixen if isinstance(p, _Registratieprefix)
            },
            bronnen=self.bronnen,
        )


def alle_registratieprefixen(regelboek: RegelBoek) -> dict[str, str]:
    """Every registration-number prefix of any date with its type, in order of first use."""
    alle: dict[str, str] = {}
    for waarde in regelboek.parameter(_REGISTRATIEPREFIX).waarden:
        for item in waarde.value if isinstance(waarde.value, tuple) else ():
            if isinstance(item, _Registratieprefix):
                alle.setdefault(item.prefix, item.type)
    return alle


def laad_regelboek(pad: Path | None = None) -> RegelBoek:
    """Load and validate the parameter tree at `pad` (default: the package's, cached)."""
    if pad is None:
        return _standaard_regelboek()
    return RegelBoek(_lees_boom(pad))


@functools.cache
def _standaard_regelboek() -> RegelBoek:
    return RegelBoek(_lees_boom(PARAMETERS_PAD))
