"""Cold start of the terminal: time from process start to the first prompt on an existing database.

Runs `python -m bot chat --jsonl` on a database that is already current (the usual start) and on
a fresh file, and prints the median and spread of the time to the first line of output. Also
prints what importing alembic and SQLAlchemy alone costs (they are only loaded to migrate).
With `--vergelijk DIR` (a checkout of another version, e.g. `git archive main | tar -x -C DIR`)
the same starts of that version's code run interleaved with this one's, so that a busy machine
weighs on both alike.
Usage: .venv/bin/python benchmarks/bench_opstart.py [--runs N] [--vergelijk DIR]
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


def _first_line(db: Path, code: Path = ROOT) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--jsonl", "--db", str(db), "--today", "2026-03-10"],
        cwd=code,
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
    parser.add_argument("--vergelijk", type=Path, default=None, metavar="DIR")
    args = parser.parse_args()
    codes = {"this version": ROOT}
    if args.vergelijk is not None:
        codes[f"code in {args.vergelijk}"] = args.vergelijk.resolve()
    current: dict[str, list[float]] = {name: [] for name in codes}
    fresh: dict[str, list[float]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory() as tmp:
        dbs = {name: Path(tmp) / f"bestaand-{n}.db" for n, name in enumerate(codes)}
        for name, code in codes.items():
            _first_line(dbs[name], code)  # create it (and warm the OS cache)
        for i in range(args.runs):
            for n, (name, code) in enumerate(codes.items()):
                current[name].append(_first_line(dbs[name], code))
                fresh[name].append(_first_line(Path(tmp) / f"nieuw-{n}-{i}.db", code))
    for name in codes:
        _report(f"{name}: start on a current database", current[name])
        _report(f"{name}: start on a new database", fresh[name])
    for module in ("sqlalchemy", "alembic.command, sqlalchemy"):
        _report(f"import {module}", [_import_cost(module) for _ in range(max(3, args.runs // 2))])


if __name__ == "__main__":
    main()
