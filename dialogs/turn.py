"""One turn's working memory (`Beurt`) and the generic walk over the field table.

The state it changes, the blocks it says; ask, parse, check, store, accept, go on.

Nothing here names a field: rows of `dialogs.spec.Table` say what each field needs. The steps'
handlers (`dialogs.engine.STEPS`) are handed in, so this module imports none of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from dialogs import format as fmt
from dialogs import nlu, toegang
from dialogs.berekening import calculation_blocks
from dialogs.messages import Catalog
from dialogs.models import (
    Block,
    Choice,
    Effect,
    Heading,
    Message,
    Onderneming,
    Text,
    plain_text,
)
from dialogs.nlu_loader import NluData
from dialogs.ports import Ports
from dialogs.problems import problem_params, rule_source
from dialogs.spec import (
    BOOL,
    CALCULATION_INPUTS,
    Calculation,
    Ctx,
    Doubt,
    Gegevens,
    Role,
    Table,
    Veld,
)
from dialogs.state import Aanvraag, Confirmation, DialogState, Step, Then
from domain_rules import (
    GeenRegels,
    Probleem,
    RegelBoek,
    Regels,
    Steunberekening,
    bereken_steun,
    controleer_plafond,
)

if TYPE_CHECKING:
    from dialogs.engine import StepHandler


class _FreeText(Protocol):
    async def __call__(self, t: Beurt, raw: str, *, current: str | None) -> bool: ...


class _WithFacts(Protocol):
    async def __call__(
        self, t: Beurt, row: Veld, raw: str, *, value: Any = None, own: bool = False
    ) -> bool: ...


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


class Beurt:
    """One turn: the state as it changes, the messages and effects it produces."""

    def __init__(
        self,
        *,
        state: DialogState,
        today: date,
        ports: Ports,
        regelboek: RegelBoek,
        nlu_data: NluData,
        catalog: Catalog,
        table: Table,
        steps: Mapping[Step, StepHandler],
        multi: _FreeText,
        correction: _FreeText,
        with_facts: _WithFacts,
        change: _FreeText,
    ) -> None:
        self.s = state
        self.today = today
        self.ports = ports
        self.regelboek = regelboek
        self.nlu = nlu_data
        self.cat = catalog
        self.table = table
        self.steps = steps
        self._multi = multi
        self._correction = correction
        self._with_facts = with_facts
        self._change = change
        self.out: list[Message] = []
        self.effects: list[Effect] = []
        self.free_text = False  # the answer being handled was typed in an aanvraag
        self.filled: set[str] = set()  # fields stored in this turn
        self.companies: dict[str, Onderneming] = {}  # read through the ports in this turn
        self.previous_company: str | None = None  # the number an onderneming answer replaces
        self._regels: Regels | None = None
        self._g: Gegevens | None = None
        self._params: tuple[Gegevens, dict[str, str]] | None = None

    # --- output ----------------------------------------------------------------------------

    def t(self, message_id: str, **params: str) -> str:
        """A catalogue text."""
        return self.cat.text(message_id, **params)

    def say(self, message_id: str, /, problem: str | None = None, **params: str) -> None:
        """Add a message: the catalogue text as one text block."""
        text = Text(text=self.t(message_id, **params))
        self.emit(message_id, [text], problem=problem, params=params)

    def emit(
        self,
        message_id: str,
        blocks: list[Block],
        *,
        problem: str | None = None,
        project: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        """Add a message made of these blocks."""
        self.out.append(
            Message(
                id=message_id,
                text=plain_text(blocks),
                blocks=blocks,
                params=params or {},
                problem=problem,
                project=project,
            )
        )

    def effect(self, effect: Effect) -> None:
        """Record an effect of the turn."""
        self.effects.append(effect)

    # --- state -----------------------------------------------------------------------------

    def update(self, **changes: Any) -> None:
        """Replace the state by a copy with these changes."""
        self.s = self.s.model_copy(update=changes)

    @property
    def g(self) -> Gegevens:
        """The aanvraag's typed values (read again only when the aanvraag changed)."""
        if self._g is None or self._g.aanvraag is not self.s.aanvraag:
            self._g = self.table.gegevens(self.s.aanvraag, carry=self._g)
        return self._g

    @property
    def active(self) -> bool:
        """An aanvraag or the demo is under way."""
        return self.s.active

    def regels(self) -> Regels | None:
        """The rules in force on the application date (None before the first)."""
        if self._regels is None:
            try:
                self._regels = self.regelboek.at(self.today)
            except GeenRegels:
                return None
        return self._regels

    def ctx(self, regels: Regels) -> Ctx:
        """What parsers and checks see."""
        return Ctx(
            today=self.today,
            regels=regels,
            nlu=self.nlu,
            catalog=self.cat,
            gegevens=self.g,
            choices=self.s.choices,
        )

    def idle_choices(self) -> tuple[Choice, ...]:
        """The menu."""
        return tuple(
            Choice(label=self.t(f"keuze.{v}"), value=v) for v in ("nieuw", "historiek", "demo")
        )

    def go_idle(self) -> None:
        """Back to the menu; the aanvraag in progress is dropped."""
        self.update(
            mode="idle",
            step=Step.IDLE,
            field=None,
            then=Then.NEXT,
            confirm=None,
            back=None,
            aanvraag=Aanvraag(),
            candidates=(),
            proposals=(),
            choices=self.idle_choices(),
            toegang_voor=None,
            nace_onthouden=None,
        )

    async def after_side_command(self) -> None:
        """After historiek, project, gestort, toegang: the open question again, or the menu."""
        if self.active or self.s.step in (Step.CODE, Step.REASON):
            await self.reask()
        else:
            self.update(choices=self.idle_choices())

    async def reask(self) -> None:
        """Ask again what the current step asks."""
        await self.steps[self.s.step].enter(self)

    # --- texts -----------------------------------------------------------------------------

    def type_params(self) -> dict[str, str]:
        """{type} and {het_type} for the texts."""
        kind = self.g.type
        het = {"opleiding": "de opleiding", "advies": "het advies"}.get(
            kind or "", "de opleiding of het advies"
        )
        return {"type": kind or "opleiding of advies", "het_type": het}

    def advies_sinds(self, regels: Regels) -> str:
        """The date from which advies is limited, from the dated rule itself."""
        bron = regels.bronnen.get("advies/toegelaten_subthemas")
        return fmt.datum(bron.sinds) if bron else ""

    def msg_params(self) -> dict[str, str]:
        """The parameters every field's question, reason and help may use."""
        g = self.g
        if self._params is not None and self._params[0] is g:
            return self._params[1]
        params = self._msg_params(g)
        self._params = (g, params)
        return params

    def _msg_params(self, g: Gegevens) -> dict[str, str]:
        regels = self.regels()
        allowed = regels.advies_toegelaten_subthemas if regels else None
        beperkt = (
            self.t(
                "hulp.advies_beperkt",
                sinds=self.advies_sinds(regels),
                toegelaten=", ".join(allowed),
            )
            if regels and allowed
            else ""
        )
        return {
            **self.type_params(),
            "dagen": str(regels.aanvraagtermijn_dagen if regels else 14),
            "advies_beperkt": beperkt,
            "thema": g.thema or "",
            "aantal": str(g.deelnemers or 1),
        }

    def no_rules(self) -> None:
        """No rules for the application date: say so and go to the menu."""
        self.say("probleem.geen_regels", problem="geen_regels", datum=fmt.datum(self.today))
        self.go_idle()

    # --- questions -------------------------------------------------------------------------

    async def ask(self, field_id: str, *, browse: bool = False) -> None:
        """Ask a field: the step, the question, why, the current answer, the demo example."""
        regels = self.regels()
        if regels is None:
            self.no_rules()
            return
        row = self.table[field_id]
        if row.role is Role.GROOTTE and not browse:
            info = await toegang.company(self)
            if info is not None and info.grootte is not None:
                # Fixed for the year: said, not asked (wijzig grootte, terug).
                toegang.say_size_locked(self, row, info)
                self.update(step=Step.FIELD, field=field_id)
                await self.accepted(row)
                return
        step = (
            Step.BROWSE
            if browse or self.s.step is Step.BROWSE and self.s.field == field_id
            else Step.FIELD
        )
        question, choices = row.kind.question(self, row)
        self.update(step=step, field=field_id, confirm=None, choices=tuple(choices))
        params = self.msg_params()
        blocks: list[Block] = [
            Heading(text=self.t(f"stap.{row.step}")),
            Text(text=question),
            Text(text=f"Waarom? {self.t(row.why_id, **params)}"),
        ]
        if row.answered(self.g) and self.s.then in (Then.WALK, Then.SUMMARY):
            blocks.append(Text(text=self.t("algemeen.huidig", waarde=row.show(self.g, self.cat))))
        if self.s.mode == "demo":
            blocks.append(
                Text(text=self.t("demo.voorbeeld", voorbeeld=row.example(self.ctx(regels))))
            )
        self.emit(f"vraag.{field_id}", blocks)

    async def next_question(self, *, after: str | None) -> None:
        """The next field to ask, or the summary when all are answered."""
        g = self.g
        fields = self.table.applicable(g)
        if self.s.then is Then.WALK and after is not None:
            ids = [f.id for f in fields]
            if after in ids:
                # Walking on after terug, but not through what this very turn filled in.
                following = [f for f in fields[ids.index(after) + 1 :] if f.id not in self.filled]
                if following:
                    await self.ask(following[0].id)
                    return
            self.update(then=Then.NEXT)
        for f in fields:
            if not f.answered(g):
                await self.ask(f.id)
                return
        self.update(then=Then.NEXT, step=Step.SUMMARY, field=None)
        await self.reask()

    # --- answers ---------------------------------------------------------------------------

    async def answer_field(self, *, text: str, picked: str | None) -> None:
        """An answer to the field asked now."""
        field_id = self.s.field
        if field_id is None or field_id not in self.table:
            await self.reask()
            return
        row = self.table[field_id]
        regels = self.regels()
        if regels is None:
            self.no_rules()
            return
        if picked is not None and picked not in {c.value for c in self.s.choices}:
            if self.s.choices:
                self.say(
                    "algemeen.keuze_ongeldig",
                    problem="ongeldige_invoer",
                    aantal=str(len(self.s.choices)),
                )
            else:
                self.say("algemeen.geen_keuze", problem="ongeldige_invoer")
            await self.ask(field_id)
            return
        raw = picked if picked is not None else text
        self.free_text = picked is None and self.s.mode == "aanvraag"
        if self.free_text and await (
            self.try_correction(raw) if row.reads_corrections else self.try_change_of_mind(raw)
        ):
            return  # a title is read as a change of mind only ("wacht, het is een advies")
        if self.s.mode == "demo" and (not raw or self.nlu.intent(raw) == "cmd_volgende"):
            raw = row.example(self.ctx(regels))
        # "ok", "klopt", "laat maar" keep the answer shown; at a ja/nee question they answer it.
        keep = (
            self.nlu.intent(raw) == "cmd_behouden"
            or (
                row.answered(self.g)
                and row.value is not BOOL
                and nlu.choice(raw, list(self.s.choices)) is None  # "ja" may be an offered choice
                and nlu.behouden(raw, self.nlu)
            )
            or (not raw and self.s.then is Then.WALK and row.answered(self.g))
        )
        if keep:
            if not row.answered(self.g):
                self.say("algemeen.niets_te_behouden", problem="ongeldige_invoer")
                await self.ask(field_id)
                return
            await self.settle(row, self.g.get(field_id))
            return
        if not raw:
            hint = self.t(row.help_id, **self.msg_params())
            self.say("algemeen.leeg", problem="ongeldige_invoer", voorbeeld=hint)
            await self.ask(field_id)
            return
        await row.kind.answer(self, row, raw)

    async def try_multi(self, raw: str, *, current: str | None) -> bool:
        """Several answers in one message (see `dialogs.free_text`)."""
        return await self._multi(self, raw, current=current)

    async def answer_with_facts(
        self, row: Veld, raw: str, *, value: Any = None, own: bool = False
    ) -> bool:
        """An answer with more words around it (see `dialogs.free_text`)."""
        return await self._with_facts(self, row, raw, value=value, own=own)

    async def try_change_of_mind(self, raw: str) -> bool:
        """A change of a choice in words, where a text answer is expected (see free_text)."""
        if not _has_letters(raw):
            return False  # a number or a code alone changes nothing but the field asked
        return await self._change(self, raw, current=self.s.field)

    async def try_correction(self, raw: str) -> bool:
        """A correction in words (see `dialogs.free_text`)."""
        if not _has_letters(raw):
            return False  # a correction names its field or says 'toch', 'eigenlijk' …
        return await self._correction(self, raw, current=self.s.field)

    async def settle(self, row: Veld, value: Any) -> None:
        """Store a valid answer and go on, or ask the same field again after a refusal."""
        outcome = await self.validate_and_store(row, value)
        if outcome is True:
            await self.accepted(row)
        elif outcome is False:
            await self.ask(row.id)

    async def validate_and_store(self, row: Veld, value: Any) -> bool | None:
        """Check an answer against the rules; store it only when it may stand.

        True: accepted; False: ask the same field again; None: a confirmation was asked.
        """
        regels = self.regels()
        if regels is None:
            self.no_rules()
            return None
        found = self.check(row, value, regels)
        if isinstance(found, Probleem):
            self.refuse(found)
            return False
        if isinstance(found, Doubt):
            self.store(row, value)
            self.ask_doubt(row, found)
            return None
        if not await toegang.may_store(self, row, value):
            return None  # another chat manages the onderneming: an access code is awaited
        if await toegang.size_locked(self, row, value):
            return True  # the size fixed for the year stays
        if row.coherence is not None:
            fout = row.coherence(value, self.g)
            if fout is not None:
                # Keep the answer: the user resolves it (another answer or wijzig).
                self.store(row, value)
                self.say(fout.message, problem="aantal_namen", **fout.params)
                return False
        if row.calculation is Calculation.ALWAYS:
            calc = await self.calculation(override={row.id: value})
            if calc is not None:
                probleem = controleer_plafond(calc)
                if probleem is not None:
                    self.refuse(probleem)
                    return False
                self.show_calculation(calc)
        self.store(row, value)
        await toegang.after_store(self, row)
        return True

    def ask_doubt(self, row: Veld, doubt: Doubt) -> None:
        """Ask ja/nee about a value that may break a rule."""
        self.update(
            step=Step.CONFIRM,
            confirm=Confirmation(name=doubt.name, field=row.id),
            choices=(
                Choice(label=doubt.yes_label, value="ja"),
                Choice(label=doubt.no_label, value="nee"),
            ),
        )
        self.say(doubt.message, **doubt.params)

    def store(self, row: Veld, value: Any) -> None:
        """Set a field; drop answers that no longer fit; renew what is proposed from it."""
        aanvraag = self.s.aanvraag.with_value(
            row.id, None if value is None else row.value.dump(value)
        )
        changes: dict[str, Any] = {"aanvraag": aanvraag, "candidates": ()}
        if row.remember and self.s.mode != "demo" and value is not None:
            changes["remembered"] = {**self.s.remembered, row.id: row.value.dump(value)}
        self.update(**changes)
        self.filled.add(row.id)
        g = self.g
        for other in self.table.dependents(row.id):
            if g.get(other.id) is not None and not other.answered(g) and other.coherence is None:
                self.update(aanvraag=self.s.aanvraag.with_value(other.id, None))
        # Answers that no longer apply go (an advies has no soort or deelnemers).
        applicable = {f.id for f in self.table.applicable(self.g)}
        for other in self.table.fields:
            if other.id not in applicable and self.s.aanvraag.raw(other.id) is not None:
                self.update(aanvraag=self.s.aanvraag.with_value(other.id, None))
        for other in self.table.proposed_from(row.id):
            on_source = getattr(other.kind, "on_source", None)
            if on_source is not None and value is not None:
                on_source(self, str(value))

    def spoken(self, row: Veld) -> str:
        """A field's answer as said back: dates in full ("dinsdag 12 januari 2027")."""
        value = self.g.get(row.id)
        if value is not None and row.say_back is not None:
            return row.say_back(value)
        return row.show(self.g, self.cat)

    async def accepted(self, row: Veld) -> None:
        """An answer was stored: show a changed calculation, then the next question."""
        if (
            row.calculation is Calculation.ON_THE_WAY
            and self.s.then is not Then.SUMMARY
            and self.active
            and self.g.kost is not None
        ):
            calc = await self.calculation()
            if calc is not None:
                self.show_calculation(calc)
        if not self.active:
            # A remembered field changed outside an aanvraag (wijzig onderneming).
            self.go_idle()
            self.say(
                "algemeen.onthouden_gewijzigd",
                veld=fmt.hoofdletter(self.t(row.label_id)),
                waarde=row.show(self.g, self.cat),
            )
            return
        await self.next_question(after=row.id)

    # --- rules -----------------------------------------------------------------------------

    def check(self, row: Veld, value: Any, regels: Regels) -> Probleem | Doubt | None:
        """The first rule the value breaks (or may break), in the row's order."""
        ctx = self.ctx(regels)
        for c in row.checks:
            found = c.check(value, ctx)
            if found is not None:
                return found
        return None

    def all_problems(self, regels: Regels) -> list[tuple[Veld, Probleem]]:
        """Every rule the complete aanvraag breaks, with the field that breaks it, in order."""
        found: list[tuple[Veld, Probleem]] = []
        g = self.g
        for row in self.table.applicable(g):
            value = g.get(row.id)
            if value is None:
                continue
            p = self.check(row, value, regels)
            if isinstance(p, Probleem):
                found.append((row, p))
        return found

    async def send_back(self, p: Probleem) -> None:
        """Refuse with the problem and ask the field it names again.

        What depends on that field (the subthema of a thema asked again) is chosen again.
        """
        self.refuse(p)
        for other in self.table.dependents(p.veld):
            self.update(aanvraag=self.s.aanvraag.with_value(other.id, None))
        await self.ask(p.veld)

    def refuse_or_doubt(
        self, found: Probleem | Doubt, *, extra: dict[str, str] | None = None
    ) -> None:
        """Refuse with the problem (a doubt found where no question can be asked refuses too)."""
        self.refuse(found.probleem if isinstance(found, Doubt) else found, extra=extra)

    def refuse(self, p: Probleem, *, extra: dict[str, str] | None = None) -> None:
        """Say why an answer cannot stand, with the source when it is not confirmed."""
        params = problem_params(self, p) | (extra or {})
        text = self.t(f"probleem.{p.id}", **params)
        bron = rule_source(self, p)
        if bron is not None and bron.zekerheid != "bevestigd":
            # Never state a rule from a third-party or unconfirmed source as fact.
            text = f"{text}\n{self.t(f'probleem.zekerheid_{bron.zekerheid}', bron=bron.title)}"
        self.emit(f"probleem.{p.id}", [Text(text=text)], problem=p.id, params=params)

    # --- calculation -----------------------------------------------------------------------

    async def calculation(
        self, *, override: dict[str, Any] | None = None
    ) -> Steunberekening | None:
        """The steunberekening of the aanvraag so far (None while it cannot be made)."""
        regels = self.regels()
        if regels is None:
            return None
        g = self.g
        ids = [self.table.field_of(r) for r in CALCULATION_INPUTS]
        values = {k: g.get(k) for k in ids} | (override or {})
        kost, grootte, kind, subthema = (values[k] for k in ids)
        if (
            kost is None
            or grootte is None
            or kind is None
            or grootte not in regels.steunpercentage
        ):
            return None
        if self.s.mode == "demo" or g.onderneming is None:
            reeds = Decimal("0")
        else:
            reeds = await self.ports.subsidie_toegekend(
                onderneming=g.onderneming, jaar=self.today.year
            )
        return bereken_steun(
            projectbedrag=kost,
            grootte=grootte,
            type=kind,
            subthema=subthema,
            reeds_toegekend=reeds,
            regels=regels,
        )

    def show_calculation(self, calc: Steunberekening) -> None:
        """Say the calculation."""
        self.emit("berekening.kop", calculation_blocks(self, calc))

    def result(self) -> tuple[DialogState, list[Message], list[Effect]]:
        """The new state, the messages (the last one carries what is asked) and the effects."""
        if not self.out:
            self.say("algemeen.wat_nu")
        last = self.out[-1]
        last.asks = self.s.asks
        last.choices = list(self.s.choices)
        return self.s, self.out, self.effects


__all__ = ["Beurt", "nlu"]
