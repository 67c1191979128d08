"""API-level tests of geld, steun and ontvankelijkheid that the YAML cases cannot express:
argument validation, provenance of a Steunberekening, and the exclusion check by id.
"""

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from domain_rules import (
    CENT,
    Probleem,
    bereken_steun,
    controleer_advies_thema,
    controleer_grootte,
    controleer_minimum,
    controleer_uitsluiting,
    laad_regelboek,
    rond_af,
    type_van_registratienummer,
)
from domain_rules.parameters import Regels


@pytest.fixture
def regels() -> Regels:
    """Rules in force on 10 March 2026."""
    return laad_regelboek().at(date(2026, 3, 10))


@pytest.mark.parametrize(
    ("bedrag", "verwacht"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),
        ("370.365", "370.37"),
        ("-0.005", "-0.01"),
        ("12", "12.00"),
    ],
)
def test_rond_af_rounds_half_up_to_the_cent(bedrag: str, verwacht: str) -> None:
    uitkomst = rond_af(Decimal(bedrag))
    assert uitkomst == Decimal(verwacht)
    assert str(uitkomst) == verwacht
    assert Decimal("0.01") == CENT


def test_rond_af_refuses_floats_and_nan() -> None:
    with pytest.raises(TypeError):
        rond_af(2.675)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        rond_af(Decimal("NaN"))


def _steun(regels: Regels, **overrides: object) -> object:
    argumenten: dict[str, object] = {
        "projectbedrag": Decimal("1000.00"),
        "grootte": "klein",
        "type": "opleiding",
        "subthema": "Software",
        "reeds_toegekend": Decimal("0"),
        "regels": regels,
    }
    argumenten.update(overrides)
    return bereken_steun(**argumenten)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "fout"),
    [
        ({"projectbedrag": Decimal("100.125")}, ValueError),
        ({"projectbedrag": Decimal("-1.00")}, ValueError),
        ({"reeds_toegekend": Decimal("-0.01")}, ValueError),
        ({"projectbedrag": 1000.0}, TypeError),
        ({"grootte": "groot"}, ValueError),
        ({"grootte": "reus"}, ValueError),
        ({"type": "coaching"}, ValueError),
    ],
    ids=[
        "sub-cent",
        "negative",
        "negative-granted",
        "float",
        "groot",
        "unknown-size",
        "unknown-type",
    ],
)
def test_bereken_steun_rejects_invalid_arguments(
    regels: Regels, overrides: dict[str, object], fout: type[Exception]
) -> None:
    with pytest.raises(fout):
        _steun(regels, **overrides)


def test_steunberekening_names_its_sources(regels: Regels) -> None:
    gewoon = bereken_steun(
        projectbedrag=Decimal("1000"),
        grootte="middelgroot",
        type="advies",
        subthema="Cybersecurity",
        reeds_toegekend=Decimal("0"),
        regels=regels,
    )
    assert [b.parameter for b in gewoon.bronnen] == [
        "steun/verhoogd_percentage/middelgroot",
        "steun/verhoogde_subthemas",
        "plafond/jaarplafond/middelgroot",
    ]
    assert [b.sinds for b in gewoon.bronnen] == [
        date(2021, 9, 14),
        date(2024, 6, 5),
        date(2020, 1, 1),
    ]
    standaard = _steun(regels)
    assert [b.parameter for b in standaard.bronnen] == [  # type: ignore[attr-defined]
        "steun/percentage/klein",
        "plafond/jaarplafond/klein",
    ]


def test_steunberekening_is_frozen_and_in_cents(regels: Regels) -> None:
    berekening = bereken_steun(
        projectbedrag=Decimal("1000"),
        grootte="klein",
        type="opleiding",
        subthema=None,
        reeds_toegekend=Decimal("0"),
        regels=regels,
    )
    assert str(berekening.projectbedrag) == "1000.00"
    assert str(berekening.eigen_bijdrage) == "700.00"
    assert berekening.subsidie + berekening.eigen_bijdrage == berekening.projectbedrag
    with pytest.raises(ValidationError):
        berekening.subsidie = Decimal("1")  # type: ignore[misc]


def test_grootte_check(regels: Regels) -> None:
    assert controleer_grootte("klein", regels) is None
    assert controleer_grootte("middelgroot", regels) is None
    probleem = controleer_grootte("groot", regels)
    assert probleem == Probleem(
        id="grote_onderneming", veld="grootte", params={"grootte": "groot"}
    )
    with pytest.raises(ValueError, match="grootte"):
        controleer_grootte("reus", regels)


def test_probleem_refuses_unknown_ids() -> None:
    with pytest.raises(ValidationError, match="unknown Probleem id"):
        Probleem(id="iets_anders", veld="naam", params={})


def test_advies_check_never_blocks_opleiding(regels: Regels) -> None:
    assert controleer_advies_thema(type="opleiding", subthema="Reclame", regels=regels) is None
    probleem = controleer_advies_thema(type="advies", subthema="Reclame", regels=regels)
    assert probleem is not None
    assert probleem.id == "advies_enkel_cybersecurity"


@pytest.mark.parametrize(
    ("nummer", "type_"),
    [
        ("DV.O213465", "opleiding"),
        ("DV.A233038", "advies"),
        ("dv.a 233 038", "advies"),
        ("DV.O21346", None),
        ("DV.O2134655", None),
        ("DV.0213465", None),
        ("DVO213465", None),
        ("DV.X213465", None),
        ("DV.O21346٥", None),  # Arabic-Indic digit
        ("", None),
    ],
)
def test_type_van_registratienummer(regels: Regels, nummer: str, type_: str | None) -> None:
    assert type_van_registratienummer(nummer, regels) == type_


@pytest.mark.parametrize(
    ("uitsluiting_id", "omschrijving"),
    [
        ("nlp", "Neuro-Linguistic Programming (NLP)"),
        ("rijbewijs_am_a_b", "Rijbewijs AM, A of B"),
        ("mbti", "Myers-Briggs Type Indicator (persoonlijkheidsanalyse)"),
        ("hypnose", "Hypnose"),
        ("netwerksessies", "Netwerksessies"),
        ("studiereizen", "Studiereizen"),
        ("insights_discovery", "Insights Discovery"),
        ("vaarbewijs", "Vaarbewijs"),
        ("rijbewijs_c", None),
        ("Mindfulness", None),  # ids are exact, never folded or fuzzy
        ("", None),
    ],
)
def test_controleer_uitsluiting_by_id(
    regels: Regels, uitsluiting_id: str, omschrijving: str | None
) -> None:
    probleem = controleer_uitsluiting(uitsluiting_id=uitsluiting_id, regels=regels)
    if omschrijving is None:
        assert probleem is None
    else:
        assert probleem == Probleem(
            id="uitgesloten_opleiding", veld="naam", params={"omschrijving": omschrijving}
        )


def test_controleer_uitsluiting_is_keyword_only(regels: Regels) -> None:
    with pytest.raises(TypeError):
        controleer_uitsluiting("mindfulness", regels)  # type: ignore[misc]


def test_no_exclusions_before_july_2020() -> None:
    regels = laad_regelboek().at(date(2020, 6, 30))
    assert controleer_uitsluiting(uitsluiting_id="mindfulness", regels=regels) is None


def test_every_exclusion_has_a_unique_stable_id(regels: Regels) -> None:
    ids = [u.id for u in regels.uitgesloten_opleidingen]
    assert len(ids) == len(set(ids)) == 22
    assert {"mindfulness", "nlp", "rijbewijs_am_a_b", "teambuilding"} <= set(ids)


def test_minimum_check_refuses_floats(regels: Regels) -> None:
    with pytest.raises(TypeError, match="Decimal"):
        controleer_minimum(projectbedrag=99.99, type="opleiding", regels=regels)  # type: ignore[arg-type]
