"""How many turns an aanvraag takes: answering the form question by question, or in free text.

Runs the engine with in-memory ports on the same project both ways and prints the turn counts.
Usage: .venv/bin/python benchmarks/bench_turns.py
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs.engine import advance  # noqa: E402
from dialogs.models import Input  # noqa: E402
from dialogs.state import DialogState  # noqa: E402
from tests.auxil.ports import MemoryPorts  # noqa: E402

TODAY = date(2026, 11, 27)
FORM = [
    "nieuw", "0403.170.701", "1", "62.100", "1", "Excel gevorderd", "1", "iets anders", "1",
    "1", "2", "Jan Peeters, An Janssens", "16", "20/11/2026", "03/12/2026", "1", "900",
    "DV.O213465", "1",
]
FREE = [
    "Ik wil een opleiding Excel gevorderd voor 2 mensen (Jan Peeters en An Janssens), 16 uur, "
    "€ 900, bij Attentia, start 3 december",
    "0403.170.701", "klein", "62.100", "klassikaal", "ja", "ingeschreven op 20 november", "ja",
    "ja",
]


async def run(texts: list[str]) -> tuple[int, str]:
    state, ports = DialogState(), MemoryPorts()
    for n, text in enumerate(texts, start=1):
        turn = await advance(state, Input(text=text), today=TODAY, ports=ports)
        state = turn.state
        if ports.projects:
            return n, str(ports.projects[0].subsidie)
    raise SystemExit(f"no approval after {len(texts)} turns; last question: {state.asks}")


async def main() -> None:
    form_turns, form_subsidie = await run(FORM)
    free_turns, free_subsidie = await run(FREE)
    assert form_subsidie == free_subsidie
    print(f"form, one question per turn (browsing thema and subthema): {form_turns} turns")  # noqa: T201
    print(f"free text, several answers in the first message: {free_turns} turns")  # noqa: T201
    print(f"saved: {form_turns - free_turns} turns ({1 - free_turns / form_turns:.0%})")  # noqa: T201


if __name__ == "__main__":
    asyncio.run(main())
