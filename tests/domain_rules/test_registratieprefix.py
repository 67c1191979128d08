"""Registration-number prefixes come from their dated parameter, on a date and over all dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain_rules import (
    DataFileError,
    alle_registratieprefixen,
    controleer_dienstverlener_type,
    laad_regelboek,
    type_van_registratienummer,
    type_volgens_prefixen,
)
from tests.auxil.regelboek import boom_met_prefixen, regelboek_met_prefixen

OUD = [("DV.O", "opleiding"), ("DV.A", "advies")]


def test_the_shipped_prefixes_over_all_dates() -> None:
    assert alle_registratieprefixen(laad_regelboek()) == {"DV.O": "opleiding", "DV.A": "advies"}
    assert list(alle_registratieprefixen(laad_regelboek())) == ["DV.O", "DV.A"]


def test_a_prefix_added_later_counts_from_its_date_and_in_the_union(tmp_path: Path) -> None:
    boek = regelboek_met_prefixen(tmp_path, {date(2030, 1, 1): [*OUD, ("DV.B", "advies")]})
    assert list(alle_registratieprefixen(boek)) == ["DV.O", "DV.A", "DV.B"]
    voor, op = boek.at(date(2029, 12, 31)), boek.at(date(2030, 1, 1))
    assert "DV.B" not in voor.registratieprefixen
    assert op.registratieprefixen["DV.B"] == "advies"
    assert type_van_registratienummer("dv.b 123456", voor) is None
    assert type_van_registratienummer("dv.b 123456", op) == "advies"
    probleem = controleer_dienstverlener_type(
        registratienummer="DV.B123456", type="advies", regels=voor
    )
    assert probleem is not None and probleem.id == "ongeldig_registratienummer"
    assert (
        controleer_dienstverlener_type(registratienummer="DV.B123456", type="advies", regels=op)
        is None
    )
    verkeerd = controleer_dienstverlener_type(
        registratienummer="DV.B123456", type="opleiding", regels=op
    )
    assert verkeerd is not None and verkeerd.id == "verkeerd_type_dienstverlener"
    assert verkeerd.params["verwacht"] == "DV.O"


def test_a_prefix_dropped_later_stays_in_the_union(tmp_path: Path) -> None:
    boek = regelboek_met_prefixen(tmp_path, {date(2030, 1, 1): [("DV.O", "opleiding")]})
    assert alle_registratieprefixen(boek) == {"DV.O": "opleiding", "DV.A": "advies"}
    assert boek.at(date(2030, 1, 1)).registratieprefixen == {"DV.O": "opleiding"}
    assert type_van_registratienummer("DV.A242438", boek.at(date(2030, 1, 1))) is None


def test_a_prefix_that_changes_its_type_is_refused_with_the_file(tmp_path: Path) -> None:
    boom = boom_met_prefixen(
        tmp_path, {date(2030, 1, 1): [("DV.O", "advies"), ("DV.A", "advies")]}
    )
    with pytest.raises(DataFileError, match="registratieprefix.yaml.*DV.O is opleiding"):
        laad_regelboek(boom)


@pytest.mark.parametrize("prefix", ["dv.o", "DV.", "DV O", "DV-O", "DV.O1", ""])
def test_a_prefix_must_be_capitals_and_dots(tmp_path: Path, prefix: str) -> None:
    boom = boom_met_prefixen(tmp_path, {date(2030, 1, 1): [(f'"{prefix}"', "opleiding")]})
    with pytest.raises(DataFileError, match="(?s)registratieprefix.yaml.*upper-case letters"):
        laad_regelboek(boom)


@pytest.mark.parametrize(
    ("nummer", "verwacht"),
    [
        ("DV.O213465", "opleiding"),
        ("DV.A242438", "advies"),
        ("DV.O21346", None),
        ("DV.O2134650", None),
        ("DV.X213465", None),
        ("dv.o213465", None),  # exact notation only: normalising is the caller's
        ("DV.O٢١٣٤٦٥", None),  # ASCII digits only
    ],
)
def test_type_volgens_prefixen(nummer: str, verwacht: str | None) -> None:
    assert type_volgens_prefixen(nummer, alle_registratieprefixen(laad_regelboek())) == verwacht
