"""Stopping an approved project (rules §10.2): a reason, a confirmation, what comes back.

`stopzet <projectnummer>` asks why (`Step.REASON`), then ja/nee (the confirmation
`stopzetten`). The project becomes `stopgezet` on the application date; its reminders stop
(they are only sent while a project waits for its storting). The reply says what is refunded
and whether the subsidie returns to the yearly cap: only when stopped in the calendar year of
the aanvraag.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from dialogs import format as fmt
from dialogs.models import Project
from dialogs.state import Confirmation, Step

if TYPE_CHECKING:
    from dialogs.turn import Beurt


def _commands() -> ModuleType:
    # dialogs.commands lists `stopzet` among its commands: imported when first used.
    from dialogs import commands

    return commands


#: Statuses a project can be stopped from (rules §10.1).
LOPEND = frozenset({"aangevraagd", "storting_gemeld", "storting_ontvangen", "subsidie_toegevoegd"})
#: The longest reason kept.
MAX_REDEN = 500


async def cmd_stopzet(t: Beurt, rest: str) -> None:
    """Stop a project: its number, then the reason and a confirmation."""
    nummer = rest.strip()
    projecten = await t.ports.projecten(onderneming=None)
    if not nummer:
        lopend = [p for p in projecten if p.status in LOPEND]
        if len(lopend) != 1:
            voorbeeld = lopend[-1].projectnummer if lopend else f"{t.today.year}-000001"
            t.say("stopzet.welk", voorbeeld=voorbeeld)
            await t.after_side_command()
            return
        nummer = lopend[0].projectnummer
    project = await t.ports.project(_commands().normalise_projectnummer(nummer))
    if project is None:
        t.say("algemeen.project_onbekend", nummer=nummer[:40])
        await t.after_side_command()
        return
    if project.status not in LOPEND:
        t.say(
            "stopzet.kan_niet",
            projectnummer=project.projectnummer,
            status=t.t(f"status.{project.status}"),
        )
        await t.after_side_command()
        return
    t.update(
        step=Step.REASON, stopzetting=project.projectnummer, reden="", back=_commands().place(t)
    )
    await ReasonStep().enter(t)


class ReasonStep:
    """Why the project in `stopzetting` is stopped."""

    async def enter(self, t: Beurt) -> None:
        """Ask the reason."""
        nummer = t.s.stopzetting
        project = await t.ports.project(nummer) if nummer else None
        if project is None:
            await _back(t)
            return
        t.update(step=Step.REASON, choices=())
        t.say("vraag.stopzet_reden", projectnummer=project.projectnummer, naam=project.naam)

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """Keep the reason and ask to confirm."""
        reden = (picked or text).strip()
        if len(reden) < 3:
            t.say("stopzet.reden_nodig", problem="ongeldige_invoer")
            await self.enter(t)
            return
        if len(reden) > MAX_REDEN:
            t.say("stopzet.reden_te_lang", problem="ongeldige_invoer", max=str(MAX_REDEN))
            await self.enter(t)
            return
        t.update(reden=reden)
        ask_stop(t)


def stop_params(t: Beurt) -> dict[str, str]:
    """The confirmation's placeholders: the project and the reason to be kept."""
    return {"projectnummer": t.s.stopzetting or "", "reden": t.s.reden}


def ask_stop(t: Beurt) -> None:
    """The confirmation, with the reason to be kept; it returns where `stopzet` was typed."""
    back = t.s.back
    _commands().ask_confirm(t, "stopzetten", "stopzet.vraag", **stop_params(t))
    if t.s.confirm is not None:
        t.update(confirm=t.s.confirm.model_copy(update={"back": back}))


async def stop_yes(t: Beurt, c: Confirmation) -> None:
    """Stop it, and say what is refunded and what returns to the cap."""
    nummer = t.s.stopzetting
    project = await t.ports.stopzet(nummer, t.s.reden) if nummer else None
    if project is None:
        t.say("algemeen.project_onbekend", nummer=(nummer or "")[:40])
    else:
        for message_id, params in refund(project):
            t.say(message_id, **params)
    t.update(stopzetting=None, reden="")
    await _back(t, c)


async def stop_no(t: Beurt, c: Confirmation) -> None:
    """It goes on."""
    t.say("stopzet.niet", projectnummer=t.s.stopzetting or "")
    t.update(stopzetting=None, reden="")
    await _back(t, c)


async def _back(t: Beurt, c: Confirmation | None = None) -> None:
    back = c.back if c is not None else t.s.back
    t.update(stopzetting=None, reden="")
    if t.active and back is not None:
        await _commands().go_back(t, back)
    else:
        t.go_idle()
        t.say("algemeen.wat_nu")


def refund(project: Project) -> list[tuple[str, dict[str, str]]]:
    """The messages of a stopped project: stopped, refund, cap (rules §10.2)."""
    stap = project.geschiedenis[-1]
    out = [
        (
            "stopzet.gedaan",
            {"projectnummer": project.projectnummer, "datum": fmt.datum(stap.datum)},
        )
    ]
    bijdrage = {"eigen_bijdrage": fmt.euro(project.eigen_bijdrage)}
    gestort = any(s.status == "storting_gemeld" for s in project.geschiedenis)
    out.append(("stopzet.terug_gestort" if gestort else "stopzet.terug_niet_gestort", bijdrage))
    plafond = {"subsidie": fmt.euro(project.subsidie), "jaar": str(project.aanvraagdatum.year)}
    terug = not project.counts_for_cap()
    out.append(("stopzet.plafond_terug" if terug else "stopzet.plafond_niet_terug", plafond))
    return out
