"""What the engine asks of the outside world, as Protocols the channels implement.

The engine never opens a file or socket itself: the service hands it an object with these
methods, bound to the transaction of the current turn.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from dialogs.dienstverleners import Treffer
from dialogs.models import CodePoging, Dienstverlener, Onderneming, Project, Recht, Toegangscode


class Ports(Protocol):
    """Registry, history and submission of one chat, inside one transaction.

    Projects belong to their onderneming: a chat sees and changes those of the ondernemingen it
    holds a right on, and the cap counts every project of the number, whoever filed it.
    """

    async def dienstverlener(self, registratienummer: str) -> Dienstverlener | None:
        """The provider with exactly this registration number, if registered."""

    async def zoek_dienstverleners(
        self, query: str, *, type: str | None = None, limit: int = 8
    ) -> list[Treffer]:
        """Providers matching a registration number or a (misspelt) name, best first."""

    async def subsidie_toegekend(self, *, onderneming: str, jaar: int) -> Decimal:
        """Subsidie counting for the onderneming's cap in that calendar year (every chat's)."""

    async def projecten(self, *, onderneming: str | None) -> list[Project]:
        """The projects this chat sees (of one onderneming, or all), oldest first."""

    async def project(self, projectnummer: str) -> Project | None:
        """A project this chat sees, by its number."""

    async def volgend_volgnummer(self, jaar: int) -> int:
        """Reserve the next project sequence number of a year (unique over all chats)."""

    async def bewaar_project(self, project: Project) -> None:
        """Store an approved project (the first for a free number makes this chat beheerder)."""

    async def meld_storting(self, projectnummer: str) -> Project | None:
        """Mark a project this chat sees as 'storting gemeld' (no more reminders)."""

    async def bewaar_thema_keuze(self, *, titel: str, thema: str, subthema: str) -> None:
        """Keep the user's pick at the thema proposal as a labelled example, for review only."""

    async def vergeet(self) -> None:
        """Delete what is stored for this chat and its rights (a company keeps its projects)."""

    async def onderneming(self, nummer: str, *, jaar: int) -> Onderneming:
        """This chat's right on an onderneming; with a right, its size of `jaar` and its NACE."""

    async def maak_toegangscode(self, onderneming: str) -> Toegangscode | None:
        """A new single-use access code (None: this chat is no beheerder of it)."""

    async def gebruik_toegangscode(self, onderneming: str, code: str) -> CodePoging:
        """Try an access code; a right (gemachtigd) when it is valid."""

    async def rechten(self, onderneming: str) -> list[Recht]:
        """Who holds a right on an onderneming (empty: this chat holds none)."""

    async def trek_recht_in(self, onderneming: str, nummer: int) -> bool:
        """Revoke a right of the list (only a beheerder, never its own)."""

    async def stopzet(self, projectnummer: str, reden: str) -> Project | None:
        """Mark a project this chat sees as stopgezet, on the application date, with a reason."""
