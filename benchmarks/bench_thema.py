"""Benchmark of the thema matcher: latency per title and memory of the indexes.

Times `match_thema` + `match_uitsluiting` (what `kmobot nlu thema --json` does per line) over the
labelled titles, after building the indexes: first with an empty per-word cache (every word of a
title seen for the first time), then warm. Target: p99 < 2 ms per query.
Usage: .venv/bin/python benchmarks/bench_thema.py [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs import thema  # noqa: E402

TITELS = Path(__file__).resolve().parents[1] / "nlu_data" / "evaluatie" / "titels.csv"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(titles: list[str]) -> list[float]:
    out = []
    for title in titles:
        start = time.perf_counter()
        thema.match_thema(title)
        thema.match_uitsluiting(title)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _line(label: str, ms: list[float]) -> str:
    return (
        f"{label:<34} n={len(ms):>5}  p50={statistics.median(ms):.3f} ms  "
        f"p99={_pct(ms, 0.99):.3f} ms  max={max(ms):.3f} ms"
    )


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="warm rounds over all titles")
    args = parser.parse_args()
    with TITELS.open(encoding="utf-8", newline="") as f:
        titles = [row["titel"] for row in csv.DictReader(f)]

    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    thema.laad()
    build_ms = (time.perf_counter() - start) * 1000
    index_bytes, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    index = thema._thema_index()
    thema.match_thema("warm-up excel")  # first call pays for lazy imports in rapidfuzz
    index._alternatives.clear()
    cold = _time(titles)
    warm: list[float] = []
    for _ in range(args.rounds):
        warm += _time(titles)

    print(f"indexes built in {build_ms:.0f} ms")  # noqa: T201
    print(  # noqa: T201
        f"index memory (tracemalloc): {index_bytes / 1e6:.2f} MB "
        f"(peak while building {peak_bytes / 1e6:.2f} MB)"
    )
    print(_line("per title, new words (cold cache)", cold))  # noqa: T201
    print(_line(f"per title, warm ({args.rounds} rounds)", warm))  # noqa: T201
    print(f"target p99 < 2 ms: {'met' if _pct(cold, 0.99) < 2 else 'MISSED'}")  # noqa: T201


if __name__ == "__main__":
    main()
