"""The conversation of scripts/rasa-e2e: one aanvraag over Rasa's REST channel, to approval.

Answers what Rasa's tracker says is requested (slot requested_slot, read over Rasa's HTTP API),
with a refused amount, a button press, a correction in words, then the verklaring op eer (first
no, then yes); checks
the projectnummer, the project in the json_message, the QR image, the historiek over Rasa and on
the terminal channel (same database). Writes each REST turn's time to --tijden.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ANTWOORDEN = {
    "onderneming": "0403.170.701",
    "nace": "62.100",
    "type": "opleiding",
    "naam": "Excel voor gevorderden",
    "soort": "1",
    "thema": "1",
    "subthema": "1",
    "deelnemers": "2",
    "deelnemer_namen": "Jan Peeters en An Janssens",
    "uren": "16",
    "datum_overeenkomst": "01/03/2026",
    "startdatum": "02/03/2026",
    "bedrijfsfunctioneren": "ja",
    "kost": "1.250,50",
    "dienstverlener": "DV.O213465",
}
MEDEDELING = re.compile(r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")
PROJECTNUMMER = re.compile(r"\b\d{4}-\d{6}\b")


def _http(url: str, body: Any | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:  # noqa: S310 - loopback only
        raw = r.read().decode()
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def wait_for(url: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    while True:
        try:
            _http(url)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > end:
                raise SystemExit(f"{url} antwoordt niet na {seconds:.0f} s") from None
            time.sleep(1)


class Gesprek:
    def __init__(self, rasa: str, sender: str) -> None:
        self.rasa = rasa
        self.sender = sender
        self.tijden: list[float] = []

    def zeg(self, text: str) -> list[dict[str, Any]]:
        t0 = time.perf_counter()
        out = _http(f"{self.rasa}/webhooks/rest/webhook", {"sender": self.sender, "message": text})
        self.tijden.append((time.perf_counter() - t0) * 1000)
        assert isinstance(out, list), out
        return out

    def slots(self) -> dict[str, Any]:
        tracker = _http(f"{self.rasa}/conversations/{self.sender}/tracker")
        return dict(tracker["slots"])


def texts(out: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text") or "") for m in out)


def check(ok: bool, wat: str) -> None:
    sys.stdout.write(("  ok    " if ok else "  FOUT  ") + wat + "\n")
    sys.stdout.flush()
    if not ok:
        check.failed = True  # type: ignore[attr-defined]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--rasa", required=True)
    p.add_argument("--acties", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--today", required=True)
    p.add_argument("--tijden", type=Path, required=True)
    args = p.parse_args()
    check.failed = False  # type: ignore[attr-defined]
    wait_for(f"{args.acties}/health", 120)
    wait_for(f"{args.rasa}/status", 300)
    g = Gesprek(args.rasa, f"e2e-{int(time.time())}")

    out = g.zeg("nieuw")
    check(g.slots()["requested_slot"] == "onderneming", "nieuw start het formulier")
    refused = corrected = pressed = False
    for _ in range(40):
        asked = g.slots()["requested_slot"]
        if asked == "verklaring":
            break
        if asked == "grootte" and not pressed:
            button = next(b for m in out for b in m.get("buttons") or [] if "Klein" in b["title"])
            out = g.zeg(button["payload"])
            pressed = True
            check(g.slots()["grootte"] == "klein", f"knop {button['payload']} kiest klein")
            continue
        if asked == "kost" and not refused:
            out = g.zeg("20 euro")
            refused = True
            slots = g.slots()
            check(
                slots["kost"] is None and slots["requested_slot"] == "kost",
                "20 euro geweigerd: kost blijft leeg en wordt opnieuw gevraagd",
            )
            check("te laag" in texts(out), "de weigering zegt waarom (projectbedrag te laag)")
            continue
        if asked == "dienstverlener" and not corrected:
            out = g.zeg("het bedrag is eigenlijk 1.300 euro")
            corrected = True
            slots = g.slots()
            check(slots["kost"] == "1300.00", "verbetering in woorden: kost wordt 1300.00")
            check(slots["requested_slot"] == "dienstverlener", "en het gesprek gaat verder")
            continue
        out = g.zeg(ANTWOORDEN[str(asked)])
    else:
        check(False, "de verklaring wordt nooit gevraagd")
        return 1
    check("Verklaart u op eer" in texts(out), "het overzicht vraagt de verklaring op eer")
    out = g.zeg("nee")
    check(
        "Verklaart u op eer" in texts(out) and g.slots()["requested_slot"] == "verklaring",
        "nee: de verklaring is nodig, het formulier vraagt ze opnieuw",
    )

    out = g.zeg("ja")
    nummers = PROJECTNUMMER.findall(texts(out))
    check(bool(nummers), "goedgekeurd met een projectnummer")
    projects = [m["custom"]["project"] for m in out if isinstance(m.get("custom"), dict)]
    check(len(projects) == 1, "json_message met het project")
    project = projects[0] if projects else {}
    check(project.get("projectbedrag") == "1300.00", "projectbedrag 1300.00 na de verbetering")
    check(bool(MEDEDELING.match(str(project.get("mededeling")))), "gestructureerde mededeling")
    check(any(str(m.get("image", "")).startswith("data:image/png") for m in out), "EPC-QR")
    check("Stap 6" in texts(out), "de volgende stappen")
    nummer = str(project.get("projectnummer"))

    out = g.zeg("historiek")
    check(nummer in texts(out), f"historiek over Rasa toont {nummer}")

    with sqlite3.connect(args.db) as db:
        stored = db.execute(
            "SELECT kanaal, onderneming FROM projecten WHERE projectnummer = ?", (nummer,)
        ).fetchall()
    check(stored == [("rasa", "0403170701")], "in de gedeelde database bij onderneming 0403170701")

    # The same company on the terminal channel: the Rasa chat filed first and is its beheerder;
    # a terminal chat gets in with an access code of that beheerder and sees the project.
    out = g.zeg("uitnodigen")
    code = re.search(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", texts(out))
    check(code is not None, "uitnodigen over Rasa geeft een toegangscode")
    lines = ["nieuw", "0403.170.701", code.group(0) if code else "", "historiek"]
    terminal = subprocess.run(
        [
            ".venv/bin/kmobot",
            "chat",
            "--jsonl",
            "--db",
            args.db,
            "--today",
            args.today,
            "--chat",
            "e2e-terminal",
        ],
        input="".join(json.dumps({"text": line}) + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    check("geen_toegang" in terminal.stdout, "zonder code: geen_toegang op het terminalkanaal")
    check(
        nummer in terminal.stdout,
        f"met de code toont de historiek op het terminalkanaal (zelfde onderneming) {nummer}",
    )

    args.tijden.write_text(
        json.dumps({"rasa_beurt_ms": g.tijden}, indent=1) + "\n", encoding="utf-8"
    )
    ms = sorted(g.tijden)
    sys.stdout.write(
        f"  {len(ms)} beurten over Rasa: mediaan {ms[len(ms) // 2]:.0f} ms, max {ms[-1]:.0f} ms\n"
    )
    return 1 if check.failed else 0  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
