"""Storage faults: each a Dutch message with its own exit code, no traceback, no hang, no change.

Every start fault is tried on `python -m bot …` as an operator runs it, on every command that
opens the database; a fault in a running bot (disk full, locked) keeps the turn for a retry.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from bot.service import Service
from bot.store import EXIT_CODES, SCHEMA_VERSION, Store, StoreError
from dialogs.models import Input
from tests.bot.test_cli import Chat

TODAY = date(2026, 3, 10)
TOKEN = "4839574812:AAHkq3v9Zp7WmXc2Lr5Tn8Bd6Fs1Gy4Je0Q"
ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def commands(db: Path, tmp: Path) -> dict[str, list[str]]:
    """Every command that opens the database, pointed at `db`."""
    csv = tmp / "dv.csv"
    csv.write_text("naam,registratienummer,type\nSchool,DV.O123458,opleiding\n", encoding="utf-8")
    return {
        "chat": ["chat", "--jsonl", "--db", str(db)],
        "telegram": ["telegram", "--db", str(db), "--api-base-url", "http://127.0.0.1:9"],
        "acties": ["acties", "--db", str(db), "--port", "0"],
        "dienstverleners import": ["dienstverleners", "import", str(csv), "--db", str(db)],
        "onderneming": ["onderneming", "toon", "0403170701", "--db", str(db)],
    }


COMMANDS = ["chat", "telegram", "acties", "dienstverleners import", "onderneming"]


def run_kmobot(
    args: list[str], *, stdin: str = '{"text": "hallo"}\n', user: int | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m bot …`; as another user when `user` is given (root ignores file modes)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "NO_PROXY": "127.0.0.1,localhost",
    }
    prefix: list[str] = []
    if user is not None:
        prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,  # a hang fails here
        env=env,
        cwd=ROOT,
    )


def assert_fault(result: subprocess.CompletedProcess[str], soort: str, *words: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXIT_CODES[soort], (result.returncode, result.stderr)
    assert "Er is niets gewijzigd" in result.stderr or soort == "vol", result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def existing_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the current version, with a conversation in it."""
    db = tmp_path_factory.mktemp("bestaand") / "kmo.db"
    assert (
        run_kmobot(["chat", "--jsonl", "--db", str(db)], stdin='{"text":"nieuw"}\n').returncode
        == 0
    )
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    return db


def copy_db(existing_db: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(existing_db, target / "kmo.db")
    return target / "kmo.db"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_garbage_file_is_refused_at_once_and_left_as_it_was(
    tmp_path: Path, command: str
) -> None:
    db = tmp_path / "data" / "kmo.db"
    db.parent.mkdir()
    db.write_bytes(b"dit is geen database\n" * 300)
    before = db.read_bytes()
    result = run_kmobot(commands(db, tmp_path)[command])
    assert_fault(result, "geen_database", str(db), "geen SQLite-database of het is beschadigd")
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists()


def test_a_corrupt_database_fails_its_quick_check(existing_db: Path, tmp_path: Path) -> None:
    db = copy_db(existing_db, tmp_path)
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page + 8 : 3 * page] = b"\xff" * (2 * page - 8)  # the b-tree pages after the first
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    result = run_kmobot(commands(db, tmp_path)["chat"])
    assert_fault(result, "geen_database", "beschadigd")
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_that_is_a_directory(tmp_path: Path, command: str) -> None:
    db = tmp_path / "map.db"
    db.mkdir()
    result = run_kmobot(commands(db, tmp_path)[command])
    assert_fault(result, "map", "is een map, geen databasebestand")
    assert list(db.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_a_newer_schema_is_refused_and_not_touched(
    existing_db: Path, tmp_path: Path, command: str
) -> None:
    db = copy_db(existing_db, tmp_path / "data")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = snapshot(db.parent)
    result = run_kmobot(commands(db, tmp_path)[command])
    assert_fault(result, "nieuwer", "nieuwere versie", "versie 99", f"tot {SCHEMA_VERSION}")
    after = snapshot(db.parent)
    after.pop("kmobot.log", None)
    assert after == before


def test_a_newer_data_version_is_refused(existing_db: Path, tmp_path: Path) -> None:
    db = copy_db(existing_db, tmp_path)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE meta SET waarde = '7' WHERE sleutel = 'dataversie'")
        conn.commit()
    before = db.read_bytes()
    result = run_kmobot(commands(db, tmp_path)["chat"])
    assert_fault(result, "nieuwer", "versie data 7")
    assert db.read_bytes() == before


def test_a_new_database_gets_the_schema_version(tmp_path: Path) -> None:
    db = tmp_path / "nieuw.db"
    assert run_kmobot(commands(db, tmp_path)["onderneming"]).returncode == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A directory another user can enter (pytest's own tmp_path is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="kmobot-opslag-"))
    path.chmod(0o755)
    yield path
    for sub in path.rglob("*"):
        if sub.is_dir():
            sub.chmod(0o755)
    shutil.rmtree(path)


def as_other_user() -> int | None:
    """Root writes through any file mode: the read-only cases then run as nobody."""
    if os.geteuid() != 0:
        return None
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file modes cannot be tried")
    return NOBODY


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_directory(existing_db: Path, shared_tmp: Path, command: str) -> None:
    user = as_other_user()
    cache = shared_tmp / "cache"
    cache.mkdir(mode=0o777)
    os.environ["KMOBOT_CACHE"] = str(cache)
    try:
        db = copy_db(existing_db, shared_tmp / "ro")
        db.chmod(0o444)
        (shared_tmp / "ro").chmod(0o555)
        before = snapshot(db.parent)
        result = run_kmobot(commands(db, shared_tmp)[command], user=user)
        assert_fault(result, "alleen_lezen", "alleen-lezen", str(db))
        if command in ("chat", "telegram", "acties"):  # the commands that keep a log
            assert "het logboek gaat naar stderr" in result.stderr
        assert snapshot(db.parent) == before
        new = shared_tmp / "ro" / "nieuw.db"
        result = run_kmobot(commands(new, shared_tmp)[command], user=user)
        assert_fault(result, "alleen_lezen", str(new))
        assert not new.exists()
    finally:
        del os.environ["KMOBOT_CACHE"]


def test_a_read_only_file_in_a_writable_directory(existing_db: Path, shared_tmp: Path) -> None:
    user = as_other_user()
    db = copy_db(existing_db, shared_tmp / "rw")
    (shared_tmp / "rw").chmod(0o777)
    db.chmod(0o444)
    before = db.read_bytes()
    result = run_kmobot(commands(db, shared_tmp)["chat"], user=user)
    assert_fault(result, "alleen_lezen", "alleen-lezen")
    assert db.read_bytes() == before


def test_a_log_file_that_cannot_be_written_goes_to_stderr(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    (tmp_path / "kmobot.log").mkdir()  # a directory where the log file would be
    result = run_kmobot(["chat", "--jsonl", "--db", str(db)], stdin='{"text": "nieuw"}\n')
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "kmobot.log kan niet worden geschreven" in result.stderr
    assert "het logboek gaat naar stderr" in result.stderr
    assert "ondernemingsnummer" in result.stdout


def test_each_fault_has_its_own_exit_code() -> None:
    codes = list(EXIT_CODES.values())
    assert len(set(codes)) == len(codes)
    assert not {0, 1, 2, 130} & set(codes)


def test_errors_are_classified() -> None:
    path = Path("/nergens/kmo.db")
    assert (
        StoreError.van(sqlite3.OperationalError("database or disk is full"), path).soort == "vol"
    )
    assert StoreError.van(sqlite3.OperationalError("database is locked"), path).soort == "bezet"
    fault = StoreError.van(sqlite3.DatabaseError("file is not a database"), path)
    assert fault.soort == "geen_database"
    assert fault.exit_code == 12
    assert "file is not a database" in fault.melding()


# --- a running bot ----------------------------------------------------------------------------


async def _turns_until_full(service: Service, store: Store) -> list[str]:
    """Fill the database to its page limit with a chat's turns; the texts of the last turn."""
    texts: list[str] = []
    for i in range(200):
        msgs = await service.handle("terminal", f"vul{i}", Input(text="nieuw"), today=TODAY)
        texts = [m.text for m in msgs]
        if msgs[-1].problem == "opslag_vol":
            return texts
    raise AssertionError("the database never filled up")


async def test_disk_full_keeps_the_turn_and_says_try_again(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "kmo.db")
    try:
        service = Service(store)
        await service.handle("terminal", "a", Input(text="nieuw"), today=TODAY)
        before = await service.handle("terminal", "a", Input(kind="resume"), today=TODAY)
        assert before[-1].asks == "onderneming"
        pages = list(await store._conn.execute_fetchall("PRAGMA page_count"))[0][0]
        await store._conn.execute(f"PRAGMA max_page_count = {pages}")
        texts = await _turns_until_full(service, store)
        assert any("probeer zo meteen opnieuw" in t for t in texts)
        msgs = await service.handle("terminal", "a", Input(text="0403170701"), today=TODAY)
        assert msgs[-1].problem == "opslag_vol"
        assert "probeer zo meteen opnieuw" in msgs[-1].text
        assert "schijf" in msgs[-1].text
        await store._conn.execute(f"PRAGMA max_page_count = {2**30}")
        # The turn was not consumed: the same answer now moves on from the same question.
        msgs = await service.handle("terminal", "a", Input(text="0403170701"), today=TODAY)
        assert msgs[-1].asks == "grootte"
    finally:
        await store.close()


async def test_a_locked_database_keeps_the_turn_and_says_try_again(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "kmo.db")
    other = sqlite3.connect(tmp_path / "kmo.db", isolation_level=None)
    try:
        service = Service(store)
        await service.handle("terminal", "a", Input(text="nieuw"), today=TODAY)
        await store._conn.execute("PRAGMA busy_timeout = 50")
        other.execute("BEGIN IMMEDIATE")
        msgs = await service.handle("terminal", "a", Input(text="0403170701"), today=TODAY)
        assert msgs[-1].problem == "opslag_bezet"
        assert "probeer zo meteen opnieuw" in msgs[-1].text
        other.execute("ROLLBACK")
        msgs = await service.handle("terminal", "a", Input(text="0403170701"), today=TODAY)
        assert msgs[-1].asks == "grootte"
    finally:
        other.close()
        await store.close()


async def test_a_lock_released_while_the_turn_waits_lets_the_turn_through(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "kmo.db")
    other = sqlite3.connect(tmp_path / "kmo.db", isolation_level=None, check_same_thread=False)
    try:
        service = Service(store)
        await service.handle("terminal", "a", Input(text="nieuw"), today=TODAY)
        await store._conn.execute("PRAGMA busy_timeout = 100")
        other.execute("BEGIN IMMEDIATE")
        asyncio.get_running_loop().call_later(0.15, other.execute, "ROLLBACK")
        msgs = await service.handle("terminal", "a", Input(text="0403170701"), today=TODAY)
        assert msgs[-1].asks == "grootte"
    finally:
        other.close()
        await store.close()


def test_the_log_of_a_failed_turn_holds_no_text_of_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio

    async def run() -> None:
        store = await Store.open(tmp_path / "kmo.db")
        try:
            service = Service(store)

            async def broken(*args: object, **kwargs: object) -> None:
                raise ValueError(f"geweigerd: {args[-1]!s:.2000}")

            monkeypatch.setattr("bot.store.Transaction.save_state", broken)
            await service.handle("terminal", "a", Input(text="Jan Peeters"), today=TODAY)
        finally:
            await store.close()

    asyncio.run(run())
    assert "ValueError" in caplog.text
    assert "Jan Peeters" not in caplog.text


# --- many processes on one file ----------------------------------------------------------------


def test_twenty_processes_start_at_once_on_one_new_file(tmp_path: Path) -> None:
    db = tmp_path / "gedeeld.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--jsonl", "--db", str(db), "--chat", f"c{i}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=ROOT,
        )
        for i in range(20)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate('{"text": "nieuw"}\n', timeout=180)
        results.append((proc.returncode, out, err))
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
        assert "locked" not in err
        assert "ondernemingsnummer" in out, out
        assert "probeer zo meteen opnieuw" not in out
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM gesprekken").fetchone() == (20,)
        assert conn.execute("SELECT COUNT(*) FROM dienstverleners").fetchone() == (22,)


# --- vergeet: gone from disk -------------------------------------------------------------------


def test_vergeet_leaves_no_name_in_the_database_the_wal_or_the_log(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    chat = Chat(db, "--today", "2026-03-10")
    approved = chat.aanvraag()
    assert any(m["project"] for m in approved)
    wal = Path(f"{db}-wal")
    secrets = ["Jan Peeters", "An Janssens", "Excel voor gevorderden"]
    on_disk = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert any(s.encode() in on_disk for s in secrets)  # the test can see them
    chat.send({"text": "vergeet"})
    chat.send({"choice": "ja"})
    # Still running: the checkpoint after the forgetting turn already cleared the disk.
    files = [db, wal, tmp_path / "kmobot.log"]
    for path in files:
        data = path.read_bytes() if path.exists() else b""
        for secret in secrets:
            assert secret.encode("utf-8") not in data, (path.name, secret)
    assert not wal.exists() or wal.stat().st_size == 0
    chat.close()
    for path in files:
        data = path.read_bytes() if path.exists() else b""
        for secret in secrets:
            assert secret.encode("utf-8") not in data, (path.name, secret)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM projecten").fetchone() == (1,)  # the cap
