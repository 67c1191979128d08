"""The commands a user can type at any moment, and the one ja/nee confirmation step.

`COMMANDS` maps an intent of `nlu_data/intents.yml` to its handler; `CONFIRMATIONS` maps the
name of a pending confirmation (annuleren, vergeten) to what ja and nee do. A field's doubt
(`dialogs.spec.Doubt`) is confirmed by the same step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dialogs import format as fmt
from dialogs import nlu, toegang
from dialogs.models import ChatForgotten, Choice, PaymentReported
from dialogs.nlu_loader import fold
from dialogs.spec import Doubt
from dialogs.state import Confirmation, DialogState, Place, Step, Then
from dialogs.stopzetting import cmd_stopzet, stop_no, stop_params, stop_yes
from dialogs.summary import historiek, projectfiche
from dialogs.toegang import cmd_toegang, cmd_uitnodigen

if TYPE_CHECKING:
    from dialogs.turn import Beurt


def place(t: Beurt) -> Place:
    """Where the conversation is now (to come back to)."""
    c = t.s.confirm
    if t.s.step is Step.CONFIRM and c is not None:
        return Place(step=Step.CONFIRM, field=c.field, confirm=c.name)
    return Place(step=t.s.step, field=t.s.field)


async def go_back(t: Beurt, back: Place | None) -> None:
    """Return to a place and ask its question again."""
    back = back or Place(step=Step.IDLE)
    confirm = Confirmation(name=back.confirm, field=back.field) if back.confirm else None
    t.update(step=back.step, field=None if confirm else back.field, confirm=confirm)
    await t.reask()


async def after_side_command(t: Beurt) -> None:
    """After historiek, project, gestort: the open question again, or the menu."""
    await t.after_side_command()


def no_aanvraag(t: Beurt) -> None:
    """Say there is no aanvraag to act on."""
    t.go_idle()
    t.say("algemeen.geen_aanvraag")


# --- the confirmation step ---------------------------------------------------------------------


def ask_confirm(t: Beurt, name: str, message_id: str, **params: str) -> None:
    """Ask ja/nee for a command; the labels are `keuze.<name>_ja` and `keuze.<name>_nee`."""
    current = t.s.confirm
    back = current.back if current is not None and current.name == name else place(t)
    t.update(
        step=Step.CONFIRM,
        confirm=Confirmation(name=name, back=back),
        choices=(
            Choice(label=t.t(f"keuze.{CONFIRMATIONS[name].labels}_ja"), value="ja"),
            Choice(label=t.t(f"keuze.{CONFIRMATIONS[name].labels}_nee"), value="nee"),
        ),
    )
    t.say(message_id, **params)


async def yes_no_answer(t: Beurt, text: str) -> bool | None:
    """ja/nee to a confirmation; None when it was neither (a command ran or it was refused)."""
    picked = nlu.choice(text, list(t.s.choices))
    yes = picked == "ja" if picked is not None else nlu.yes_no(text, t.nlu)
    if yes is None and not await run_command(t, text):
        t.say("fout.janee", problem="ongeldige_invoer")
        await t.reask()
    return yes


class Confirm:
    """A pending ja/nee question."""

    async def enter(self, t: Beurt) -> None:
        """Ask it again (a doubt is made again from the field's check)."""
        c = t.s.confirm
        if c is None:
            await t.next_question(after=None)
            return
        if c.field is not None:
            await self.ask_doubt(t, c.field)
            return
        handler = CONFIRMATIONS[c.name]
        ask_confirm(t, c.name, handler.question, **handler.params(t))

    async def ask_doubt(self, t: Beurt, field_id: str) -> None:
        """The field's doubt, or on to the next question when there is none any more."""
        regels = t.regels()
        row = t.table[field_id]
        value = t.g.get(field_id)
        found = t.check(row, value, regels) if regels is not None and value is not None else None
        if isinstance(found, Doubt):
            t.ask_doubt(row, found)
        else:
            await t.next_question(after=field_id)

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """Ja or nee."""
        c = t.s.confirm
        yes = await yes_no_answer(t, picked if picked is not None else text)
        if yes is None or c is None:
            return
        if c.field is None:
            handler = CONFIRMATIONS[c.name]
            await (handler.yes if yes else handler.no)(t, c)
            return
        row = t.table[c.field]
        regels = t.regels()
        value = t.g.get(c.field)
        found = t.check(row, value, regels) if regels is not None and value is not None else None
        if yes and isinstance(found, Doubt):
            t.update(aanvraag=t.s.aanvraag.with_value(row.id, None), proposals=())
            t.refuse(found.probleem)
            await t.ask(row.id)
            return
        t.update(step=Step.FIELD, field=row.id, confirm=None)
        await t.accepted(row)


async def _cancel_yes(t: Beurt, c: Confirmation) -> None:
    t.go_idle()
    t.say("algemeen.geannuleerd")
    t.say("algemeen.wat_nu")


async def _cancel_no(t: Beurt, c: Confirmation) -> None:
    t.say("algemeen.niet_geannuleerd")
    await go_back(t, c.back)


async def _forget_yes(t: Beurt, c: Confirmation) -> None:
    await t.ports.vergeet()
    t.s = DialogState(greeted=True)
    t.go_idle()
    t.effect(ChatForgotten())
    t.say("algemeen.vergeten")


async def _forget_no(t: Beurt, c: Confirmation) -> None:
    t.say("algemeen.niet_vergeten")
    if t.active:
        await go_back(t, c.back)
    else:
        t.go_idle()
        t.say("algemeen.wat_nu")


@dataclass(frozen=True)
class ConfirmHandler:
    """What ja and nee do for a named confirmation, its question and its button labels."""

    question: str
    labels: str
    yes: Callable[[Beurt, Confirmation], Awaitable[None]]
    no: Callable[[Beurt, Confirmation], Awaitable[None]]
    params: Callable[[Beurt], dict[str, str]] = lambda t: {}  # the question's placeholders


CONFIRMATIONS: dict[str, ConfirmHandler] = {
    "annuleren": ConfirmHandler("algemeen.annuleer_vraag", "annuleer", _cancel_yes, _cancel_no),
    "vergeten": ConfirmHandler("algemeen.vergeet_vraag", "vergeet", _forget_yes, _forget_no),
    "stopzetten": ConfirmHandler("stopzet.vraag", "stopzet", stop_yes, stop_no, stop_params),
}


# --- commands ----------------------------------------------------------------------------------


async def cmd_start(t: Beurt, rest: str) -> None:
    """/start: the welcome, then the open question or a new aanvraag."""
    t.update(greeted=True)
    t.say("algemeen.welkom")
    if t.active:
        await t.reask()
    else:
        await start_aanvraag(t, demo=False)


async def cmd_nieuw(t: Beurt, rest: str) -> None:
    """A new aanvraag."""
    await start_aanvraag(t, demo=False)


async def cmd_demo(t: Beurt, rest: str) -> None:
    """The guided walkthrough with sample answers; nothing is stored."""
    await start_aanvraag(t, demo=True)


async def start_aanvraag(t: Beurt, *, demo: bool, quiet: bool = False) -> None:
    """Start an aanvraag (or the demo) with what the chat remembers, and ask the first field.

    `quiet`: the caller goes on with the message itself (an idle message describing a project).
    """
    if t.active:
        t.say("algemeen.al_bezig")
        await t.reask()
        return
    remembered = dict(t.s.remembered)
    t.go_idle()
    t.update(mode="demo" if demo else "aanvraag", greeted=True, choices=())
    if demo:
        t.say("demo.start")
    else:
        t.say("algemeen.start_aanvraag")
        for row in t.table.fields:
            raw = remembered.get(row.id)
            if row.remember and raw is not None:
                if not await toegang.may_know(t, row, raw):
                    # The chat lost its right on the number it remembered: asked again.
                    t.update(remembered={k: v for k, v in remembered.items() if k != row.id})
                    continue
                t.update(aanvraag=t.s.aanvraag.with_value(row.id, raw))
                if not quiet:
                    t.say(
                        "algemeen.onthouden_bekend",
                        veld=t.t(row.label_id),
                        waarde=row.show(t.g, t.cat),
                        naam=row.id,
                    )
                await toegang.after_store(t, row)
    if not quiet:
        await t.next_question(after=None)


async def cmd_help(t: Beurt, rest: str) -> None:
    """Help with the current question, and what one can always type."""
    field_id = t.s.field
    if t.active and t.s.step in (Step.FIELD, Step.BROWSE) and field_id in t.table:
        assert field_id is not None
        row = t.table[field_id]
        t.say("hulp.vraag", hulp=t.t(row.help_id, **t.msg_params()))
        t.say("hulp.algemeen")
        await t.ask(row.id)
    elif t.active and t.s.step is Step.SUMMARY:
        t.say("hulp.vraag", hulp=t.t("hulp.verklaring"))
        t.say("hulp.algemeen")
    else:
        t.say("hulp.algemeen")
        await after_side_command(t)


def previous_field(t: Beurt) -> str | None:
    """The question before the current one, in the form's order."""
    ids = [f.id for f in t.table.applicable(t.g)]
    if t.s.step is Step.SUMMARY:
        return ids[-1] if ids else None
    if t.s.step is Step.CONFIRM and t.s.confirm is not None and t.s.confirm.field:
        return t.s.confirm.field
    current = t.s.field
    if t.s.step not in (Step.FIELD, Step.BROWSE) or current not in ids:
        return None
    i = ids.index(current)
    return ids[i - 1] if i > 0 else None


async def cmd_terug(t: Beurt, rest: str) -> None:
    """The previous question; what was given stays."""
    if not t.active:
        no_aanvraag(t)
        return
    c = t.s.confirm
    if t.s.step is Step.CONFIRM and c is not None and c.field is None:
        await CONFIRMATIONS[c.name].no(t, c)
        return
    previous = previous_field(t)
    if previous is None:
        t.say("algemeen.eerste_vraag")
        await t.reask()
        return
    t.update(then=Then.WALK, step=Step.FIELD, confirm=None)
    t.say("algemeen.terug")
    await t.ask(previous)


async def cmd_annuleer(t: Beurt, rest: str) -> None:
    """Stop the aanvraag, after confirmation."""
    if not t.active:
        no_aanvraag(t)
        return
    ask_confirm(t, "annuleren", CONFIRMATIONS["annuleren"].question)


async def cmd_vergeet(t: Beurt, rest: str) -> None:
    """Erase everything stored for this chat, after confirmation."""
    ask_confirm(t, "vergeten", CONFIRMATIONS["vergeten"].question)


async def cmd_historiek(t: Beurt, rest: str) -> None:
    """The chat's projects and the subsidie used per year."""
    projecten = await t.ports.projecten(onderneming=None)
    if not projecten:
        t.say("algemeen.historiek_leeg")
    else:
        t.emit("algemeen.historiek_kop", historiek(t, projecten))
    await after_side_command(t)


async def cmd_project(t: Beurt, rest: str) -> None:
    """One project's fiche."""
    nummer = rest.strip()
    if not nummer:
        projecten = await t.ports.projecten(onderneming=None)
        voorbeeld = projecten[-1].projectnummer if projecten else f"{t.today.year}-000001"
        t.say("algemeen.project_welk", voorbeeld=voorbeeld)
        await after_side_command(t)
        return
    project = await t.ports.project(normalise_projectnummer(nummer))
    if project is None:
        t.say("algemeen.project_onbekend", nummer=nummer[:40])
    else:
        t.emit("projectfiche.kop", projectfiche(t, project))
    await after_side_command(t)


async def cmd_gestort(t: Beurt, rest: str) -> None:
    """The user paid the eigen bijdrage of a project: no more reminders."""
    nummer = rest.strip()
    if not nummer:
        open_projects = [
            p for p in await t.ports.projecten(onderneming=None) if p.status == "aangevraagd"
        ]
        if len(open_projects) != 1:
            t.say("algemeen.gestort_welk")
            await after_side_command(t)
            return
        nummer = open_projects[0].projectnummer
    project = await t.ports.meld_storting(normalise_projectnummer(nummer))
    if project is None:
        t.say("algemeen.project_onbekend", nummer=nummer[:40])
    else:
        t.effect(PaymentReported(projectnummer=project.projectnummer))
        t.say(
            "algemeen.gestort",
            projectnummer=project.projectnummer,
            subsidie=fmt.euro(project.subsidie),
        )
    await after_side_command(t)


def field_named(t: Beurt, text: str) -> str | None:
    """The field a word or phrase names: its id, its label, a synonym in nlu_data."""
    key = fold(text)
    if not key:
        return None
    for f in t.table.fields:
        if key in (fold(f.id), fold(t.t(f.label_id)), *(fold(w) for w in f.words)):
            return f.id
    canonical = t.nlu.synonym(text)
    return canonical if canonical in t.table else None


def ask_which_field(t: Beurt, message_id: str, **params: str) -> None:
    """Offer the fields of this aanvraag to change."""
    back = t.s.back if t.s.step is Step.CHOOSE_FIELD else place(t)
    t.update(
        step=Step.CHOOSE_FIELD,
        field=None,
        confirm=None,
        back=back,
        choices=tuple(Choice(label=t.t(f.label_id), value=f.id) for f in t.table.applicable(t.g)),
    )
    t.say(message_id, **params)


async def cmd_wijzig(t: Beurt, rest: str) -> None:
    """Change one answer, also from the summary; then back to the summary."""
    field_id = field_named(t, rest) if rest else None
    if not t.active:
        if field_id is not None and t.table[field_id].remember:
            # Outside an aanvraag only what the chat remembers can change.
            await t.ask(field_id)
            return
        no_aanvraag(t)
        return
    if field_id is None:
        if rest:
            ask_which_field(t, "algemeen.wijzig_onbekend", veld=rest[:40])
        else:
            ask_which_field(t, "algemeen.wijzig_welk")
        return
    row = t.table[field_id]
    if not row.applies_to(t.g):
        ask_which_field(
            t,
            "algemeen.wijzig_niet_van_toepassing",
            veld=t.t(row.label_id),
            type=t.g.type or "",
        )
        return
    # A field whose answer depends on an unanswered one asks that one first (thema, subthema).
    first = next((d for d in row.depends_on if t.g.get(d) is None), field_id)
    t.update(back=None, then=Then.SUMMARY, step=Step.FIELD, confirm=None)
    await t.ask(first)


class ChooseField:
    """Which field to change."""

    async def enter(self, t: Beurt) -> None:
        """Offer the fields again."""
        ask_which_field(t, "algemeen.wijzig_welk")

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """Not a field's name: ask again."""
        await self.enter(t)


Command = Callable[["Beurt", str], Awaitable[None]]

#: intent → (handler, whether the intent may be followed by words, e.g. "wijzig kost")
COMMANDS: dict[str, tuple[Command, bool]] = {
    "cmd_start": (cmd_start, False),
    "cmd_nieuw": (cmd_nieuw, False),
    "cmd_demo": (cmd_demo, False),
    "cmd_help": (cmd_help, False),
    "cmd_terug": (cmd_terug, False),
    "cmd_annuleer": (cmd_annuleer, False),
    "cmd_historiek": (cmd_historiek, False),
    "cmd_vergeet": (cmd_vergeet, False),
    "cmd_gestort": (cmd_gestort, True),
    "cmd_wijzig": (cmd_wijzig, True),
    "cmd_project": (cmd_project, True),
    "cmd_stopzet": (cmd_stopzet, True),
    "cmd_uitnodigen": (cmd_uitnodigen, True),
    "cmd_toegang": (cmd_toegang, True),
}
#: commands whose words must look like a number (gestort 2026-000001)
_NUMBERED = {"cmd_gestort", "cmd_project", "cmd_stopzet"}


async def run_command(t: Beurt, text: str) -> bool:
    """Run the command the text is, if it is one."""
    if not text:
        return False
    words = text.split(maxsplit=1)
    head, rest = words[0], (words[1] if len(words) > 1 else "")
    whole = t.nlu.intent(text)
    if whole in COMMANDS:
        await COMMANDS[whole][0](t, "")
        return True
    first = t.nlu.intent(head)
    if first in COMMANDS and COMMANDS[first][1] and rest:
        if first in _NUMBERED and not looks_like_number(rest):
            return False
        await COMMANDS[first][0](t, rest)
        return True
    return False


def looks_like_number(text: str) -> bool:
    """A projectnummer in any notation (digits with - / . or spaces)."""
    t = text.strip()
    return (
        0 < len(t) <= 20
        and any(c.isdigit() for c in t)
        and all(c.isdigit() or c in "-/. " for c in t)
    )


def normalise_projectnummer(text: str) -> str:
    """'2026000001', '2026/1' … → '2026-000001'."""
    digits = "".join(c for c in text if c.isdigit())
    if 5 <= len(digits) <= 10:
        return f"{digits[:4]}-{int(digits[4:]):06d}"
    return text.strip()
