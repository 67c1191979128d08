"""Time per turn at service level and in the terminal (--jsonl), optionally A/B with a checkout.

Plays the same 19 form answers of one aanvraag (the inputs of bench_turns.py) on a fresh
SQLite file per repetition, two ways:

- service: `Service.handle` with a `Store` in one process (the engine, the state JSON and the
  SQLite transaction of each turn), after the warm-up the checkout's servers do (`prepare`, and
  where the checkout has it `bot.opwarmen.bevries`); wall time and the process's CPU time
  (`time.process_time`, aiosqlite's thread included), which a busy machine disturbs far less;
- terminal: `python -m bot chat --jsonl` as a user's script drives it, time from writing a line
  to reading the reply that asks the next question.

With `--vergelijk PAD` the same measurements also run on the checkout at PAD (with its own
`.venv`), interleaved round by round with this one, so that both see the same load on a shared
machine; medians of many turns, no timed assertions. Prints median, p90 and p99 per checkout
and the ratio of the medians.

Usage: .venv/bin/python benchmarks/bench_beurt.py [--rondes N] [--herhalingen N]
       [--vergelijk /pad/naar/andere/checkout] [--alleen service|terminal]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
TODAY = "2026-11-27"
FORM = [
    "nieuw", "0403.170.701", "1", "62.100", "1", "Excel gevorderd", "1", "iets anders", "1",
    "1", "2", "Jan Peeters, An Janssens", "16", "20/11/2026", "03/12/2026", "1", "900",
    "DV.O213465", "1",
]
SOORTEN = ("service", "terminal")


def _werker_service(herhalingen: int) -> dict[str, list[float]]:
    """In the measured checkout: per-turn wall and CPU times of `Service.handle`, a fresh
    database each aanvraag."""
    import asyncio
    from datetime import date

    from bot.service import Service
    from bot.store import Store
    from dialogs.engine import prepare
    from dialogs.models import Input

    prepare()
    try:
        # As this checkout's servers start: everything loaded, then kept out of the GC.
        from bot.opwarmen import bevries
    except ImportError:  # a checkout from before `bot.opwarmen`: its servers only prepared
        pass
    else:
        bevries()
    today = date.fromisoformat(TODAY)

    async def run() -> dict[str, list[float]]:
        times: dict[str, list[float]] = {"service": [], "service-cpu": []}
        with tempfile.TemporaryDirectory() as tmp:
            for rep in range(herhalingen + 1):
                store = await Store.open(Path(tmp) / f"beurt-{rep}.db")
                service = Service(store)
                for text in FORM:
                    start, cpu = time.perf_counter(), time.process_time()
                    await service.handle("terminal", "lokaal", Input(text=text), today=today)
                    if rep:  # the first repetition warms up
                        times["service"].append(time.perf_counter() - start)
                        times["service-cpu"].append(time.process_time() - cpu)
                await store.close()
        return times

    return asyncio.run(run())


def _read_turn(proc: subprocess.Popen[str]) -> dict[str, object]:
    assert proc.stdout is not None
    while True:
        msg = json.loads(proc.stdout.readline())
        if msg["asks"] is not None or msg["choices"] or msg.get("project"):
            return dict(msg)


def _werker_terminal(herhalingen: int) -> dict[str, list[float]]:
    """In the measured checkout: per-turn times of `python -m bot chat --jsonl`."""
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(herhalingen):
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "chat", "--jsonl"]
                + ["--db", str(Path(tmp) / f"t{rep}.db"), "--today", TODAY],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            assert proc.stdin is not None
            _read_turn(proc)
            for text in FORM:
                start = time.perf_counter()
                proc.stdin.write(json.dumps({"text": text}) + "\n")
                proc.stdin.flush()
                last = _read_turn(proc)
                times.append(time.perf_counter() - start)
            if not (last.get("project") or "goedgekeurd" in str(last["id"])):
                raise SystemExit(f"the aanvraag did not end in a project: {last['id']}")
            proc.communicate(timeout=30)
    return {"terminal": times}


def _meet(checkout: Path, soort: str, herhalingen: int) -> dict[str, list[float]]:
    """One round in a child process of the checkout's own Python, in that checkout."""
    python = checkout / ".venv" / "bin" / "python"
    out = subprocess.run(
        [str(python if python.exists() else sys.executable), str(Path(__file__).resolve()),
         "--werker", soort, "--herhalingen", str(herhalingen)],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return {str(k): [float(x) for x in v] for k, v in result.items()}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _regel(naam: str, values: list[float]) -> str:
    def ms(v: float) -> str:
        return f"{v * 1000:6.3f} ms"

    return (
        f"  {naam:<28} median {ms(statistics.median(values))}  p90 {ms(_pct(values, 0.9))}"
        f"  p99 {ms(_pct(values, 0.99))}  ({len(values)} turns)"
    )


def _minima(values: list[float]) -> float:
    """The fastest time of each of the aanvraag's answers, summed: what noise cannot inflate."""
    n = len(FORM)
    return sum(min(values[i::n]) for i in range(n))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rondes", type=int, default=6, help="interleaved rounds per checkout")
    parser.add_argument("--herhalingen", type=int, default=10, help="aanvragen per round")
    parser.add_argument("--vergelijk", type=Path, help="another checkout to measure alongside")
    parser.add_argument("--alleen", choices=SOORTEN)
    parser.add_argument("--werker", choices=SOORTEN, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.werker:
        werk = _werker_service if args.werker == "service" else _werker_terminal
        print(json.dumps(werk(args.herhalingen)))  # noqa: T201
        return
    checkouts = [("deze", HERE)]
    if args.vergelijk is not None:
        checkouts.append((str(args.vergelijk), args.vergelijk.resolve()))
    soorten = [args.alleen] if args.alleen else list(SOORTEN)
    for soort in soorten:
        herhalingen = args.herhalingen if soort == "service" else max(1, args.herhalingen // 3)
        times: dict[str, dict[str, list[float]]] = {}  # measure -> checkout -> times
        for ronde in range(args.rondes):
            # Alternate which checkout goes first, so neither always runs on a warmer machine.
            volgorde = checkouts if ronde % 2 == 0 else checkouts[::-1]
            for naam, checkout in volgorde:
                for maat, values in _meet(checkout, soort, herhalingen).items():
                    times.setdefault(maat, {}).setdefault(naam, []).extend(values)
        for maat, per_checkout in times.items():
            wat = "CPU time" if maat.endswith("-cpu") else "time"
            print(f"{maat}: {wat} per turn, {len(FORM)} form answers per aanvraag")  # noqa: T201
            for naam, values in per_checkout.items():
                print(_regel(naam, values))  # noqa: T201
            for naam, values in per_checkout.items():
                print(  # noqa: T201
                    f"  {naam:<28} fastest of each answer, summed: {_minima(values) * 1000:.2f} ms"
                )
            if args.vergelijk is not None:
                ander = per_checkout[str(args.vergelijk)]
                ratio = statistics.median(per_checkout["deze"]) / statistics.median(ander)
                print(f"  median deze / {args.vergelijk}: {ratio:.3f}")  # noqa: T201
                ratio = _minima(per_checkout["deze"]) / _minima(ander)
                print(f"  fastest summed deze / {args.vergelijk}: {ratio:.3f}")  # noqa: T201


if __name__ == "__main__":
    main()
