"""`kmobot onderneming`: what the helpdesk does for an onderneming on the bot's database.

Without eID there is no proof of who acts for a company: the first chat that files for a
number becomes its beheerder. The helpdesk, who checks by other means (a call, the KBO's list
of representatives), can show the rights, transfer them and correct the size of a year.

    kmobot onderneming toon KBO
    kmobot onderneming beheerder KBO --kanaal telegram --chat 123456
    kmobot onderneming grootte KBO --jaar 2026 --grootte middelgroot
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.store import Store
from dialogs import format as fmt
from dialogs import nlu
from dialogs.messages import default_catalog

GROOTTES = ("klein", "middelgroot", "groot")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `onderneming` subcommands."""
    p = sub.add_parser("onderneming", help="rechten en grootte van een onderneming (helpdesk)")
    p_sub = p.add_subparsers(dest="onderneming_command", required=True)
    toon = p_sub.add_parser("toon", help="rechten, vastgelegde groottes en NACE-code")
    toon.add_argument("kbo")
    toon.add_argument("--db", type=Path)
    beheerder = p_sub.add_parser("beheerder", help="een gesprek beheerder maken (overdracht)")
    beheerder.add_argument("kbo")
    beheerder.add_argument("--kanaal", required=True, choices=("terminal", "telegram", "rasa"))
    beheerder.add_argument("--chat", required=True)
    beheerder.add_argument("--alleen", action="store_true", help="de andere rechten intrekken")
    beheerder.add_argument("--db", type=Path)
    grootte = p_sub.add_parser("grootte", help="de vastgelegde grootte van een jaar verbeteren")
    grootte.add_argument("kbo")
    grootte.add_argument("--jaar", type=int, required=True)
    grootte.add_argument("--grootte", required=True, choices=GROOTTES)
    grootte.add_argument("--db", type=Path)


async def run(args: argparse.Namespace, *, db: Path, today: date) -> int:
    """Run one subcommand; 2 for a number that is not an ondernemingsnummer."""
    parsed = nlu.ondernemingsnummer(args.kbo)
    if not isinstance(parsed, nlu.Ok):
        cat = default_catalog()
        sys.stderr.write(cat.text(parsed.message, **parsed.params) + "\n")
        return 2
    kbo = parsed.value
    out = sys.stdout
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            if args.onderneming_command == "beheerder":
                if args.alleen:
                    for volgnummer, _, _, _, _ in await tx.rechten(kbo):
                        await tx.trek_recht_in(volgnummer)
                await tx.maak_beheerder(kbo, args.kanaal, str(args.chat), today)
                out.write(f"{args.kanaal}-gesprek {args.chat} is beheerder van {kbo}.\n")
            elif args.onderneming_command == "grootte":
                await tx.leg_grootte_vast(
                    kbo, args.jaar, args.grootte, "helpdesk", overschrijf=True
                )
                out.write(f"Grootte van {kbo} voor {args.jaar}: {args.grootte}.\n")
            rechten = await tx.rechten(kbo)
            out.write(f"Onderneming {nlu.toon_ondernemingsnummer(kbo)}\n")
            if not rechten:
                out.write("  niemand heeft rechten\n")
            for i, (_, kanaal, chat, rol, sinds) in enumerate(rechten, start=1):
                out.write(f"  {i}. {kanaal} {chat}: {rol} sinds {fmt.datum(sinds)}\n")
            for jaar in sorted({p.aanvraagdatum.year for p in await tx.projecten_van(kbo)}):
                out.write(f"  grootte {jaar}: {await tx.grootte(kbo, jaar) or '—'}\n")
            out.write(f"  NACE-code: {await tx.nace(kbo) or '—'}\n")
    finally:
        await store.close()
    return 0
