"""The console script as users and scripts run it: --jsonl protocol, resume after kill, import."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from domain_rules import is_geldige_mededeling
from tests.auxil.antwoorden import Antwoorden

KEYS = {"text", "asks", "choices", "problem", "project", "blocks"}

# One opleiding aanvraag: the line to send for each field, whatever order it is asked in
# (`Chat.answer_until` reads the awaited field from `asks`).
OPLEIDING: dict[str, dict[str, str]] = {
    "onderneming": {"text": "0403.170.701"},
    "grootte": {"choice": "klein"},
    "nace": {"text": "62.100"},
    "type": {"choice": "opleiding"},
    "naam": {"text": "Excel voor gevorderden"},
    "soort": {"choice": "klassikaal"},
    # the thema proposed from the title (IT – Software), accepted: no subthema question
    "thema": {"choice": "voorstel:IT|Software"},
    "deelnemers": {"text": "2"},
    "deelnemer_namen": {"text": "Jan Peeters en An Janssens"},
    "uren": {"text": "16"},
    "datum_overeenkomst": {"text": "01/03/2026"},
    "startdatum": {"text": "02/03/2026"},
    "bedrijfsfunctioneren": {"choice": "ja"},
    "kost": {"text": "€ 1.250,50"},
    "dienstverlener": {"text": "DV.O213465"},
}


RUNNING: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _stop_leftover_processes():  # type: ignore[no-untyped-def]
    yield
    while RUNNING:
        proc = RUNNING.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


class Chat:
    """A running `kmobot chat --jsonl` process."""

    def __init__(self, db: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1,localhost"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--jsonl", "--db", str(db), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        RUNNING.append(self.proc)
        self.first = self.last = self.read_turn()

    def read_message(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "process ended before answering"
        data = json.loads(line)
        assert set(data) == KEYS
        return data

    def read_turn(self) -> list[dict[str, Any]]:
        """Messages up to the one that ends the turn (the one with choices or asks)."""
        out = [self.read_message()]
        while out[-1]["asks"] is None and not out[-1]["choices"]:
            out.append(self.read_message())
        return out

    def send(self, payload: dict[str, str]) -> list[dict[str, Any]]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(payload) + "\n")
        self.proc.stdin.flush()
        self.last = self.read_turn()
        return self.last

    def answer_until(
        self, field_id: str, answers: dict[str, dict[str, str]] = OPLEIDING
    ) -> list[dict[str, Any]]:
        """Send the line for whatever the last turn asks until it asks `field_id`."""
        walk = Antwoorden(answers, field_id)
        while (payload := walk.next(self.last[-1]["asks"], self.last[-1]["text"])) is not None:
            self.send(payload)
        return self.last

    def aanvraag_rest(
        self, answers: dict[str, dict[str, str]] = OPLEIDING
    ) -> list[dict[str, Any]]:
        """The aanvraag under way answered on to the verklaring op eer: the approval."""
        self.answer_until("verklaring", answers)
        last = self.send({"choice": "ja"})
        assert last[-1]["asks"] is None, last[-1]["text"]
        return last

    def aanvraag(self, answers: dict[str, dict[str, str]] = OPLEIDING) -> list[dict[str, Any]]:
        """nieuw, every question answered from `answers`, the verklaring op eer: the approval."""
        self.send({"text": "nieuw"})
        self.answer_until("verklaring", answers)
        last = self.send({"choice": "ja"})
        assert last[-1]["asks"] is None, last[-1]["text"]
        return last

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.communicate(timeout=10)

    def close(self) -> str:
        """End input; return whatever stdout still held (nothing is expected)."""
        rest, errors = self.proc.communicate(timeout=10)
        assert "Traceback" not in errors
        return rest


def run_kmobot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_jsonl_full_opleiding_gives_project_and_stortingsgegevens(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "kmo.db", "--today", "2026-03-10")
    assert chat.first[-1]["asks"] is None
    last = chat.aanvraag()
    approval = [m for m in last if m["project"]]
    assert len(approval) == 1
    p = approval[0]["project"]
    assert p["projectnummer"] == "2026-000001"
    assert p["aanvraagdatum"] == "2026-03-10"
    assert (p["projectbedrag"], p["subsidie"], p["eigen_bijdrage"]) == (
        "1250.50",
        "375.15",
        "875.35",
    )
    assert p["te_storten"] == "875.35"
    assert p["steunpercentage"] == "0.30"
    assert p["uiterste_stortingsdatum"] == "2026-04-09"
    assert p["iban"] == "BE64 7330 3379 7052" and p["bic"] == "KREDBEBB"
    assert p["begunstigde"] == "N.V. Sodexo Pass Belgium"
    assert p["rekeningnummer"] == "733-0337970-52"
    assert p["dienstverlener"] == {"naam": "Attentia NV", "registratienummer": "DV.O213465"}
    assert p["deelnemer_namen"] == ["Jan Peeters", "An Janssens"]
    assert (p["thema"], p["subthema"]) == ("IT", "Software")
    assert is_geldige_mededeling(p["mededeling"])
    assert "€ 875,35" in approval[0]["text"] and p["mededeling"] in approval[0]["text"]
    assert "Stap 6 van 6" in last[-1]["text"]
    assert chat.close() == ""


def test_jsonl_rejects_bad_lines_without_losing_the_question(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "kmo.db", "--today", "2026-03-10")
    chat.send({"text": "nieuw"})
    for bad in ("niet json", "[1, 2]", '{"text": 5}', '{"andere": "x"}'):
        assert chat.proc.stdin is not None
        chat.proc.stdin.write(bad + "\n")
        chat.proc.stdin.flush()
        msg = chat.read_message()
        assert msg["problem"] == "ongeldige_json"
        assert msg["asks"] == "onderneming"
    turn = chat.send({"text": "0403.170.701"})
    assert turn[-1]["asks"] == "grootte"
    chat.close()


@pytest.mark.parametrize(
    "killed_at",
    ["onderneming", "naam", "thema", "deelnemers", "kost", "verklaring"],
    ids=lambda field: f"killed-at-{field}",
)
def test_resume_after_kill_continues_exactly_where_the_user_was(
    tmp_path: Path, killed_at: str
) -> None:
    db = tmp_path / "kmo.db"
    chat = Chat(db, "--today", "2026-03-10")
    chat.send({"text": "nieuw"})
    chat.answer_until(killed_at)
    chat.kill()
    chat = Chat(db, "--today", "2026-03-10")
    assert "Welkom terug" in chat.first[0]["text"]
    assert chat.first[-1]["asks"] == killed_at
    if killed_at == "thema":
        # the proposal made before the kill is offered again, with its buttons
        assert "past volgens mij het thema IT – Software" in chat.first[-1]["text"]
        assert [c["value"] for c in chat.first[-1]["choices"]] == [
            "voorstel:IT|Software",
            "andere",
        ]
    chat.answer_until("verklaring")
    last = chat.send({"choice": "ja"})
    assert last[-1]["asks"] is None
    project = next(m["project"] for m in last if m["project"])
    assert project["subsidie"] == "375.15"
    assert project["deelnemer_namen"] == ["Jan Peeters", "An Janssens"]
    chat.close()


def test_second_aanvraag_same_year_gets_only_the_rest_of_the_cap(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    chat = Chat(db, "--today", "2026-03-10")
    big = {**OPLEIDING, "kost": {"text": "€ 20.000"}}
    last = chat.aanvraag(big)
    first = next(m["project"] for m in last if m["project"])
    assert first["subsidie"] == "6000.00"
    # paid in time: it does not lapse (a project that lapses gives its subsidie back)
    chat.send({"text": "gestort 2026-000001"})
    chat.kill()
    chat = Chat(db, "--today", "2026-06-01")
    later = {
        **big,
        "datum_overeenkomst": {"text": "20/05/2026"},
        "startdatum": {"text": "25/05/2026"},
    }
    # the ondernemingsnummer is remembered: not asked again
    del later["onderneming"]
    last = chat.aanvraag(later)
    project = next(m["project"] for m in last if m["project"])
    assert project["projectnummer"] == "2026-000002"
    assert project["subsidie"] == "1500.00"
    assert project["eigen_bijdrage"] == "18500.00"
    assert project["mededeling"] != first["mededeling"]
    chat.close()


def test_two_chats_never_see_each_others_projects(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    chat = Chat(db, "--today", "2026-03-10", "--chat", "anna")
    chat.aanvraag()
    chat.close()
    other = Chat(db, "--today", "2026-03-10", "--chat", "bert")
    assert "nog geen goedgekeurde projecten" in other.send({"text": "historiek"})[0]["text"]
    assert "vind geen project" in other.send({"text": "project 2026-000001"})[0]["text"]
    other.close()
    again = Chat(db, "--today", "2026-03-10", "--chat", "anna")
    fiche = again.send({"text": "project 2026-000001"})[0]["text"]
    assert "Jan Peeters, An Janssens" in fiche
    again.close()


def test_another_chat_needs_a_code_from_the_beheerder_and_then_shares_the_cap(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kmo.db"
    big = {**OPLEIDING, "kost": {"text": "€ 20.000"}}
    anna = Chat(db, "--today", "2026-03-10", "--chat", "anna")
    anna.aanvraag(big)
    reply = anna.send({"text": "uitnodigen"})
    found = re.search(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", reply[0]["text"])
    assert found, reply[0]["text"]
    anna.close()
    bert = Chat(db, "--today", "2026-03-10", "--chat", "beller-jansen")
    bert.send({"text": "nieuw"})
    refused = bert.send({"text": "0403.170.701"})
    assert refused[-1]["asks"] == "toegangscode"
    assert refused[0]["problem"] == "geen_toegang"
    assert "€" not in " ".join(m["text"] for m in refused)
    joined = bert.send({"text": found.group(0)})
    assert "Toegang gekregen" in joined[0]["text"]
    assert joined[-1]["asks"] == "nace"  # the size of 2026 is fixed, the NACE code offered
    last = bert.aanvraag_rest(big)
    project = next(m["project"] for m in last if m["project"])
    assert project["subsidie"] == "1500.00"
    bert.close()


def test_the_helpdesk_transfers_rights_and_corrects_the_size(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    anna = Chat(db, "--today", "2026-03-10", "--chat", "anna")
    anna.aanvraag()
    anna.close()
    shown = run_kmobot("onderneming", "toon", "0403.170.701", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    assert "1. terminal anna: beheerder sinds 10/03/2026" in shown.stdout
    assert "grootte 2026: klein" in shown.stdout
    moved = run_kmobot(
        "onderneming", "beheerder", "0403170701", "--kanaal", "terminal", "--chat", "bert",
        "--alleen", "--db", str(db),
    )  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    assert "anna" not in moved.stdout and "terminal bert: beheerder" in moved.stdout
    fixed = run_kmobot(
        "onderneming", "grootte", "0403170701", "--jaar", "2026", "--grootte", "middelgroot",
        "--db", str(db),
    )  # fmt: skip
    assert "grootte 2026: middelgroot" in fixed.stdout
    bert = Chat(db, "--today", "2026-03-10", "--chat", "bert")
    assert "2026-000001" in bert.send({"text": "historiek"})[0]["text"]
    reply = bert.send({"text": "nieuw"})
    bert.send({"text": "0403.170.701"})
    said = " ".join(m["text"] for m in bert.last)
    assert "Grootte: middelgrote onderneming, vastgelegd voor 2026" in said, reply
    bert.close()
    bad = run_kmobot("onderneming", "toon", "123", "--db", str(db))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_an_answer_from_a_window_that_fell_behind_is_not_used(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    first = Chat(db, "--today", "2026-03-10")
    first.send({"text": "nieuw"})
    second = Chat(db, "--today", "2026-03-10")  # the same chat in another window
    assert second.last[-1]["asks"] == "onderneming"
    assert first.send({"text": "0403.170.701"})[-1]["asks"] == "grootte"
    # the second window still shows the KBO question: its answer is not taken for the size
    reply = second.send({"text": "0202.239.951"})
    assert reply[0]["problem"] == "verouderd"
    assert reply[-1]["asks"] == "grootte"
    reply = second.send({"choice": "middelgroot"})
    assert reply[-1]["asks"] == "nace"
    # and now the first window is behind: its answer to the size is not used either
    reply = first.send({"choice": "klein"})
    assert reply[0]["problem"] == "verouderd"
    assert reply[-1]["asks"] == "nace"
    first.close()
    second.close()
    with sqlite3.connect(db) as conn:
        (state,) = conn.execute("SELECT state FROM gesprekken").fetchone()
    values = json.loads(state)["aanvraag"]["values"]
    assert values["onderneming"] == "0403170701" and values["grootte"] == "middelgroot"


def test_interactive_chat_numbers_choices_and_survives_a_kill(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    out = run_kmobot("chat", "--db", str(db), "--today", "2026-03-10", stdin="nieuw\n0403170701\n")
    assert out.returncode == 0, out.stderr
    assert "  1. Kleine onderneming" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr
    out = run_kmobot("chat", "--db", str(db), "--today", "2026-03-10", stdin="2\n")
    assert "Welkom terug" in out.stdout
    assert "NACE-BEL-code" in out.stdout.split("> ", 1)[1]


def test_invalid_today_is_refused_in_dutch() -> None:
    out = run_kmobot("chat", "--today", "10/03/2026")
    assert out.returncode == 2
    assert "ongeldige datum" in out.stderr


def test_import_keeps_good_rows_reports_bad_lines_and_updates(tmp_path: Path) -> None:
    db = tmp_path / "kmo.db"
    csv = tmp_path / "dv.csv"
    csv.write_text(
        "naam,registratienummer,type,website\n"
        "Opleidingen Peeters BV,DV.O123456,opleiding,x\n"
        ",DV.O123457,opleiding,x\n"
        "Advies Janssens,DV.X123458,advies,x\n"
        "Cyberwacht NV,DV.A123459,advies,x\n"
        "Fout Type,DV.O123460,advies,x\n"
        "Geen Type,DV.O123461,,x\n",
        encoding="utf-8",
    )
    out = run_kmobot("dienstverleners", "import", str(csv), "--db", str(db))
    assert out.returncode == 1
    assert "2 dienstverleners ingelezen (2 nieuw, 0 bijgewerkt)" in out.stdout
    for line in ("regel 3", "regel 4", "regel 6", "regel 7"):
        assert line in out.stdout
    assert "regel 2" not in out.stdout and "regel 5" not in out.stdout
    csv.write_text(
        "naam,registratienummer,type\nOpleidingen Peeters NV,dv.o123456,opleiding\n",
        encoding="utf-8",
    )
    out = run_kmobot("dienstverleners", "import", str(csv), "--db", str(db))
    assert out.returncode == 0
    assert "1 dienstverleners ingelezen (0 nieuw, 1 bijgewerkt)" in out.stdout
    # The imported registry replaces the demo one and is what the chat searches.
    chat = Chat(db, "--today", "2026-03-10")
    chat.send({"text": "nieuw"})
    chat.answer_until("dienstverlener")
    assert chat.send({"text": "Attentia"})[-1]["asks"] == "dienstverlener"
    turn = chat.send({"text": "peeters"})
    assert any("Opleidingen Peeters NV (DV.O123456)" in m["text"] for m in turn)
    assert turn[-1]["asks"] == "verklaring"
    chat.close()


def test_import_of_a_missing_file_or_columns_fails_cleanly(tmp_path: Path) -> None:
    out = run_kmobot(
        "dienstverleners", "import", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.db")
    )
    assert out.returncode == 2 and "Kan" in out.stderr and "Traceback" not in out.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("naam;nummer\nA;B\n", encoding="utf-8")
    out = run_kmobot("dienstverleners", "import", str(bad), "--db", str(tmp_path / "x.db"))
    assert out.returncode == 2 and "kolom(men) ontbreken" in out.stdout


def test_dienstverleners_zoek_json_one_line_per_query(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "dienstverleners",
            "zoek",
            "--json",
            "--type",
            "opleiding",
            "--db",
            str(tmp_path / "kmo.db"),
        ],
        input=b"atentia\n\n" + b"\xff\xfe\n" + b"dv o 213465\nDV.A233038\n",
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(lines) == 5
    first, blank, garbage, number, other_type = lines
    assert first["candidates"][0] == {
        "naam": "Attentia NV",
        "registratienummer": "DV.O213465",
        "type": "opleiding",
        "score": first["candidates"][0]["score"],
    }
    assert blank == {"candidates": []} and garbage == {"candidates": []}
    assert number["candidates"][0]["score"] == 100.0
    assert other_type == {"candidates": []}  # DV.A… is an advies provider
