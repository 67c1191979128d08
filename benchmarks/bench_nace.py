"""Benchmark of the NACE-BEL search: time per query (p50/p99/max) and memory of the loaded index.

Queries: the labelled activity words of tests/dialogs/data/nace_woorden.csv plus code notations,
repeated after a warm-up. Target (issue 3): p99 < 2 ms. Usage: .venv/bin/python
benchmarks/bench_nace.py [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import gc
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogs import nace  # noqa: E402
from domain_rules import nace as nace_data  # noqa: E402

CODES = [
    "62.100",
    "62100",
    "62.10.0",
    "62 100",
    "62.10",
    "6210",
    "56.10",
    "62.010",
    "01.110",
    "47",
    "99999",
    "nace 96210",
    "",
    "???",
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _geheugen() -> tuple[float, float, float]:
    """MiB allocated while loading the data files and building the index (tracemalloc)."""
    nace_data._classificatie.cache_clear()
    nace_data._aandacht.cache_clear()
    nace_data._subklassen.cache_clear()
    nace.nace_synoniemen.cache_clear()
    nace._index.cache_clear()
    gc.collect()
    tracemalloc.start()
    nace_data.alle_nace_codes()
    nace_data.aandachtspunt("A")
    data = tracemalloc.get_traced_memory()[0]
    nace.zoek_nace("kapsalon")
    totaal, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return data / 2**20, totaal / 2**20, piek / 2**20


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    with (ROOT / "tests/dialogs/data/nace_woorden.csv").open(encoding="utf-8") as f:
        woorden = [row["woord"] for row in csv.DictReader(f)]

    start = time.perf_counter()
    data_mib, totaal_mib, piek_mib = _geheugen()
    eerste = time.perf_counter() - start

    queries = woorden + CODES
    for q in queries:  # warm-up
        nace.zoek_nace(q)
    per_soort: dict[str, list[float]] = {"woorden": [], "codes": []}
    for _ in range(args.rounds):
        for q in queries:
            t = time.perf_counter()
            nace.zoek_nace(q)
            ms = (time.perf_counter() - t) * 1000
            per_soort["codes" if q in CODES else "woorden"].append(ms)
    alle = per_soort["woorden"] + per_soort["codes"]

    print(f"queries: {len(woorden)} words + {len(CODES)} code notations, x{args.rounds} rounds")  # noqa: T201
    for naam, tijden in (*per_soort.items(), ("all", alle)):
        print(  # noqa: T201
            f"{naam:8s} n={len(tijden):5d}  p50 {_pct(tijden, 0.5):.3f} ms  "
            f"p99 {_pct(tijden, 0.99):.3f} ms  max {max(tijden):.3f} ms"
        )
    print(f"first load + index build (traced, slower): {eerste * 1000:.0f} ms")  # noqa: T201
    print(  # noqa: T201
        f"memory (tracemalloc): data files {data_mib:.1f} MiB, with search index "
        f"{totaal_mib:.1f} MiB, peak {piek_mib:.1f} MiB"
    )


if __name__ == "__main__":
    main()
