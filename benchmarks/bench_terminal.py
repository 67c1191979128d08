"""Benchmark of the terminal channel: time to the first prompt and time per turn in --jsonl mode.

Runs `python -m bot chat --jsonl` as a user's script would, on a fresh SQLite file, and prints
figures (median, p95, max). Usage: .venv/bin/python benchmarks/bench_terminal.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.bot.test_cli import OPLEIDING  # noqa: E402


def _read_turn(proc: subprocess.Popen[str]) -> list[dict[str, object]]:
    assert proc.stdout is not None
    out = []
    while True:
        msg = json.loads(proc.stdout.readline())
        out.append(msg)
        if msg["asks"] is not None or msg["choices"]:
            return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    first_prompt: list[float] = []
    per_turn: list[float] = []
    whole: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            db = Path(tmp) / f"bench-{run}.db"
            start = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bot",
                    "chat",
                    "--jsonl",
                    "--db",
                    str(db),
                    "--today",
                    "2026-03-10",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            _read_turn(proc)
            first_prompt.append(time.perf_counter() - start)
            assert proc.stdin is not None
            t_all = time.perf_counter()
            asked = "onderneming"
            lines = [{"text": "nieuw"}]
            while asked != "verklaring":
                # Whatever is asked, answered from the mapping of field to line; then "ja".
                payload = lines.pop() if lines else OPLEIDING[asked]
                t0 = time.perf_counter()
                proc.stdin.write(json.dumps(payload) + "\n")
                proc.stdin.flush()
                turn = _read_turn(proc)
                per_turn.append(time.perf_counter() - t0)
                asked = str(turn[-1]["asks"])
            proc.stdin.write(json.dumps({"text": "ja"}) + "\n")
            proc.stdin.flush()
            _read_turn(proc)
            whole.append(time.perf_counter() - t_all)
            proc.communicate(timeout=10)

    def ms(v: float) -> str:
        return f"{v * 1000:.1f} ms"

    print(f"runs: {args.runs}, turns per aanvraag: {len(per_turn) // args.runs + 1}")  # noqa: T201
    print(  # noqa: T201
        "time to first prompt (process start, fresh DB): "
        f"median {ms(statistics.median(first_prompt))},"
        f" p95 {ms(_pct(first_prompt, 0.95))}, max {ms(max(first_prompt))}"
    )
    print(  # noqa: T201
        f"time per turn (--jsonl, scripted aanvraag): median {ms(statistics.median(per_turn))},"
        f" p95 {ms(_pct(per_turn, 0.95))}, max {ms(max(per_turn))} over {len(per_turn)} turns"
    )
    print(f"whole aanvraag: median {ms(statistics.median(whole))}")  # noqa: T201


if __name__ == "__main__":
    main()
