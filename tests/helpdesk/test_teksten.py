"""The console's own texts (bot/helpdesk/teksten_nl.yml): each one used, each one filled."""

from __future__ import annotations

import re
from pathlib import Path

from bot.helpdesk import gesprekken
from bot.helpdesk.teksten import catalogus

BRON = "\n".join(
    p.read_text(encoding="utf-8")
    for p in (Path(__file__).resolve().parents[2] / "bot" / "helpdesk").glob("*.py")
)


def test_every_console_text_is_used() -> None:
    gebruikt = set(re.findall(r'["\']([a-z_]+(?:\.[a-z_]+)+|audit_alleen_beheerder)["\']', BRON))
    gebruikt |= {f"reden.{r}" for r in gesprekken.REDENEN}
    assert catalogus().ids() - gebruikt == set()


def test_every_text_the_console_uses_exists() -> None:
    for tekst_id in re.findall(r'tekst\(\s*["\']([a-z_.]+)["\']', BRON):
        assert catalogus().has(tekst_id), tekst_id
