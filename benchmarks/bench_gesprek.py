"""The conversation as people really talk: the labelled set played through the engine.

Plays every case of nlu_data/evaluatie/gesprek/ (tests/dialogs/gesprek_evaluatie.py) in-process
with `advance` and `MemoryPorts`, and prints the pass rate per category, on all cases and on the
held-out ones, then the failing cases with the first expectation they do not meet. Then it plays
whole aanvragen that start with one opening message holding 8 fields (three styles), answering
whatever is asked next from short natural replies, and prints how many messages each took and
which of the 8 were kept with the right value.

A measurement, not a test: the exit code is 0 whatever the figures (a malformed set is printed
and fails tests/dialogs/test_gesprek_evaluatie.py).
Usage: .venv/bin/python benchmarks/bench_gesprek.py [--categorie NAAM] [--id ID] [--verbose]
       [--toon-heldout]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.dialogs.driver import Gesprek  # noqa: E402
from tests.dialogs.gesprek_evaluatie import (  # noqa: E402
    CATEGORIES,
    DataFout,
    Geval,
    Uitkomst,
    laad_gevallen,
    same_value,
    speel,
)

GOAL = 9  # messages for a whole aanvraag that starts with 8 fields (the form has 17)
MAX_MESSAGES = 30
MAX_REPEATS = 3  # the same question right after its answer this often: the reply is refused
OPENING_DAY = date(2026, 3, 10)


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


# --- the labelled cases ------------------------------------------------------------------------


def rate(results: list[Uitkomst]) -> str:
    if not results:
        return "     –     "
    passed = sum(r.geslaagd for r in results)
    return f"{passed:>3}/{len(results):<3} {passed / len(results):>4.0%}"


def report(results: list[Uitkomst], verbose: bool, toon_heldout: bool = False) -> None:
    by_category: dict[str, list[Uitkomst]] = defaultdict(list)
    for r in results:
        by_category[r.geval.categorie].append(r)
    width = max(len(c) for c in CATEGORIES)
    out(f"{'categorie':<{width}}  {'alle':^12}  {'heldout':^12}")
    for category in CATEGORIES:
        rs = by_category.get(category, [])
        if rs:
            held = [r for r in rs if r.geval.heldout]
            out(f"{category:<{width}}  {rate(rs):>12}  {rate(held):>12}")
    held = [r for r in results if r.geval.heldout]
    out(f"{'totaal':<{width}}  {rate(results):>12}  {rate(held):>12}")
    errors = [r for r in results if r.fout is not None]
    if errors:
        out(f"\n{len(errors)} case(s) could not be played (counted as failed):")
        for r in errors:
            out(f"  {r.geval.id}: {r.fout}")
    failed = [r for r in results if r.fout is None and not r.geslaagd]
    if failed:
        out(f"\nFailing cases ({len(failed)}), with the first unmet expectation:")
        for r in failed:
            if r.geval.heldout and not toon_heldout:
                # Its message and expectation stay unseen: nobody tunes the engine on them.
                out(f"  {r.geval.id} [heldout] @{r.geval.vraag}")
                continue
            held_mark = " [heldout]" if r.geval.heldout else ""
            out(f"  {r.geval.id}{held_mark} @{r.geval.vraag} {r.geval.bericht[:60]!r}")
            out(f"      {r.reden}")
            if verbose:
                for extra in r.onvervuld[1:]:
                    out(f"      also: {extra}")
                out(f"      reply: {r.antwoord}")


# --- whole aanvragen from one opening message --------------------------------------------------

# Short natural replies to whatever is asked after the opening message.
REPLIES = {
    "onderneming": "0403.170.701",
    "grootte": "klein",
    "nace": "62.100",
    "type": "opleiding",
    "naam": "Excel voor gevorderden",
    "soort": "klassikaal",
    "thema": "ja",
    "subthema": "software",
    "deelnemers": "2",
    "deelnemer_namen": "Jan Peeters en An Janssens",
    "uren": "16",
    "datum_overeenkomst": "2 maart",
    "startdatum": "9 maart",
    "bedrijfsfunctioneren": "ja",
    "kost": "900 euro",
    "dienstverlener": "Attentia",
    "verklaring": "ja",
}


@dataclass(frozen=True)
class Opening:
    style: str
    text: str
    holds: dict[str, object]  # the 8 fields the message holds, with their stored JSON value
    replies: dict[str, str] = field(default_factory=dict)  # this project's, over REPLIES


OPENINGS = (
    Opening(
        "one polite sentence",
        "Goeiemiddag, voor onze firma (ondernemingsnummer 0403.170.701) wil ik een opleiding "
        "Excel voor gevorderden aanvragen voor 2 medewerkers, Jan Peeters en An Janssens, "
        "16 uur, kostprijs 900 euro, bij Attentia.",
        {
            "onderneming": "0403170701",
            "type": "opleiding",
            "naam": "Excel voor gevorderden",
            "deelnemers": 2,
            "deelnemer_namen": ["Jan Peeters", "An Janssens"],
            "uren": "16",
            "kost": "900.00",
            "dienstverlener": "DV.O213465",
        },
    ),
    Opening(
        "chat style, no capitals or punctuation",
        "hallo wij willen de cursus vca basis volgen met 3 man tom wouters sven de smet en "
        "ilse maes 8 uur bij vormetal start op 9 maart kostprijs 450 euro",
        {
            "type": "opleiding",
            "naam": "vca basis",
            "deelnemers": 3,
            "deelnemer_namen": ["tom wouters", "sven de smet", "ilse maes"],
            "uren": "8",
            "dienstverlener": "DV.O104991",
            "startdatum": "2026-03-09",
            "kost": "450.00",
        },
        {
            "naam": "VCA basis",
            "subthema": "veiligheid op het werk",
            "deelnemers": "3",
            "deelnemer_namen": "Tom Wouters, Sven De Smet en Ilse Maes",
            "uren": "8",
            "kost": "450 euro",
            "dienstverlener": "Vormetal",
        },
    ),
    Opening(
        "a list, one fact per line",
        "Nieuwe aanvraag:\n"
        "- opleiding: Python for beginners\n"
        "- deelnemer: Els Jansen\n"
        "- start op 9 maart\n"
        "- prijs € 1.200\n"
        "- ondernemingsnummer 0403170701\n"
        "- aanbieder DV.O242439",
        {
            "type": "opleiding",
            "naam": "Python for beginners",
            "deelnemers": 1,
            "deelnemer_namen": ["Els Jansen"],
            "startdatum": "2026-03-09",
            "kost": "1200.00",
            "onderneming": "0403170701",
            "dienstverlener": "DV.O242439",
        },
        {
            "naam": "Python for beginners",
            "deelnemers": "1",
            "deelnemer_namen": "Els Jansen",
            "uren": "24",
            "kost": "1200 euro",
            "dienstverlener": "DV.O242439",
        },
    ),
)


@dataclass
class Run:
    messages: int
    approved: bool
    asked: list[str]  # what was asked after the opening message, in order
    kept: list[str]  # the opening's fields stored right after it
    wrong: list[str]  # the opening's fields stored with another value, and that value
    note: str = ""


def folded(value: object) -> object:
    """Texts in lower case, in lists too (a name typed in lower case may be stored capitalised)."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, list):
        return [folded(v) for v in value]
    if isinstance(value, dict):
        return {k: folded(v) for k, v in value.items()}
    return value


def shown(value: object) -> str:
    """A stored value, a provider by its registratienummer."""
    if isinstance(value, dict):
        return str(value.get("registratienummer"))
    return repr(value)


async def whole_aanvraag(opening: Opening) -> Run:
    chat = Gesprek(today=OPENING_DAY)
    await chat.send(resume=True)
    turn = await chat.send(opening.text)
    stored = chat.state.aanvraag
    kept = [f for f, v in opening.holds.items() if same_value(folded(stored.raw(f)), folded(v))]
    wrong = [
        f"{f}={shown(stored.raw(f))}"
        for f in opening.holds
        if f not in kept and stored.raw(f) is not None
    ]
    replies = REPLIES | opening.replies
    messages, asked, note = 1, [], ""
    while not any(e.kind == "project_goedgekeurd" for e in turn.effects):
        if messages >= MAX_MESSAGES:
            note = f"no approval after {MAX_MESSAGES} messages"
            break
        asked_now = turn.messages[-1].asks
        if asked_now is None:
            # Not (or no longer) in an aanvraag: a person would start one.
            if chat.state.mode != "idle":
                note = "nothing asked in the aanvraag"
                break
            reply = "nieuw"
            asked.append("(menu)")
        elif asked_now in replies:
            if asked[-MAX_REPEATS:] == [asked_now] * MAX_REPEATS:
                note = f"{asked_now!r} asked again and again: {replies[asked_now]!r} is not taken"
                break
            reply = replies[asked_now]
            asked.append(asked_now)
        else:
            note = f"{asked_now!r} asked, no reply for it"
            break
        turn = await chat.send(reply)
        messages += 1
    approved = any(e.kind == "project_goedgekeurd" for e in turn.effects)
    return Run(messages, approved, asked, kept, wrong, note)


async def openings_report() -> None:
    out(f"\nWhole aanvraag from an opening message with 8 fields (goal ≤ {GOAL} messages):")
    for opening in OPENINGS:
        run = await whole_aanvraag(opening)
        status = "approved" if run.approved else f"NOT approved ({run.note})"
        verdict = "within the goal" if run.approved and run.messages <= GOAL else "over the goal"
        out(f"  {opening.style}: {run.messages} messages, {status}, {verdict}")
        out(f"      kept right from the opening: {len(run.kept)}/8 ({', '.join(run.kept) or '-'})")
        if run.wrong:
            out(f"      kept wrong: {', '.join(run.wrong)}")
        out(f"      then asked: {', '.join(run.asked) or '-'}")


# --- main --------------------------------------------------------------------------------------


def select(cases: list[Geval], args: argparse.Namespace) -> list[Geval]:
    if args.categorie:
        cases = [c for c in cases if c.categorie == args.categorie]
    if args.id:
        cases = [c for c in cases if c.id in args.id]
    return cases


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--categorie", choices=CATEGORIES)
    parser.add_argument("--id", action="append", help="only this case (repeatable)")
    parser.add_argument("--verbose", "-v", action="store_true", help="all reasons and replies")
    parser.add_argument(
        "--toon-heldout",
        action="store_true",
        help="also the message and reason of a failing held-out case (not for tuning)",
    )
    args = parser.parse_args()
    try:
        cases = laad_gevallen()
    except DataFout as e:
        out(f"the labelled set is malformed: {e}")
        return 0
    chosen = select(cases, args)
    held = sum(c.heldout for c in cases)
    out(
        f"{len(cases)} cases ({held} heldout) in {len(CATEGORIES)} categories; "
        f"playing {len(chosen)}\n"
    )
    results = [await speel(c) for c in chosen]
    report(results, args.verbose, args.toon_heldout)
    if not args.categorie and not args.id:
        await openings_report()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
