"""Schema versions and migrations: every layout shipped before is recognised and migrated.

The old layouts in tests/bot/data/schema_oud/ are the tables earlier versions created (taken
from bot/store.py of those commits). Each is filled with data, migrated at open after a copy
next to it, and checked: data kept, states migrated, the schema equal to a new database's. A
newer revision is refused untouched; a failed migration leaves the database as it was.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from bot import migraties, schema
from bot.service import load_state
from bot.store import EXIT_CODES, Store, StoreError
from dialogs.state import DialogState
from tests.bot.test_cli import Chat
from tests.bot.test_opslag import assert_fault, run_kmobot

OUD = Path(__file__).parent / "data" / "schema_oud"
LAYOUTS = sorted(p.stem for p in OUD.glob("*.sql"))
TOESTAND_V1 = Path(__file__).parents[1] / "dialogs" / "data" / "toestand_v1"
INDEX: dict[str, Any] = json.loads((TOESTAND_V1 / "index.json").read_text(encoding="utf-8"))
#: Tables an old layout had that no revision knows; they are kept as they are.
EXTRA = {"telegram_toetsenborden"}


def layout(db: Path, name: str) -> sqlite3.Connection:
    """A database of an old layout (WAL, as kmobot left it), open; nothing checkpointed."""
    sql = (OUD / f"{name}.sql").read_text(encoding="utf-8")
    user_version = int(sql.splitlines()[1].removeprefix("-- user_version "))
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(sql)
    conn.execute(f"PRAGMA user_version = {user_version}")
    return conn


def tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(r[0]) for r in rows}


def shape(db: Path) -> dict[str, Any]:
    """Columns, keys, indexes and AUTOINCREMENT of every table, however its SQL was written."""
    out: dict[str, Any] = {}
    with closing(sqlite3.connect(db)) as conn:
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT IN ('sqlite_sequence', 'alembic_version') ORDER BY name"
        ):
            if name in EXTRA:
                continue
            cols = [tuple(r[1:6]) for r in conn.execute(f"PRAGMA table_xinfo({name})")]
            indexes = []
            for _, iname, unique, origin, _partial in conn.execute(f"PRAGMA index_list({name})"):
                columns = [r[2] for r in conn.execute(f"PRAGMA index_info({iname})")]
                label = "auto" if iname.startswith("sqlite_autoindex") else iname
                indexes.append((label, unique, origin, columns))
            out[name] = (cols, sorted(indexes), "AUTOINCREMENT" in sql.upper())
    return out


async def new_shape(directory: Path) -> dict[str, Any]:
    """The shape of a database that kmobot creates new."""
    directory.mkdir()
    store = await Store.open(directory / "nieuw.db")
    await store.close()
    return shape(directory / "nieuw.db")


def backups(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.voor-migratie-*"))


@pytest.fixture(scope="module")
def project_row(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, ...]:
    """An approved project as today's kmobot stores it (a whole aanvraag in --jsonl)."""
    db = tmp_path_factory.mktemp("project") / "kmo.db"
    chat = Chat(db, "--today", "2026-03-10")
    chat.aanvraag()
    chat.close()
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT projectnummer, kanaal, chat_id, onderneming, jaar, aanvraagdatum, subsidie, "
            "status, data FROM projecten"
        ).fetchone()
    assert row is not None
    return tuple(row)


def fill(conn: sqlite3.Connection, project: tuple[Any, ...], state: str) -> None:
    """Data as the old version wrote it: a state of schema 1, a project, a provider."""
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO gesprekken (kanaal, chat_id, state) VALUES ('terminal', 'lokaal', ?)",
        (state,),
    )
    conn.execute("INSERT INTO projecten VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", project)
    conn.execute("INSERT INTO volgnummers VALUES (?, 1)", (project[4],))
    conn.execute(
        "INSERT INTO dienstverleners VALUES ('DV.O213465', 'Opleidingen Peeters', 'opleiding', "
        "'opleidingen peeters', 'import')"
    )
    if "thema_keuzes" in tables(conn):
        conn.execute(
            "INSERT INTO thema_keuzes (titel, thema, subthema, kanaal) "
            "VALUES ('Excel', 'IT', 'Software', 'terminal')"
        )
    conn.execute("COMMIT")


def test_the_revisions_are_the_ones_the_start_knows() -> None:
    assert migraties.revisies() == list(schema.REVISIES)
    assert schema.REVISIES[-1] == schema.HEAD


def test_each_revision_adds_the_tables_the_recognition_expects(tmp_path: Path) -> None:
    db = tmp_path / "stap.db"
    url = f"sqlite:///{db}"
    before: set[str] = set()
    for revisie, nodig in schema.TABELLEN:
        migraties.upgrade(url, revisie)
        with closing(sqlite3.connect(db)) as conn:
            now = tables(conn) - {"alembic_version", "sqlite_sequence"}
        assert now - before == nodig, revisie
        before = now


async def test_a_new_database_is_created_at_the_newest_revision(tmp_path: Path) -> None:
    db = tmp_path / "nieuw.db"
    meldingen: list[str] = []
    store = await Store.open(db, melden=meldingen.append)
    await store.close()
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (schema.HEAD,)
        ]
        assert conn.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)
    assert meldingen == []
    assert backups(tmp_path) == []


async def test_the_revisions_create_the_same_schema_as_a_new_database(tmp_path: Path) -> None:
    new = tmp_path / "nieuw.db"
    store = await Store.open(new)
    await store.close()
    by_alembic = tmp_path / "alembic.db"
    migraties.upgrade(f"sqlite:///{by_alembic}")
    assert shape(by_alembic) == shape(new)
    assert shape(new)  # not two empty dicts


@pytest.mark.parametrize("name", LAYOUTS)
async def test_an_old_layout_is_migrated_with_its_data_after_a_copy(
    tmp_path: Path, name: str, project_row: tuple[Any, ...]
) -> None:
    db = tmp_path / "kmo.db"
    old = layout(db, name)
    old.execute("PRAGMA wal_autocheckpoint = 0")  # the data stays in the -wal file
    state = (TOESTAND_V1 / "overzicht.json").read_text(encoding="utf-8")
    fill(old, project_row, state)
    old_tables = tables(old)
    meldingen: list[str] = []
    try:
        store = await Store.open(db, melden=meldingen.append)
    finally:
        old.close()
    try:
        async with store.transaction() as tx:
            projects = await tx.projects("terminal", "lokaal", None)
            raw = await tx.load_state("terminal", "lokaal")
            provider = await tx.dienstverlener("DV.O213465")
    finally:
        await store.close()

    # the copy: next to it, the old layout with the data that was only in the WAL
    [copy] = backups(tmp_path)
    revisie = schema.revisie_van_tabellen(old_tables)
    assert copy.name.startswith(f"kmo.db.voor-migratie-{revisie}-")
    with closing(sqlite3.connect(copy)) as conn:
        assert tables(conn) == old_tables
        assert conn.execute("SELECT state FROM gesprekken").fetchall() == [(state,)]
        assert conn.execute("SELECT COUNT(*) FROM projecten").fetchone() == (1,)
    [melding] = meldingen
    assert str(copy) in melding and f"van schemaversie {revisie} naar {schema.HEAD}" in melding

    # the migrated database: the newest revision, the data kept, the state migrated
    assert shape(db) == await new_shape(tmp_path / "vergelijk")
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (schema.HEAD,)
        ]
        assert conn.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)
        assert tables(conn) >= old_tables
    assert [p.projectnummer for p in projects] == [project_row[0]]  # the chat holds the right
    assert provider is not None and provider.naam == "Opleidingen Peeters"
    assert raw is not None and json.loads(raw)["schema_version"] == 2
    assert load_state(raw) == load_state(state)
    assert load_state(raw).asks == INDEX["overzicht"]["asks"]

    # a second start is the fast path: no copy, no message
    store = await Store.open(db, melden=meldingen.append)
    await store.close()
    assert len(backups(tmp_path)) == 1 and len(meldingen) == 1


def _checkpointed(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.mark.parametrize("command", ["chat", "onderneming"])
def test_a_database_of_a_newer_revision_is_refused_and_not_touched(
    tmp_path: Path, command: str
) -> None:
    db = tmp_path / "data" / "kmo.db"
    db.parent.mkdir()
    assert run_kmobot(["onderneming", "toon", "0403170701", "--db", str(db)]).returncode == 0
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
        conn.commit()
    _checkpointed(db)
    (db.parent / "kmobot.log").unlink(missing_ok=True)
    before = snapshot(db.parent)
    args = {
        "chat": ["chat", "--jsonl", "--db", str(db)],
        "onderneming": ["onderneming", "toon", "0403170701", "--db", str(db)],
    }[command]
    result = run_kmobot(args)
    assert_fault(result, "nieuwer", "nieuwere versie", "versie 0099", f"tot {schema.HEAD}")
    after = snapshot(db.parent)
    after.pop("kmobot.log", None)
    assert after == before
    assert backups(db.parent) == []


def test_a_failed_migration_leaves_the_database_as_it_was(
    tmp_path: Path, project_row: tuple[Any, ...]
) -> None:
    db = tmp_path / "kmo.db"
    with closing(layout(db, "2026-11-27_telegram")) as old:
        fill(old, project_row, (TOESTAND_V1 / "overzicht.json").read_text(encoding="utf-8"))
        # The last revision rewrites the stored states; this database refuses that, after
        # the tables of three revisions were created in the same transaction.
        old.execute(
            "CREATE TRIGGER weiger BEFORE UPDATE ON gesprekken "
            "BEGIN SELECT RAISE(ABORT, 'geweigerd'); END"
        )
    _checkpointed(db)
    before = db.read_bytes()
    result = run_kmobot(["chat", "--jsonl", "--db", str(db)])
    assert_fault(result, "migratie", "van schemaversie 0002 naar", "geweigerd")
    assert result.returncode == EXIT_CODES["migratie"] == 17
    _checkpointed(db)
    assert db.read_bytes() == before
    with closing(sqlite3.connect(db)) as conn:
        assert "rechten" not in tables(conn) and "alembic_version" not in tables(conn)
    [copy] = backups(tmp_path)
    assert str(copy) in result.stderr
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM projecten").fetchone() == (1,)


async def test_the_error_of_a_failed_migration_names_the_copy(
    tmp_path: Path, project_row: tuple[Any, ...]
) -> None:
    db = tmp_path / "kmo.db"
    with closing(layout(db, "2026-12-01_uitgaand")) as old:
        fill(old, project_row, (TOESTAND_V1 / "overzicht.json").read_text(encoding="utf-8"))
        old.execute(
            "CREATE TRIGGER weiger BEFORE UPDATE ON gesprekken BEGIN SELECT RAISE(ABORT, 'x'); END"
        )
    with pytest.raises(StoreError) as caught:
        await Store.open(db)
    assert caught.value.soort == "migratie"
    [copy] = backups(tmp_path)
    assert str(copy) in caught.value.melding()
    assert "Er is niets gewijzigd" in caught.value.melding()


def test_an_old_conversation_in_an_old_database_goes_on_in_the_terminal(
    tmp_path: Path, project_row: tuple[Any, ...]
) -> None:
    db = tmp_path / "kmo.db"
    with closing(layout(db, "2026-12-01_thema_keuzes")) as old:
        fill(old, project_row, (TOESTAND_V1 / "uren.json").read_text(encoding="utf-8"))
    chat = Chat(db, "--today", "2026-03-10")
    try:
        assert chat.first[-1]["asks"] == INDEX["uren"]["na_hervatten"]["asks"] == "uren"
        chat.send({"text": "16"})
        assert chat.last[-1]["asks"] == "datum_overeenkomst"
    finally:
        _, stderr = chat.proc.communicate(timeout=30)
    [copy] = backups(tmp_path)
    assert f"Een kopie van de vorige toestand staat in {copy}" in stderr
    assert "Traceback" not in stderr


def test_processes_starting_at_once_on_an_old_database_migrate_it_once(
    tmp_path: Path, project_row: tuple[Any, ...]
) -> None:
    db = tmp_path / "kmo.db"
    with closing(layout(db, "2026-12-01_user_version_1")) as old:
        fill(old, project_row, (TOESTAND_V1 / "overzicht.json").read_text(encoding="utf-8"))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "onderneming", "toon", "0403170701", "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.communicate()) for p in procs]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    assert len(backups(tmp_path)) == 1
    assert sum("bijgewerkt van schemaversie" in err for _, (_, err) in results) == 1


def test_kmobot_db_versie_reads_and_migreer_migrates_with_a_copy(
    tmp_path: Path, project_row: tuple[Any, ...]
) -> None:
    db = tmp_path / "kmo.db"
    with closing(layout(db, "2026-12-01_ondernemingen")) as old:
        fill(old, project_row, (TOESTAND_V1 / "overzicht.json").read_text(encoding="utf-8"))
    _checkpointed(db)
    before = db.read_bytes()

    versie = run_kmobot(["db", "versie", "--db", str(db)])
    assert versie.returncode == 0, versie.stderr
    assert "Schemaversie: 0003 (herkend aan de tabellen" in versie.stdout
    assert f"Nieuwste schemaversie van deze kmobot: {schema.HEAD}" in versie.stdout
    assert "kmobot db migreer" in versie.stdout
    assert db.read_bytes() == before and backups(tmp_path) == []

    migreer = run_kmobot(["db", "migreer", "--db", str(db)])
    assert migreer.returncode == 0, migreer.stderr
    [copy] = backups(tmp_path)
    assert f"bijgewerkt van schemaversie 0003 naar {schema.HEAD}" in migreer.stdout
    assert str(copy) in migreer.stdout

    again = run_kmobot(["db", "versie", "--db", str(db)])
    assert f"Schemaversie: {schema.HEAD}\n" in again.stdout and "is bij" in again.stdout
    assert "er is niets gewijzigd" in run_kmobot(["db", "migreer", "--db", str(db)]).stdout
    assert len(backups(tmp_path)) == 1


def test_kmobot_db_versie_of_a_newer_database_says_so_with_its_exit_code(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    assert run_kmobot(["db", "migreer", "--db", str(db)]).returncode == 0
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00d'")
        conn.commit()
    result = run_kmobot(["db", "versie", "--db", str(db)])
    assert result.returncode == EXIT_CODES["nieuwer"]
    assert "Schemaversie: f00d" in result.stdout and "nieuwere versie" in result.stdout


@pytest.mark.parametrize("soort", ["bestaand", "nieuw"])
def test_a_start_without_migration_loads_neither_alembic_nor_sqlalchemy(
    tmp_path: Path, soort: str
) -> None:
    db = tmp_path / "kmo.db"
    if soort == "bestaand":
        assert run_kmobot(["db", "migreer", "--db", str(db)]).returncode == 0
    code = (
        "import asyncio, sys\n"
        "from bot.store import Store\n"
        "async def main():\n"
        f"    store = await Store.open({str(db)!r})\n"
        "    await store.close()\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in ('alembic', 'sqlalchemy') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_revisions_write_postgresql_ddl_without_sqlite_functions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    migraties.upgrade("postgresql://", sql=True)  # offline: no server, no driver
    ddl = capsys.readouterr().out
    for _, nodig in schema.TABELLEN:
        for tabel in nodig:
            assert f"CREATE TABLE IF NOT EXISTS {tabel} (" in ddl
    assert "datetime(" not in ddl and "strftime(" not in ddl and "AUTOINCREMENT" not in ddl
    assert "jaar SERIAL" not in ddl  # a year is a value, not a counter
    assert f"UPDATE alembic_version SET version_num='{schema.HEAD}'" in ddl


async def test_a_state_that_cannot_be_migrated_is_kept_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    kapot = '{"schema_version": 1, "mode": "iets dat nooit bestond", "asks": 7}'
    current = DialogState().model_dump_json()
    with closing(layout(db, "2026-12-01_uitgaand")) as old:
        old.executemany(
            "INSERT INTO gesprekken (kanaal, chat_id, state) VALUES ('telegram', ?, ?)",
            [("1", kapot), ("2", "geen json"), ("3", current)],
        )
    store = await Store.open(db, melden=lambda _: None)
    await store.close()
    with closing(sqlite3.connect(db)) as conn:
        rows = dict(conn.execute("SELECT chat_id, state FROM gesprekken").fetchall())
    assert rows == {"1": kapot, "2": "geen json", "3": current}
