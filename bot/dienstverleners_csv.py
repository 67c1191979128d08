"""The register of dienstverleners as a CSV: parsed with limits, and the bundled demo register.

A row is refused with its line number (where it starts): a field over the csv limit, a name over
MAX_NAAM characters, control or formatting characters, a leading formula sign, an invalid or
mistyped registration number, a number already given on an earlier line (the first is kept).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources

from dialogs.models import Dienstverlener
from domain_rules import alle_registratieprefixen, laad_regelboek, type_volgens_prefixen

#: The longest name a CSV import accepts; longer ones are refused with their line number.
MAX_NAAM = 200


@dataclass
class ImportResult:
    """Outcome of a CSV import: counts and the rejected lines with their reason."""

    nieuw: int = 0
    bijgewerkt: int = 0
    fouten: list[tuple[int, str]] = field(default_factory=list)


def _onveilig(text: str) -> str | None:
    """Why a CSV field is refused: a control character or a leading formula sign."""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf"):
            return f"stuurteken U+{ord(ch):04X} niet toegelaten"
    if text[:1] in ("=", "+", "-", "@"):
        return f"mag niet beginnen met {text[0]!r} (formule in een rekenblad)"
    return None


def parse_dienstverleners_csv(
    text: str, prefixen: Mapping[str, str] | None = None
) -> tuple[list[Dienstverlener], list[tuple[int, str]]]:
    """Rows of a naam,registratienummer,type CSV; bad rows come back with their line number.

    A field over `csv.field_size_limit()`, a name over `MAX_NAAM` characters, a control
    character (NUL included) or a leading ``= + - @`` refuses its line; so does a registration
    number already on an earlier line of the same file (the first one is kept).
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    bad: list[tuple[int, str]] = []
    try:
        first = next(reader, [])
    except csv.Error as exc:
        return [], [(reader.line_num, f"kopregel onleesbaar: {exc}")]
    header = [h.strip().lower() for h in first]
    missing = {"naam", "registratienummer", "type"} - set(header)
    if missing:
        return [], [(1, f"kolom(men) ontbreken: {', '.join(sorted(missing))}")]
    kolom = {name: header.index(name) for name in ("naam", "registratienummer", "type")}
    good: list[Dienstverlener] = []
    eerste_regel: dict[str, int] = {}
    if prefixen is None:  # the register serves every date: any prefix the rules ever had
        prefixen = alle_registratieprefixen(laad_regelboek())
    limiet = csv.field_size_limit()
    while True:
        line = reader.line_num + 1  # where the row starts (a quoted field may span lines)
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            bad.append((line, f"veld langer dan {limiet} tekens"))
            continue
        if not any(v.strip() for v in values):
            continue  # an empty line, as DictReader skipped it

        def value(name: str, row: list[str] = values) -> str:
            i = kolom[name]
            return row[i] if i < len(row) else ""

        naam = value("naam").strip()
        raw_nummer = value("registratienummer")
        raw_kind = value("type")
        nummer = raw_nummer.strip().upper().replace(" ", "")
        kind = raw_kind.strip().lower()
        onveilig = next(
            (
                (veld, reden)
                for veld, tekst in (
                    ("naam", naam),
                    ("registratienummer", raw_nummer.strip()),
                    ("type", raw_kind.strip()),
                )
                if (reden := _onveilig(tekst)) is not None
            ),
            None,
        )
        type_van_nummer = type_volgens_prefixen(nummer, prefixen)
        if not naam:
            bad.append((line, "naam ontbreekt"))
        elif len(naam) > MAX_NAAM:
            bad.append((line, f"naam te lang ({len(naam)} tekens, hoogstens {MAX_NAAM})"))
        elif onveilig is not None:
            bad.append((line, f"{onveilig[0]}: {onveilig[1]}"))
        elif type_van_nummer is None:
            bad.append(
                (
                    line,
                    f"ongeldig registratienummer {nummer!r} (verwacht DV.O of DV.A + 6 cijfers)",
                )
            )
        elif kind not in ("opleiding", "advies"):
            bad.append((line, f"ongeldig type {kind!r} (verwacht opleiding of advies)"))
        elif type_van_nummer != kind:
            bad.append((line, f"type {kind} past niet bij registratienummer {nummer}"))
        elif nummer in eerste_regel:
            bad.append(
                (line, f"registratienummer {nummer} staat al op regel {eerste_regel[nummer]}")
            )
        else:
            eerste_regel[nummer] = line
            good.append(Dienstverlener(naam=naam, registratienummer=nummer, type=kind))
    return good, bad


def demo_registry_csv() -> str:
    """The demo registry shipped with the package (real providers, public sources)."""
    return (
        resources.files("bot")
        .joinpath("data/dienstverleners-demo.csv")
        .read_text(encoding="utf-8")
    )
