"""Console script `kmobot`: wires settings, store, rules and a channel, then runs it.

`kmobot chat` (terminal, optionally --jsonl), `kmobot dienstverleners import FILE.csv`,
`kmobot acties` (the action server for Rasa), `kmobot web` (the web chat), `kmobot helpdesk`
(the helpdesk's web console) and `kmobot rasa genereer`.
The only place that reads the clock and the environment.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from bot import cli_db, cli_onderneming
from bot.service import Service
from bot.store import Store, StoreError
from bot.terminal import run_chat
from dialogs import thema_leer
from dialogs.messages import default_catalog
from domain_rules import laad_regelboek

TIMEZONE = "Europe/Brussels"


def default_db_path() -> Path:
    """KMOBOT_DB, or a file in the user's data directory."""
    env = os.environ.get("KMOBOT_DB")
    if env:
        return Path(env)
    return platformdirs.user_data_path("kmobot", appauthor=False) / "kmobot.sqlite3"


def clock(fixed: date | None) -> Callable[[], date]:
    """The application date: fixed by --today, else today in Brussels."""
    if fixed is not None:
        return lambda: fixed
    try:
        tz = ZoneInfo(TIMEZONE)
    except ZoneInfoNotFoundError:
        return lambda: datetime.now().astimezone().date()
    return lambda: datetime.now(tz).date()


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ongeldige datum {text!r}, verwacht JJJJ-MM-DD") from exc


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(
        prog="kmobot", description="Assistent voor een projectaanvraag in de kmo-portefeuille."
    )
    sub = p.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="chat in de terminal")
    chat.add_argument("--db", type=Path, default=None, help="databasebestand (SQLite)")
    chat.add_argument("--today", type=_iso_date, default=None, help="aanvraagdatum JJJJ-MM-DD")
    chat.add_argument("--chat", default="lokaal", help="gespreks-id (standaard: lokaal)")
    chat.add_argument("--jsonl", action="store_true", help="één JSON-object per regel in en uit")
    dv = sub.add_parser("dienstverleners", help="register van dienstverleners")
    dv_sub = dv.add_subparsers(dest="dv_command", required=True)
    imp = dv_sub.add_parser("import", help="CSV met naam,registratienummer,type inlezen")
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", type=Path, default=None)
    zoek = dv_sub.add_parser("zoek", help="dienstverleners zoeken (één zoekvraag per regel)")
    zoek.add_argument("--json", action="store_true", required=True)
    zoek.add_argument("--db", type=Path, default=None)
    zoek.add_argument("--type", choices=["opleiding", "advies"], default=None)

    nlu_cmd = sub.add_parser("nlu", help="tekstbegrip")
    nlu_sub = nlu_cmd.add_subparsers(dest="nlu_command", required=True)
    thema = nlu_sub.add_parser("thema", help="thema/subthema bij een titel (één per regel)")
    thema.add_argument("--json", action="store_true", required=True)
    evaluate = nlu_sub.add_parser(
        "evaluate", help="nauwkeurigheid op een of meer CSV's titel,thema,subthema"
    )
    evaluate.add_argument("files", type=Path, nargs="+", metavar="file")
    evaluate.add_argument("--split", default=None, help="alleen rijen met deze waarde in 'split'")
    export = nlu_sub.add_parser(
        "export", help="de themakeuzes van gebruikers als CSV titel,thema,subthema,bron"
    )
    export.add_argument("--db", type=Path, default=None)

    nace = sub.add_parser("nace", help="NACE-BEL-codes")
    nace_sub = nace.add_subparsers(dest="nace_command", required=True)
    nace_zoek = nace_sub.add_parser("zoek", help="NACE-BEL-code bij een code of activiteit")
    nace_zoek.add_argument("--json", action="store_true", required=True)

    sub.add_parser("diagram", help="het gesprek als Mermaid-toestandsdiagram (uit de veldentabel)")
    tg = sub.add_parser("telegram", help="de assistent op Telegram (token in TELEGRAM_BOT_TOKEN)")
    tg.add_argument("--db", type=Path, default=None)
    tg.add_argument("--today", type=_iso_date, default=None, help="aanvraagdatum JJJJ-MM-DD")
    tg.add_argument("--webhook", default=None, metavar="URL", help="webhook in plaats van polling")
    tg.add_argument("--listen", default="127.0.0.1", metavar="HOST")
    tg.add_argument("--port", type=int, default=8443, metavar="N")
    tg.add_argument("--api-base-url", default=None, metavar="URL", help="eigen Bot API-server")
    acties = sub.add_parser("acties", help="actieserver voor een Rasa-assistent (rasa-sdk)")
    acties.add_argument("--host", default="127.0.0.1", metavar="HOST")
    acties.add_argument("--port", type=int, default=5055, metavar="N")
    acties.add_argument("--db", type=Path, default=None)
    acties.add_argument("--today", type=_iso_date, default=None, help="aanvraagdatum JJJJ-MM-DD")
    acties.add_argument(
        "--tijden", type=Path, default=None, metavar="PAD", help="duur per actie (JSON) bij stop"
    )
    webchat = sub.add_parser("web", help="de webchat voor ondernemers (http://HOST:N/chat)")
    webchat.add_argument("--db", type=Path, default=None)
    webchat.add_argument("--today", type=_iso_date, default=None, help="aanvraagdatum JJJJ-MM-DD")
    webchat.add_argument("--listen", default="127.0.0.1", metavar="HOST")
    webchat.add_argument("--port", type=int, default=8080, metavar="N")
    webchat.add_argument(
        "--inbedden",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="website die de chat in een iframe mag tonen, bv. https://www.voorbeeld.be",
    )
    webchat.add_argument(
        "--origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="publiek adres van de chat achter een reverse proxy, bv. https://chat.voorbeeld.be",
    )
    cli_onderneming.add_parser(sub)
    cli_db.add_parser(sub)
    from bot.helpdesk import cli as helpdesk_cli

    helpdesk_cli.add_parser(sub)
    rasa = sub.add_parser("rasa", help="de voorbeeldassistent voor Rasa")
    rasa_sub = rasa.add_subparsers(dest="rasa_command", required=True)
    genereer = rasa_sub.add_parser("genereer", help="domain.yml en rules.yml uit de veldentabel")
    genereer.add_argument("--map", type=Path, default=Path("rasa_assistent"), metavar="MAP")
    return p


def _setup_logging(db: Path) -> None:
    """The log file next to the database; the thema model's weights in the user's cache."""
    thema_leer.CACHE[:] = [
        Path(os.environ.get("KMOBOT_CACHE") or platformdirs.user_cache_path("kmobot", False))
    ]
    handler: logging.Handler
    if str(db) == ":memory:":
        handler = logging.StreamHandler(sys.stderr)
    else:
        log_path = db.parent / "kmobot.log"
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(log_path, encoding="utf-8")
        except OSError as exc:  # a read-only directory, a directory named kmobot.log, …
            sys.stderr.write(
                default_catalog().text(
                    "opslag.log_naar_stderr",
                    pad=str(log_path),
                    reden=exc.strerror or exc.__class__.__name__,
                )
                + "\n"
            )
            handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


async def _chat(args: argparse.Namespace) -> int:
    db = args.db or default_db_path()
    _setup_logging(db)
    store = await Store.open(db)
    try:
        service = Service(store, regelboek=laad_regelboek())
        await run_chat(service, chat_id=str(args.chat), today=clock(args.today), jsonl=args.jsonl)
    finally:
        await store.close()
    return 0


async def _import(args: argparse.Namespace) -> int:
    db = args.db or default_db_path()
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"Kan {args.file} niet lezen: {exc.__class__.__name__}.\n")
        return 2
    store = await Store.open(db)
    try:
        result = await store.import_dienstverleners(text)
    except sqlite3.Error as exc:  # disk full or locked while importing: nothing was imported
        raise StoreError.van(exc, db) from None
    finally:
        await store.close()
    out = sys.stdout
    out.write(
        f"{result.nieuw + result.bijgewerkt} dienstverleners ingelezen "
        f"({result.nieuw} nieuw, {result.bijgewerkt} bijgewerkt).\n"
    )
    if result.fouten:
        out.write(f"{len(result.fouten)} rij(en) overgeslagen:\n")
        for line, reason in result.fouten:
            out.write(f"  regel {line}: {reason}\n")
    if result.nieuw + result.bijgewerkt == 0 and result.fouten:
        return 2
    return 1 if result.fouten else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except StoreError as exc:
        sys.stderr.write(exc.melding() + "\n")
        return exc.exit_code
    except sqlite3.Error as exc:  # a fault after opening, e.g. the disk filled up
        fault = StoreError.van(exc, getattr(args, "db", None) or default_db_path())
        sys.stderr.write(fault.melding() + "\n")
        return fault.exit_code
    except KeyboardInterrupt:
        sys.stdout.write(f"\n{default_catalog().text('kanaal.tot_ziens')}\n")
        return 130


def _dispatch(args: argparse.Namespace) -> int:  # noqa: PLR0911 - one return per command
    """Run the command `args` names."""
    if args.command == "chat":
        return asyncio.run(_chat(args))
    if args.command == "dienstverleners" and args.dv_command == "import":
        return asyncio.run(_import(args))
    if args.command == "dienstverleners" and args.dv_command == "zoek":
        from bot import cli_zoek

        return asyncio.run(cli_zoek.run_dienstverleners(args, db=args.db or default_db_path()))
    if args.command == "nlu" and args.nlu_command == "thema":
        from bot import cli_zoek

        return cli_zoek.run_thema(args)
    if args.command == "nlu" and args.nlu_command == "evaluate":
        from bot import cli_zoek

        return cli_zoek.run_evaluate(args)
    if args.command == "nlu" and args.nlu_command == "export":
        from bot import cli_zoek

        return asyncio.run(cli_zoek.run_export(db=args.db or default_db_path()))
    if args.command == "nace":
        from bot import cli_zoek

        return cli_zoek.run_nace(args)
    if args.command == "diagram":
        from dialogs.diagram import mermaid
        from dialogs.fields import default_table

        sys.stdout.write(mermaid(default_table(), default_catalog()))
        return 0
    if args.command == "telegram":
        from bot import telegram_run

        db = args.db or default_db_path()
        _setup_logging(db)
        return telegram_run.run(args, db=db, today=clock(args.today))
    if args.command == "acties":
        from bot import rasa_server

        db = args.db or default_db_path()
        _setup_logging(db)
        return asyncio.run(
            rasa_server.serve(
                db, today=clock(args.today), host=args.host, port=args.port, tijden=args.tijden
            )
        )
    if args.command == "web":
        from bot import webchat_run

        db = args.db or default_db_path()
        _setup_logging(db)
        return asyncio.run(webchat_run.serve(args, db=db, today=clock(args.today)))
    if args.command == "onderneming":
        return asyncio.run(
            cli_onderneming.run(args, db=args.db or default_db_path(), today=clock(None)())
        )
    if args.command == "db":
        db = args.db or default_db_path()
        _setup_logging(db)
        return asyncio.run(cli_db.run(args, db=db))
    if args.command == "helpdesk":
        from bot.helpdesk import cli as helpdesk_cli

        db = args.db or default_db_path()
        if args.helpdesk_command == "gebruiker":
            return asyncio.run(helpdesk_cli.gebruiker(args, db=db))
        _setup_logging(db)
        return asyncio.run(helpdesk_cli.serve(args, db=db, today=clock(None)))
    if args.command == "rasa" and args.rasa_command == "genereer":
        from bot import rasa_export

        for path in rasa_export.schrijf(args.map):
            sys.stdout.write(f"{path}\n")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
