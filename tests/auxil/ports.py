"""In-memory implementation of the engine's ports, for engine tests without a database."""

from __future__ import annotations

from decimal import Decimal

from bot.store import demo_registry_csv, parse_dienstverleners_csv
from dialogs.dienstverleners import Register, Treffer
from dialogs.models import Dienstverlener, Project


class MemoryPorts:
    """Registry, projects and sequence numbers of one chat, kept in lists."""

    def __init__(self, registry: list[Dienstverlener] | None = None) -> None:
        if registry is None:
            registry, _ = parse_dienstverleners_csv(demo_registry_csv())
        self.registry = list(registry)
        self.projects: list[Project] = []
        self.volgnummers: dict[int, int] = {}
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
                if p.onderneming == onderneming and p.aanvraagdatum.year == jaar
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
