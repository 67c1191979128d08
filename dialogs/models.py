"""Data that crosses the engine boundary: input, reply blocks, effects, messages, projects.

Plain frozen pydantic models, serialised as JSON by the store. Imports nothing from `bot/`.
A reply is data: a list of blocks (heading, text, key/value rows, attachments) that every channel
renders in its own way, plus the effects of the turn. `Message.text` is the plain rendering.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator


class Input(BaseModel):
    """One user action: typed text, a picked choice, or a resume after a restart."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    choice: str | None = None
    kind: Literal["message", "resume"] = "message"
    # What the channel last showed as asked (`asks`, "" when nothing was): an answer to a
    # question that is no longer open (another window of the same chat went on) is not used.
    answers: str | None = None


class Choice(BaseModel):
    """An option offered with a question; `value` is what comes back when it is picked."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: str


class Dienstverlener(BaseModel):
    """A registered provider (registratienummer DV.O… for opleiding, DV.A… for advies)."""

    model_config = ConfigDict(frozen=True)

    naam: str
    registratienummer: str
    type: str


# --- reply blocks ------------------------------------------------------------------------------


class Heading(BaseModel):
    """The heading of a part of the reply: the step of the form, or the approval."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["heading"] = "heading"
    text: str


class Text(BaseModel):
    """A paragraph of plain text (may hold line breaks)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["text"] = "text"
    text: str


class Row(BaseModel):
    """One key/value line; `copy` marks a value a channel lets the user copy with one tap."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: str
    copyable: bool = False

    def plain(self) -> str:
        """'• Label: value'."""
        return f"• {self.label}: {self.value}" if self.label else f"• {self.value}"


class Rows(BaseModel):
    """Key/value rows under an optional title: the summary, a calculation, stortingsgegevens."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["rows"] = "rows"
    title: str | None = None
    rows: tuple[Row, ...]


class EpcPayment(BaseModel):
    """What a SEPA credit transfer (EPC QR code) needs: begunstigde, IBAN, BIC, amount, OGM."""

    model_config = ConfigDict(frozen=True)

    begunstigde: str
    iban: str
    bic: str
    bedrag: Decimal
    mededeling: str


class Attachment(BaseModel):
    """Something a channel shows beside the text, e.g. the EPC QR code of a payment."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["attachment"] = "attachment"
    media: Literal["epc_qr"] = "epc_qr"
    caption: str
    payment: EpcPayment
    projectnummer: str


Block = Annotated[Heading | Text | Rows | Attachment, Field(discriminator="kind")]


def plain_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The blocks as plain text, one line per heading, text line or row."""
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Heading | Text):
            lines.append(b.text)
        elif isinstance(b, Rows):
            if b.title:
                lines.append(b.title)
            lines.extend(r.plain() for r in b.rows)
    return "\n".join(lines)


# --- effects -----------------------------------------------------------------------------------


class ProjectApproved(BaseModel):
    """An aanvraag was approved and stored (not in the demo)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["project_goedgekeurd"] = "project_goedgekeurd"
    projectnummer: str


class ChatForgotten(BaseModel):
    """Everything stored for this chat was erased; a channel erases its own data too."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["gesprek_vergeten"] = "gesprek_vergeten"


class PaymentReported(BaseModel):
    """The user reported the storting of a project: no more reminders for it."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["storting_gemeld"] = "storting_gemeld"
    projectnummer: str


class PersonRequested(BaseModel):
    """The user asked to talk to a person (the helpdesk routes the chat to an agent)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["persoon_gevraagd"] = "persoon_gevraagd"
    asked: str | None = None  # what was being asked when the user asked for a person


Effect = Annotated[
    ProjectApproved | ChatForgotten | PaymentReported | PersonRequested,
    Field(discriminator="kind"),
]


class Message(BaseModel):
    """One assistant message: its blocks, their plain text and the data a channel needs."""

    id: str
    text: str
    blocks: list[Block] = Field(default_factory=list)
    params: dict[str, str] = Field(default_factory=dict)
    asks: str | None = None
    choices: list[Choice] = Field(default_factory=list)
    problem: str | None = None
    project: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _blocks_or_text(self) -> Message:
        if not self.blocks:
            self.blocks = [Text(text=self.text)]
        return self

    def as_json(self) -> dict[str, Any]:
        """The machine-readable shape of `kmobot chat --jsonl`."""
        return {
            "text": self.text,
            "asks": self.asks,
            "choices": [c.model_dump() for c in self.choices],
            "problem": self.problem,
            "project": self.project,
            "blocks": [b.model_dump(mode="json") for b in self.blocks],
        }


# --- projects ----------------------------------------------------------------------------------


# --- ondernemingen ------------------------------------------------------------------------------

Toegang = Literal["vrij", "beheerder", "gemachtigd", "geen"]


class Onderneming(BaseModel):
    """What a chat may know of an onderneming: its right, and (with a right) size and NACE.

    `vrij`: nobody holds a right (the first chat to file becomes beheerder); `geen`: others
    hold it, and this chat learns nothing else.
    """

    model_config = ConfigDict(frozen=True)

    nummer: str
    toegang: Toegang
    jaar: int | None = None  # the calendar year asked
    grootte: str | None = None  # fixed for the year asked (rules §5.1)
    nace: str | None = None  # of the last approved aanvraag

    @property
    def mag(self) -> bool:
        """Whether the chat may file for it and see its data."""
        return self.toegang != "geen"


class Recht(BaseModel):
    """A right on an onderneming as the beheerder sees it: a label, never a chat id."""

    model_config = ConfigDict(frozen=True)

    nummer: int  # its place in the list, to revoke it
    kanaal: str
    rol: Literal["beheerder", "gemachtigd"]
    sinds: date
    zelf: bool  # this very chat


class Toegangscode(BaseModel):
    """A new single-use access code, shown once."""

    model_config = ConfigDict(frozen=True)

    code: str
    geldig_tot: date


class CodePoging(BaseModel):
    """The outcome of a typed access code."""

    model_config = ConfigDict(frozen=True)

    uitkomst: Literal["ok", "fout", "geblokkeerd"]
    over: int = 0  # tries left before the chat waits
    wacht_minuten: int = 0  # when blocked


class StatusStap(BaseModel):
    """One change of a project's status: to what, on which date, and why (stopzetting)."""

    model_config = ConfigDict(frozen=True)

    status: str
    datum: date
    reden: str = ""


class Project(BaseModel):
    """An approved aanvraag as the portefeuille keeps it: its fields, calculation and sources.

    `velden` holds every applicable aanvraag field in the JSON form the field table declares
    (schema version 1 stored them as top-level keys; they are moved there when read).
    """

    model_config = ConfigDict(frozen=True)

    projectnummer: str
    status: str = "aangevraagd"
    aanvraagdatum: date
    velden: dict[str, JsonValue]
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
    geschiedenis: tuple[StatusStap, ...] = ()  # the status changes after the approval

    @model_validator(mode="before")
    @classmethod
    def _from_version_1(cls, data: Any) -> Any:
        """A project of schema version 1 had its aanvraag fields at the top level."""
        if isinstance(data, dict) and "velden" not in data:
            own = set(cls.model_fields)
            velden = {k: v for k, v in data.items() if k not in own}
            data = {k: v for k, v in data.items() if k in own} | {"velden": velden}
        return data

    def _text(self, key: str) -> str:
        value = self.velden.get(key)
        return value if isinstance(value, str) else ""

    @property
    def onderneming(self) -> str:
        """The ondernemingsnummer (compact, 10 digits)."""
        return self._text("onderneming")

    @property
    def naam(self) -> str:
        """The project's name."""
        return self._text("naam")

    @property
    def type(self) -> str:
        """Opleiding or advies."""
        return self._text("type")

    @property
    def grootte(self) -> str:
        """klein, middelgroot or groot, as confirmed in the aanvraag."""
        return self._text("grootte")

    @property
    def nace(self) -> str:
        """The NACE-BEL code of the aanvraag."""
        return self._text("nace")

    def without_personal_data(self) -> Project:
        """A copy without the participants' names and the project's name (after vergeet)."""
        velden = dict(self.velden)
        for key in ("deelnemer_namen", "naam"):
            if velden.get(key) is not None:
                velden[key] = None
        return self.model_copy(update={"velden": velden})

    @property
    def dienstverlener(self) -> Dienstverlener:
        """The registered provider."""
        return Dienstverlener.model_validate(self.velden.get("dienstverlener"))

    @property
    def deelnemer_namen(self) -> list[str]:
        """The participants' names (personal data), empty for an advies."""
        names = self.velden.get("deelnemer_namen")
        return [str(n) for n in names] if isinstance(names, list) else []

    def with_status(self, status: str, datum: date, reden: str = "") -> Project:
        """A copy with a new status, its change kept in `geschiedenis`."""
        step = StatusStap(status=status, datum=datum, reden=reden)
        return self.model_copy(
            update={"status": status, "geschiedenis": (*self.geschiedenis, step)}
        )

    def counts_for_cap(self) -> bool:
        """Whether its subsidie counts for the onderneming's yearly cap (rules §10.2).

        Refused and lapsed projects do not; a stopped one only gives its subsidie back when it
        was stopped in the calendar year of the aanvraag.
        """
        if self.status in ("geweigerd", "vervallen"):
            return False
        if self.status == "stopgezet":
            stopped = next(
                (s for s in reversed(self.geschiedenis) if s.status == "stopgezet"), None
            )
            return stopped is not None and stopped.datum.year != self.aanvraagdatum.year
        return True

    def as_json(self) -> dict[str, Any]:
        """JSON shape: the fields, then decimal strings, ISO dates; provider {naam, nummer}."""
        data = self.model_dump(mode="json", exclude={"velden"})
        velden = dict(self.velden)
        dv = velden.get("dienstverlener")
        if isinstance(dv, dict):
            velden["dienstverlener"] = {
                "naam": dv.get("naam"),
                "registratienummer": dv.get("registratienummer"),
            }
        return velden | data
