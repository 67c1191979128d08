"""What the engine asks of the outside world, as Protocols the channels implement.

The engine never opens a file or socket itself: the service hands it an object with these
methods, bound to the transaction of the current turn.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from dialogs.dienstverleners import Treffer
from dialogs.models import Dienstverlener, Project


class Ports(Protocol):
    """Registry, history and submission of one chat, inside one transaction."""

    async def dienstverlener(self, registratienummer: str) -> Dienstverlener | None:
        """The provider with exactly this registration number, if registered."""

    async def zoek_dienstverleners(
        self, query: str, *, type: str | None = None, limit: int = 8
    ) -> list[Treffer]:
        """Providers matching a registration number or a (misspelt) name, best first."""

    async def subsidie_toegekend(self, *, onderneming: str, jaar: int) -> Decimal:
        """Subsidie of this chat's approved projects for this onderneming in that calendar year."""

    async def projecten(self, *, onderneming: str | None) -> list[Project]:
        """This chat's projects (of one onderneming, or all), oldest first."""

    async def project(self, projectnummer: str) -> Project | None:
        """One of this chat's projects by its number."""

    async def volgend_volgnummer(self, jaar: int) -> int:
        """Reserve the next project sequence number of a year (unique over all chats)."""

    async def bewaar_project(self, project: Project) -> None:
        """Store an approved project for this chat."""

    async def meld_storting(self, projectnummer: str) -> Project | None:
        """Mark one of this chat's projects as 'storting gemeld' (no more reminders)."""

    async def bewaar_thema_keuze(self, *, titel: str, thema: str, subthema: str) -> None:
        """Keep the user's pick at the thema proposal as a labelled example, for review only."""

    async def vergeet(self) -> None:
        """Delete everything stored for this chat: its projects and their personal data."""
