"""Batch search commands for evaluation and the helpdesk: one query per stdin line, one JSON line out.

`kmobot nlu thema --json`, `kmobot nlu evaluate FILE.csv`, `kmobot nace zoek --json`,
`kmobot dienstverleners zoek --json`. Each function returns the process exit code.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def run_thema(args: argparse.Namespace) -> int:
    """Thema/subthema candidates per line: {"candidates": [{thema, subthema, score, uitgesloten}]}."""
    raise NotImplementedError


def run_evaluate(args: argparse.Namespace) -> int:
    """Top-1/top-3 accuracy per thema and the most frequent confusions on a labelled CSV."""
    raise NotImplementedError


def run_nace(args: argparse.Namespace) -> int:
    """NACE-BEL candidates per line: {"candidates": [{code, omschrijving, score}]}."""
    raise NotImplementedError


async def run_dienstverleners(args: argparse.Namespace, *, db: Path) -> int:
    """Provider candidates per line: {"candidates": [{naam, registratienummer, type, score}]}."""
    raise NotImplementedError
