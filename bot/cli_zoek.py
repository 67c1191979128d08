"""Batch search commands for evaluation and the helpdesk: one query per line in, one JSON line out.

`kmobot nlu thema --json`, `kmobot nlu evaluate FILE.csv`, `kmobot nace zoek --json`,
`kmobot dienstverleners zoek --json`; `kmobot nlu export` writes the users' thema picks as CSV.
Each function returns the process exit code.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.store import Store
from dialogs import nlu
from dialogs.dienstverleners import Register


def _per_line(answer: Callable[[str], dict[str, Any]]) -> int:
    """Read stdin line by line; write one JSON line per query ({"candidates": []} when blank)."""
    if sys.stdin is None:  # started without standard input: nothing to answer
        return 0
    lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    for line in lines:
        query = nlu.clean(line)
        out = answer(query) if query else {"candidates": []}
        try:
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            return 0
    return 0


def run_thema(args: argparse.Namespace) -> int:
    """Thema/subthema candidates per line: {"candidates": [{thema, subthema, score, uitgesloten}]}.

    `uitgesloten` is true on every candidate when the title clearly names an excluded training;
    a line that names one also gets "uitsluiting": {id, zeker, woord} (zeker false: ask).
    A blank or unreadable line gives {"candidates": []}.
    """
    from dialogs.thema import laad, match_thema, match_uitsluiting

    laad()

    def answer(query: str) -> dict[str, Any]:
        treffer = match_uitsluiting(query)
        uitgesloten = treffer is not None and treffer.zeker
        out: dict[str, Any] = {
            "candidates": [
                {
                    "thema": k.thema,
                    "subthema": k.subthema,
                    "score": k.score,
                    "uitgesloten": uitgesloten,
                }
                for k in match_thema(query)
            ]
        }
        if treffer is not None:
            out["uitsluiting"] = {"id": treffer.id, "zeker": treffer.zeker, "woord": treffer.woord}
        return out

    return _per_line(answer)


def run_evaluate(args: argparse.Namespace) -> int:
    """Top-1, top-3, no-proposal rate and excluded recall, overall and per thema, on CSVs.

    Every CSV has the columns titel, thema, subthema (header line required); their rows are
    counted together (e.g. the real titles and the real excluded titles). An optional column
    `uitgesloten` names the excluded training (an id of rules §6.3, or "ja") of a title that must
    be refused; such a title needs no thema. Optional `split`: only rows with --split are read.
    A proposal is what the assistant shows: one subthema when sure, else the best three.
    Excluded recall counts titles recognised as excluded (sure or asked about); a false refusal
    is a title without `uitgesloten` that the assistant would refuse outright.
    """
    import contextlib
    import csv
    import sys
    from collections import Counter

    from dialogs.thema import ZEKER, laad, match_thema, match_uitsluiting

    laad()
    rows: list[dict[str, str]] = []
    for file in args.files:
        try:
            with Path(file).open(encoding="utf-8-sig", newline="") as f:
                reader = csv.DictReader(f)
                gelezen = list(reader)
                kolommen = set(reader.fieldnames or ())
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            print(f"kan {file} niet lezen: {exc}", file=sys.stderr)  # noqa: T201
            return 2
        if reader.fieldnames is not None and not {"titel", "thema", "subthema"} <= kolommen:
            print(f"kolommen titel,thema,subthema ontbreken in {file}", file=sys.stderr)  # noqa: T201
            return 2
        rows += gelezen
    if args.split is not None:
        rows = [r for r in rows if (r.get("split") or "").strip() == args.split]
    totaal: Counter[str] = Counter()
    top1: Counter[str] = Counter()
    top3: Counter[str] = Counter()
    leeg: Counter[str] = Counter()
    verwarring: Counter[tuple[str, str]] = Counter()
    zeker = zeker_juist = 0
    uitgesloten = herkend = vals_geweigerd = toegelaten = 0
    gemist: Counter[str] = Counter()
    for row in rows:
        titel = (row.get("titel") or "").strip()
        thema = (row.get("thema") or "").strip()
        subthema = (row.get("subthema") or "").strip()
        uitsluiting = (row.get("uitgesloten") or "").strip()
        if not titel:
            continue
        treffer = match_uitsluiting(titel)
        if uitsluiting:
            uitgesloten += 1
            herkend += treffer is not None
            if treffer is None:
                gemist[uitsluiting] += 1
            if not subthema:
                continue
        else:
            toegelaten += 1
            vals_geweigerd += treffer is not None and treffer.zeker
        kandidaten = match_thema(titel, limit=3)
        sure = bool(kandidaten) and kandidaten[0].score >= ZEKER
        voorstel = [k.subthema for k in (kandidaten[:1] if sure else kandidaten)]
        totaal[thema] += 1
        top1[thema] += bool(voorstel) and voorstel[0] == subthema
        top3[thema] += subthema in [k.subthema for k in kandidaten]
        leeg[thema] += not voorstel
        if kandidaten and kandidaten[0].subthema != subthema:
            verwarring[(subthema, kandidaten[0].subthema)] += 1
        if sure:
            zeker += 1
            zeker_juist += voorstel[0] == subthema

    def pct(deel: int, geheel: int) -> str:
        return f"{100 * deel / geheel:5.1f} %" if geheel else "    - "

    n = sum(totaal.values())
    lines = [
        f"titels met een subthema: {n}",
        f"top-1: {pct(sum(top1.values()), n)} ({sum(top1.values())}/{n})",
        f"top-3: {pct(sum(top3.values()), n)} ({sum(top3.values())}/{n})",
        f"zonder voorstel: {pct(sum(leeg.values()), n)} ({sum(leeg.values())}/{n})",
        f"zeker (score >= {ZEKER}, één voorstel): {zeker} titels, "
        f"waarvan {pct(zeker_juist, zeker)} juist",
        f"uitgesloten herkend: {pct(herkend, uitgesloten)} ({herkend}/{uitgesloten})",
        f"onterecht geweigerd: {vals_geweigerd} van {toegelaten} toegelaten titels",
        "",
        f"{'thema':<28} {'n':>4} {'top-1':>8} {'top-3':>8} {'leeg':>8}",
    ]
    for thema in sorted(totaal):
        lines.append(
            f"{thema:<28} {totaal[thema]:>4} {pct(top1[thema], totaal[thema]):>8} "
            f"{pct(top3[thema], totaal[thema]):>8} {pct(leeg[thema], totaal[thema]):>8}"
        )
    if gemist:
        lines += ["", "niet herkende uitgesloten titels (uitsluiting: aantal):"]
        lines += [f"{aantal:>4}  {naam}" for naam, aantal in sorted(gemist.items())]
    lines += ["", "meest voorkomende verwarringen (verwacht -> eerste kandidaat):"]
    for (verwacht, gekozen), aantal in verwarring.most_common(10):
        lines.append(f"{aantal:>4}  {verwacht} -> {gekozen}")
    if not verwarring:
        lines.append("   -")
    with contextlib.suppress(BrokenPipeError):
        print("\n".join(lines))  # noqa: T201
    return 0


def run_nace(args: argparse.Namespace) -> int:
    """NACE-BEL candidates per line: {"candidates": [{code, omschrijving, score}]}.

    Each line also says what the query was ("soort": code, klasse, code_2008, woorden, onbekend);
    "aandachtspunt" is added when the first candidate is flagged (e.g. section A) and "uitleg"
    for a code that is not in NACE-BEL 2025. A blank line gives {"candidates": []}.
    """
    from dialogs.nace import zoek_nace

    def answer(query: str) -> dict[str, Any]:
        resultaat = zoek_nace(query)
        out: dict[str, Any] = {
            "candidates": [
                {"code": k.code, "omschrijving": k.omschrijving, "score": k.score}
                for k in resultaat.candidates
            ],
            "soort": resultaat.soort,
        }
        eerste = resultaat.candidates[0] if resultaat.candidates else None
        if eerste is not None and eerste.aandachtspunt is not None:
            punt = eerste.aandachtspunt
            out["aandachtspunt"] = {
                "id": punt.id,
                "tekst": punt.tekst,
                "zekerheid": punt.zekerheid,
                "bronnen": [{"title": b.title, "href": b.href} for b in punt.bronnen],
            }
        if resultaat.nace_2008 is not None:
            out["uitleg"] = resultaat.nace_2008.tekst
        return out

    return _per_line(answer)


async def run_dienstverleners(args: argparse.Namespace, *, db: Path) -> int:
    """Provider candidates per line: {"candidates": [{naam, registratienummer, type, score}]}."""
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            register = Register(await tx.all_dienstverleners())
    finally:
        await store.close()

    def answer(query: str) -> dict[str, Any]:
        hits = register.zoek(query, type=args.type, limit=10)
        return {
            "candidates": [
                {
                    "naam": h.dienstverlener.naam,
                    "registratienummer": h.dienstverlener.registratienummer,
                    "type": h.dienstverlener.type,
                    "score": h.score,
                }
                for h in hits
            ]
        }

    return _per_line(answer)


async def run_export(*, db: Path) -> int:
    """The users' picks at the thema proposal as CSV titel,thema,subthema,bron, for review.

    `bron` says where and how often the pick was made; nothing is learned from these rows
    until someone reviews them and adds them to the labelled titles.
    """
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            keuzes = await tx.thema_keuzes()
    finally:
        await store.close()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["titel", "thema", "subthema", "bron"])
    for titel, thema, subthema, kanaal, aantal, eerste in keuzes:
        bron = f"keuze van een gebruiker ({kanaal}, {aantal}x, eerst op {eerste[:10]})"
        writer.writerow([titel, thema, subthema, bron])
    sys.stdout.write(out.getvalue())
    return 0
