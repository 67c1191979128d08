"""In-memory implementation of the engine's ports, for engine tests without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.dienstverleners_csv import demo_registry_csv, parse_dienstverleners_csv
from dialogs.dienstverleners import Register, Treffer
from dialogs.models import (
    CodePoging,
    Dienstverlener,
    Onderneming,
    Project,
    Recht,
    Toegangscode,
)


class MemoryPorts:
    """Registry, projects and sequence numbers of one chat, kept in lists.

    The chat is alone: it is beheerder of every onderneming it filed for, the size of a year is
    that of its first project of the year, the NACE code that of its last project.
    """

    def __init__(self, registry: list[Dienstverlener] | None = None) -> None:
        if registry is None:
            registry, _ = parse_dienstverleners_csv(demo_registry_csv())
        self.registry = list(registry)
        self.projects: list[Project] = []
        self.volgnummers: dict[int, int] = {}
        self.today: date | None = None  # the date a stopzetting is dated (default: the aanvraag)
        self.thema_keuzes: list[tuple[str, str, str]] = []

    async def dienstverlener(self, registratienummer: str) -> Dienstverlener | None:
        return Register(self.registry).nummer(registratienummer)

    async def zoek_dienstverleners(
        self, query: str, *, type: str | None = None, limit: int = 8
    ) -> list[Treffer]:
        return Register(self.registry).zoek(query, type=type, limit=limit)

    async def subsidie_toegekend(self, *, onderneming: str, jaar: int) -> Decimal:
        return sum(
            (
                p.subsidie
                for p in self.projects
                if p.onderneming == onderneming
                and p.aanvraagdatum.year == jaar
                and p.counts_for_cap()
            ),
            Decimal("0"),
        )

    async def projecten(self, *, onderneming: str | None) -> list[Project]:
        return [p for p in self.projects if onderneming is None or p.onderneming == onderneming]

    async def project(self, projectnummer: str) -> Project | None:
        return next((p for p in self.projects if p.projectnummer == projectnummer), None)

    async def volgend_volgnummer(self, jaar: int) -> int:
        self.volgnummers[jaar] = self.volgnummers.get(jaar, 0) + 1
        return self.volgnummers[jaar]

    async def bewaar_project(self, project: Project) -> None:
        self.projects.append(project)

    async def meld_storting(self, projectnummer: str) -> Project | None:
        for i, p in enumerate(self.projects):
            if p.projectnummer == projectnummer:
                if p.status == "aangevraagd":
                    self.projects[i] = p.model_copy(update={"status": "storting_gemeld"})
                return self.projects[i]
        return None

    async def bewaar_thema_keuze(self, *, titel: str, thema: str, subthema: str) -> None:
        self.thema_keuzes.append((titel, thema, subthema))

    async def vergeet(self) -> None:
        self.projects.clear()

    async def onderneming(self, nummer: str, *, jaar: int) -> Onderneming:
        own = [p for p in self.projects if p.onderneming == nummer]
        if not own:
            return Onderneming(nummer=nummer, toegang="vrij")
        year = [p for p in own if p.aanvraagdatum.year == jaar]
        grootte = year[0].velden.get("grootte") if year else None
        nace = own[-1].velden.get("nace")
        return Onderneming(
            nummer=nummer,
            toegang="beheerder",
            jaar=jaar,
            grootte=grootte if isinstance(grootte, str) else None,
            nace=nace if isinstance(nace, str) else None,
        )

    async def maak_toegangscode(self, onderneming: str) -> Toegangscode | None:
        return None  # one chat: nobody to invite

    async def gebruik_toegangscode(self, onderneming: str, code: str) -> CodePoging:
        return CodePoging(uitkomst="fout", over=4)

    async def rechten(self, onderneming: str) -> list[Recht]:
        if not any(p.onderneming == onderneming for p in self.projects):
            return []
        first = min(p.aanvraagdatum for p in self.projects if p.onderneming == onderneming)
        return [Recht(nummer=1, kanaal="terminal", rol="beheerder", sinds=first, zelf=True)]

    async def trek_recht_in(self, onderneming: str, nummer: int) -> bool:
        return False

    async def stopzet(self, projectnummer: str, reden: str) -> Project | None:
        for i, p in enumerate(self.projects):
            if p.projectnummer == projectnummer:
                self.projects[i] = p.with_status("stopgezet", self.today or p.aanvraagdatum, reden)
                return self.projects[i]
        return None
