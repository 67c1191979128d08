"""Webhook mode: the channel's own aiohttp webhook server behind the emulator, with the secret
header."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from aiohttp import ClientSession

from tests.bot.telegram.conftest import TOKEN, Clock, running, say
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User

SECRET = "kmo-test-secret_0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_mode_with_secret_token(
    emulator: BotApiEmulator, bot: BotState, db: Path, clock: Clock
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/kmobot"
    async with running(
        emulator, db, clock, webhook_url=url, listen="127.0.0.1", port=port, secret_token=SECRET
    ):
        assert bot.webhook_url == url and bot.webhook_secret == SECRET
        user = User(bot, 901)
        reply = await say(user, "/start")
        assert "ondernemingsnummer" in reply.text
        # Requests without (or with a wrong) secret are refused and not handled.
        update = {
            "update_id": 999_001,
            "message": {
                "message_id": 1,
                "date": 1_770_000_000,
                "chat": user.log.chat,
                "from": user.log.user,
                "text": "0403.170.701",
            },
        }
        async with ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "fout"}):
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 403
        await user.no_message(within=0.4)
        # The conversation goes on through the emulator's (authenticated) delivery.
        reply = await say(user, "0403.170.701")
        assert "grootte" in reply.text
    assert bot.webhook_refusals == 0


async def test_webhook_port_in_use_stops_with_a_dutch_message(
    emulator: BotApiEmulator, bot: BotState, tmp_path: Path
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, NO_PROXY="127.0.0.1,localhost")
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "telegram",
            "--db",
            str(tmp_path / "kmo.db"),
            "--webhook",
            f"http://127.0.0.1:{port}/kmobot",
            "--port",
            str(port),
            "--api-base-url",
            emulator.api_root,
            env=env,
            cwd=Path(__file__).resolve().parents[3],
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 1, err.decode()
    assert f"Kan niet luisteren op 127.0.0.1:{port}" in err.decode()
    assert "Traceback" not in (out + err).decode()
