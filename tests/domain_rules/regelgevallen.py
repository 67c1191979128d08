"""Schema and runner for the YAML rule cases in tests/domain_rules/cases/ (OpenFisca style).

A case has a Dutch `name`, the application `datum`, an `input` and the expected `output`;
unknown keys are refused. The runner applies the checks in the order of the seed's form.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from domain_rules import (
    GeenRegels,
    Probleem,
    Regels,
    Steunberekening,
    bereken_steun,
    controleer_aanvraagtermijn,
    controleer_advies_thema,
    controleer_bedrijfsfunctioneren,
    controleer_dienstverlener_type,
    controleer_grootte,
    controleer_minimum,
    controleer_overeenkomst,
    controleer_plafond,
    controleer_uitsluiting,
    laad_regelboek,
    uiterste_aanvraagdatum,
    uiterste_stortingsdatum,
)


def _decimal_text(raw: object) -> object:
    """Amounts in cases are quoted strings, like in the parameter files (never YAML floats)."""
    if not isinstance(raw, str):
        raise ValueError(f"amounts must be quoted strings, got {raw!r}")
    return Decimal(raw)


Bedrag = Annotated[Decimal, BeforeValidator(_decimal_text)]
_STRICT = ConfigDict(extra="forbid", frozen=True)


class GevalInput(BaseModel):
    """Aanvraag fields; a check runs only when the fields it needs are given."""

    model_config = _STRICT

    projectbedrag: Bedrag | None = None
    grootte: str | None = None
    type: str | None = None
    subthema: str | None = None
    reeds_toegekend: Bedrag = Decimal("0.00")
    #: id of the excluded training the dialog recognised in the title (nlu_data lookups).
    uitsluiting: str | None = None
    registratienummer: str | None = None
    startdatum: date | None = None
    datum_overeenkomst: date | None = None
    bedrijfsfunctioneren: bool | None = None


class GevalOutput(BaseModel):
    """Expected results; only the keys given are compared (and at least one must be given)."""

    model_config = _STRICT

    geen_regels: bool = False
    probleem: str | None = None
    probleem_veld: str | None = None
    probleem_params: dict[str, str] | None = None
    steunpercentage: Bedrag | None = None
    verhoogd: bool | None = None
    subsidie_zonder_plafond: Bedrag | None = None
    subsidie: Bedrag | None = None
    eigen_bijdrage: Bedrag | None = None
    jaarplafond: Bedrag | None = None
    rest_plafond_voor: Bedrag | None = None
    rest_plafond_na: Bedrag | None = None
    begrensd: bool | None = None
    uiterste_aanvraagdatum: date | None = None
    uiterste_stortingsdatum: date | None = None

    @model_validator(mode="after")
    def _iets_verwacht(self) -> "GevalOutput":
        gegeven = self.model_fields_set
        if not gegeven:
            raise ValueError("output must state at least one expected result")
        if self.geen_regels and gegeven != {"geen_regels"}:
            raise ValueError("geen_regels: true cannot be combined with other expectations")
        if (self.probleem_veld or self.probleem_params) and self.probleem is None:
            raise ValueError("probleem_veld/probleem_params need a probleem")
        return self


class Geval(BaseModel):
    """One rule case."""

    model_config = _STRICT

    name: str
    datum: date
    input: GevalInput
    output: GevalOutput


BEREKENING_VELDEN = (
    "steunpercentage",
    "verhoogd",
    "subsidie_zonder_plafond",
    "subsidie",
    "eigen_bijdrage",
    "jaarplafond",
    "rest_plafond_voor",
    "rest_plafond_na",
    "begrensd",
)


def _problemen(
    invoer: GevalInput, datum: date, regels: Regels
) -> tuple[list[Probleem], Steunberekening | None]:
    """Run every check whose inputs are present, in the order of the seed's form."""
    gevonden: list[Probleem | None] = []
    grote = False
    if invoer.grootte is not None:
        probleem = controleer_grootte(invoer.grootte, regels)
        grote = probleem is not None
        gevonden.append(probleem)
    if invoer.bedrijfsfunctioneren is not None:
        gevonden.append(controleer_bedrijfsfunctioneren(invoer.bedrijfsfunctioneren))
    if invoer.datum_overeenkomst is not None:
        gevonden.append(
            controleer_overeenkomst(
                datum_overeenkomst=invoer.datum_overeenkomst, aanvraagdatum=datum
            )
        )
    if invoer.startdatum is not None:
        gevonden.append(
            controleer_aanvraagtermijn(
                startdatum=invoer.startdatum, aanvraagdatum=datum, regels=regels
            )
        )
    if invoer.uitsluiting is not None:
        gevonden.append(controleer_uitsluiting(uitsluiting_id=invoer.uitsluiting, regels=regels))
    if invoer.type is not None and invoer.subthema is not None:
        gevonden.append(
            controleer_advies_thema(type=invoer.type, subthema=invoer.subthema, regels=regels)
        )
    if invoer.type is not None and invoer.registratienummer is not None:
        gevonden.append(
            controleer_dienstverlener_type(
                registratienummer=invoer.registratienummer, type=invoer.type, regels=regels
            )
        )
    if invoer.type is not None and invoer.projectbedrag is not None:
        gevonden.append(
            controleer_minimum(projectbedrag=invoer.projectbedrag, type=invoer.type, regels=regels)
        )
    berekening = None
    if (
        invoer.projectbedrag is not None
        and invoer.grootte is not None
        and invoer.type is not None
        and not grote
    ):
        berekening = bereken_steun(
            projectbedrag=invoer.projectbedrag,
            grootte=invoer.grootte,
            type=invoer.type,
            subthema=invoer.subthema,
            reeds_toegekend=invoer.reeds_toegekend,
            regels=regels,
        )
        gevonden.append(controleer_plafond(berekening))
    return [p for p in gevonden if p is not None], berekening


def voer_uit(geval: Geval) -> None:
    """Run one case and raise AssertionError with a readable message on any difference."""
    verwacht = geval.output
    if verwacht.geen_regels:
        try:
            laad_regelboek().at(geval.datum)
        except GeenRegels:
            return
        raise AssertionError(f"expected GeenRegels on {geval.datum}, got rules")

    regels = laad_regelboek().at(geval.datum)
    problemen, berekening = _problemen(geval.input, geval.datum, regels)

    ids = [p.id for p in problemen]
    assert ids == ([verwacht.probleem] if verwacht.probleem else []), f"problemen: {problemen}"
    if verwacht.probleem_veld is not None:
        assert problemen[0].veld == verwacht.probleem_veld, f"veld: {problemen[0].veld}"
    if verwacht.probleem_params is not None:
        assert problemen[0].params == verwacht.probleem_params, f"params: {problemen[0].params}"

    for veld in BEREKENING_VELDEN:
        if veld not in verwacht.model_fields_set:
            continue
        assert berekening is not None, f"{veld} expected but no steunberekening was made"
        werkelijk = getattr(berekening, veld)
        gewenst = getattr(verwacht, veld)
        assert werkelijk == gewenst, f"{veld}: expected {gewenst}, got {werkelijk}"
        if isinstance(gewenst, Decimal) and veld != "steunpercentage":
            assert werkelijk.as_tuple().exponent == -2, f"{veld} not in cents: {werkelijk}"

    if verwacht.uiterste_aanvraagdatum is not None:
        assert geval.input.startdatum is not None, "uiterste_aanvraagdatum needs input.startdatum"
        werkelijk_datum = uiterste_aanvraagdatum(geval.input.startdatum, regels)
        assert werkelijk_datum == verwacht.uiterste_aanvraagdatum, f"got {werkelijk_datum}"
    if verwacht.uiterste_stortingsdatum is not None:
        werkelijk_datum = uiterste_stortingsdatum(geval.datum, regels)
        assert werkelijk_datum == verwacht.uiterste_stortingsdatum, f"got {werkelijk_datum}"
