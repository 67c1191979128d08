"""Stap 4 to 6: the summary, the approval, the next steps; and the projectfiche, historiek.

The summary ends with the verklaring op eer; the approval gives the stortingsgegevens.

Rows come from the field table (each field's label and display) and from the calculation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from dialogs import format as fmt
from dialogs import nlu, toegang
from dialogs.models import (
    Attachment,
    Block,
    Choice,
    EpcPayment,
    Heading,
    Project,
    ProjectApproved,
    Row,
    Rows,
    Text,
)
from dialogs.spec import Calculation, Gegevens, Role
from dialogs.state import Aanvraag, Step, Then
from domain_rules import (
    controleer_plafond,
    maak_mededeling,
    projectreferentie,
    uiterste_stortingsdatum,
)

if TYPE_CHECKING:
    from dialogs.turn import Beurt

DEMO_PROJECTNUMMER = "DEMO-000000"
DEMO_REFERENTIE = "0000000000"


def field_rows(t: Beurt, g: Gegevens) -> list[Row]:
    """Every applicable, answered field of the summary as a row, in the form's order."""
    return [
        Row(label=fmt.hoofdletter(t.t(f.label_id)), value=f.show(g, t.cat))
        for f in t.table.applicable(g)
        if f.in_summary and g.get(f.id) is not None
    ]


class Summary:
    """The summary and the verklaring op eer (stap 4)."""

    async def enter(self, t: Beurt) -> None:
        """Show the summary, or the first problem that blocks it."""
        regels = t.regels()
        if regels is None:
            t.no_rules()
            return
        problems = t.all_problems(regels)
        if problems:
            t.update(then=Then.SUMMARY)
            await t.send_back(problems[0][1])
            return
        calc = await t.calculation()
        assert calc is not None
        cap = controleer_plafond(calc)
        if cap is not None:
            t.refuse(cap)
            t.update(then=Then.SUMMARY)
            await t.ask(next(f.id for f in t.table.fields if f.calculation is Calculation.ALWAYS))
            return
        g = t.g
        dv = g.dienstverlener
        assert dv is not None
        verhoogd = t.t("berekening.verhoogd", subthema=g.subthema or "") if calc.verhoogd else ""
        seed = Rows(
            title=t.t("samenvatting.kop"),
            rows=(
                Row(label=t.t("samenvatting.naam"), value=g.naam or ""),
                Row(label=t.t("samenvatting.aanvraagdatum"), value=fmt.datum(t.today)),
                Row(label=t.t("samenvatting.dienstverlener"), value=dv.naam),
                Row(label=t.t("samenvatting.registratienummer"), value=dv.registratienummer),
                Row(label=t.t("samenvatting.projectbedrag"), value=fmt.euro(calc.projectbedrag)),
                Row(label=t.t("samenvatting.eigen_bijdrage"), value=fmt.euro(calc.eigen_bijdrage)),
                Row(label=t.t("samenvatting.subsidie"), value=fmt.euro(calc.subsidie)),
            ),
        )
        steun = Row(
            label=t.t("samenvatting.steunpercentage"),
            value=t.t(
                "samenvatting.steun",
                steunpercentage=fmt.procent(calc.steunpercentage),
                verhoogd=verhoogd,
                jaar=str(t.today.year),
                jaarplafond=fmt.euro(calc.jaarplafond),
                rest=fmt.euro(calc.rest_plafond_na),
            ),
        )
        details = Rows(title=t.t("samenvatting.gegevens"), rows=(*field_rows(t, g), steun))
        t.update(
            step=Step.SUMMARY,
            field=None,
            choices=(
                Choice(label=t.t("keuze.verklaring_ja"), value="ja"),
                Choice(label=t.t("keuze.verklaring_nee"), value="nee"),
            ),
        )
        blocks: list[Block] = [
            Heading(text=t.t("stap.4")),
            seed,
            details,
            Text(text=t.t("samenvatting.wijzig")),
            Text(text=t.t("samenvatting.tekst_verklaring", **t.type_params())),
            Text(text=t.t("vraag.verklaring")),
        ]
        t.emit("samenvatting.kop", blocks)

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """ja: approve; nee: the verklaring is needed; a correction in words changes a field."""
        if picked is None and t.s.mode == "aanvraag" and await t.try_correction(text):
            return
        raw = picked if picked is not None else text
        if t.s.mode == "demo" and (not raw or t.nlu.intent(raw) == "cmd_volgende"):
            raw = "ja"
        choice = nlu.choice(raw, list(t.s.choices))
        yes = choice == "ja" if choice is not None else nlu.yes_no_lead(raw, t.nlu)
        if yes is None:
            t.say("fout.janee", problem="ongeldige_invoer")
            await self.enter(t)
            return
        if not yes:
            t.say("algemeen.verklaring_nodig")
            await self.enter(t)
            return
        await approve(t)


async def approve(t: Beurt) -> None:
    """Approve the aanvraag: projectnummer, stortingsgegevens, QR, next steps (stap 5 and 6)."""
    regels = t.regels()
    if regels is None:
        t.no_rules()
        return
    info = await toegang.company(t, fresh=True)
    if info is not None and not info.mag:
        # Another chat filed for the number meanwhile: no filing without a right.
        toegang.refuse_access(t, info.nummer)
        return
    problems = t.all_problems(regels)
    calc = await t.calculation()
    if problems or calc is None or controleer_plafond(calc) is not None:
        await t.steps[Step.SUMMARY].enter(t)
        return
    g = t.g
    demo = t.s.mode == "demo"
    if demo:
        projectnummer, referentie = DEMO_PROJECTNUMMER, DEMO_REFERENTIE
    else:
        volgnummer = await t.ports.volgend_volgnummer(t.today.year)
        projectnummer = f"{t.today.year}-{volgnummer:06d}"
        referentie = projectreferentie(jaar=t.today.year, volgnummer=volgnummer)
    sg = regels.stortingsgegevens
    # Every field of the table, None where it does not apply (an advies has no deelnemers).
    applicable = {f.id for f in t.table.applicable(g)}
    velden = {
        f.id: f.value.dump(g.get(f.id)) if f.id in applicable and g.get(f.id) is not None else None
        for f in t.table.fields
    }
    velden["verklaring"] = True
    project = Project(
        projectnummer=projectnummer,
        aanvraagdatum=t.today,
        velden=velden,
        projectbedrag=calc.projectbedrag,
        steunpercentage=calc.steunpercentage,
        subsidie=calc.subsidie,
        eigen_bijdrage=calc.eigen_bijdrage,
        te_storten=calc.eigen_bijdrage,
        jaarplafond=calc.jaarplafond,
        rest_plafond_na=calc.rest_plafond_na,
        uiterste_stortingsdatum=uiterste_stortingsdatum(t.today, regels),
        begunstigde=sg.begunstigde,
        adres_begunstigde=sg.adres,
        rekeningnummer=sg.rekeningnummer,
        iban=sg.iban,
        bic=sg.bic,
        mededeling=maak_mededeling(referentie),
        parameters={
            path: {"sinds": b.sinds.isoformat(), "title": b.title, "href": b.href}
            for path, b in sorted(regels.bronnen.items())
        },
    )
    if not demo:
        await t.ports.bewaar_project(project)
        t.effect(ProjectApproved(projectnummer=projectnummer))
    bedrag = fmt.euro(project.te_storten)
    storting: list[Block] = [
        Heading(text=t.t("goedkeuring.kop", projectnummer=projectnummer)),
        Heading(text=t.t("stap.5")),
        Rows(
            title=t.t(
                "goedkeuring.storting_kop",
                uiterste_stortingsdatum=fmt.datum(project.uiterste_stortingsdatum),
            ),
            rows=(
                Row(label=t.t("goedkeuring.begunstigde"), value=f"{sg.begunstigde}, {sg.adres}"),
                Row(label=t.t("goedkeuring.rekeningnummer"), value=sg.rekeningnummer),
                Row(label=t.t("goedkeuring.iban"), value=sg.iban, copyable=True),
                Row(label=t.t("goedkeuring.bic"), value=sg.bic, copyable=True),
                Row(label=t.t("goedkeuring.bedrag"), value=bedrag, copyable=True),
                Row(label=t.t("goedkeuring.mededeling"), value=project.mededeling, copyable=True),
            ),
        ),
        Text(text=t.t("goedkeuring.storting_let_op")),
    ]
    if not demo and project.te_storten > 0:
        storting.append(
            Attachment(
                caption=t.t(
                    "goedkeuring.qr_bijschrift", bedrag=bedrag, projectnummer=projectnummer
                ),
                payment=EpcPayment(
                    begunstigde=sg.begunstigde,
                    iban=sg.iban,
                    bic=sg.bic,
                    bedrag=project.te_storten,
                    mededeling=project.mededeling,
                ),
                projectnummer=projectnummer,
            )
        )
    if demo:
        t.say("demo.goedkeuring")
    t.emit("goedkeuring.kop", storting, project=project.as_json())
    volgende: list[Block] = [
        Heading(text=t.t("stap.6")),
        Text(
            text=t.t(
                "goedkeuring.volgende",
                projectnummer=projectnummer,
                bedrag=bedrag,
                uiterste_stortingsdatum=fmt.datum(project.uiterste_stortingsdatum),
                subsidie=fmt.euro(project.subsidie),
                projectbedrag=fmt.euro(project.projectbedrag),
            )
        ),
    ]
    if not demo:
        volgende.append(Text(text=t.t("goedkeuring.verder", projectnummer=projectnummer)))
    t.emit("goedkeuring.volgende", volgende)
    if demo:
        t.say("demo.einde")
    t.go_idle()


def projectfiche(t: Beurt, p: Project) -> list[Block]:
    """A project's fiche: its fields as the table shows them, the calculation and the storting."""
    g = t.table.gegevens(Aanvraag(values={k: v for k, v in p.velden.items() if k in t.table}))
    rows = [
        Row(label=fmt.hoofdletter(t.t(f.label_id)), value=f.show(g, t.cat))
        for f in t.table.fields
        if g.get(f.id) is not None
    ]
    rows += [
        Row(label=t.t("projectfiche.aanvraagdatum"), value=fmt.datum(p.aanvraagdatum)),
        Row(label=t.t("projectfiche.projectbedrag"), value=fmt.euro(p.projectbedrag)),
        Row(label=t.t("projectfiche.steunpercentage"), value=fmt.procent(p.steunpercentage)),
        Row(label=t.t("projectfiche.subsidie"), value=fmt.euro(p.subsidie)),
        Row(label=t.t("projectfiche.eigen_bijdrage"), value=fmt.euro(p.eigen_bijdrage)),
        Row(
            label=t.t("projectfiche.storting"),
            value=t.t(
                "projectfiche.storting_waarde",
                eigen_bijdrage=fmt.euro(p.eigen_bijdrage),
                iban=p.iban,
                bic=p.bic,
                mededeling=p.mededeling,
                uiterste_stortingsdatum=fmt.datum(p.uiterste_stortingsdatum),
            ),
        ),
    ]
    for stap in p.geschiedenis:
        reden = t.t("projectfiche.reden", reden=stap.reden) if stap.reden else ""
        rows.append(
            Row(
                label=fmt.datum(stap.datum),
                value=t.t("projectfiche.status_stap", status=t.t(f"status.{stap.status}")) + reden,
            )
        )
    title = t.t(
        "projectfiche.kop", projectnummer=p.projectnummer, status=t.t(f"status.{p.status}")
    )
    return [Rows(title=title, rows=tuple(rows))]


def historiek(t: Beurt, projecten: list[Project]) -> list[Block]:
    """The chat's projects with status, and the subsidie used per onderneming and year."""
    rows = tuple(
        Row(
            label="",
            value=t.t(
                "algemeen.historiek_project",
                projectnummer=p.projectnummer,
                naam=p.naam,
                type=p.type,
                aanvraagdatum=fmt.datum(p.aanvraagdatum),
                subsidie=fmt.euro(p.subsidie),
                status=t.t(f"status.{p.status}"),
            ),
        )
        for p in projecten
    )
    blocks: list[Block] = [Rows(title=t.t("algemeen.historiek_kop"), rows=rows)]
    per_jaar: dict[tuple[str, int], Decimal] = {}
    for p in projecten:
        key = (p.onderneming, p.aanvraagdatum.year)
        counted = p.subsidie if p.counts_for_cap() else Decimal("0")
        per_jaar[key] = per_jaar.get(key, Decimal("0")) + counted
    company = t.table[t.table.field_of(Role.ONDERNEMING)]
    for (onderneming, jaar), gebruikt in sorted(per_jaar.items()):
        same = [
            p for p in projecten if p.onderneming == onderneming and p.aanvraagdatum.year == jaar
        ]
        plafond = max(same, key=lambda p: p.aanvraagdatum).jaarplafond
        rest = max(Decimal("0"), plafond - gebruikt)
        blocks.append(
            Text(
                text=t.t(
                    "algemeen.historiek_jaar",
                    jaar=str(jaar),
                    onderneming=company.display(onderneming, t.cat),
                    gebruikt=fmt.euro(gebruikt),
                    plafond=fmt.euro(plafond),
                    rest=fmt.euro(rest),
                )
            )
        )
    return blocks
