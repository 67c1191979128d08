"""The Telegram channel's configuration, the token check and the redaction of secrets in logs.

No PTB Application here: `bot/telegram_app.py` runs the channel, `bot/telegram_run.py` starts it.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
# Tokens printed in Telegram's and PTB's documentation.
_EXAMPLE_TOKENS = frozenset(
    {
        "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
        "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
    }
)

# --- configuration and the token --------------------------------------------------------------


@dataclass(frozen=True)
class TelegramConfig:
    """How the channel connects and behaves; built by `run` from the command line."""

    token: str = field(repr=False)
    api_base_url: str | None = None
    webhook_url: str | None = None
    listen: str = "127.0.0.1"
    port: int = 8443
    secret_token: str | None = field(default=None, repr=False)
    poll_timeout: float = 10.0
    # Show "typing…" only when a turn takes longer than this (the engine usually needs a few ms).
    typing_after: float | None = 1.0
    reminder_interval: float = 600.0
    # How often the outbox is read for rows not handed over by a turn (other processes, a
    # restart, a failed send); a turn's own replies go out at once.
    outbox_interval: float = 1.0
    # Connections to the Bot API for sending (getUpdates has its own). Telegram answers fast;
    # under load requests wait for a free connection rather than open hundreds.
    connection_pool_size: int = 16
    pool_timeout: float = 30.0
    network_retries: int = 3
    retry_delay: float = 0.5
    max_retry_after: float = 60.0


def token_problem(token: str) -> str | None:
    """The catalogue id of what is wrong with a token, or None when it looks real.

    A real token is the bot's numeric id, a colon and 35 random characters; anything else
    (a template's placeholder, a truncated copy, the documentation's example) is refused here.
    """
    if not token.strip():
        return "telegram.geen_token"
    if (
        token in _EXAMPLE_TOKENS
        or not _TOKEN_SHAPE.match(token)
        or len(set(token.partition(":")[2].lower())) < 6
    ):
        return "telegram.token_voorbeeld"
    return None


def api_urls(base: str) -> tuple[str, str]:
    """`--api-base-url` (the server's root, e.g. http://localhost:8081) to PTB's two bases."""
    root = base.rstrip("/")
    root = root.removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


class RedactSecrets(logging.Filter):
    """Replaces the token (and the webhook secret) in every log record, tracebacks included."""

    def __init__(self, secrets_: Iterable[str]) -> None:
        super().__init__()
        parts: set[str] = set()
        for s in secrets_:
            if s:
                parts.add(s)
                # The part after the colon is the secret half; it may appear URL-encoded alone.
                if ":" in s:
                    parts.add(s.partition(":")[2])
        kept = sorted((p for p in parts if len(p) >= 8), key=len, reverse=True)
        # Case-insensitive: PTB rewrites the case of error descriptions it passes on.
        self._pattern = (
            re.compile("|".join(re.escape(p) for p in kept), re.IGNORECASE) if kept else None
        )

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        return self._pattern.sub("[verborgen]", text) if self._pattern else text

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: A003 - logging's name
        """Redact the message, its arguments and any traceback text; never drop a record."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logging's problem, not ours
            message = str(record.msg)
        cleaned = self.redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


@contextlib.contextmanager
def redacted_logs(*secrets_: str) -> Iterator[RedactSecrets]:
    """Redact secrets in every record the root logger's handlers write; silence httpx's URLs."""
    redactor = RedactSecrets(secrets_)
    handlers = list(logging.getLogger().handlers)
    for h in handlers:
        h.addFilter(redactor)
    # httpx/httpcore (PTB's default transport, still imported by PTB) log every request URL,
    # which contains the token, at INFO/DEBUG.
    quiet = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    levels = [q.level for q in quiet]
    for q in quiet:
        q.setLevel(logging.WARNING)
    try:
        yield redactor
    finally:
        for h in handlers:
            h.removeFilter(redactor)
        for q, level in zip(quiet, levels, strict=True):
            q.setLevel(level)
