"""The Rasa channel's actions: rasa-sdk actions that hand each message to the engine.

The form `aanvraag_form` has the field table's ids as slots (plus `verklaring`, the summary's
question). Every message reaches the engine through `bot.service.Service.handle`, kanaal "rasa",
chat id = Rasa's sender_id, so the parsers, rules, FAQ and texts are the engine's own; the
engine's state after the turn becomes slot events (its stored values, `requested_slot` from what
it asks, `active_loop` while an aanvraag is under way). Nothing is parsed or decided here.
Only the channel modules (this one and `bot.rasa_server`) import rasa_sdk.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction

from bot.epc_qr import epc_qr_png
from bot.service import Service, load_state
from dialogs.fields import default_table
from dialogs.interactions import ProviderSearch
from dialogs.inzage import steunberekening
from dialogs.messages import default_catalog
from dialogs.models import Attachment, Choice, Input, Message
from dialogs.spec import Role, Table
from dialogs.state import DialogState, Step

KANAAL = "rasa"
FORM = "aanvraag_form"
#: The summary's question (`DialogState.asks` at the summary): the form's last slot.
VERKLARING = "verklaring"
#: Rasa's message_id of the last user message the engine handled: one message, one turn,
#: however many actions Rasa runs for it.
BERICHT = "kmo_bericht"
#: A button's payload is `/kies{"keuze": "<value>"}`: the value of the engine's choice.
KIES = "kies"
KEUZE = "keuze"
#: The menu choices of the engine (`Beurt.idle_choices`) that the actions pick.
MENU_NIEUW = "nieuw"
MENU_HISTORIEK = "historiek"

Events = list[dict[str, Any]]


def form_slots(table: Table) -> list[str]:
    """The form's slots in the table's order: every field id, then the verklaring."""
    return [f.id for f in table.fields] + [VERKLARING]


def kies_payload(value: str) -> str:
    """The payload of a button that picks an engine choice."""
    return f"/{KIES}{json.dumps({KEUZE: value}, ensure_ascii=False)}"


def input_of(tracker: Tracker, state: DialogState) -> Input:
    """The latest user message as the engine's input (a button of an offered choice picks it)."""
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name")
    if intent == KIES:
        entities = latest.get("entities") or []
        value = next((str(e.get("value")) for e in entities if e.get("entity") == KEUZE), None)
        if value is not None:
            offered = {c.value for c in state.choices}
            return Input(choice=value) if value in offered else Input(text=value)
    return Input(text=str(latest.get("text") or ""))


def requested_slot(table: Table, state: DialogState) -> str | None:
    """The slot the engine asks for now: its field, the field a doubt is about, or the summary."""
    if not state.active:
        return None
    if state.step is Step.SUMMARY:
        return VERKLARING
    if state.step in (Step.FIELD, Step.BROWSE) and state.field in table:
        return state.field
    if state.confirm is not None and state.confirm.field in table:
        return state.confirm.field
    g = table.gegevens(state.aanvraag)
    return next((f.id for f in table.applicable(g) if not f.answered(g)), VERKLARING)


def required_slots(table: Table, state: DialogState) -> list[str]:
    """The fields this aanvraag asks, in the table's order and by its conditions, + verklaring."""
    g = table.gegevens(state.aanvraag)
    return [f.id for f in table.applicable(g)] + [VERKLARING]


def slot_events(table: Table, state: DialogState, tracker: Tracker) -> Events:
    """A `SlotSet` for every field whose value in the engine differs from the tracker's slot."""
    events: Events = []
    for f in table.fields:
        value = state.aanvraag.raw(f.id)
        if tracker.get_slot(f.id) != value:
            events.append(SlotSet(f.id, value))
    return events


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def utter(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    """The engine's messages as Rasa messages: text with buttons, the project, the QR image."""
    for m in messages:
        buttons = [{"title": c.label, "payload": kies_payload(c.value)} for c in m.choices]
        dispatcher.utter_message(text=m.text, buttons=buttons or None)
        if m.project is not None:
            dispatcher.utter_message(json_message={"project": m.project})
        for b in m.blocks:
            if isinstance(b, Attachment):
                dispatcher.utter_message(text=b.caption, image=_data_url(epc_qr_png(b.payment)))


class RasaKanaal:
    """The service, the clock and the table, shared by the actions."""

    def __init__(
        self, service: Service, *, today: Callable[[], date], table: Table | None = None
    ) -> None:
        self.service = service
        self.today = today
        self.table = table or service.table or default_table()

    async def state(self, chat_id: str) -> DialogState:
        """The engine's state of this chat as stored."""
        async with self.service.store.transaction() as tx:
            return load_state(await tx.load_state(KANAAL, chat_id))

    async def turn(self, chat_id: str, inp: Input) -> tuple[list[Message], DialogState]:
        """One turn of the engine through the service, and the state it left."""
        messages = await self.service.handle(KANAAL, chat_id, inp, today=self.today())
        return messages, await self.state(chat_id)

    def loop_events(self, tracker: Tracker, state: DialogState) -> Events:
        """The form runs while the engine has an aanvraag under way (outside the form's run)."""
        if state.mode == "aanvraag" and tracker.active_loop.get("name") != FORM:
            return [ActiveLoop(FORM)]
        return []

    def mapped(self, tracker: Tracker, state: DialogState) -> Events:
        """The engine's state as slot events (values, the verklaring cleared, the message id)."""
        events = slot_events(self.table, state, tracker)
        if tracker.get_slot(VERKLARING) is not None:
            events.append(SlotSet(VERKLARING, None))
        return events + _bericht(tracker)


def _handled(tracker: Tracker) -> bool:
    """Whether the engine already had the latest user message (another action of this turn)."""
    message_id = (tracker.latest_message or {}).get("message_id")
    return message_id is not None and tracker.get_slot(BERICHT) == message_id


class ValidateAanvraagForm(FormValidationAction):  # type: ignore[misc]
    """The form's validation: one engine turn per message, its state mapped onto the slots.

    No `validate_<slot>` methods found by name: the engine parses and checks every field with
    the table's parsers and rules, also the other facts of the same message, answers questions
    and commands, and says why it refuses a value (which then stays empty).
    """

    action_name = f"validate_{FORM}"

    def __init__(self, kanaal: RasaKanaal) -> None:
        self.kanaal = kanaal

    def name(self) -> str:
        """validate_aanvraag_form."""
        return self.action_name

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        """The fields the engine asks for this aanvraag, in the table's order, + verklaring."""
        return required_slots(self.kanaal.table, await self.kanaal.state(tracker.sender_id))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        """Hand the message to the engine; the slots, requested_slot and the replies follow."""
        k = self.kanaal
        chat = tracker.sender_id
        before = await k.state(chat)
        if _handled(tracker):
            state = before
        elif before.mode == "aanvraag" and before.step is Step.SUMMARY:
            # The answer to the verklaring op eer: action_dien_aanvraag_in hands it to the engine.
            return [SlotSet(VERKLARING, True), *_bericht(tracker), SlotSet(REQUESTED_SLOT, None)]
        else:
            messages, state = await k.turn(chat, input_of(tracker, before))
            if not tracker.active_loop.get("name") and not state.active:
                # The form was started by a message the engine does not read as a start.
                messages, state = await k.turn(chat, Input(choice=MENU_NIEUW))
            utter(dispatcher, messages)
        events = k.mapped(tracker, state)
        events.append(SlotSet(REQUESTED_SLOT, requested_slot(k.table, state)))
        return events


def _bericht(tracker: Tracker) -> Events:
    message_id = (tracker.latest_message or {}).get("message_id")
    return [] if message_id is None else [SlotSet(BERICHT, message_id)]


class _EngineAction(Action):  # type: ignore[misc]
    """An action outside the form's run: a turn, its replies, the form resumed when needed."""

    action_name = ""

    def __init__(self, kanaal: RasaKanaal) -> None:
        self.kanaal = kanaal

    def name(self) -> str:
        """The action's name in the domain."""
        return self.action_name

    async def engine_turn(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, inp: Input
    ) -> Events:
        """One turn with this input; the slots follow the engine's state."""
        return await engine_turn(self.kanaal, dispatcher, tracker, inp)


async def engine_turn(
    k: RasaKanaal, dispatcher: CollectingDispatcher, tracker: Tracker, inp: Input
) -> Events:
    """One turn with this input (unless this message had its turn); slots follow the state."""
    if _handled(tracker):
        state = await k.state(tracker.sender_id)
    else:
        messages, state = await k.turn(tracker.sender_id, inp)
        utter(dispatcher, messages)
    return k.mapped(tracker, state) + k.loop_events(tracker, state)


class ActionFaq(_EngineAction):
    """A question (or any message outside the form): the FAQ's answer with the dated figures."""

    action_name = "action_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        """The engine answers the message; an aanvraag it starts goes on in the form."""
        state = await self.kanaal.state(tracker.sender_id)
        return await self.engine_turn(dispatcher, tracker, input_of(tracker, state))


class ActionHistoriek(_EngineAction):
    """The chat's projects with status and the subsidie used per year."""

    action_name = "action_historiek"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        """The engine's historiek."""
        return await self.engine_turn(dispatcher, tracker, Input(choice=MENU_HISTORIEK))


class ActionDienAanvraagIn(_EngineAction):
    """The verklaring op eer: approve and store the project, or go back to what is missing."""

    action_name = "action_dien_aanvraag_in"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        """Hand the answer to the verklaring to the engine: projectnummer, storting, QR."""
        k = self.kanaal
        state = await k.state(tracker.sender_id)
        if state.mode != "aanvraag":
            return [SlotSet(VERKLARING, None)] if tracker.get_slot(VERKLARING) else []
        if state.step is not Step.SUMMARY:
            # The aanvraag is not complete: the form asks what is missing.
            return k.mapped(tracker, state) + [ActiveLoop(FORM)]
        messages, after = await k.turn(tracker.sender_id, input_of(tracker, state))
        utter(dispatcher, messages)
        return k.mapped(tracker, after) + k.loop_events(tracker, after)


class ActionBerekenSteun(_EngineAction):
    """Projectbedrag, steunpercentage, subsidie, eigen bijdrage and the rest of the cap."""

    action_name = "action_bereken_steun"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        """The engine's calculation of the aanvraag so far, or what it still needs."""
        k = self.kanaal
        service = k.service
        state = await k.state(tracker.sender_id)
        async with service.store.transaction() as tx:
            ports = await service.ports(tx, KANAAL, tracker.sender_id, today=k.today())
            messages = await steunberekening(
                state,
                today=k.today(),
                ports=ports,
                regelboek=service.regelboek,
                catalog=service.catalog,
                table=k.table,
            )
        if not messages:
            messages = [_catalog_message("rasa.berekening_onvolledig")]
        utter(dispatcher, messages)
        return []


class ActionZoekDienstverlener(_EngineAction):
    """Registered providers matching a name or number, best first, as buttons."""

    action_name = "action_zoek_dienstverlener"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        """At the dienstverlener question the engine searches; elsewhere the register does."""
        k = self.kanaal
        state = await k.state(tracker.sender_id)
        provider = k.table.field_of(Role.DIENSTVERLENER)
        if state.step is Step.FIELD and state.field == provider:
            return await engine_turn(k, dispatcher, tracker, input_of(tracker, state))
        latest = tracker.latest_message or {}
        query = next(
            (str(e["value"]) for e in latest.get("entities") or [] if e.get("entity") == provider),
            str(latest.get("text") or ""),
        )
        kind = k.table.gegevens(state.aanvraag).type
        async with k.service.store.transaction() as tx:
            register = await k.service.register(tx)
        found = register.zoek(query[:100], limit=8)
        hits = [h for h in found if kind is None or h.dienstverlener.type == kind][:5]
        if not hits:
            message = _catalog_message("bevestiging.dienstverlener_geen", zoekterm=query[:60])
        else:
            choices = [ProviderSearch.choice_of(h.dienstverlener) for h in hits]
            message = _catalog_message(
                "bevestiging.dienstverlener_kies", choices=choices, type=kind or "opleiding"
            )
        utter(dispatcher, [message])
        return []


def _catalog_message(
    message_id: str, *, choices: list[Choice] | None = None, **params: str
) -> Message:
    text = default_catalog().text(message_id, **params)
    return Message(id=message_id, text=text, params=params, choices=choices or [])


#: Every action the server registers: one visible list, no scanning of subclasses.
ACTIES = (
    ValidateAanvraagForm,
    ActionBerekenSteun,
    ActionZoekDienstverlener,
    ActionDienAanvraagIn,
    ActionHistoriek,
    ActionFaq,
)


def acties(kanaal: RasaKanaal) -> list[Action]:
    """The actions of the server, bound to the channel."""
    return [cls(kanaal) for cls in ACTIES]


def acties_namen() -> list[str]:
    """The names the domain lists under `actions`."""
    return [cls.action_name for cls in ACTIES]
