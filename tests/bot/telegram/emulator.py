"""A Telegram Bot API emulator for tests: an aiohttp server on 127.0.0.1 plus a user-side API.

It speaks the part of the Bot API the assistant uses, the way python-telegram-bot 22 expects it
(getMe with is_bot, dates in unix seconds, form-encoded and multipart requests, callback queries,
long polling with offset, webhook delivery with the secret header). Tests drive it as the users:
send text, press a button by its label, wait for the bot's next message, inject a raw update,
or make the next calls of a method fail with 429 (retry_after) or 502.

Like Telegram, an update stays pending until a getUpdates with a higher offset confirms it, and a
webhook delivery is retried until the bot answers it with a 2xx status (a refused or dropped
connection, a 5xx, a timeout: again). `before_call` and `after_call` let a test act when the bot
calls a method (before the emulator handles it, or after, when a message is already delivered
but the bot has not seen the answer), e.g. kill the bot's process there.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

# Parameters that PTB sends JSON-encoded (everything that is not a plain string).
_JSON_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "reply_markup",
        "commands",
        "allowed_updates",
        "show_alert",
        "cache_time",
        "max_connections",
        "drop_pending_updates",
        "link_preview_options",
        "disable_notification",
        "protect_content",
        "reply_parameters",
        "scope",
        "entities",
        "caption_entities",
    }
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


def _now() -> int:
    return int(time.time())


def _strip_tags(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", text))


_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "s": "strikethrough",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}


class _EntityParser(HTMLParser):
    """Telegram's HTML parse mode, for the tags the bot uses: text plus entities (UTF-16)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self._open: list[tuple[str, int]] = []

    def _offset(self) -> int:
        return len(self.text.encode("utf-16-le")) // 2

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ENTITY_TYPES:
            raise ValueError(f'Bad Request: can\'t parse entities: unsupported start tag "{tag}"')
        self._open.append((tag, self._offset()))

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            raise ValueError(f'Bad Request: can\'t parse entities: unexpected end tag "{tag}"')
        _, start = self._open.pop()
        if self._offset() > start:
            self.entities.append(
                {"type": _ENTITY_TYPES[tag], "offset": start, "length": self._offset() - start}
            )

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Visible text and entities of an HTML message, or ValueError like Telegram's 400."""
    parser = _EntityParser()
    parser.feed(text)
    parser.close()
    if parser._open:  # noqa: SLF001
        raise ValueError("Bad Request: can't parse entities: unclosed start tag")
    return parser.text, sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


@dataclass
class BotMessage:
    """A message the bot sent (text or photo), as it stands after any edits."""

    message_id: int
    chat_id: int
    html: str
    parse_mode: str | None
    markup: dict[str, Any] | None
    photo: bytes | None = None
    edits: int = 0

    @property
    def text(self) -> str:
        """The visible text (tags removed, entities unescaped)."""
        return _strip_tags(self.html) if self.parse_mode == "HTML" else self.html

    def buttons(self) -> list[dict[str, Any]]:
        """Every inline button, row by row."""
        if not self.markup:
            return []
        return [b for row in self.markup.get("inline_keyboard", []) for b in row]

    def labels(self) -> list[str]:
        """The labels of the inline buttons."""
        return [b["text"] for b in self.buttons()]

    def to_api(self, chat: dict[str, Any], bot_user: dict[str, Any]) -> dict[str, Any]:
        """The Message object the Bot API returns."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "date": _now(),
            "chat": chat,
            "from": bot_user,
        }
        text, entities = parse_html(self.html) if self.parse_mode == "HTML" else (self.html, [])
        if self.photo is not None:
            data["photo"] = [
                {
                    "file_id": f"photo-{self.message_id}",
                    "file_unique_id": f"u{self.message_id}",
                    "width": 320,
                    "height": 320,
                    "file_size": len(self.photo),
                }
            ]
            if self.html:
                data["caption"] = text
                if entities:
                    data["caption_entities"] = entities
        else:
            data["text"] = text
            if entities:
                data["entities"] = entities
        if self.markup:
            data["reply_markup"] = self.markup
        if self.edits:
            data["edit_date"] = _now()
        return data


@dataclass
class Failure:
    """A planned error answer for one call."""

    status: int
    payload: dict[str, Any]


@dataclass
class ChatLog:
    """One chat as the emulator sees it: the bot's messages, in order, and what is unread."""

    chat: dict[str, Any]
    user: dict[str, Any]
    messages: dict[int, BotMessage] = field(default_factory=dict)
    inbox: asyncio.Queue[BotMessage] = field(default_factory=asyncio.Queue)
    actions: list[str] = field(default_factory=list)


class BotState:
    """Everything the emulator keeps for one bot token."""

    def __init__(self, emulator: BotApiEmulator, *, token: str, bot_id: int, username: str):
        self.emulator = emulator
        self.token = token
        self.bot_id = bot_id
        self.username = username
        self.user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "kmo-portefeuille",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.pending: deque[tuple[dict[str, Any], bool]] = deque()
        self.next_update_id = 100_000
        self.changed = asyncio.Event()
        self.chats: dict[int, ChatLog] = {}
        self.message_ids = itertools.count(1)
        self.callback_ids = itertools.count(1)
        self.answers: dict[str, dict[str, Any]] = {}
        self.answered = asyncio.Event()
        self.commands: list[dict[str, Any]] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_task: asyncio.Task[None] | None = None
        self.webhook_refusals = 0

    # updates

    def push(self, update: dict[str, Any], *, redeliver: bool = False) -> int:
        """Queue an update; `redeliver` sends it again even if its id was confirmed already."""
        if "update_id" not in update:
            update = {"update_id": self.next_update_id, **update}
            self.next_update_id += 1
        self.pending.append((update, redeliver))
        self.changed.set()
        return int(update["update_id"])

    def take(self, offset: int | None, limit: int) -> list[dict[str, Any]]:
        """Confirm everything below `offset`; return what is still pending (Bot API semantics)."""
        if offset:
            kept: deque[tuple[dict[str, Any], bool]] = deque()
            for update, redeliver in self.pending:
                if update["update_id"] >= offset or redeliver:
                    kept.append((update, redeliver))
            self.pending = kept
        batch = [u for u, _ in itertools.islice(self.pending, limit)]
        # A redelivered update is handed out once; normal ones stay until confirmed.
        self.pending = deque((u, r) for u, r in self.pending if not (r and u in batch))
        return batch

    def chat_log(self, chat_id: int) -> ChatLog:
        """The chat, created on first use as a private chat."""
        if chat_id not in self.chats:
            user = {"id": chat_id, "is_bot": False, "first_name": f"Ondernemer{chat_id}"}
            user["language_code"] = "nl"
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            self.chats[chat_id] = ChatLog(chat=chat, user=user)
        return self.chats[chat_id]


def _markup_problem(text: str, parse_mode: str | None) -> str | None:
    if parse_mode != "HTML":
        return None
    try:
        visible, _ = parse_html(text)
    except ValueError as exc:
        return str(exc)
    if len(visible.encode("utf-16-le")) // 2 > 4096:
        return "Bad Request: message is too long"
    return None


class BotApiEmulator:
    """The HTTP server and the registry of bots."""

    def __init__(self) -> None:
        self.bots: dict[str, BotState] = {}
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.failures: dict[str, deque[Failure]] = {}
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self._closing = False
        self.record_calls = True
        # Called with (method, params) when a call arrives (True: the call is dropped, not
        # handled) / when its answer is ready.
        self.before_call: Callable[[str, dict[str, Any]], bool] | None = None
        self.after_call: Callable[[str, dict[str, Any], Any], None] | None = None
        # Called with the update just before a webhook delivery is posted.
        self.on_deliver: Callable[[dict[str, Any]], None] | None = None

    # lifecycle

    async def start(self) -> BotApiEmulator:
        """Listen on 127.0.0.1 on a free port."""
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # noqa: SLF001 - aiohttp has no public accessor for the port
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]
        self._session = ClientSession(timeout=ClientTimeout(total=10))
        return self

    async def close(self) -> None:
        """Stop webhook deliveries, wake long polls, stop the server."""
        self._closing = True
        for bot in self.bots.values():
            if bot.webhook_task is not None:
                bot.webhook_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await bot.webhook_task
            bot.changed.set()
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> BotApiEmulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def api_root(self) -> str:
        """What `--api-base-url` gets: the server root."""
        return f"http://127.0.0.1:{self.port}"

    # test-side API

    def add_bot(self, token: str, *, bot_id: int | None = None, username: str = "kmo_test_bot"):
        """Register a token (unknown tokens get 401 Unauthorized)."""
        bot = BotState(
            self, token=token, bot_id=bot_id or int(token.partition(":")[0]), username=username
        )
        self.bots[token] = bot
        return bot

    def fail_next(
        self,
        method: str,
        count: int = 1,
        *,
        retry_after: int | None = 1,
        status: int = 429,
        description: str = "Bad Gateway",
    ) -> None:
        """Answer the next `count` calls of `method` with 429 (retry_after) or another status."""
        if status == 429:
            failure = Failure(
                429,
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
            )
        else:
            failure = Failure(
                status, {"ok": False, "error_code": status, "description": description}
            )
        self.failures.setdefault(method, deque()).extend([failure] * count)

    def calls_of(self, method: str, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The parameters of every call of a method (to one chat)."""
        return [
            p
            for _, m, p in self.calls
            if m == method and (chat_id is None or p.get("chat_id") == chat_id)
        ]

    # HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                # As the Bot API reads JSON: a value means what the same value in a form means.
                for key, value in (await request.json()).items():
                    if key in _JSON_FIELDS and isinstance(value, str):
                        params[key] = json.loads(value)
                    elif key in _JSON_FIELDS or isinstance(value, str):
                        params[key] = value
                    else:
                        params[key] = json.dumps(value)
            else:
                form = await request.post()
                for key, value in form.items():
                    if hasattr(value, "file"):
                        files[key] = value.file.read()
                    elif key in _JSON_FIELDS:
                        try:
                            params[key] = json.loads(str(value))
                        except json.JSONDecodeError:
                            params[key] = str(value)
                    else:
                        params[key] = str(value)
        params.update({k: v for k, v in request.query.items() if k not in params})
        if self.record_calls:
            self.calls.append((token, method, params))
        bot = self.bots.get(token)
        if bot is None:
            return self._error(401, "Unauthorized")
        if self.before_call is not None and self.before_call(method, params):
            return self._error(502, "Bad Gateway")  # the test dropped the call
        planned = self.failures.get(method)
        if planned:
            failure = planned.popleft()
            return web.json_response(failure.payload, status=failure.status)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        result = await handler(bot, params, files)
        if self.after_call is not None:
            self.after_call(method, params, result)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(code: int, description: str) -> web.Response:
        return web.json_response(
            {"ok": False, "error_code": code, "description": description}, status=code
        )

    # methods

    async def _m_getMe(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return bot.user

    async def _m_getUpdates(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        if bot.webhook_url:
            return self._error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(p.get("offset") or 0)
        limit = int(p.get("limit") or 100)
        timeout = float(p.get("timeout") or 0)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            batch = bot.take(offset, limit)
            if batch or self._closing:
                return batch
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return []
            bot.changed.clear()
            try:
                await asyncio.wait_for(bot.changed.wait(), remaining)
            except TimeoutError:
                return []

    async def _m_setWebhook(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        bot.webhook_url = str(p.get("url") or "")
        bot.webhook_secret = p.get("secret_token")
        if p.get("drop_pending_updates"):
            bot.pending.clear()
        if bot.webhook_url and bot.webhook_task is None:
            bot.webhook_task = asyncio.create_task(self._deliver(bot))
        return True

    async def _m_deleteWebhook(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        bot.webhook_url = ""
        if p.get("drop_pending_updates"):
            bot.pending.clear()
        if bot.webhook_task is not None:
            bot.webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await bot.webhook_task
            bot.webhook_task = None
        return True

    async def _m_getWebhookInfo(
        self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]
    ) -> Any:
        return {
            "url": bot.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(bot.pending),
        }

    async def _m_setMyCommands(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        bot.commands = list(p.get("commands") or [])
        return True

    async def _m_getMyCommands(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return bot.commands

    async def _m_sendChatAction(
        self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]
    ) -> Any:
        bot.chat_log(int(p["chat_id"])).actions.append(str(p.get("action")))
        return True

    def _new_message(
        self,
        bot: BotState,
        chat_id: int,
        *,
        text: str,
        parse_mode: str | None,
        markup: Any,
        photo: bytes | None = None,
    ) -> Any:
        problem = _markup_problem(text, parse_mode)
        if problem:
            return self._error(400, problem)
        log = bot.chat_log(chat_id)
        message = BotMessage(
            message_id=next(bot.message_ids),
            chat_id=chat_id,
            html=text,
            parse_mode=parse_mode,
            markup=markup or None,
            photo=photo,
        )
        log.messages[message.message_id] = message
        log.inbox.put_nowait(message)
        return message.to_api(log.chat, bot.user)

    async def _m_sendMessage(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        text = str(p.get("text") or "")
        if not text.strip():
            return self._error(400, "Bad Request: message text is empty")
        return self._new_message(
            bot,
            int(p["chat_id"]),
            text=text,
            parse_mode=p.get("parse_mode"),
            markup=p.get("reply_markup"),
        )

    async def _m_sendPhoto(self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        photo = f.get("photo")
        if photo is None:
            return self._error(400, "Bad Request: there is no photo in the request")
        return self._new_message(
            bot,
            int(p["chat_id"]),
            text=str(p.get("caption") or ""),
            parse_mode=p.get("parse_mode"),
            markup=p.get("reply_markup"),
            photo=photo,
        )

    def _find(self, bot: BotState, p: dict[str, Any]) -> BotMessage | web.Response:
        log = bot.chats.get(int(p.get("chat_id") or 0))
        message = log.messages.get(int(p.get("message_id") or 0)) if log else None
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        return message

    async def _m_editMessageText(
        self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]
    ) -> Any:
        message = self._find(bot, p)
        if isinstance(message, web.Response):
            return message
        text = str(p.get("text") or "")
        markup = p.get("reply_markup") or None
        if text == message.html and markup == message.markup:
            return self._error(400, _NOT_MODIFIED)
        problem = _markup_problem(text, p.get("parse_mode"))
        if problem:
            return self._error(400, problem)
        message.html, message.markup = text, markup
        message.parse_mode = p.get("parse_mode")
        message.edits += 1
        log = bot.chats[message.chat_id]
        return message.to_api(log.chat, bot.user)

    async def _m_editMessageReplyMarkup(
        self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]
    ) -> Any:
        message = self._find(bot, p)
        if isinstance(message, web.Response):
            return message
        markup = p.get("reply_markup") or None
        if markup == message.markup:
            return self._error(400, _NOT_MODIFIED)
        message.markup = markup
        message.edits += 1
        log = bot.chats[message.chat_id]
        return message.to_api(log.chat, bot.user)

    async def _m_answerCallbackQuery(
        self, bot: BotState, p: dict[str, Any], f: dict[str, bytes]
    ) -> Any:
        query_id = str(p.get("callback_query_id"))
        if query_id in bot.answers:
            return self._error(400, "Bad Request: query is too old or query ID is invalid")
        bot.answers[query_id] = p
        bot.answered.set()
        return True

    # webhook delivery

    async def _deliver(self, bot: BotState) -> None:
        assert self._session is not None
        while True:
            if not bot.pending:
                bot.changed.clear()
                await bot.changed.wait()
                continue
            update, redeliver = bot.pending[0]
            if self.on_deliver is not None:
                self.on_deliver(update)
            headers = {}
            if bot.webhook_secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = bot.webhook_secret
            try:
                async with self._session.post(
                    bot.webhook_url, json=update, headers=headers
                ) as response:
                    ok = response.status < 300
            except (TimeoutError, OSError, ClientError):
                ok = False
            if ok:
                if bot.pending and bot.pending[0][0] is update:
                    bot.pending.popleft()
            else:
                bot.webhook_refusals += 1
                await asyncio.sleep(0.05)


class User:
    """A Telegram user in a private chat with one bot: the test's hands and eyes."""

    def __init__(self, bot: BotState, chat_id: int) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.log = bot.chat_log(chat_id)
        self._message_ids = itertools.count(1_000_000)

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": _now(),
            "chat": self.log.chat,
            "from": self.log.user,
            **content,
        }

    def send(self, text: str) -> int:
        """Type a message (commands get their bot_command entity, like Telegram does)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.bot.push({"message": self._message(**content)})

    def send_other(self, **content: Any) -> int:
        """Send a non-text message: sticker=…, photo=…, voice=…, document=…, location=…."""
        return self.bot.push({"message": self._message(**content)})

    def press(self, label: str, *, message: BotMessage | None = None) -> str:
        """Press the button with this label (on `message`, else on the newest one having it)."""
        candidates = [message] if message else reversed(list(self.log.messages.values()))
        for m in candidates:
            for button in m.buttons():
                if button["text"] == label:
                    query_id = f"q{next(self.bot.callback_ids)}"
                    self.bot.push(
                        {
                            "callback_query": {
                                "id": query_id,
                                "from": self.log.user,
                                "message": m.to_api(self.log.chat, self.bot.user),
                                "chat_instance": f"ci{self.chat_id}",
                                "data": button["callback_data"],
                            }
                        }
                    )
                    return query_id
        shown = [m.labels() for m in self.log.messages.values() if m.labels()]
        raise AssertionError(f"no button {label!r}; buttons shown: {shown}")

    async def next_message(self, timeout: float = 5.0) -> BotMessage:
        """The bot's next message (text or photo) in this chat."""
        try:
            return await asyncio.wait_for(self.log.inbox.get(), timeout)
        except TimeoutError:
            raise AssertionError(f"no message from the bot within {timeout} s") from None

    async def no_message(self, within: float) -> None:
        """Assert that the bot stays silent for `within` seconds."""
        try:
            message = await asyncio.wait_for(self.log.inbox.get(), within)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message: {message.text[:200]!r}")

    async def answer(self, query_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The bot's answerCallbackQuery for a press."""
        deadline = asyncio.get_running_loop().time() + timeout
        while query_id not in self.bot.answers:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"callback query {query_id} not answered")
            self.bot.answered.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.bot.answered.wait(), remaining)
        return self.bot.answers[query_id]

    def unread(self) -> int:
        """How many bot messages were not taken with next_message yet."""
        return self.log.inbox.qsize()
