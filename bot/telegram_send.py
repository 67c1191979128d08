"""Sending to Telegram: one call with Telegram's errors absorbed, and an outbox row as its calls.

A base of `bot.telegram_app.TelegramChannel`, apart so that the channel module stays readable:
`call` waits out 429s and retries network errors, `deliver` sends a message directly (only what
could not be stored), and `_parts` turns a row of the outbox (`bot/uitgaand_db.py`) into the
sends that deliver it, for `bot/outbox_sender.py`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar

from telegram import InlineKeyboardMarkup, InputFile
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.epc_qr import epc_qr_png
from bot.outbox_sender import Afzender, Deel, Tijdelijk
from bot.store import Transaction
from bot.telegram_config import TelegramConfig
from bot.telegram_http import retry_after_seconds
from bot.telegram_render import (
    Outgoing,
    esc,
    gestort_button,
    plain_text,
    render_turn,
    split_html,
)
from bot.uitgaand_db import Soort, Uitgaand
from dialogs.messages import Catalog
from dialogs.models import Message

KANAAL: Final = "telegram"
log = logging.getLogger("bot.telegram_app")

T = TypeVar("T")


class TelegramSending:
    """Bot API calls with retries, and the outbox rows as Telegram calls."""

    config: TelegramConfig
    catalog: Catalog
    outbox: Afzender | None
    _rendered: OrderedDict[int, list[Outgoing]]

    @property
    def bot(self) -> Any:
        """The running Application's bot."""
        raise NotImplementedError

    # sending, with Telegram's errors absorbed

    async def call(
        self, fn: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any
    ) -> T | None:
        """One Bot API call: waits out 429s, retries network errors, ignores "not modified"."""
        network_failures = 0
        while True:
            try:
                return await fn(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                if wait > self.config.max_retry_after:
                    raise
                log.warning("Telegram asks to wait %.1f s (429); waiting", wait)
                await asyncio.sleep(wait)
            except BadRequest as exc:
                if "message is not modified" in exc.message.lower():
                    return None
                raise
            except (TimedOut, NetworkError):
                network_failures += 1
                if network_failures > self.config.network_retries:
                    raise
                await asyncio.sleep(self.config.retry_delay * 2 ** (network_failures - 1))

    async def safe(
        self, fn: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any
    ) -> T | None:
        """Like `call`, but a failure is logged and the turn goes on."""
        try:
            return await self.call(fn, *args, **kwargs)
        except TelegramError as exc:
            log.warning("Telegram call %s failed: %s", getattr(fn, "__name__", fn), exc)
            return None

    async def deliver(self, chat_id: int, out: Outgoing) -> TgMessage | None:
        """Send one rendered message or photo; markup Telegram refuses is sent as plain text."""
        if out.qr is not None:
            # Made only now, after the approval text went out, and off the event loop.
            png = await asyncio.to_thread(epc_qr_png, out.qr)
            return await self.safe(
                self.bot.send_photo,
                chat_id=chat_id,
                photo=InputFile(png, filename="storting-qr.png"),
                caption=out.html,
                parse_mode=ParseMode.HTML,
            )
        try:
            return await self.call(
                self.bot.send_message,
                chat_id=chat_id,
                text=out.html,
                parse_mode=ParseMode.HTML,
                reply_markup=out.markup,
            )
        except BadRequest as exc:
            if "parse" not in exc.message.lower():
                log.warning("sendMessage refused: %s", exc)
                return None
            log.warning("HTML refused by Telegram (%s); sending plain text", exc)
            return await self.safe(
                self.bot.send_message,
                chat_id=chat_id,
                text=plain_text(out.html),
                reply_markup=out.markup,
            )
        except TelegramError as exc:
            log.warning("sendMessage failed: %s", exc)
            return None

    # the outbox

    async def _api(self, method: str, **params: Any) -> Any:
        """One Bot API method through the bot's own transport; its answer as plain JSON.

        The outbox needs only the id of a sent message, so no `telegram.Message` is built from
        the answer (that parsing was the larger part of a send's CPU time). Parameters are
        encoded as PTB encodes them (`RequestParameter`: markup as JSON, files as multipart),
        and Telegram's errors arrive as PTB's exceptions, as from `Bot.send_message`.
        """
        data = RequestData(
            [RequestParameter.from_input(k, v) for k, v in params.items() if v is not None]
        )
        bot = self.bot
        return await bot.request.post(url=f"{bot.base_url}/{method}", request_data=data)

    async def _send(self, method: str, /, **kwargs: Any) -> str | None:
        """One send of an outbox row: the message id, None when refused for good.

        Refusals (a chat that no longer exists, a blocked bot) are logged and not retried; a
        network failure or a long wait asked for raises `Tijdelijk`, and the row is sent later.
        """
        try:
            sent = await self.call(self._api, method, **kwargs)
        except BadRequest as exc:
            if "parse" in exc.message.lower() and "text" in kwargs:
                log.warning("HTML refused by Telegram (%s); sending plain text", exc)
                kwargs = {**kwargs, "text": plain_text(kwargs["text"]), "parse_mode": None}
                return await self._send(method, **kwargs)
            log.warning("%s refused: %s", method, exc)
            return None
        except (RetryAfter, NetworkError) as exc:
            raise Tijdelijk(exc.__class__.__name__) from exc
        except TelegramError as exc:
            log.warning("%s not deliverable: %s", method, exc)
            return None
        if isinstance(sent, dict) and "message_id" in sent:
            return str(sent["message_id"])
        return str(kwargs.get("message_id", "")) or None

    def _send_outgoing(self, chat_id: int, out: Outgoing) -> Deel:
        async def send() -> str | None:
            if out.qr is not None:
                # Made only when it is sent, and off the event loop.
                png = await asyncio.to_thread(epc_qr_png, out.qr)
                return await self._send(
                    "sendPhoto",
                    chat_id=chat_id,
                    photo=InputFile(png, filename="storting-qr.png"),
                    caption=out.html,
                    parse_mode=ParseMode.HTML,
                )
            return await self._send(
                "sendMessage",
                chat_id=chat_id,
                text=out.html,
                parse_mode=ParseMode.HTML,
                reply_markup=out.markup,
            )

        return send

    def _parts(self, row: Uitgaand) -> list[Deel]:
        """An outbox row as the Telegram calls that deliver it (see bot/uitgaand_db.py)."""
        chat_id = int(row.chat_id)
        inhoud = row.inhoud
        if row.soort == "berichten":
            outgoing = self._rendered.pop(row.id, None)
            if outgoing is None:
                messages = [Message.model_validate(m) for m in inhoud]
                outgoing = render_turn(messages, catalog=self.catalog).outgoing
            return [self._send_outgoing(chat_id, out) for out in outgoing]
        if row.soort == "bewerk":
            return [self._edit(chat_id, int(inhoud["message_id"]), inhoud.get("html"))]
        if row.soort == "herinnering":
            button = gestort_button(str(inhoud["projectnummer"]), self.catalog)
            markup = InlineKeyboardMarkup([[button]]) if button else None
            return [self._send_outgoing(chat_id, Outgoing(html=inhoud["html"], markup=markup))]
        if row.soort == "medewerker":
            label = esc(self.catalog.text("telegram.medewerker"))
            text = f"<b>{label}</b>\n{esc(str(inhoud['tekst']))}"
            return [self._send_outgoing(chat_id, Outgoing(html=part)) for part in split_html(text)]
        log.warning("outbox row %s of unknown kind %s; skipped", row.id, row.soort)
        return []

    def _edit(self, chat_id: int, message_id: int, html_text: str | None) -> Deel:
        async def edit() -> str | None:
            if html_text is not None:
                return await self._send(
                    "editMessageText",
                    chat_id=chat_id,
                    message_id=message_id,
                    text=html_text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=None,
                )
            return await self._send(
                "editMessageReplyMarkup",
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=None,
            )

        return edit

    async def _queue(
        self, tx: Transaction, key: str, soort: Soort, inhoud: Any, rows: list[Uitgaand]
    ) -> Uitgaand:
        """Write one outbox row in the transaction; also noted in `rows`, to hand over later."""
        return (await self._queue_all(tx, key, [(soort, inhoud)], rows))[0]

    async def _queue_all(
        self, tx: Transaction, key: str, leveringen: list[tuple[Soort, Any]], rows: list[Uitgaand]
    ) -> list[Uitgaand]:
        """Write outbox rows in this order in one statement, each also noted in `rows`."""
        ids = await tx.zet_alle_klaar(KANAAL, key, leveringen)
        new = [
            Uitgaand(row_id, KANAAL, key, soort, inhoud)
            for row_id, (soort, inhoud) in zip(ids, leveringen, strict=True)
        ]
        rows.extend(new)
        return new

    def _hand_over(self, rows: list[Uitgaand]) -> None:
        """Rows of a committed transaction: to the sender at once."""
        if self.outbox is not None:
            self.outbox.add(rows)
