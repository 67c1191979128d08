"""`kmobot helpdesk gebruiker …` and `kmobot helpdesk` serving on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.__main__ import main
from bot.store import Store
from tests.helpdesk.conftest import WACHTWOORD


def _kmobot(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_add_list_disable_and_reset_agents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "kmo.db")
    gebruiker = ("helpdesk", "gebruiker")
    rc, out, _ = _kmobot(
        monkeypatch,
        capsys,
        *gebruiker,
        "toevoegen",
        "els",
        "--rol",
        "beheerder",
        "--wachtwoord-stdin",
        "--db",
        db,
        stdin=WACHTWOORD + "\n",
    )
    assert rc == 0 and "els" in out and WACHTWOORD not in out
    rc, _, err = _kmobot(
        monkeypatch,
        capsys,
        *gebruiker,
        "toevoegen",
        "els",
        "--wachtwoord-stdin",
        "--db",
        db,
        stdin=WACHTWOORD + "\n",
    )
    assert rc == 1 and "al een medewerker" in err
    rc, _, err = _kmobot(
        monkeypatch,
        capsys,
        *gebruiker,
        "toevoegen",
        "bert",
        "--wachtwoord-stdin",
        "--db",
        db,
        stdin="kort\n",
    )
    assert rc == 2 and "minstens 12 tekens" in err
    rc, out, _ = _kmobot(monkeypatch, capsys, *gebruiker, "lijst", "--db", db)
    assert out == "els\tbeheerder\tactief\n"
    rc, out, _ = _kmobot(monkeypatch, capsys, *gebruiker, "uitschakelen", "els", "--db", db)
    assert rc == 0
    rc, out, _ = _kmobot(monkeypatch, capsys, *gebruiker, "lijst", "--db", db)
    assert out == "els\tbeheerder\tuitgeschakeld\n"
    rc, out, _ = _kmobot(
        monkeypatch,
        capsys,
        *gebruiker,
        "reset",
        "els",
        "--wachtwoord-stdin",
        "--db",
        db,
        stdin="een ander lang wachtwoord\n",
    )
    assert rc == 0
    rc, out, _ = _kmobot(monkeypatch, capsys, *gebruiker, "lijst", "--db", db)
    assert out == "els\tbeheerder\tactief\n"
    rc, _, err = _kmobot(monkeypatch, capsys, *gebruiker, "uitschakelen", "niemand", "--db", db)
    assert rc == 1


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_the_console_serves_on_127_0_0_1_and_stops_on_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    poort = _vrije_poort()
    env = {**os.environ, "KMOBOT_CACHE": str(tmp_path / "cache")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "helpdesk",
        "--db",
        str(db),
        "--port",
        str(poort),
        "--open",
        "ma-vr 08:00-18:00",
        stdout=asyncio.subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        regel = await asyncio.wait_for(proc.stdout.readline(), 120)
        assert f"http://127.0.0.1:{poort}/" in regel.decode()
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{poort}/", allow_redirects=False) as r:
                assert r.status == 303 and r.headers["Location"] == "/login"
            async with http.get(f"http://127.0.0.1:{poort}/login") as r:
                assert "Aanmelden" in await r.text()
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = await asyncio.wait_for(proc.wait(), 60)
    assert rc == 0
    store = await Store.open(db)
    async with store.transaction() as tx:
        assert await tx.meta("helpdesk_openingsuren") == "ma-vr 08:00-18:00"
    await store.close()
