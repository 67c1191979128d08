"""The Bot API's HTTP transport: python-telegram-bot's `BaseRequest` on an aiohttp client session.

PTB lets an application bring its own transport (`ApplicationBuilder.request`). Its default,
httpx, spends most of a bot's CPU time per Bot API call in its connection pool and stream
layers; aiohttp's client does the same work (keep-alive pool, multipart bodies for files,
timeouts, proxies from the environment) for a fraction of it. Requests without files go as
JSON, which the Bot API takes as it takes a form. Everything above the transport
(building the parameters, parsing the answer into PTB objects, raising PTB's errors for
Telegram's error answers) stays PTB's own.
"""

from __future__ import annotations

import json
import urllib.request
import warnings
from datetime import timedelta
from typing import Any, Final
from urllib.parse import urlsplit

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest, RequestData
from telegram.warnings import PTBDeprecationWarning

# Telegram's own limits are far above these; PTB's HTTPXRequest uses the same defaults.
DEFAULT_TIMEOUT: Final = 5.0
MEDIA_WRITE_TIMEOUT: Final = 20.0


class AiohttpRequest(BaseRequest):
    """A keep-alive connection pool to the Bot API (PTB uses one for getUpdates, one for the rest).

    Timeouts mean what they mean for PTB: `connect_timeout` to open a connection, `pool_timeout`
    to wait for a free one, `read_timeout` between bytes of the answer. aiohttp has no write
    timeout: for a request with files (the only large writes) `write_timeout` is added to the
    read timeout; without files a request is one small write.
    """

    __slots__ = (
        "_connect_timeout",
        "_limit",
        "_media_write_timeout",
        "_pool_timeout",
        "_proxies",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 16,
        *,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        write_timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_TIMEOUT,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = MEDIA_WRITE_TIMEOUT,
    ) -> None:
        self._limit = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds the long-poll time to it for getUpdates)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (idempotent, as PTB expects)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=60),
                headers={"User-Agent": self.USER_AGENT},
                # The Bot API sets no cookies; the proxy comes from `_proxy` (aiohttp's own
                # trust_env would look up .netrc and the proxy in a thread on every request).
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            self._proxies.clear()

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; PTB's `TimedOut` / `NetworkError` for what went wrong on the way."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        body: aiohttp.FormData | bytes | None
        if files:
            assert request_data is not None
            form = aiohttp.FormData(request_data.json_parameters)
            for name, (filename, content, mimetype) in files.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            body = form
            headers = None
            write = (
                self._media_write_timeout
                if isinstance(write_timeout, DefaultValue)
                else write_timeout
            )
            read = _sum(read, write)
        else:
            # The Bot API takes JSON as well as a form; one C-level json.dumps of the values
            # (markup as nested objects) costs a fraction of URL-encoding a long HTML text.
            params = request_data.parameters if request_data else None
            body = json.dumps(params).encode() if params else None
            headers = _JSON if params else None
        timeout = aiohttp.ClientTimeout(
            total=None, connect=_sum(pool, connect), sock_connect=connect, sock_read=read
        )
        try:
            async with session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                proxy=self._proxy(url),
            ) as response:
                return response.status, await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as err:
            raise TimedOut(f"aiohttp.{err.__class__.__name__}: {err}") from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err

    def _proxy(self, url: str) -> str | None:
        """Return the proxy for `url` from HTTP(S)_PROXY / NO_PROXY, as PTB's default transport.

        Looked up once per server.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._proxies:
            host = parts.hostname or ""
            bypass = urllib.request.proxy_bypass(f"{host}:{parts.port}" if parts.port else host)
            self._proxies[origin] = (
                None if bypass else urllib.request.getproxies().get(parts.scheme)
            )
        return self._proxies[origin]


_JSON: Final = {"Content-Type": "application/json"}


def with_aiohttp(
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any],
    *,
    connection_pool_size: int,
    pool_timeout: float,
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """PTB's builder with this transport: a pool for sending, one connection for getUpdates."""
    return builder.request(
        AiohttpRequest(connection_pool_size, pool_timeout=pool_timeout)
    ).get_updates_request(AiohttpRequest(1, pool_timeout=pool_timeout))


def _sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def retry_after_seconds(exc: RetryAfter) -> float:
    """The seconds a 429 asks to wait."""
    # PTB 22 warns on reading retry_after unless PTB_TIMEDELTA is set; the value is the same.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
