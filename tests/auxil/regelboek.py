"""A copy of the package's parameter tree with later values of the registration prefixes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from domain_rules import RegelBoek, laad_regelboek
from domain_rules.parameters import PARAMETERS_PAD

PREFIX_BESTAND = Path("dienstverleners/registratieprefix.yaml")


def boom_met_prefixen(tmp_path: Path, later: dict[date, list[tuple[str, str]]]) -> Path:
    """Copy the parameter tree and append one dated value (prefix, type pairs) per date."""
    boom = tmp_path / "parameters"
    shutil.copytree(PARAMETERS_PAD, boom, ignore=shutil.ignore_patterns("__pycache__"))
    pad = boom / PREFIX_BESTAND
    tekst = pad.read_text(encoding="utf-8")
    for sinds, prefixen in later.items():
        tekst += f"  {sinds.isoformat()}:\n    zekerheid: bevestigd\n    value:\n"
        tekst += "".join(f"      - {{prefix: {p}, type: {t}}}\n" for p, t in prefixen)
        tekst += '    reference: {title: "Test", href: "https://example.org/test"}\n'
    pad.write_text(tekst, encoding="utf-8")
    return boom


def regelboek_met_prefixen(tmp_path: Path, later: dict[date, list[tuple[str, str]]]) -> RegelBoek:
    """The rules of such a copy."""
    return laad_regelboek(boom_met_prefixen(tmp_path, later))
