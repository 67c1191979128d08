"""The conversation state: named dialog steps and an immutable, versioned model stored as JSON.

A stored state of an earlier schema version is migrated, never thrown away: each version has a
plain function to the next (`_v1_to_v2`, …). Imports only `dialogs.models` and pydantic.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from dialogs.models import Choice, Effect, Message, Onderneming

SCHEMA_VERSION = 2


class Step(StrEnum):
    """Where a conversation is between two turns."""

    IDLE = "idle"  # no question open: the menu
    FIELD = "veld"  # a field of the aanvraag is asked (`DialogState.field`)
    BROWSE = "bladeren"  # the full list of a proposal field (every thema) is shown
    SUMMARY = "overzicht"  # the summary and the verklaring op eer
    CONFIRM = "bevestig"  # a ja/nee confirmation is pending (`DialogState.confirm`)
    CHOOSE_FIELD = "kies_veld"  # which field to change (wijzig without a known field)
    CODE = "toegangscode"  # an access code for an onderneming others manage (`toegang_voor`)
    REASON = "stopzet_reden"  # why a project is stopped (`stopzetting`)


class Then(StrEnum):
    """What follows an accepted answer."""

    NEXT = "volgende"  # the first field that is still unanswered
    SUMMARY = "overzicht"  # back to the summary (after wijzig <veld>)
    WALK = "doorlopen"  # the next field in the form's order (after terug)


class Place(BaseModel):
    """A step to return to (after a confirmation or the choice of a field).

    For a pending confirmation, `confirm` is its name and `field` the field it doubts.
    """

    model_config = ConfigDict(frozen=True)

    step: Step
    field: str | None = None
    confirm: str | None = None


class Confirmation(BaseModel):
    """A pending ja/nee question: a command's (`annuleren`, `vergeten`) or a field's doubt.

    A doubt (`field` set) asks whether the field's value breaks a rule; its question is made
    again from the field's check, so only its name is stored.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    field: str | None = None
    back: Place | None = None


class Aanvraag(BaseModel):
    """The aanvraag so far: each answered field's value, in the JSON form its row declares."""

    model_config = ConfigDict(frozen=True)

    values: dict[str, JsonValue] = Field(default_factory=dict)

    def raw(self, field_id: str) -> JsonValue:
        """The stored JSON value of a field, or None."""
        return self.values.get(field_id)

    def with_value(self, field_id: str, value: JsonValue) -> Aanvraag:
        """A copy with this field set (None removes it)."""
        values = dict(self.values)
        if value is None:
            values.pop(field_id, None)
        else:
            values[field_id] = value
        # The values were valid JSON values and the new one comes from a row's codec.
        return Aanvraag.model_construct(values=values)


class DialogState(BaseModel):
    """Everything the assistant remembers about one chat between two turns."""

    model_config = ConfigDict(frozen=True)

    schema_version: Literal[2] = 2
    mode: Literal["idle", "aanvraag", "demo"] = "idle"
    step: Step = Step.IDLE
    field: str | None = None
    then: Then = Then.NEXT
    confirm: Confirmation | None = None
    back: Place | None = None  # where the choice of a field returns to
    aanvraag: Aanvraag = Field(default_factory=Aanvraag)
    choices: tuple[Choice, ...] = ()
    candidates: tuple[Choice, ...] = ()  # search results offered for the current field
    proposals: tuple[str, ...] = ()  # "thema|subthema" proposals for the proposal field
    remembered: dict[str, JsonValue] = Field(default_factory=dict)  # per chat, e.g. the KBO
    greeted: bool = False
    toegang_voor: str | None = None  # the KBO number awaiting an access code
    onderneming_info: Onderneming | None = None  # as last read, for the size and NACE code
    nace_onthouden: str | None = None  # the onderneming's NACE code, offered for confirmation
    stopzetting: str | None = None  # the projectnummer being stopped
    reden: str = ""  # the reason given for it

    @property
    def asks(self) -> str | None:
        """What the last message awaits, as `--jsonl` names it (a field id, verklaring, …)."""
        if self.step in (Step.FIELD, Step.BROWSE):
            return self.field
        if self.step is Step.SUMMARY:
            return "verklaring"
        if self.step is Step.CONFIRM and self.confirm is not None:
            return f"bevestig_{self.confirm.name}"
        if self.step is Step.CHOOSE_FIELD:
            return "wijzig_veld"
        if self.step in (Step.CODE, Step.REASON):
            return self.step.value
        return None

    @property
    def active(self) -> bool:
        """Whether an aanvraag (or the demo) is under way."""
        return self.mode != "idle"


class Turn(BaseModel):
    """What one call of the engine produces: the new state, the messages and the effects."""

    state: DialogState
    messages: list[Message]
    effects: list[Effect] = Field(default_factory=list)


# --- loading and migrations --------------------------------------------------------------------


def _v1_place(asks: Any, thema_bladeren: bool) -> Place:
    """Version 1 named the step by what it asked."""
    if asks is None:
        return Place(step=Step.IDLE)
    if asks == "verklaring":
        return Place(step=Step.SUMMARY)
    if asks == "wijzig_veld":
        return Place(step=Step.CHOOSE_FIELD)
    if isinstance(asks, str) and asks.startswith("bevestig_"):
        name = asks.removeprefix("bevestig_")
        return Place(
            step=Step.CONFIRM, confirm=name, field="naam" if name == "uitsluiting" else None
        )
    step = Step.BROWSE if asks == "thema" and thema_bladeren else Step.FIELD
    return Place(step=step, field=str(asks))


def _v1_to_v2(old: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept the step in `asks` plus flags; version 2 names it."""
    asks = old.get("asks")
    bladeren = bool(old.get("thema_bladeren"))
    place = _v1_place(asks, bladeren)
    back_raw = old.get("confirm_return")
    back = _v1_place(back_raw, bladeren) if back_raw is not None else None
    confirm = None
    if place.step is Step.CONFIRM:
        confirm = {
            "name": place.confirm,
            "field": place.field,
            "back": None if place.field or back is None else back.model_dump(),
        }
    then = Then.WALK if old.get("review") else Then.NEXT
    if old.get("return_to_summary"):
        then = Then.SUMMARY
    candidates = [
        {"label": f"{d['naam']} ({d['registratienummer']})", "value": d["registratienummer"]}
        for d in old.get("candidates") or []
    ] or list(old.get("nace_keuzes") or [])
    values = {k: v for k, v in (old.get("aanvraag") or {}).items() if v is not None}
    remembered = {"onderneming": old["onderneming"]} if old.get("onderneming") else {}
    return {
        "schema_version": 2,
        "mode": old.get("mode", "idle"),
        "step": place.step.value,
        "field": None if place.step is Step.CONFIRM else place.field,
        "then": then.value,
        "confirm": confirm,
        "back": back.model_dump() if place.step is Step.CHOOSE_FIELD and back else None,
        "aanvraag": {"values": values},
        "choices": old.get("choices") or [],
        "candidates": candidates,
        "proposals": old.get("thema_voorstel") or [],
        "remembered": remembered,
        "greeted": bool(old.get("greeted")),
    }


MIGRATIONS = {1: _v1_to_v2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring stored state JSON of any earlier schema version to the current one."""
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ValueError(f"state of unknown schema version {version!r}")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def load_state(data: dict[str, Any] | None) -> DialogState:
    """A stored state (parsed JSON) as the current model, migrated when it is older."""
    if data is None:
        return DialogState()
    return DialogState.model_validate(migrate(data))
