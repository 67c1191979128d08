"""Deadline reminders: 7 days and 1 day before a project's uiterste stortingsdatum.

Finds the channel's projects still waiting for their storting, and queues each reminder in the
outbox in the same transaction that records it as sent, so a restart neither loses nor repeats
one. The clock and the queueing are handed in; nothing here knows about PTB's Application.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Final

from bot.store import Store, Transaction
from bot.telegram_render import catalog_html
from dialogs import format as fmt
from dialogs.messages import Catalog, default_catalog
from dialogs.models import Project

log = logging.getLogger(__name__)

# Days before the uiterste stortingsdatum on which the ondernemer is reminded.
WEEK: Final = 7
DAG: Final = 1

#: Writes the reminder (chat id, project, days before) to the outbox, in the transaction given.
QueueReminder = Callable[[Transaction, str, Project, int], Awaitable[object]]


def due(deadline: date, today: date) -> int | None:
    """Which reminder is due today: 7 (a week or less left), 1 (a day or less), or None.

    A reminder that could not go out on its day (the bot was stopped) goes out on a later day
    before the deadline; past the deadline nothing is sent.
    """
    left = (deadline - today).days
    if 0 <= left <= DAG:
        return DAG
    if DAG < left <= WEEK:
        return WEEK
    return None


def reminder_html(
    project: Project, *, dagen_voor: int, today: date, catalog: Catalog | None = None
) -> str:
    """The reminder as Telegram HTML, with amount, IBAN and mededeling in <code>."""
    catalog = catalog or default_catalog()
    message_id = "telegram.herinnering_week" if dagen_voor == WEEK else "telegram.herinnering_dag"
    return catalog_html(
        catalog,
        message_id,
        code={
            "bedrag": fmt.euro(Decimal(project.te_storten)),
            "iban": project.iban,
            "mededeling": project.mededeling,
        },
        datum=fmt.datum(project.uiterste_stortingsdatum),
        dagen=str((project.uiterste_stortingsdatum - today).days),
        projectnummer=project.projectnummer,
        naam=project.naam,
    )


async def check_reminders(
    store: Store, *, kanaal: str, today: date, queue: QueueReminder
) -> list[tuple[str, int]]:
    """Queue every reminder due today that was not before; returns (projectnummer, days)."""
    async with store.transaction() as tx:
        projects = await tx.open_projects(kanaal)
    queued: list[tuple[str, int]] = []
    for chat_id, project in projects:
        dagen_voor = due(project.uiterste_stortingsdatum, today)
        if dagen_voor is None:
            continue
        async with store.transaction() as tx:
            # Re-read: "Ik heb gestort" may have been pressed since the list was read.
            current = await tx.project(kanaal, chat_id, project.projectnummer)
            if (
                current is None
                or current.status != "aangevraagd"
                or not await tx.claim_reminder(kanaal, chat_id, project.projectnummer, dagen_voor)
            ):
                continue
            await queue(tx, chat_id, current, dagen_voor)
            await tx.finish_reminder(project.projectnummer, dagen_voor, sent=True)
        queued.append((project.projectnummer, dagen_voor))
    return queued


async def run_periodically(
    check: Callable[[], Awaitable[object]], *, interval: float, stop: asyncio.Event
) -> None:
    """Call `check` now and then every `interval` seconds, until `stop` is set; errors are logged.

    Stopped by the event, never cancelled: a check cancelled inside a store transaction would
    leave it open.
    """
    while not stop.is_set():
        try:
            await check()
        except Exception:
            log.exception("reminder check failed; trying again at the next interval")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
