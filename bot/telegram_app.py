"""The Telegram channel: one PTB Application that forwards text and button presses to the service.

Thin like the terminal: the state lives in our store (no ConversationHandler), the engine decides,
`bot/telegram_render.py` shapes HTML and keyboards, `bot/reminders.py` the reminders. The only
module that imports PTB's Application; nothing in dialogs/ or domain_rules/ imports this.

At least once in and out: updates come in through `bot/telegram_inbound.py` (confirmed to
Telegram only after their turn committed), and everything a turn sends (its messages, the edit of
a pressed keyboard, the QR photo, reminders) is written to the outbox in the turn's own
transaction and delivered by `bot/outbox_sender.py`. Answering a button press and "typing…" are
sent directly: they mean nothing later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any, Final
from urllib.parse import urlsplit

from aiohttp import web
from telegram import (
    BotCommand,
    Update,
)
from telegram import Message as TgMessage
from telegram.constants import ChatAction
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseHandler,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import reminders, telegram_inbound
from bot.outbox_sender import Afzender
from bot.service import Service, load_state
from bot.store import Store, Transaction
from bot.telegram_config import TelegramConfig, api_urls
from bot.telegram_http import with_aiohttp
from bot.telegram_render import (
    Keyboard,
    Outgoing,
    choice_markup,
    parse_callback,
    picked_html,
    render_turn,
    strip_bot_name,
)
from bot.telegram_send import KANAAL, TelegramSending
from bot.uitgaand_db import Soort, Uitgaand
from dialogs.messages import Catalog, default_catalog
from dialogs.models import ChatForgotten, Effect, Input, Message, Project
from domain_rules import RegelBoek

log = logging.getLogger(__name__)

# The command menu, in the order Telegram shows it; descriptions from the catalogue.
COMMANDS: Final = (
    ("start", "telegram.commando.start"),
    ("nieuw", "telegram.commando.nieuw"),
    ("historiek", "telegram.commando.historiek"),
    ("project", "telegram.commando.project"),
    ("terug", "telegram.commando.terug"),
    ("wijzig", "telegram.commando.wijzig"),
    ("annuleer", "telegram.commando.annuleer"),
    ("hulp", "telegram.commando.hulp"),
    ("demo", "telegram.commando.demo"),
    ("stopzet", "telegram.commando.stopzet"),
    ("uitnodigen", "telegram.commando.uitnodigen"),
    ("toegang", "telegram.commando.toegang"),
    ("vergeet", "telegram.commando.vergeet"),
)
# Edited messages, channel posts and the rest are not even requested.
ALLOWED_UPDATES: Final = ("message", "callback_query")
# Telegram keeps an unconfirmed update for 24 hours; a week of handled ids is plenty.
KEEP_UPDATE_IDS_DAYS: Final = 7
HANDLED_CACHE: Final = 200_000
KEYBOARD_CACHE: Final = 50_000
# Rendered replies of rows just written, so that the sender need not render them again.
RENDERED_CACHE: Final = 10_000
# Sent outbox rows are kept this long (their message ids), then deleted.
KEEP_SENT_DAYS: Final = 7
# Above this many turns in progress, no "typing…" indicators (see TelegramChannel._typing).
TYPING_MAX_RUNNING: Final = 20


# --- ordering -----------------------------------------------------------------------------------


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Updates run concurrently, but those of one chat one after the other, in arrival order.

    PTB starts one task per update in the order they arrive; each task takes its chat's lock
    before the first await, and asyncio locks are fair, so a chat's updates keep their order.
    """

    def __init__(self, max_concurrent_updates: int = 1024) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await the handler while holding the update's chat lock."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._locks.get(chat.id) or (asyncio.Lock(), 0)
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[chat.id]
            if users <= 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


# --- the channel --------------------------------------------------------------------------------


class TelegramChannel(TelegramSending):
    """One bot: the Application, its handlers, the outbox's sender, and the reminder loop."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], date],
        config: TelegramConfig,
        regelboek: RegelBoek | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self.store = store
        self.service = Service(store, regelboek=regelboek)
        self.today = today
        self.config = config
        self.catalog = catalog or default_catalog()
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.bot_id = 0
        self.username: str | None = None
        self._reminder_task: asyncio.Task[None] | None = None
        # Update ids already handled, and each chat's live keyboard, kept in memory (bounded).
        self._handled: OrderedDict[int, None] = OrderedDict()
        self._keyboards: OrderedDict[str, Keyboard | None] = OrderedDict()
        self._turns_running = 0
        self.outbox: Afzender | None = None
        self._rendered: OrderedDict[int, list[Outgoing]] = OrderedDict()
        self._inflight: dict[int, asyncio.Future[None]] = {}
        self._stop_polling = asyncio.Event()
        self._stop_reminders = asyncio.Event()
        self._poll_task: asyncio.Task[None] | None = None
        self._webhook: web.AppRunner | None = None

    # wiring

    def handlers(self) -> list[tuple[BaseHandler[Any, Any, Any], int]]:
        """Every handler with its group, in one visible list."""
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        return [
            (TypeHandler(Update, self.gate), -1),
            (MessageHandler(private & filters.TEXT, self.on_text), 0),
            (CallbackQueryHandler(self.on_button), 0),
            (MessageHandler(private & ~filters.TEXT, self.on_other), 0),
            (MessageHandler(filters.ChatType.GROUPS & filters.COMMAND, self.on_group), 0),
        ]

    def build_application(self) -> Application[Any, Any, Any, Any, Any, Any]:
        """The PTB Application with our handlers and update processor."""
        builder = with_aiohttp(
            ApplicationBuilder()
            .token(self.config.token)
            # Our own polling loop and webhook server (bot/telegram_inbound.py) confirm an
            # update only after its turn committed; PTB's Updater would confirm it before.
            .updater(None)
            .concurrent_updates(ChatOrderedProcessor()),
            connection_pool_size=self.config.connection_pool_size,
            pool_timeout=self.config.pool_timeout,
        )
        if self.config.api_base_url:
            base_url, base_file_url = api_urls(self.config.api_base_url)
            builder = builder.base_url(base_url).base_file_url(base_file_url)
        app = builder.build()
        for handler, group in self.handlers():
            app.add_handler(handler, group=group)
        app.add_error_handler(self.on_error)
        return app

    @property
    def bot(self) -> Any:
        """The running Application's bot."""
        assert self.app is not None, "channel not started"
        return self.app.bot

    async def start(self) -> None:
        """Connect (getMe), register the command menu, start polling or the webhook."""
        app = self.app = self.build_application()
        try:
            await app.initialize()
        except BaseException:
            # initialize() opened the HTTP clients before getMe failed; close them again.
            await app.bot.shutdown()
            raise
        self.bot_id = app.bot.id
        self.username = app.bot.username
        await self.safe(
            app.bot.set_my_commands,
            [BotCommand(name, self.catalog.text(message_id)) for name, message_id in COMMANDS],
        )
        async with self.store.transaction() as tx:
            await tx.release_unfinished_reminders(KANAAL)
            handled = await tx.recent_telegram_updates(self.bot_id, days=KEEP_UPDATE_IDS_DAYS)
        self._handled = OrderedDict.fromkeys(handled[-HANDLED_CACHE:])
        await app.start()
        # What a previous process left unsent goes out first.
        self.outbox = Afzender(
            self.store,
            KANAAL,
            self._parts,
            interval=self.config.outbox_interval,
            min_pause=self.config.retry_delay,
        )
        await self.outbox.start()
        if self.config.webhook_url:
            self._webhook = await telegram_inbound.start_webhook(
                app.bot,
                self.process,
                listen=self.config.listen,
                port=self.config.port,
                path=urlsplit(self.config.webhook_url).path,
                secret=self.config.secret_token,
            )
            await app.bot.set_webhook(
                url=self.config.webhook_url,
                secret_token=self.config.secret_token,
                allowed_updates=list(ALLOWED_UPDATES),
            )
        else:
            await app.bot.delete_webhook()
            self._stop_polling.clear()
            self._poll_task = asyncio.create_task(
                telegram_inbound.poll(
                    app.bot,
                    self.process,
                    stop=self._stop_polling,
                    timeout=self.config.poll_timeout,
                    allowed_updates=list(ALLOWED_UPDATES),
                    retry_delay=self.config.retry_delay,
                )
            )
        self._reminder_task = asyncio.create_task(
            reminders.run_periodically(
                self.check_reminders,
                interval=self.config.reminder_interval,
                stop=self._stop_reminders,
            )
        )
        log.info("Telegram channel started as @%s", self.username)

    async def stop(self) -> None:
        """Stop fetching, finish the updates already fetched, close everything."""
        if self._reminder_task is not None:
            self._stop_reminders.set()
            with contextlib.suppress(Exception):
                await self._reminder_task
            self._reminder_task = None
        if self._poll_task is not None:
            # Finishes the batch in hand and confirms it.
            self._stop_polling.set()
            with contextlib.suppress(Exception):
                await self._poll_task
            self._poll_task = None
        if self._webhook is not None:
            await self._webhook.cleanup()
            self._webhook = None
        if self.outbox is not None:
            await self.outbox.stop()
            self.outbox = None
        app = self.app
        if app is None:
            return
        if app.running:
            await app.stop()
        await app.shutdown()
        self.app = None

    async def process(self, update: Update) -> None:
        """Run one update through the handlers; returns when its turn committed.

        The same update arriving again while it runs (a webhook retry) waits for the first.
        """
        running = self._inflight.get(update.update_id)
        if running is not None:
            await asyncio.shield(running)
            return
        app = self.app
        assert app is not None, "channel not started"
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._inflight[update.update_id] = done
        try:
            await app.update_processor.process_update(update, app.process_update(update))
        finally:
            del self._inflight[update.update_id]
            done.set_result(None)

    async def _typing(self, chat_id: int) -> None:
        """'typing…' now, renewed every 4.5 s (Telegram shows it 5 s) until cancelled."""
        while True:
            # When many turns wait at once the bot is busy, not the engine: the replies need
            # the API calls (and Telegram's rate limit) more than the indicators do.
            if self._turns_running <= TYPING_MAX_RUNNING:
                await self.safe(
                    self.bot.send_chat_action, chat_id=chat_id, action=ChatAction.TYPING
                )
            await asyncio.sleep(4.5)

    # one turn

    async def run_turn(
        self,
        update_id: int,
        chat_id: int,
        inp: Input,
        *,
        alongside: Sequence[Awaitable[object]] = (),
        edit: dict[str, Any] | None = None,
    ) -> None:
        """Hand the input to the service, remember the new keyboard, queue the replies.

        `alongside` runs while the engine works (answering a button press); `edit` (the
        `bewerk` row of the pressed keyboard) is queued after the replies.
        """
        key = str(chat_id)
        rows: list[Uitgaand] = []
        stored: list[list[Message]] = []
        forgotten = False

        async def bookkeeping(
            tx: Transaction, messages: list[Message], effects: list[Effect]
        ) -> None:
            # Inside the turn's own transaction: the new state, "handled" and what is to be
            # sent are committed together or not at all.
            nonlocal forgotten
            rows.clear()
            tx.claim_telegram_update(self.bot_id, update_id, key)
            forgotten = any(isinstance(e, ChatForgotten) for e in effects)
            if forgotten:
                # The engine erased state and projects; erase what only this channel keeps.
                await tx.delete_telegram_chat(key)
            leveringen: list[tuple[Soort, Any]] = []
            if messages:
                leveringen.append(("berichten", [m.model_dump(mode="json") for m in messages]))
            if edit is not None:
                leveringen.append(("bewerk", edit))
            await self._queue_all(tx, key, leveringen, rows)
            stored[:] = [messages]

        async def turn() -> list[Message]:
            return await self.service.handle(
                KANAAL, key, inp, today=self.today(), also=bookkeeping
            )

        # "typing…" only for a turn still running after `typing_after` (most take milliseconds):
        # a timer per turn, a task only when it fires.
        typing: list[asyncio.Task[None]] = []

        def start_typing() -> None:
            typing.append(asyncio.create_task(self._typing(chat_id)))

        timer = (
            asyncio.get_running_loop().call_later(self.config.typing_after, start_typing)
            if self.config.typing_after is not None
            else None
        )
        self._turns_running += 1
        try:
            pending = asyncio.ensure_future(turn())
            if alongside:
                await asyncio.gather(pending, *alongside)
            messages = await pending
            rendered = render_turn(messages, catalog=self.catalog)
            committed = bool(stored) and stored[0] is messages
            if committed:
                # A turn that was not stored left the question, and its keyboard, as it was.
                self._remember_keyboard(key, rendered.keyboard)
                if rows and rows[0].soort == "berichten":
                    self._rendered[rows[0].id] = rendered.outgoing
                    while len(self._rendered) > RENDERED_CACHE:
                        self._rendered.popitem(last=False)
                if forgotten and self.outbox is not None:
                    self.outbox.forget(key)
                self._hand_over(rows)
        finally:
            self._turns_running -= 1
            if timer is not None:
                timer.cancel()
            for task in typing:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if not committed:
            # Nothing of the turn was stored (a storage fault): its message goes out directly.
            for out in rendered.outgoing:
                await self.deliver(chat_id, out)

    async def _record(self, update_id: int, chat_id: int, note: str | None = None) -> None:
        """Persist an update that was handled without a turn (a note, a page, a stale button).

        `note` is the catalogue id of a text to send the chat, queued in the same transaction.
        """
        key = str(chat_id)
        rows: list[Uitgaand] = []
        async with self.store.transaction() as tx:
            tx.claim_telegram_update(self.bot_id, update_id, key)
            if note is not None:
                message = Message(id=note, text=self.catalog.text(note))
                await self._queue(tx, key, "berichten", [message.model_dump(mode="json")], rows)
        self._hand_over(rows)

    def _remember_keyboard(self, key: str, keyboard: Keyboard | None) -> None:
        self._keyboards[key] = keyboard
        self._keyboards.move_to_end(key)
        while len(self._keyboards) > KEYBOARD_CACHE:
            self._keyboards.popitem(last=False)

    async def _keyboard(self, key: str) -> Keyboard | None:
        """The chat's live keyboard: remembered, or (after a restart) from the stored state."""
        if key in self._keyboards:
            return self._keyboards[key]
        async with self.store.transaction() as tx:
            raw = await tx.load_state(KANAAL, key)
        state = load_state(raw)
        keyboard = Keyboard.of(state.asks, list(state.choices))
        self._remember_keyboard(key, keyboard)
        return keyboard

    # handlers

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let through messages and button presses, each update_id only once.

        Handled ids are kept in memory (loaded from the store at start for the period Telegram
        may redeliver in) and stored with the turn's own transaction, so a duplicate costs no
        query and a turn no extra one.
        """
        if update.message is None and update.callback_query is None:
            raise ApplicationHandlerStop  # edited messages, channel posts, …: ignored
        if update.update_id in self._handled:
            log.info("update %s was handled before; skipped", update.update_id)
            raise ApplicationHandlerStop
        self._handled[update.update_id] = None
        while len(self._handled) > HANDLED_CACHE:
            self._handled.popitem(last=False)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message or command: one turn."""
        message = update.message
        assert message is not None and message.text is not None
        text = strip_bot_name(message.text, self.username)
        await self.run_turn(update.update_id, message.chat_id, Input(text=text))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: a choice (one turn), a page of choices, or "Ik heb gestort"."""
        query = update.callback_query
        assert query is not None
        message = query.message
        callback = parse_callback(query.data)

        def answer(text: str | None = None) -> Awaitable[object]:
            return self.safe(self.bot.answer_callback_query, query.id, text=text)

        if message is None or message.chat.type != "private" or callback is None:
            await answer()
            return
        chat_id, message_id = message.chat.id, message.message_id

        if callback.kind == "g":
            await self.run_turn(
                update.update_id,
                chat_id,
                Input(text=f"gestort {callback.projectnummer}"),
                alongside=[answer()],
                edit={"message_id": message_id, "html": None},
            )
            return
        keyboard = await self._keyboard(str(chat_id))
        if (
            keyboard is None
            or keyboard.nonce != callback.nonce
            or (callback.kind == "k" and callback.number >= len(keyboard.choices))
        ):
            # A button of an older question: a note, and nothing else changes.
            await asyncio.gather(
                answer(self.catalog.text("telegram.knop_verouderd")),
                self._record(update.update_id, chat_id),
            )
            return
        if callback.kind == "p":
            await asyncio.gather(
                answer(),
                self.safe(
                    self.bot.edit_message_reply_markup,
                    chat_id=chat_id,
                    message_id=message_id,
                    reply_markup=choice_markup(keyboard, callback.number),
                ),
                self._record(update.update_id, chat_id),
            )
            return
        choice = keyboard.choices[callback.number]
        # The question stays, with the pick under it and without buttons.
        question = message.text_html if isinstance(message, TgMessage) and message.text else None
        picked = picked_html(question, choice.label, self.catalog) if question else None
        await self.run_turn(
            update.update_id,
            chat_id,
            Input(choice=choice.value),
            alongside=[answer()],
            edit={"message_id": message_id, "html": picked},
        )

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, stickers, voice, documents, locations: a short note; the state is untouched."""
        assert update.message is not None
        await self._record(update.update_id, update.message.chat_id, "telegram.niet_tekst")

    async def on_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command in a group: the assistant only works in a private chat."""
        assert update.message is not None
        await self._record(update.update_id, update.message.chat_id, "telegram.enkel_prive")

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log an error a handler did not absorb (the filter keeps the token out)."""
        log.error("error while handling an update", exc_info=context.error)

    # reminders

    async def check_reminders(self) -> list[tuple[str, int]]:
        """Queue the deadline reminders due today (and tidy handled ids and sent rows)."""
        async with self.store.transaction() as tx:
            await tx.forget_telegram_updates(older_than_days=KEEP_UPDATE_IDS_DAYS)
            await tx.ruim_uitgaand_op(ouder_dan_dagen=KEEP_SENT_DAYS)
        today = self.today()
        rows: list[Uitgaand] = []

        async def queue(tx: Transaction, chat_id: str, project: Project, dagen_voor: int) -> None:
            html_text = reminders.reminder_html(
                project, dagen_voor=dagen_voor, today=today, catalog=self.catalog
            )
            inhoud = {
                "projectnummer": project.projectnummer,
                "dagen_voor": dagen_voor,
                "html": html_text,
            }
            await self._queue(tx, chat_id, "herinnering", inhoud, rows)

        queued = await reminders.check_reminders(
            self.store, kanaal=KANAAL, today=today, queue=queue
        )
        # Rows of a check that failed half-way are found by the sender's poll.
        self._hand_over(rows)
        return queued
