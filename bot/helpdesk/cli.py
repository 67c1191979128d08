"""`kmobot helpdesk`: serve the console, and manage the agents' accounts.

kmobot helpdesk [--db PAD] [--listen 127.0.0.1] [--port 8080] [--open "ma-vr 09:00-17:00"]
kmobot helpdesk gebruiker toevoegen NAAM [--rol agent|beheerder] --wachtwoord-stdin
kmobot helpdesk gebruiker lijst
kmobot helpdesk gebruiker uitschakelen NAAM
kmobot helpdesk gebruiker reset NAAM --wachtwoord-stdin
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.helpdesk import auth
from bot.helpdesk.teksten import tekst
from bot.helpdesk_db import BEWAARDAGEN
from bot.openingsuren import STANDAARD, OngeldigeUren, Openingsuren
from bot.opwarmen import opwarmen
from bot.service import Service, utc_now
from bot.store import Store
from domain_rules import laad_regelboek

log = logging.getLogger(__name__)

#: How often the console deletes transcript lines past their retention.
WIS_ELKE = 3600.0
MIN_WACHTWOORD = 12


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `helpdesk` command and its `gebruiker` subcommands."""
    p = sub.add_parser("helpdesk", help="de webconsole voor de helpdesk")
    p.add_argument("--db", type=Path, default=None)
    p.add_argument("--listen", default="127.0.0.1", metavar="HOST")
    p.add_argument("--port", type=int, default=8080, metavar="N")
    p.add_argument(
        "--open",
        default=STANDAARD,
        metavar="UREN",
        help=f"openingsuren, bv. '{STANDAARD}' of 'ma-do 09:00-17:00; vr 09:00-12:00'",
    )
    p.add_argument(
        "--bewaar-dagen",
        type=int,
        default=BEWAARDAGEN,
        metavar="N",
        help=f"hoe lang het transcript bewaard blijft (standaard {BEWAARDAGEN} dagen)",
    )
    p.add_argument("--https", action="store_true", help="de console wordt over https gediend")
    p.add_argument(
        "--vertrouwde-proxy",
        action="append",
        default=[],
        metavar="ADRES",
        help="adres van de reverse proxy wiens X-Forwarded-For/-Proto gelezen worden",
    )
    p_sub = p.add_subparsers(dest="helpdesk_command")
    gebruiker = p_sub.add_parser("gebruiker", help="accounts van medewerkers")
    g_sub = gebruiker.add_subparsers(dest="gebruiker_command", required=True)
    toevoegen = g_sub.add_parser("toevoegen", help="een medewerker toevoegen")
    toevoegen.add_argument("naam")
    toevoegen.add_argument("--rol", choices=("agent", "beheerder"), default="agent")
    toevoegen.add_argument("--wachtwoord-stdin", action="store_true", required=True)
    toevoegen.add_argument("--db", type=Path, default=None)
    lijst = g_sub.add_parser("lijst", help="alle medewerkers")
    lijst.add_argument("--db", type=Path, default=None)
    uit = g_sub.add_parser("uitschakelen", help="een account uitschakelen")
    uit.add_argument("naam")
    uit.add_argument("--db", type=Path, default=None)
    reset = g_sub.add_parser("reset", help="een nieuw wachtwoord zetten")
    reset.add_argument("naam")
    reset.add_argument("--wachtwoord-stdin", action="store_true", required=True)
    reset.add_argument("--db", type=Path, default=None)


def _wachtwoord() -> str | None:
    """The password on the first line of stdin; None (with a message) when too short."""
    wachtwoord = sys.stdin.readline().rstrip("\r\n")
    if len(wachtwoord) < MIN_WACHTWOORD:
        sys.stderr.write(tekst("cli.wachtwoord_kort", aantal=str(MIN_WACHTWOORD)) + "\n")
        return None
    return wachtwoord


async def gebruiker(args: argparse.Namespace, *, db: Path) -> int:
    """Run a `gebruiker` subcommand; 1 when the name is taken or unknown."""
    out = sys.stdout
    wachtwoord = None
    if args.gebruiker_command in ("toevoegen", "reset"):
        wachtwoord = _wachtwoord()
        if wachtwoord is None:
            return 2
    store = await Store.open(db)
    try:
        async with store.transaction() as tx:
            if args.gebruiker_command == "toevoegen":
                assert wachtwoord is not None
                if not await tx.voeg_medewerker_toe(
                    args.naam, auth.hash_wachtwoord(wachtwoord), args.rol, utc_now()
                ):
                    sys.stderr.write(tekst("cli.bestaat", naam=args.naam) + "\n")
                    return 1
                out.write(tekst("cli.toegevoegd", naam=args.naam, rol=args.rol) + "\n")
            elif args.gebruiker_command == "reset":
                assert wachtwoord is not None
                if not await tx.zet_medewerker_hash(args.naam, auth.hash_wachtwoord(wachtwoord)):
                    sys.stderr.write(tekst("cli.onbekend", naam=args.naam) + "\n")
                    return 1
                out.write(tekst("cli.reset", naam=args.naam) + "\n")
            elif args.gebruiker_command == "uitschakelen":
                if not await tx.schakel_medewerker_uit(args.naam):
                    sys.stderr.write(tekst("cli.onbekend", naam=args.naam) + "\n")
                    return 1
                out.write(tekst("cli.uitgeschakeld", naam=args.naam) + "\n")
            else:
                for m in await tx.medewerkers():
                    staat = tekst("cli.actief" if m.actief else "cli.niet_actief")
                    out.write(f"{m.naam}\t{m.rol}\t{staat}\n")
    finally:
        await store.close()
    return 0


async def serve(args: argparse.Namespace, *, db: Path, today: Callable[[], date]) -> int:
    """Serve the console until SIGINT/SIGTERM; 2 for unreadable opening hours."""
    # Only here: every command reads its arguments through this module, and the server's
    # modules (aiohttp above all) take a tenth of a second to import.
    from aiohttp import web

    from bot.helpdesk.web import Config, maak_app
    from bot.webchat import WebChat

    try:
        Openingsuren.lees(args.open)
    except OngeldigeUren as exc:
        sys.stderr.write(tekst("cli.uren_ongeldig", uren=str(exc), voorbeeld=STANDAARD) + "\n")
        return 2
    if args.bewaar_dagen < 1:
        sys.stderr.write(tekst("cli.bewaar_dagen") + "\n")
        return 2
    await opwarmen()
    await asyncio.to_thread(auth.klaarzetten)
    store = await Store.open(db)
    service = Service(store, regelboek=laad_regelboek())
    async with store.transaction() as tx:
        await tx.zet_meta("helpdesk_openingsuren", args.open)
        await tx.zet_meta("transcript_bewaardagen", str(args.bewaar_dagen))
        await tx.wis_oude_transcripten(service.clock(), args.bewaar_dagen)
    app = maak_app(
        service,
        vandaag=today,
        config=Config(https=args.https, proxies=frozenset(args.vertrouwde_proxy)),
        webchat=WebChat(service, today=today),
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, args.listen, args.port)
    await site.start()
    sys.stdout.write(tekst("cli.luistert", adres=args.listen, poort=str(args.port)) + "\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)

    async def wis() -> None:
        while True:
            await asyncio.sleep(WIS_ELKE)
            try:
                async with store.transaction() as tx:
                    await tx.wis_oude_transcripten(service.clock(), await tx.bewaardagen())
            except Exception as exc:  # noqa: BLE001 - keep serving; try again next hour
                log.warning("transcript retention failed: %s", exc.__class__.__name__)

    taak = asyncio.create_task(wis())
    try:
        await stop.wait()
    finally:
        taak.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await taak
        await runner.cleanup()
        await store.close()
    return 0
