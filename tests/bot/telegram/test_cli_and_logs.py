"""`kmobot telegram` as a process: token checks with Dutch messages and exit code 2, a real run
against the emulator stopped with SIGTERM; and the token never in a log line."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.bot.telegram.conftest import TOKEN, Clock, running, say
from tests.bot.telegram.emulator import BotApiEmulator, BotState, User

ROOT = Path(__file__).resolve().parents[3]


def _env(token: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    env["PYTHONUNBUFFERED"] = "1"
    if token is not None:
        env["TELEGRAM_BOT_TOKEN"] = token
    return env


async def _kmobot(*args: str, token: str | None, timeout: float = 30) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "telegram",
        *args,
        env=_env(token),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_missing_token_stops_with_a_dutch_message_and_exit_2(tmp_path: Path) -> None:
    code, out, err = await _kmobot("--db", str(tmp_path / "kmo.db"), token=None)
    assert code == 2
    assert "Geen Telegram-token gevonden" in err and "@BotFather" in err
    assert "TELEGRAM_BOT_TOKEN" in err
    assert "Traceback" not in err + out


@pytest.mark.parametrize(
    "token",
    ["123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", "<jouw-token>", "your_token_here", "12345"],
    ids=["voorbeeld uit de documentatie", "plaatshouder", "engelse plaatshouder", "onvolledig"],
)
async def test_placeholder_token_stops_with_exit_2(tmp_path: Path, token: str) -> None:
    code, out, err = await _kmobot("--db", str(tmp_path / "kmo.db"), token=token)
    assert code == 2
    assert "geen geldig token" in err
    assert "Traceback" not in err + out
    assert token not in err


async def test_token_refused_by_telegram_stops_with_exit_2_without_showing_it(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    unknown = "5555555555:AAFqW3rT9yU1iO8pA2sD7fG4hJ6kL0zXcVb"
    db = tmp_path / "kmo.db"
    code, out, err = await _kmobot(
        "--db", str(db), "--api-base-url", emulator.api_root, token=unknown
    )
    assert code == 2
    assert "Telegram weigert het token" in err
    assert "Traceback" not in err + out
    logged = (tmp_path / "kmobot.log").read_text() if (tmp_path / "kmobot.log").exists() else ""
    for text in (out, err, logged):
        assert unknown not in text and unknown.partition(":")[2] not in text


async def test_kmobot_telegram_runs_against_the_emulator_and_stops_on_sigterm(
    emulator: BotApiEmulator, bot: BotState, tmp_path: Path
) -> None:
    db = tmp_path / "kmo.db"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "telegram",
        "--db",
        str(db),
        "--today",
        "2026-03-10",
        "--api-base-url",
        emulator.api_root,
        env=_env(TOKEN),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        user = User(bot, 801)
        user.send("/start")
        reply = await user.next_message(timeout=30)
        assert "ondernemingsnummer" in reply.text
        # An error text that happens to carry the token is logged redacted.
        emulator.fail_next("sendMessage", status=400, description=f"Bad Request: bot{TOKEN}")
        user.send("0403.170.701")
        await user.no_message(within=0.5)
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
    logged = (tmp_path / "kmobot.log").read_text()
    assert "sendMessage refused: " in logged and "[verborgen]" in logged
    for text in (out.decode(), err.decode(), logged):
        assert TOKEN not in text and TOKEN.partition(":")[2] not in text
    assert [c["command"] for c in bot.commands][:2] == ["start", "nieuw"]


async def test_the_token_never_reaches_a_log_record(
    emulator: BotApiEmulator,
    bot: BotState,
    tmp_path: Path,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running(emulator, tmp_path / "kmo.db", clock):
        user = User(bot, 802)
        await say(user, "/start")
        emulator.fail_next("sendMessage", 1, retry_after=1)
        await say(user, "0403.170.701")
        emulator.fail_next("sendMessage", status=400, description=f"Bad Request: {TOKEN}")
        user.send("klein")
        await user.no_message(within=0.3)
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert TOKEN not in text and TOKEN.partition(":")[2] not in text
    # PTB's own debug lines (which name the API URL with the token) were there, redacted.
    assert "[verborgen]" in caplog.text
    assert any(r.name.startswith("telegram") for r in caplog.records)
