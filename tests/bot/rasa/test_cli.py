"""`kmobot acties` as a process: loopback by default, Rasa's calls answered, SIGTERM stops it."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.bot.rasa.conftest import captured_request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, body: object) -> tuple[int, object]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_kmobot_acties_serves_rasa_on_loopback_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    tijden = tmp_path / "tijden.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "acties",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "kmo.db"),
            "--today",
            "2026-03-10",
            "--tijden",
            str(tijden),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        body = captured_request()
        body["next_action"] = "validate_aanvraag_form"
        body["tracker"]["latest_message"]["text"] = "nieuw"
        status, answer = _post(f"{url}/webhook", body)
        assert status == 200
        assert isinstance(answer, dict)
        assert {
            "event": "slot",
            "timestamp": None,
            "name": "requested_slot",
            "value": "onderneming",
        } in answer["events"]
        body["next_action"] = "action_onbekend"
        assert _post(f"{url}/webhook", body)[0] == 404
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{port}/webhook" in err
    times = json.loads(tijden.read_text(encoding="utf-8"))["acties_ms"]
    assert len(times["validate_aanvraag_form"]) == 1
    assert "nieuw" not in tijden.read_text(encoding="utf-8")  # times only, no message text
