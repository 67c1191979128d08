"""Cold start of the terminal: time from process start to the first prompt on an existing database.

Runs `python -m bot chat --jsonl` on a database that is already current (the usual start) and on
a fresh file, and prints the median and spread of the time to the first line of output. Also
prints what importing alembic and SQLAlchemy alone costs (they are only loaded to migrate).
Usage: .venv/bin/python benchmarks/bench_opstart.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _first_line(db: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--jsonl", "--db", str(db), "--today", "2026-03-10"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.stdin.close()
    proc.wait()
    return elapsed


def _import_cost(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def _report(name: str, values: list[float]) -> None:
    ms = sorted(v * 1000 for v in values)
    sys.stdout.write(
        f"{name}: median {statistics.median(ms):.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms"
        f" ({len(ms)} runs)\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kmobot.db"
        _first_line(db)  # create it (and warm the OS cache)
        _report("start on a current database", [_first_line(db) for _ in range(args.runs)])
        fresh = []
        for i in range(args.runs):
            fresh.append(_first_line(Path(tmp) / f"nieuw{i}.db"))
        _report("start on a new database", fresh)
    for module in ("sqlalchemy", "alembic.command", "alembic.command, sqlalchemy"):
        _report(f"import {module}", [_import_cost(module) for _ in range(max(3, args.runs // 2))])


if __name__ == "__main__":
    main()
