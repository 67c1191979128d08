"""Telegram rendering: the engine's messages as HTML chunks, inline keyboards and the EPC QR image.

Pure functions, no network and no Application: `bot/telegram_app.py` sends what this returns.
Every Dutch text comes from the catalogue; every text from the engine or the user is escaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import deque
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs.messages import Catalog, default_catalog
from dialogs.models import Attachment, Choice, EpcPayment, Heading, Message, Rows, Text

# Telegram's limit is 4096 characters of the *parsed* text, counted in UTF-16 code units.
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
PER_PAGE = 8
# Two buttons side by side when every label of the page is this short; else one per row.
SHORT_LABEL = 18


@dataclass(frozen=True)
class Keyboard:
    """The choices of the question a chat may answer with a button, and their nonce."""

    nonce: str
    choices: list[Choice]

    @classmethod
    def of(cls, asks: str | None, choices: list[Choice]) -> Keyboard | None:
        """The keyboard of a question (None when it has no choices)."""
        if not choices:
            return None
        return cls(nonce=keyboard_nonce(asks, choices), choices=list(choices))


def keyboard_nonce(asks: str | None, choices: list[Choice]) -> str:
    """A short token naming a question and its choices (8 characters of callback data).

    Derived from what the engine stores (the question and its choices), so after a restart the
    live keyboard is known again from the conversation state alone; a button of an earlier,
    different question carries another nonce and is recognised as stale.
    """
    digest = hashlib.blake2b(digest_size=6)
    digest.update((asks or "").encode())
    for c in choices:
        digest.update(b"\x00" + c.value.encode() + b"\x01" + c.label.encode())
    return base64.urlsafe_b64encode(digest.digest()).decode()


@dataclass
class Outgoing:
    """One Telegram message to send: HTML text and its buttons, or the QR photo (HTML caption)."""

    html: str
    markup: InlineKeyboardMarkup | None = None
    # The payment of a QR photo; the PNG is made only when it is sent.
    qr: EpcPayment | None = None


@dataclass
class RenderedTurn:
    """What one turn sends, and the keyboard the chat may press afterwards."""

    outgoing: list[Outgoing] = field(default_factory=list)
    keyboard: Keyboard | None = None


# --- HTML --------------------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape text for Telegram's HTML parse mode (<, >, & only; quotes may stay)."""
    return html.escape(text, quote=False)


def catalog_html(
    catalog: Catalog, message_id: str, *, code: dict[str, str] | None = None, **plain: str
) -> str:
    """A catalogue text as HTML: everything escaped, the `code` parameters in <code>."""
    code = code or {}
    # Placeholders survive escaping untouched; the code values are escaped on their own.
    markers = {name: f"\x00{i}\x00" for i, name in enumerate(code)}
    text = esc(catalog.text(message_id, **plain, **markers))
    for name, marker in markers.items():
        text = text.replace(marker, f"<code>{esc(code[name])}</code>")
    return text


def _rows_html(rows: Rows) -> list[str]:
    """A title, then the rows as one quoted block; copyable values in <code> (one tap copies)."""
    lines = [esc(rows.title)] if rows.title else []
    quoted = []
    for r in rows.rows:
        value = f"<code>{esc(r.value)}</code>" if r.copyable else esc(r.value)
        quoted.append(f"• {esc(r.label)}: {value}" if r.label else f"• {value}")
    if quoted:
        lines.append("<blockquote>" + "\n".join(quoted) + "</blockquote>")
    return lines


def message_html(message: Message) -> str:
    """One engine message as HTML: headings bold, rows quoted, copyable values in <code>."""
    out: list[str] = []
    for block in message.blocks:
        if isinstance(block, Heading):
            out.append(f"<b>{esc(block.text)}</b>")
        elif isinstance(block, Text):
            out.append(esc(block.text))
        elif isinstance(block, Rows):
            out.extend(_rows_html(block))
    return "\n".join(out)


_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|\n|[^<&\n]+")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9-]+)")


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _visible(piece: str) -> int:
    if piece.startswith("<"):
        return 0
    if piece.startswith("&"):
        return 1
    return _units(piece)


def _closing(stack: list[str]) -> str:
    return "".join(f"</{_TAG_NAME.match(t).group(1)}>" for t in reversed(stack))  # type: ignore[union-attr]


def _cut_text(piece: str, room: int) -> int:
    """Where to cut a text run so at most `room` UTF-16 units stay: at a space if possible."""
    cut = min(len(piece), room)
    while cut > 0 and _units(piece[:cut]) > room:
        cut -= 1
    space = piece.rfind(" ", 0, cut + 1)
    return space if space > room // 2 else cut


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split HTML into messages of at most `limit` visible characters, at line breaks.

    A line longer than the limit is cut at a space. Tags open at a cut (a quoted summary) are
    closed at the end of one part and opened again at the start of the next.
    """
    if _units(text) <= limit:
        return [text] if text.strip() else []
    chunks: list[str] = []
    pieces: deque[str] = deque(_TOKEN.findall(text))
    cur: list[str] = []
    stack: list[str] = []
    size = 0
    last_break: tuple[int, list[str]] | None = None

    def emit(parts: list[str], open_tags: list[str]) -> None:
        body = "".join(parts) + _closing(open_tags)
        if re.sub(r"<[^>]*>", "", body).strip():
            chunks.append(body)

    while pieces:
        piece = pieces.popleft()
        if piece.startswith("<"):
            if piece.startswith("</"):
                if stack:
                    stack.pop()
            elif not piece.endswith("/>"):
                stack.append(piece)
            cur.append(piece)
            continue
        if piece == "\n" and size == 0:
            continue  # no part starts with an empty line
        n = _visible(piece)
        if size + n <= limit:
            cur.append(piece)
            size += n
            if piece == "\n":
                last_break = (len(cur), list(stack))
            continue
        if last_break is not None:
            index, open_tags = last_break
            head, tail = cur[: index - 1], cur[index:]
            emit(head, open_tags)
            pieces.appendleft(piece)
            pieces.extendleft(reversed(tail))
            cur, stack, size, last_break = list(open_tags), list(open_tags), 0, None
            continue
        room = limit - size
        if piece.startswith("&") or piece == "\n" or room <= 0:
            if size == 0:  # cannot happen with limit >= 1; guards the loop anyway
                cur.append(piece)
                size += n
                continue
            emit(cur, stack)
            pieces.appendleft(piece)
            cur, size, last_break = list(stack), 0, None
            continue
        cut = _cut_text(piece, room)
        if cut <= 0:
            cut = 1
        cur.append(piece[:cut])
        emit(cur, stack)
        rest = piece[cut:].lstrip(" ")
        if rest:
            pieces.appendleft(rest)
        cur, size, last_break = list(stack), 0, None
    emit(cur, stack)
    return chunks


def plain_text(html_text: str) -> str:
    """The visible text of our HTML (fallback when Telegram refuses the markup)."""
    return html.unescape(re.sub(r"<[^>]*>", "", html_text))


_COMMAND_AT = re.compile(r"^/([A-Za-z0-9_]+)@([A-Za-z0-9_]+)")


def strip_bot_name(text: str, username: str | None) -> str:
    """'/wijzig@kmo_bot kost' -> '/wijzig kost'; '/start payload' -> '/start'."""
    m = _COMMAND_AT.match(text)
    if m and (not username or m.group(2).lower() == username.lower()):
        text = f"/{m.group(1)}{text[m.end() :]}"
    if text.startswith("/start ") or text.startswith("/start\n"):
        text = "/start"
    return text


# --- keyboards ---------------------------------------------------------------------------------


def choice_markup(keyboard: Keyboard, page: int = 0) -> InlineKeyboardMarkup:
    """The choices of one page as buttons; ◀ ▶ to page through more than PER_PAGE options."""
    choices = keyboard.choices
    pages = max(1, -(-len(choices) // PER_PAGE))
    page = min(max(page, 0), pages - 1)
    start = page * PER_PAGE
    shown = list(enumerate(choices))[start : start + PER_PAGE]
    buttons = [
        InlineKeyboardButton(c.label[:64], callback_data=f"k:{keyboard.nonce}:{i}")
        for i, c in shown
    ]
    width = 2 if all(len(c.label) <= SHORT_LABEL for _, c in shown) else 1
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(InlineKeyboardButton("◀", callback_data=f"p:{keyboard.nonce}:{page - 1}"))
        nav.append(
            InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=f"p:{keyboard.nonce}:{page}")
        )
        if page < pages - 1:
            nav.append(InlineKeyboardButton("▶", callback_data=f"p:{keyboard.nonce}:{page + 1}"))
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def gestort_button(
    projectnummer: str, catalog: Catalog | None = None
) -> InlineKeyboardButton | None:
    """The "Ik heb gestort" button of a project (None if its number does not fit callback data)."""
    data = f"g:{projectnummer}"
    if len(data.encode()) > MAX_CALLBACK_DATA:
        return None
    label = (catalog or default_catalog()).text("telegram.knop_gestort")
    return InlineKeyboardButton(label, callback_data=data)


@dataclass(frozen=True)
class Callback:
    """Parsed callback data: a choice (k), a page (p) or "ik heb gestort" (g)."""

    kind: str
    nonce: str = ""
    number: int = 0
    projectnummer: str = ""


def parse_callback(data: str | None) -> Callback | None:
    """Our callback data back to its parts; None for anything we did not make."""
    if not data:
        return None
    kind, _, rest = data.partition(":")
    if kind == "g" and rest:
        return Callback(kind="g", projectnummer=rest)
    if kind in ("k", "p"):
        nonce, _, number = rest.partition(":")
        if nonce and number.isdigit():
            return Callback(kind=kind, nonce=nonce, number=int(number))
    return None


def picked_html(question_html: str, label: str, catalog: Catalog | None = None) -> str | None:
    """The question's text with the picked answer under it; None when that would be too long."""
    note = esc((catalog or default_catalog()).text("telegram.gekozen", keuze=label))
    text = f"{question_html}\n\n<b>{note}</b>"
    return text if _units(plain_text(text)) <= MAX_TEXT else None


# --- a whole turn ------------------------------------------------------------------------------


def render_turn(messages: list[Message], *, catalog: Catalog | None = None) -> RenderedTurn:
    """A turn's messages as Telegram messages.

    Messages of one turn are joined into one Telegram message (like the terminal prints them),
    except a message with an attachment or a project (the approval): it stands alone, with the
    "Ik heb gestort" button of its project, followed by the EPC QR photo. The last text message
    carries the question's choices.
    """
    catalog = catalog or default_catalog()
    out = RenderedTurn()
    group: list[str] = []

    def flush() -> None:
        if group:
            out.outgoing.extend(Outgoing(html=part) for part in split_html("\n\n".join(group)))
            group.clear()

    for m in messages:
        attachments = [b for b in m.blocks if isinstance(b, Attachment)]
        if m.project is None and not attachments:
            group.append(message_html(m))
            continue
        flush()
        parts = [Outgoing(html=part) for part in split_html(message_html(m))]
        for a in attachments:
            button = gestort_button(a.projectnummer, catalog)
            if parts and button is not None:
                parts[-1].markup = InlineKeyboardMarkup([[button]])
        out.outgoing.extend(parts)
        for a in attachments:
            out.outgoing.append(Outgoing(html=esc(a.caption)[:MAX_CAPTION], qr=a.payment))
    flush()

    last_message = messages[-1] if messages else None
    texts = [o for o in out.outgoing if o.qr is None]
    keyboard = Keyboard.of(last_message.asks, last_message.choices) if last_message else None
    if keyboard is not None and texts:
        out.keyboard = keyboard
        last = texts[-1]
        markup = choice_markup(keyboard)
        if last.markup is not None:
            markup = InlineKeyboardMarkup(
                tuple(last.markup.inline_keyboard) + tuple(markup.inline_keyboard)
            )
        last.markup = markup
    return out
