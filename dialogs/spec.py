"""The aanvraag form as declared data: one row per field, in the seed page's order.

A row declares everything about its field: its interaction (plain value, fixed choice, proposal,
search), parser, rule checks with the dated rule they apply, display, messages, condition, how it
is stored, the words that name it and its demo example. The engine only reads the table.
`Table` checks itself when it is built and raises on anything that cannot work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum, auto
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import JsonValue

from dialogs import format as fmt
from dialogs.extract import Segment
from dialogs.messages import Catalog
from dialogs.models import Choice, Dienstverlener
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import NluData
from dialogs.state import Aanvraag
from domain_rules import Probleem, Regels, themas

if TYPE_CHECKING:
    from dialogs.turn import Beurt


# --- how a value is stored ---------------------------------------------------------------------


class Codec(Protocol):
    """Turns a field's value into its stored JSON form and back."""

    def dump(self, value: Any) -> JsonValue:
        """The JSON form of a value."""

    def load(self, raw: JsonValue) -> Any:
        """The value of a JSON form."""


class _Plain:
    def dump(self, value: Any) -> JsonValue:
        return value  # type: ignore[no-any-return]

    def load(self, raw: JsonValue) -> Any:
        return raw


class _Decimal:
    def dump(self, value: Any) -> JsonValue:
        return format(value, "f")  # "20", never "2E+1"

    def load(self, raw: JsonValue) -> Any:
        return Decimal(str(raw))


class _Date:
    def dump(self, value: Any) -> JsonValue:
        return value.isoformat()  # type: ignore[no-any-return]

    def load(self, raw: JsonValue) -> Any:
        return date.fromisoformat(str(raw))


class _Provider:
    def dump(self, value: Any) -> JsonValue:
        return value.model_dump(mode="json")  # type: ignore[no-any-return]

    def load(self, raw: JsonValue) -> Any:
        return Dienstverlener.model_validate(raw)


class _Names:
    def dump(self, value: Any) -> JsonValue:
        return list(value)

    def load(self, raw: JsonValue) -> Any:
        return [str(n) for n in raw] if isinstance(raw, list) else []


TEXT: Codec = _Plain()
NUMBER: Codec = _Plain()
BOOL: Codec = _Plain()
DECIMAL: Codec = _Decimal()
DATE: Codec = _Date()
PROVIDER: Codec = _Provider()
NAMES: Codec = _Names()


# --- what a parser, a check and a condition see ------------------------------------------------


class Role(StrEnum):
    """What the rules of the kmo-portefeuille read from an aanvraag, whichever field holds it.

    Each role is held by exactly one row of the table (`Veld.role`); the engine and the rules
    ask for the role, never for a field by its id.
    """

    ONDERNEMING = auto()  # the company the aanvraag is for, remembered per chat
    GROOTTE = auto()  # fixed for a calendar year by the first approved aanvraag
    NACE = auto()  # remembered per onderneming, confirmed rather than asked again
    TYPE = auto()  # opleiding or advies: what most conditions read
    NAAM = auto()
    THEMA = auto()
    SUBTHEMA = auto()
    DEELNEMERS = auto()
    KOST = auto()
    DIENSTVERLENER = auto()


#: The roles the steunberekening reads, in the order it takes them.
CALCULATION_INPUTS = (Role.KOST, Role.GROOTTE, Role.TYPE, Role.SUBTHEMA)


class Gegevens:
    """The aanvraag as typed values, read through the table's codecs."""

    def __init__(self, table: Table, aanvraag: Aanvraag) -> None:
        self._table = table
        self.aanvraag = aanvraag
        self._values: dict[str, Any] = {}
        self.applicable: list[Veld] | None = None  # filled by Table.applicable

    def get(self, field_id: str) -> Any:
        """The value of a field, or None."""
        try:
            return self._values[field_id]
        except KeyError:
            raw = self.aanvraag.raw(field_id)
            value = None if raw is None else self._table[field_id].value.load(raw)
            self._values[field_id] = value
            return value

    def of(self, role: Role) -> Any:
        """The value of the field that holds a role."""
        return self.get(self._table.field_of(role))

    # What the rules read, by role.
    @property
    def onderneming(self) -> str | None:
        """The ondernemingsnummer (compact)."""
        return self.of(Role.ONDERNEMING)  # type: ignore[no-any-return]

    @property
    def grootte(self) -> str | None:
        """klein, middelgroot or groot."""
        return self.of(Role.GROOTTE)  # type: ignore[no-any-return]

    @property
    def type(self) -> str | None:
        """Opleiding or advies."""
        return self.of(Role.TYPE)  # type: ignore[no-any-return]

    @property
    def naam(self) -> str | None:
        """The project's name."""
        return self.of(Role.NAAM)  # type: ignore[no-any-return]

    @property
    def thema(self) -> str | None:
        """The thema."""
        return self.of(Role.THEMA)  # type: ignore[no-any-return]

    @property
    def subthema(self) -> str | None:
        """The subthema."""
        return self.of(Role.SUBTHEMA)  # type: ignore[no-any-return]

    @property
    def deelnemers(self) -> int | None:
        """The number of participants."""
        return self.of(Role.DEELNEMERS)  # type: ignore[no-any-return]

    @property
    def kost(self) -> Decimal | None:
        """The projectbedrag excl. btw."""
        return self.of(Role.KOST)  # type: ignore[no-any-return]

    @property
    def dienstverlener(self) -> Dienstverlener | None:
        """The registered provider."""
        return self.of(Role.DIENSTVERLENER)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Ctx:
    """What a parser or a check may look at besides the value: date, rules, data, the aanvraag."""

    today: date
    regels: Regels
    nlu: NluData
    catalog: Catalog
    gegevens: Gegevens
    choices: tuple[Choice, ...] = ()


Parser = Callable[[str, Ctx], Ok[Any] | Fout]


@dataclass(frozen=True)
class Doubt:
    """A value that may break a rule: ask ja/nee before refusing (`probleem` on ja)."""

    name: str
    message: str
    params: dict[str, str]
    yes_label: str
    no_label: str
    probleem: Probleem


@dataclass(frozen=True)
class RuleCheck:
    """A check of a field's value against a dated rule (`rule`: the parameter path template)."""

    rule: str
    problems: tuple[str, ...]
    check: Callable[[Any, Ctx], Probleem | Doubt | None]


@dataclass(frozen=True)
class Condition:
    """When a field is asked: a predicate over the aanvraag and the fields it reads."""

    reads: tuple[str, ...]
    test: Callable[[Gegevens], bool]
    label: str = ""  # how the diagram names it, e.g. "opleiding"


ALWAYS = Condition(reads=(), test=lambda g: True, label="altijd")


class Calculation(StrEnum):
    """How a field takes part in the steunberekening."""

    ALWAYS = "altijd"  # its answer shows the calculation and is checked against the cap
    ON_THE_WAY = "onderweg"  # when the cost is known, its answer shows the new calculation


class Interaction(Protocol):
    """How a field is asked and answered: plain value, fixed choice, proposal or search."""

    name: str
    in_words: bool  # whether a sentence may correct its value

    def question(self, t: Beurt, row: Veld) -> tuple[str, list[Choice]]:
        """The question's text and the choices offered with it."""

    async def answer(self, t: Beurt, row: Veld, raw: str) -> None:
        """Handle a non-empty answer to this field's question."""

    async def from_sentence(self, t: Beurt, row: Veld, found: Any) -> Any:
        """The value to store for what a sentence stated (None: nothing usable)."""

    def source(self) -> str | None:
        """The field this one's proposals are made from, if any."""


@dataclass(frozen=True)
class Veld:
    """One field of the aanvraag, declared whole."""

    id: str
    step: int  # the seed page's step (0: before step 1)
    kind: Interaction
    value: Codec
    parse: Parser
    example: Callable[[Ctx], str]
    checks: tuple[RuleCheck, ...] = ()
    display: Callable[[Any, Catalog], str] = lambda v, c: str(v)
    applies: Condition = ALWAYS
    question: Callable[[Gegevens], str] | None = None  # message id; default vraag.<id>
    complete: Callable[[Any, Gegevens], bool] | None = None  # usable with the other answers?
    coherence: Callable[[Any, Gegevens], Fout | None] | None = None  # kept, but asked again
    depends_on: tuple[str, ...] = ()  # fields whose change can make this answer unusable
    calculation: Calculation | None = None
    remember: bool = False  # remembered per chat for the next aanvraag
    reads_corrections: bool = True  # a free-text answer may be read as a correction
    words: tuple[str, ...] = ()  # other words that name the field (wijzig …)
    in_summary: bool = True
    role: Role | None = None  # what the rules read from it (the type, the cost, …)
    say_back: Callable[[Any], str] | None = None  # how a value read from words is said back
    in_sentence: Callable[[Segment], Any] | None = None  # finds the value in a sentence
    implied: Callable[[dict[str, Any]], Any] | None = None  # from other facts of a sentence
    messages: tuple[str, ...] = field(default=())

    @property
    def label_id(self) -> str:
        """The message id of the field's name."""
        return f"veld.{self.id}"

    @property
    def why_id(self) -> str:
        """The message id of why it is asked."""
        return f"waarom.{self.id}"

    @property
    def help_id(self) -> str:
        """The message id of its help."""
        return f"hulp.{self.id}"

    def question_id(self, g: Gegevens) -> str:
        """The message id of its question for this aanvraag."""
        return self.question(g) if self.question is not None else f"vraag.{self.id}"

    def applies_to(self, g: Gegevens) -> bool:
        """Whether the field is asked for this aanvraag."""
        return self.applies.test(g)

    def answered(self, g: Gegevens) -> bool:
        """Whether the aanvraag holds a usable answer."""
        value = g.get(self.id)
        if value is None:
            return False
        return self.complete is None or self.complete(value, g)

    def show(self, g: Gegevens, catalog: Catalog) -> str:
        """The current answer as the user reads it."""
        value = g.get(self.id)
        return "—" if value is None else self.display(value, catalog)


#: At most this many combinations of the answers the conditions read are remembered.
_APPLICABLE_CACHE = 512


class TableError(ValueError):
    """The field table cannot work as declared."""


class Table:
    """The ordered fields of the aanvraag; checks itself when built."""

    def __init__(self, fields: Iterable[Veld], *, catalog: Catalog, rule_paths: set[str]) -> None:
        self.fields = tuple(fields)
        self._by_id = {f.id: f for f in self.fields}
        self._by_role = {f.role: f.id for f in self.fields if f.role is not None}
        self._dependents = {
            f.id: tuple(o for o in self.fields if f.id in o.depends_on) for f in self.fields
        }
        self._proposed_from = {
            f.id: tuple(o for o in self.fields if o.kind.source() == f.id) for f in self.fields
        }
        self._check(catalog, rule_paths)
        # The conditions read few fields: which fields apply is known from their raw answers.
        self._condition_reads = tuple(sorted({r for f in self.fields for r in f.applies.reads}))
        self._applicable: dict[tuple[str, ...], list[Veld]] = {}

    def __getitem__(self, field_id: str) -> Veld:
        return self._by_id[field_id]

    def __contains__(self, field_id: object) -> bool:
        return field_id in self._by_id

    def field_of(self, role: Role) -> str:
        """The id of the field that holds a role."""
        return self._by_role[role]

    def gegevens(self, aanvraag: Aanvraag, *, carry: Gegevens | None = None) -> Gegevens:
        """The aanvraag's typed values.

        Those of `carry` are kept where the stored value is the very same object (a field that
        did not change since): a stored answer is not read again after every other one.
        """
        g = Gegevens(self, aanvraag)
        if carry is not None and carry._table is self:
            old, new = carry.aanvraag.values, aanvraag.values
            g._values = {
                k: v for k, v in carry._values.items() if k in new and new[k] is old.get(k)
            }
        return g

    def applicable(self, g: Gegevens) -> list[Veld]:
        """The fields asked for this aanvraag, in order."""
        if g.applicable is None:
            key = tuple(repr(g.aanvraag.raw(r)) for r in self._condition_reads)
            found = self._applicable.get(key)
            if found is None:
                found = [f for f in self.fields if f.applies_to(g)]
                if len(self._applicable) < _APPLICABLE_CACHE:
                    self._applicable[key] = found
            g.applicable = found
        return g.applicable

    def dependents(self, field_id: str) -> tuple[Veld, ...]:
        """The rows whose answer can stop fitting when this field changes."""
        return self._dependents.get(field_id, ())

    def proposed_from(self, field_id: str) -> tuple[Veld, ...]:
        """The rows whose proposals are made from this field."""
        return self._proposed_from.get(field_id, ())

    def with_field(
        self, row: Veld, *, after: str, catalog: Catalog, rule_paths: set[str]
    ) -> Table:
        """A copy of the table with one more row after the named field."""
        rows = list(self.fields)
        rows.insert([f.id for f in rows].index(after) + 1, row)
        return Table(rows, catalog=catalog, rule_paths=rule_paths)

    def replace(self, field_id: str, **changes: Any) -> Veld:
        """A copy of one row with some attributes changed."""
        return replace(self[field_id], **changes)

    def extractors(self) -> list[tuple[str, Callable[[Segment], Any]]]:
        """The fields a sentence can state, with how each is found."""
        return [(f.id, f.in_sentence) for f in self.fields if f.in_sentence is not None]

    def implications(self) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
        """The fields that follow from other facts of a sentence (the count from the names)."""
        return [(f.id, f.implied) for f in self.fields if f.implied is not None]

    def rule_of(self, problem_id: str) -> str | None:
        """The parameter path template of the rule that produces a problem."""
        for f in self.fields:
            for c in f.checks:
                if problem_id in c.problems:
                    return c.rule
        return None

    def _check(self, catalog: Catalog, rule_paths: set[str]) -> None:
        if len(self._by_id) != len(self.fields):
            raise TableError("duplicate field id")
        roles = [f.role for f in self.fields if f.role is not None]
        if len(roles) != len(set(roles)):
            raise TableError("a role is held by more than one field")
        missing = [r.value for r in Role if r not in self._by_role]
        if missing:
            raise TableError(f"no field holds the roles {missing}")
        seen: set[str] = set()
        steps = [f.step for f in self.fields]
        if steps != sorted(steps):
            raise TableError("fields are not in the order of the seed's steps")
        for f in self.fields:
            where = f"field {f.id}"
            for message_id in (f.label_id, f.why_id, f.help_id, *f.messages):
                if not catalog.has(message_id):
                    raise TableError(f"{where}: no message {message_id}")
            if f.question is None and not catalog.has(f"vraag.{f.id}"):
                raise TableError(f"{where}: no message vraag.{f.id}")
            for name in (*f.applies.reads, *f.depends_on):
                if name not in self._by_id:
                    raise TableError(f"{where}: its condition reads unknown field {name}")
                if name not in seen:
                    raise TableError(f"{where}: its condition reads {name}, which comes later")
            source = f.kind.source()
            if source is not None and source not in seen:
                raise TableError(f"{where}: proposals from {source}, which is not before it")
            for c in f.checks:
                if not c.rule or not c.problems:
                    raise TableError(f"{where}: a check that names no rule or problem")
                paths = {
                    c.rule.format(type=t, grootte=g)
                    for t in ("opleiding", "advies")
                    for g in ("klein", "middelgroot")
                }
                if not paths & rule_paths:
                    raise TableError(f"{where}: check names unknown rule {c.rule}")
                for p in c.problems:
                    if not catalog.has(f"probleem.{p}"):
                        raise TableError(f"{where}: no message probleem.{p}")
            seen.add(f.id)


def thema_of(g: Gegevens) -> list[str]:
    """The subthemas of the aanvraag's thema."""
    return next((list(t.subthemas) for t in themas() if t.naam == g.thema), [])


def display_date(value: date, catalog: Catalog) -> str:
    """dd/mm/jjjj."""
    return fmt.datum(value)
