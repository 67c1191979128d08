"""How long opening an old database takes when it is migrated: copy, revisions, states.

Builds a database of the 2026-11-27 Telegram layout (before Alembic) with N conversations in a
state of schema version 1, opens it with `Store.open` in a fresh process (alembic and
SQLAlchemy are imported for it) and prints the time, the size and the copy's size.
Usage: .venv/bin/python benchmarks/bench_migratie.py [--gesprekken N]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUD = ROOT / "tests" / "bot" / "data" / "schema_oud" / "2026-11-27_telegram.sql"
STATE = ROOT / "tests" / "dialogs" / "data" / "toestand_v1" / "overzicht.json"

OPEN = """
import asyncio, sys, time
from bot.store import Store
async def main():
    start = time.perf_counter()
    store = await Store.open(sys.argv[1], melden=lambda _: None)
    await store.close()
    print(time.perf_counter() - start)
asyncio.run(main())
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gesprekken", type=int, default=1000)
    args = parser.parse_args()
    state = STATE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kmo.db"
        with closing(sqlite3.connect(db)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(OUD.read_text(encoding="utf-8"))
            conn.executemany(
                "INSERT INTO gesprekken (kanaal, chat_id, state) VALUES ('telegram', ?, ?)",
                [(str(i), state) for i in range(args.gesprekken)],
            )
            conn.commit()
        out = subprocess.run(
            [sys.executable, "-c", OPEN, str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        again = subprocess.run(
            [sys.executable, "-c", OPEN, str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        [copy] = Path(tmp).glob("*.voor-migratie-*")
        sys.stdout.write(
            f"migrating {args.gesprekken} conversations (layout 0002 to the newest): "
            f"{float(out.stdout) * 1000:.0f} ms in Store.open, alembic's import included\n"
            f"the next open of the same database: {float(again.stdout) * 1000:.0f} ms\n"
            f"database {db.stat().st_size // 1024} KiB, copy {copy.stat().st_size // 1024} KiB\n"
        )


if __name__ == "__main__":
    main()
