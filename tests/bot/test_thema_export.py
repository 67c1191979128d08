"""The users' thema picks in the database and `kmobot nlu export` for review."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from bot.service import StorePorts
from bot.store import Store
from dialogs.dienstverleners import Register

HEADER = ["titel", "thema", "subthema", "bron"]


def _export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "nlu", "export", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


async def _keep(db: Path, kanaal: str, chat: str, *picks: tuple[str, str, str]) -> None:
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            ports = StorePorts(tx, kanaal, chat, Register([]), today=date(2026, 3, 10))
            for titel, thema, subthema in picks:
                await ports.bewaar_thema_keuze(titel=titel, thema=thema, subthema=subthema)
    finally:
        await store.close()


async def test_picks_are_exported_as_csv_once_per_title_and_label(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    excel = ("Excel voor gevorderden", "IT", "Software")
    heftruck = ("Heftruck, met een komma", "Productie en Kwaliteit", "Veiligheid op het werk")
    await _keep(db, "terminal", "anna", excel, heftruck)
    await _keep(db, "terminal", "bert", excel)
    done = _export("--db", str(db))
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == HEADER
    assert [r[:3] for r in rows[1:]] == [list(excel), list(heftruck)]
    assert rows[1][3].startswith("keuze van een gebruiker (terminal, 2x, eerst op 20")
    assert "anna" not in done.stdout and "bert" not in done.stdout


async def test_no_chat_id_is_stored_with_a_pick(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    await _keep(db, "telegram", "12345", ("Excel", "IT", "Software"))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM thema_keuzes").fetchall()
    assert len(rows) == 1
    assert "12345" not in repr(rows)


def test_export_of_a_new_database_is_just_the_header(tmp_path: Path) -> None:
    done = _export("--db", str(tmp_path / "nieuw.db"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [",".join(HEADER)]


async def test_an_existing_database_gets_the_table_on_open(tmp_path: Path) -> None:
    db = tmp_path / "oud.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE meta (sleutel TEXT PRIMARY KEY, waarde TEXT NOT NULL)")
    await _keep(db, "terminal", "x", ("Excel", "IT", "Software"))
    assert "Excel,IT,Software," in _export("--db", str(db)).stdout
