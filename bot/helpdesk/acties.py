"""What an agent does for a chat, each in one transaction with its audit line.

What the user is to see goes through the outbox (`uitgaand`) of the user's own channel: an
agent's reply as `medewerker`, engine messages as `berichten`. What changes the aanvraag or a
project runs as a turn of the engine on the user's chat (`Service.handle` with `medewerker`),
so the same parsers and rules apply as when the user types it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot import toegangscodes
from bot.service import Service
from bot.store import Transaction
from dialogs import format as fmt
from dialogs.messages import default_catalog
from dialogs.models import (
    Attachment,
    Effect,
    EpcPayment,
    Heading,
    Input,
    Message,
    Row,
    Rows,
    Text,
    Toegangscode,
    plain_text,
)

GROOTTES = ("klein", "middelgroot", "groot")


def _t(message_id: str, **params: str) -> str:
    return default_catalog().text(message_id, **params)


def _stuur(tx: Transaction, kanaal: str, chat_id: str, messages: list[Message]) -> Awaitable[int]:
    return tx.zet_klaar(
        kanaal, chat_id, "berichten", [m.model_dump(mode="json") for m in messages]
    )


@dataclass(frozen=True, slots=True)
class Acties:
    """The agent actions on one service (the clock and the application date are inputs)."""

    service: Service
    vandaag: Callable[[], date]

    @property
    def nu(self) -> datetime:
        """The clock of the service."""
        return self.service.clock()

    async def overnemen(self, agent: str, kanaal: str, chat_id: str) -> None:
        """The bot stops answering the chat, and the user is told a person took over."""
        nu = self.nu
        async with self.service.store.transaction() as tx:
            al = await tx.overname(kanaal, chat_id)
            await tx.neem_over(kanaal, chat_id, agent, nu)
            await tx.audit(agent, "overnemen", nu, kanaal=kanaal, chat_id=chat_id)
            if al is None or not al[1]:
                melding = Message(id="helpdesk.overgenomen", text=_t("helpdesk.overgenomen"))
                await tx.overname_gemeld(kanaal, chat_id)
                await tx.schrijf_transcript(
                    kanaal,
                    chat_id,
                    nu,
                    "assistent",
                    melding.text,
                    bericht_id=melding.id,
                )
                await _stuur(tx, kanaal, chat_id, [melding])

    async def bericht(self, agent: str, kanaal: str, chat_id: str, tekst: str) -> None:
        """An agent's reply, delivered on the user's channel (the audit log has no text)."""
        nu = self.nu
        async with self.service.store.transaction() as tx:
            await tx.zet_klaar(kanaal, chat_id, "medewerker", {"tekst": tekst})
            await tx.schrijf_transcript(kanaal, chat_id, nu, "medewerker", tekst, medewerker=agent)
            await tx.audit(
                agent,
                "bericht",
                nu,
                kanaal=kanaal,
                chat_id=chat_id,
                details={"tekens": str(len(tekst))},
            )

    async def teruggeven(self, agent: str, kanaal: str, chat_id: str) -> list[Message]:
        """End the takeover; the bot says so and repeats the current question."""
        nu = self.nu

        async def bij(tx: Transaction, messages: list[Message], effects: list[Effect]) -> None:
            await tx.geef_terug(kanaal, chat_id)
            await tx.audit(agent, "teruggeven", nu, kanaal=kanaal, chat_id=chat_id)
            melding = Message(id="helpdesk.teruggegeven", text=_t("helpdesk.teruggegeven"))
            await tx.schrijf_transcript(
                kanaal, chat_id, nu, "assistent", melding.text, bericht_id=melding.id
            )
            rest = [m for m in messages if m.id != "algemeen.welkom_terug"]
            await _stuur(tx, kanaal, chat_id, [melding, *rest])

        return await self.service.handle(
            kanaal,
            chat_id,
            Input(kind="resume"),
            today=self.vandaag(),
            also=bij,
            medewerker=agent,
        )

    async def beurt(
        self,
        agent: str,
        kanaal: str,
        chat_id: str,
        tekst: str,
        *,
        actie: str,
        details: dict[str, str] | None = None,
    ) -> list[Message]:
        """Type `tekst` for the user: an engine turn on the user's chat, shown to the user."""
        nu = self.nu

        async def bij(tx: Transaction, messages: list[Message], effects: list[Effect]) -> None:
            await tx.audit(agent, actie, nu, kanaal=kanaal, chat_id=chat_id, details=details)
            kop = Message(
                id="helpdesk.door_medewerker",
                text=_t("helpdesk.door_medewerker", invoer=tekst),
            )
            await _stuur(tx, kanaal, chat_id, [kop, *messages])

        return await self.service.handle(
            kanaal,
            chat_id,
            Input(text=tekst),
            today=self.vandaag(),
            also=bij,
            medewerker=agent,
        )

    async def veld(
        self, agent: str, kanaal: str, chat_id: str, veld: str, waarde: str
    ) -> list[Message]:
        """Fill or correct a field: `wijzig <veld>`, then the value, as turns of the engine."""
        details = {"veld": veld}
        await self.beurt(agent, kanaal, chat_id, f"wijzig {veld}", actie="veld", details=details)
        return await self.beurt(agent, kanaal, chat_id, waarde, actie="veld", details=details)

    async def stortingsgegevens(
        self, agent: str, kanaal: str, chat_id: str, projectnummer: str
    ) -> bool:
        """Send a project's stortingsgegevens with the QR code again; False: not its project."""
        nu = self.nu
        async with self.service.store.transaction() as tx:
            project = await tx.project(kanaal, chat_id, projectnummer)
            if project is None:
                return False
            bedrag = fmt.euro(project.te_storten)
            blocks: list[Any] = [
                Heading(text=_t("goedkeuring.kop", projectnummer=project.projectnummer)),
                Rows(
                    title=_t(
                        "goedkeuring.storting_kop",
                        uiterste_stortingsdatum=fmt.datum(project.uiterste_stortingsdatum),
                    ),
                    rows=(
                        Row(
                            label=_t("goedkeuring.begunstigde"),
                            value=f"{project.begunstigde}, {project.adres_begunstigde}",
                        ),
                        Row(label=_t("goedkeuring.rekeningnummer"), value=project.rekeningnummer),
                        Row(label=_t("goedkeuring.iban"), value=project.iban, copyable=True),
                        Row(label=_t("goedkeuring.bic"), value=project.bic, copyable=True),
                        Row(label=_t("goedkeuring.bedrag"), value=bedrag, copyable=True),
                        Row(
                            label=_t("goedkeuring.mededeling"),
                            value=project.mededeling,
                            copyable=True,
                        ),
                    ),
                ),
                Text(text=_t("goedkeuring.storting_let_op")),
            ]
            if project.te_storten > 0:
                blocks.append(
                    Attachment(
                        caption=_t(
                            "goedkeuring.qr_bijschrift",
                            bedrag=bedrag,
                            projectnummer=project.projectnummer,
                        ),
                        payment=EpcPayment(
                            begunstigde=project.begunstigde,
                            iban=project.iban,
                            bic=project.bic,
                            bedrag=project.te_storten,
                            mededeling=project.mededeling,
                        ),
                        projectnummer=project.projectnummer,
                    )
                )
            m = Message(id="goedkeuring.kop", text=plain_text(blocks), blocks=blocks)
            await _stuur(tx, kanaal, chat_id, [m])
            await tx.schrijf_transcript(
                kanaal, chat_id, nu, "assistent", m.text, bericht_id=m.id, medewerker=agent
            )
            await tx.audit(
                agent,
                "stortingsgegevens",
                nu,
                kanaal=kanaal,
                chat_id=chat_id,
                details={"projectnummer": project.projectnummer},
            )
            return True

    async def gestort(
        self, agent: str, kanaal: str, chat_id: str, projectnummer: str
    ) -> list[Message]:
        """Mark a project's storting as reported, as `gestort <nummer>` on the user's chat."""
        return await self.beurt(
            agent,
            kanaal,
            chat_id,
            f"gestort {projectnummer}",
            actie="gestort",
            details={"projectnummer": projectnummer},
        )

    async def stopzetten(
        self, agent: str, kanaal: str, chat_id: str, projectnummer: str, reden: str
    ) -> list[Message]:
        """Stop a project: `stopzet <nummer>`, the reason and `ja` as turns on the user's chat."""
        details = {"projectnummer": projectnummer}
        await self.beurt(
            agent,
            kanaal,
            chat_id,
            f"stopzet {projectnummer}",
            actie="stopzetten",
            details=details,
        )
        await self.beurt(agent, kanaal, chat_id, reden, actie="stopzetten", details=details)
        return await self.beurt(agent, kanaal, chat_id, "ja", actie="stopzetten", details=details)

    async def toegangscode(self, agent: str, kbo: str) -> Toegangscode:
        """A new access code for a company, to tell the caller (made in the agent's name)."""
        nu = self.nu
        async with self.service.store.transaction() as tx:
            code = await toegangscodes.maak(tx, kbo, "helpdesk", agent, self.vandaag())
            await tx.audit(agent, "toegangscode", nu, details={"onderneming": kbo})
            return code

    async def recht(
        self, agent: str, kanaal: str, chat_id: str, kbo: str, *, beheerder: bool
    ) -> None:
        """Grant the chat a right on a company (gemachtigd, or beheerder)."""
        nu = self.nu
        async with self.service.store.transaction() as tx:
            if beheerder:
                await tx.maak_beheerder(kbo, kanaal, chat_id, self.vandaag())
            else:
                await tx.geef_recht(kbo, kanaal, chat_id, "gemachtigd", self.vandaag())
            await tx.audit(
                agent,
                "recht",
                nu,
                kanaal=kanaal,
                chat_id=chat_id,
                details={"onderneming": kbo, "rol": "beheerder" if beheerder else "gemachtigd"},
            )

    async def grootte(self, agent: str, kbo: str, jaar: int, grootte: str, reden: str) -> None:
        """Correct the locked size of a year, with the reason in the audit log."""
        if grootte not in GROOTTES:
            raise ValueError(grootte)
        nu = self.nu
        async with self.service.store.transaction() as tx:
            oud = await tx.grootte(kbo, jaar)
            await tx.leg_grootte_vast(kbo, jaar, grootte, "helpdesk", overschrijf=True)
            await tx.audit(
                agent,
                "grootte",
                nu,
                details={
                    "onderneming": kbo,
                    "jaar": str(jaar),
                    "van": oud or "",
                    "naar": grootte,
                    "reden": reden,
                },
            )
