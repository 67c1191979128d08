"""The dialog engine: (state, input, today, ports) -> Turn(state, messages, effects).

Pure apart from the ports it is handed: it never reads the clock, the environment or a socket.
It reads the field table (`dialogs.fields.default_table()` or one handed in), looks up the
current step's handler in `STEPS`, and asks `domain_rules` for every rule and number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from dialogs import faq, nace, nlu
from dialogs import format as fmt
from dialogs.commands import ChooseField, Confirm, field_named, run_command, start_aanvraag
from dialogs.fields import default_table
from dialogs.free_text import (
    answer_with_facts,
    apply_facts,
    asks_to_start,
    change_of_mind,
    facts,
    other_language,
    try_correction,
    try_multi,
    wants_to_start,
)
from dialogs.messages import Catalog, default_catalog
from dialogs.models import Input
from dialogs.nlu_loader import NluData, default_nlu_data
from dialogs.ports import Ports
from dialogs.questions import answer_question, ask_for_person
from dialogs.spec import Role, Table
from dialogs.state import DialogState, Step, Turn
from dialogs.stopzetting import ReasonStep
from dialogs.summary import DEMO_PROJECTNUMMER, Summary
from dialogs.thema import laad as laad_thema
from dialogs.toegang import CodeStep
from dialogs.turn import Beurt
from domain_rules import RegelBoek, laad_regelboek

__all__ = [
    "DEMO_PROJECTNUMMER",
    "STEPS",
    "StepHandler",
    "advance",
    "beurt",
    "prepare",
    "preparation",
]


class StepHandler(Protocol):
    """What a dialog step does: ask its question again, and handle an answer to it."""

    async def enter(self, t: Beurt) -> None:
        """Ask (again) what this step asks."""

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """Handle the user's answer (not a command)."""


class Idle:
    """No question open: the menu (an aanvraag without an open question asks the next)."""

    async def enter(self, t: Beurt) -> None:
        """The next question of an aanvraag, or the menu's choices."""
        if t.active:
            await t.next_question(after=None)
        else:
            t.update(choices=t.idle_choices())

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """Not understood at the menu."""
        if t.active:
            await self.enter(t)
            return
        t.say("algemeen.onbekend_idle")
        t.update(choices=t.idle_choices())


class AskField:
    """A field of the aanvraag is asked (or its full list is browsed)."""

    async def enter(self, t: Beurt) -> None:
        """Ask the field again."""
        if t.s.field is None or t.s.field not in t.table:
            await t.next_question(after=None)
            return
        await t.ask(t.s.field)

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """The answer to the field."""
        await t.answer_field(text=text, picked=picked)


STEPS: dict[Step, StepHandler] = {
    Step.IDLE: Idle(),
    Step.FIELD: AskField(),
    Step.BROWSE: AskField(),
    Step.SUMMARY: Summary(),
    Step.CONFIRM: Confirm(),
    Step.CHOOSE_FIELD: ChooseField(),
    Step.CODE: CodeStep(),
    Step.REASON: ReasonStep(),
}


def preparation() -> list[Callable[[], object]]:
    """The steps that load every table and index once, in the order a conversation needs them.

    Rules, texts, nlu_data and the field table; babel's nl_BE numbers and dates; the FAQ (every
    message is read for a question); the NACE index (the first question after the size); the
    thema index (after the title).
    """
    return [
        default_catalog,
        default_nlu_data,
        laad_regelboek,
        default_table,
        fmt.laad,
        lambda: faq.warm_up(default_nlu_data(), laad_regelboek()),
        nace.warm_up,
        laad_thema,
    ]


def prepare() -> None:
    """Run every step of `preparation`."""
    for step in preparation():
        step()


def beurt(
    state: DialogState,
    *,
    today: date,
    ports: Ports,
    regelboek: RegelBoek | None = None,
    nlu_data: NluData | None = None,
    catalog: Catalog | None = None,
    table: Table | None = None,
) -> Beurt:
    """A turn on this state, with the engine's steps and readers (the defaults where not given)."""
    return Beurt(
        state=state,
        today=today,
        ports=ports,
        regelboek=regelboek or laad_regelboek(),
        nlu_data=nlu_data or default_nlu_data(),
        catalog=catalog or default_catalog(),
        table=table or default_table(),
        steps=STEPS,
        multi=try_multi,
        correction=try_correction,
        with_facts=answer_with_facts,
        change=change_of_mind,
    )


async def advance(
    state: DialogState,
    inp: Input,
    *,
    today: date,
    ports: Ports,
    regelboek: RegelBoek | None = None,
    nlu_data: NluData | None = None,
    catalog: Catalog | None = None,
    table: Table | None = None,
) -> Turn:
    """Handle one user input and return the new state, the messages and the effects."""
    t = beurt(
        state,  # immutable: the turn replaces it, the caller's copy stays as it was
        today=today,
        ports=ports,
        regelboek=regelboek,
        nlu_data=nlu_data,
        catalog=catalog,
        table=table,
    )
    await _run(t, inp)
    new_state, messages, effects = t.result()
    return Turn(state=new_state, messages=messages, effects=effects)


async def _run(t: Beurt, inp: Input) -> None:
    if inp.kind == "resume":
        await _resume(t)
        return
    text = nlu.clean(inp.text)
    picked = nlu.clean(inp.choice) if inp.choice is not None else None
    answer = picked if picked is not None else text
    step = t.s.step
    typed = picked is None and bool(text)
    if step is Step.CONFIRM:
        if typed and (await ask_for_person(t, text) or await answer_question(t, text)):
            return
        await STEPS[step].answer(t, text, picked)
        return
    if step is Step.CHOOSE_FIELD:
        named = nlu.choice(answer, list(t.s.choices)) or field_named(t, answer)
        if named:
            await run_command(t, f"wijzig {named}")
            return
    idle = not t.active and step is Step.IDLE
    raw = (nlu.choice(answer, list(t.s.choices)) or answer) if idle else answer
    if await run_command(t, raw):
        return
    if inp.answers is not None and inp.answers != (t.s.asks or ""):
        # Typed in a window that still showed another question: shown the open one instead.
        t.say("algemeen.elders_verder", problem="verouderd")
        await STEPS[step].enter(t)
        return
    if step in (Step.CODE, Step.REASON):
        await STEPS[step].answer(t, text, picked)
        return
    # A question or a request for a person is never taken as an answer. At the menu, a
    # question that asks to start ("kan ik hier subsidie aanvragen?") starts the aanvraag.
    if (
        typed
        and step is not Step.CHOOSE_FIELD
        and not (idle and asks_to_start(text, t.nlu))
        and (await ask_for_person(t, text) or await answer_question(t, text))
    ):
        return
    if idle and other_language(raw, t.nlu):
        t.say("algemeen.andere_taal")
        t.update(choices=t.idle_choices())
        return
    if idle and await _start_from_message(t, raw):
        return
    field_id = t.s.field
    remembered = step is Step.FIELD and field_id is not None and t.table[field_id].remember
    if not t.active and not remembered:
        await STEPS[Step.IDLE].answer(t, text, picked)
        return
    await STEPS[step].answer(t, text, picked)


async def _start_from_message(t: Beurt, raw: str) -> bool:
    """An idle message that already describes a project starts the aanvraag with it."""
    if t.regels() is None:
        return False
    found = facts(t, raw)
    described = t.table.field_of(Role.TYPE) in found and len(found) >= 2
    if not described and not wants_to_start(raw, t.nlu):
        return False
    if not found:
        # A short wish names its choices too: "aanvraag opleiding", "nieuw advies".
        found = facts(t, raw, kort=True)
    await start_aanvraag(t, demo=False, quiet=True)
    await apply_facts(t, found)
    return True


async def _resume(t: Beurt) -> None:
    if not t.active:
        if not t.s.greeted:
            t.update(greeted=True)
            t.say("algemeen.welkom")
        t.go_idle()
        t.say("algemeen.wat_nu")
        return
    t.say("algemeen.welkom_terug")
    await t.reask()
