"""Benchmark of the thema matcher: cold start, build time, memory and latency per proposal.

Cold start: a fresh interpreter importing the terminal and the engine (what runs before the first
question; the indexes and the model are built afterwards by the background warm-up). Memory: the
peak RSS of a fresh interpreter that imports the terminal and runs every step of
`dialogs.engine.preparation()` (rules, texts, nlu_data, FAQ, NACE and thema indexes, the model:
all data the assistant loads). Then, here, the indexes and the model are built (`thema.laad`, the
warm-up step) and `match_thema` + `match_uitsluiting` (one proposal) are timed over the labelled
titles, first with an empty per-word cache, then warm. Targets: cold start < 1.5 s, memory
< 150 MB, p99 < 50 ms.
Usage: .venv/bin/python benchmarks/bench_thema.py [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import gc
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs import thema  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TITELS = ROOT / "nlu_data" / "evaluatie" / "titels.csv"
ECHTE = ROOT / "nlu_data" / "evaluatie" / "echte_titels.csv"
ECHTE_UITGESLOTEN = ROOT / "nlu_data" / "evaluatie" / "echte_uitgesloten.csv"
# Run in a fresh interpreter: prints the peak RSS (MiB) with all data loaded, then after imports.
ALLES = """
import resource
import bot.terminal
from dialogs.engine import preparation
na_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
for step in preparation():
    step()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, na_imports)
"""


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
    titles = []
    for path in (TITELS, ECHTE, ECHTE_UITGESLOTEN):
        with path.open(encoding="utf-8", newline="") as f:
            titles += [row["titel"] for row in csv.DictReader(f)]

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import bot.terminal, dialogs.engine"], cwd=ROOT, check=True
    )
    cold_start_ms = (time.perf_counter() - start) * 1000

    done = subprocess.run(
        [sys.executable, "-c", ALLES], cwd=ROOT, check=True, capture_output=True, text=True
    )
    rss_all, rss_imports = (float(v) for v in done.stdout.split())

    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    thema.laad()
    build_ms = (time.perf_counter() - start) * 1000
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    index = thema._thema_index()
    thema.match_thema("warm-up excel")  # first call pays for lazy imports in rapidfuzz
    index._alternatives.clear()
    cold = _time(titles)
    warm: list[float] = []
    for _ in range(args.rounds):
        warm += _time(titles)

    print(  # noqa: T201
        f"cold start (import terminal + engine, fresh interpreter): {cold_start_ms:.0f} ms "
        f"(target < 1500 ms: {'met' if cold_start_ms < 1500 else 'MISSED'})"
    )
    print(f"indexes built and model trained (background warm-up) in {build_ms:.0f} ms")  # noqa: T201
    print(  # noqa: T201
        f"peak RSS of the assistant with all data loaded: {rss_all:.0f} MB (after the imports "
        f"{rss_imports:.0f} MB; target < 150 MB: {'met' if rss_all < 150 else 'MISSED'})"
    )
    print(  # noqa: T201
        f"this process: peak RSS {rss_after:.0f} MB after the thema build "
        f"({rss_before:.0f} MB before, with the titles read)"
    )
    print(_line("per title, new words (cold cache)", cold))  # noqa: T201
    print(_line(f"per title, warm ({args.rounds} rounds)", warm))  # noqa: T201
    print(f"target p99 < 50 ms: {'met' if _pct(cold, 0.99) < 50 else 'MISSED'}")  # noqa: T201


if __name__ == "__main__":
    main()
