"""Data that crosses the engine boundary: input, replies, conversation state, projects.

Plain pydantic models, serialised as JSON by the store. Imports nothing from `bot/`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Input(BaseModel):
    """One user action: typed text, a picked choice, or a resume after a restart."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    choice: str | None = None
    kind: Literal["message", "resume"] = "message"


class Choice(BaseModel):
    """An option offered with a question; `value` is what comes back when it is picked."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: str


class Message(BaseModel):
    """One assistant message: rendered Dutch text plus the data a channel needs."""

    id: str
    text: str
    params: dict[str, str] = Field(default_factory=dict)
    asks: str | None = None
    choices: list[Choice] = Field(default_factory=list)
    problem: str | None = None
    project: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """The machine-readable shape of `kmobot chat --jsonl`."""
        return {
            "text": self.text,
            "asks": self.asks,
            "choices": [c.model_dump() for c in self.choices],
            "problem": self.problem,
            "project": self.project,
        }


class Dienstverlener(BaseModel):
    """A registered provider (registratienummer DV.O… for opleiding, DV.A… for advies)."""

    model_config = ConfigDict(frozen=True)

    naam: str
    registratienummer: str
    type: str


class Aanvraag(BaseModel):
    """The aanvraag fields collected so far; every field is optional while collecting."""

    onderneming: str | None = None
    grootte: str | None = None
    nace: str | None = None
    type: str | None = None
    naam: str | None = None
    soort: str | None = None
    thema: str | None = None
    subthema: str | None = None
    deelnemers: int | None = None
    deelnemer_namen: list[str] | None = None
    uren: Decimal | None = None
    datum_overeenkomst: date | None = None
    startdatum: date | None = None
    bedrijfsfunctioneren: bool | None = None
    kost: Decimal | None = None
    dienstverlener: Dienstverlener | None = None
    verklaring: bool | None = None


class DialogState(BaseModel):
    """Everything the assistant remembers about one chat between two turns."""

    schema_version: int = SCHEMA_VERSION
    mode: Literal["idle", "aanvraag", "demo"] = "idle"
    asks: str | None = None
    aanvraag: Aanvraag = Field(default_factory=Aanvraag)
    review: bool = False
    return_to_summary: bool = False
    choices: list[Choice] = Field(default_factory=list)
    candidates: list[Dienstverlener] = Field(default_factory=list)
    thema_voorstel: list[str] = Field(default_factory=list)  # "thema|subthema" proposals
    thema_bladeren: bool = False  # the user asked for the full thema list
    nace_keuzes: list[Choice] = Field(default_factory=list)  # NACE-BEL candidates offered
    confirm_return: str | None = None
    onderneming: str | None = None
    greeted: bool = False


class Project(BaseModel):
    """An approved aanvraag as the portefeuille keeps it, with its calculation and sources."""

    projectnummer: str
    status: str = "aangevraagd"
    aanvraagdatum: date
    onderneming: str
    grootte: str
    nace: str
    type: str
    naam: str
    soort: str | None = None
    thema: str
    subthema: str
    deelnemers: int | None = None
    deelnemer_namen: list[str] | None = None
    uren: Decimal
    datum_overeenkomst: date
    startdatum: date
    bedrijfsfunctioneren: bool
    kost: Decimal
    verklaring: bool
    dienstverlener: Dienstverlener
    projectbedrag: Decimal
    steunpercentage: Decimal
    subsidie: Decimal
    eigen_bijdrage: Decimal
    te_storten: Decimal
    jaarplafond: Decimal
    rest_plafond_na: Decimal
    uiterste_stortingsdatum: date
    begunstigde: str
    adres_begunstigde: str
    rekeningnummer: str
    iban: str
    bic: str
    mededeling: str
    parameters: dict[str, dict[str, str]] = Field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """JSON shape: decimal strings, ISO dates, provider as {naam, registratienummer}."""
        data = self.model_dump(mode="json")
        data["dienstverlener"] = {
            "naam": self.dienstverlener.naam,
            "registratienummer": self.dienstverlener.registratienummer,
        }
        return data


class Turn(BaseModel):
    """What one call of the engine produces."""

    state: DialogState
    messages: list[Message]
