"""The dialog engine: (state, input, today, ports) -> (new state, messages).

Pure apart from the ports it is handed: it never reads the clock, the environment or a socket.
It walks the field table of `dialogs.spec`, understands answers through `dialogs.nlu`, and asks
`domain_rules` for every rule, calculation and number.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from dialogs import format as fmt
from dialogs import nlu
from dialogs.extract import correctie, extract, parse_value
from dialogs.messages import Catalog, default_catalog
from dialogs.models import (
    Aanvraag,
    Choice,
    DialogState,
    Dienstverlener,
    Input,
    Message,
    Project,
    Turn,
)
from dialogs.nace import zoek_nace
from dialogs.nlu import Fout
from dialogs.nlu_loader import NluData, default_nlu_data, fold
from dialogs.ports import Ports
from dialogs.spec import (
    BEVESTIG_ANNULEREN,
    BEVESTIG_UITSLUITING,
    BEVESTIG_VERGETEN,
    BY_ID,
    FIELDS,
    VERKLARING,
    WIJZIG_VELD,
    Ctx,
    applicable,
    check_table,
    display,
)
from dialogs.thema import MOGELIJK, ZEKER, match_thema, match_uitsluiting
from dialogs.thema import laad as laad_thema
from domain_rules import (
    Bron,
    GeenRegels,
    Probleem,
    RegelBoek,
    Regels,
    Steunberekening,
    aandachtspunt,
    bereken_steun,
    controleer_aanvraagtermijn,
    controleer_advies_thema,
    controleer_bedrijfsfunctioneren,
    controleer_dienstverlener_type,
    controleer_grootte,
    controleer_minimum,
    controleer_overeenkomst,
    controleer_plafond,
    controleer_uitsluiting,
    laad_regelboek,
    maak_mededeling,
    nace_code,
    projectreferentie,
    thema_van_subthema,
    themas,
    uiterste_stortingsdatum,
)

DEMO_PROJECTNUMMER = "DEMO-000000"
VOORSTEL = "voorstel:"
ANDERE = "andere"
# A provider found by name is taken without asking only when it is clearly the one meant.
SURE_PROVIDER = 75.0
PROVIDER_MARGIN = 10.0
# Activities in words: weaker NACE matches than this are not worth proposing.
NACE_MIN_SCORE = 40.0
DEMO_REFERENTIE = "0000000000"

_checked: set[int] = set()


def prepare() -> None:
    """Load every table and index once (rules, texts, nlu_data, thema and NACE search)."""
    check_table(default_catalog())
    default_nlu_data()
    laad_regelboek()
    laad_thema()
    zoek_nace("")


async def advance(
    state: DialogState,
    inp: Input,
    *,
    today: date,
    ports: Ports,
    regelboek: RegelBoek | None = None,
    nlu_data: NluData | None = None,
    catalog: Catalog | None = None,
) -> Turn:
    """Handle one user input and return the new state and the assistant's messages."""
    catalog = catalog or default_catalog()
    if id(catalog) not in _checked:
        check_table(catalog)
        _checked.add(id(catalog))
    turn = _Turn(
        # A deep copy, so the caller's state stays as it was (a JSON round trip is the fastest
        # deep copy of a pydantic model, and the state is stored as JSON anyway).
        state=DialogState.model_validate_json(state.model_dump_json()),
        today=today,
        ports=ports,
        regelboek=regelboek or laad_regelboek(),
        nlu_data=nlu_data or default_nlu_data(),
        catalog=catalog,
    )
    await turn.run(inp)
    return turn.result()


class _Turn:
    """One turn's working memory; discarded after `result()`."""

    def __init__(
        self,
        *,
        state: DialogState,
        today: date,
        ports: Ports,
        regelboek: RegelBoek,
        nlu_data: NluData,
        catalog: Catalog,
    ) -> None:
        self.s = state
        self.today = today
        self.ports = ports
        self.regelboek = regelboek
        self.nlu = nlu_data
        self.cat = catalog
        self.out: list[Message] = []

    # --- output ----------------------------------------------------------------------------

    def t(self, message_id: str, **params: str) -> str:
        return self.cat.text(message_id, **params)

    def say(
        self,
        message_id: str,
        *,
        problem: str | None = None,
        project: dict[str, Any] | None = None,
        text: str | None = None,
        **params: str,
    ) -> None:
        self.out.append(
            Message(
                id=message_id,
                text=text if text is not None else self.t(message_id, **params),
                params=params,
                problem=problem,
                project=project,
            )
        )

    def result(self) -> Turn:
        if not self.out:
            self.say("algemeen.wat_nu")
        last = self.out[-1]
        last.asks = self.s.asks
        last.choices = list(self.s.choices)
        return Turn(state=self.s, messages=self.out)

    # --- helpers ---------------------------------------------------------------------------

    @property
    def a(self) -> Aanvraag:
        return self.s.aanvraag

    @property
    def active(self) -> bool:
        return self.s.mode in ("aanvraag", "demo")

    def regels(self) -> Regels | None:
        try:
            return self.regelboek.at(self.today)
        except GeenRegels:
            return None

    def type_params(self) -> dict[str, str]:
        kind = self.a.type
        het = {"opleiding": "de opleiding", "advies": "het advies"}.get(
            kind or "", "de opleiding of het advies"
        )
        return {"type": kind or "opleiding of advies", "het_type": het}

    def ctx(self, regels: Regels) -> Ctx:
        return Ctx(
            today=self.today,
            regels=regels,
            nlu=self.nlu,
            catalog=self.cat,
            aanvraag=self.a,
            choices=list(self.s.choices),
        )

    def idle_choices(self) -> list[Choice]:
        return [
            Choice(label=self.t("keuze.nieuw"), value="nieuw"),
            Choice(label=self.t("keuze.historiek"), value="historiek"),
            Choice(label=self.t("keuze.demo"), value="demo"),
        ]

    def go_idle(self) -> None:
        self.s.mode = "idle"
        self.s.asks = None
        self.s.aanvraag = Aanvraag()
        self.s.review = False
        self.s.return_to_summary = False
        self.s.candidates = []
        self.s.confirm_return = None
        self.s.thema_voorstel = []
        self.s.thema_bladeren = False
        self.s.nace_keuzes = []
        self.s.choices = self.idle_choices()

    # --- main dispatch ---------------------------------------------------------------------

    async def run(self, inp: Input) -> None:
        if inp.kind == "resume":
            await self.resume()
            return
        text = nlu.clean(inp.text)
        picked = nlu.clean(inp.choice) if inp.choice is not None else None
        if self.s.asks == BEVESTIG_ANNULEREN:
            await self.confirm_cancel(picked if picked is not None else text)
            return
        if self.s.asks == BEVESTIG_VERGETEN:
            await self.confirm_forget(picked if picked is not None else text)
            return
        if self.s.asks == BEVESTIG_UITSLUITING:
            await self.confirm_exclusion(picked if picked is not None else text)
            return
        if self.s.asks == WIJZIG_VELD:
            answer = picked if picked is not None else text
            if nlu.choice(answer, self.s.choices) or self.field_named(answer):
                await self.cmd_wijzig(nlu.choice(answer, self.s.choices) or answer)
                return
        raw = picked if picked is not None else text
        if not self.active and self.s.asks is None:
            # The idle menu's options (nieuw, historiek, demo) by number or label.
            raw = nlu.choice(raw, self.s.choices) or raw
        if await self.command(raw):
            return
        if not self.active and self.s.asks is None and await self.start_from_message(raw):
            return
        if not self.active and self.s.asks != "onderneming":
            self.say("algemeen.onbekend_idle")
            self.s.choices = self.idle_choices()
            return
        await self.answer(text=text, picked=picked)

    async def start_from_message(self, raw: str) -> bool:
        """An idle message that already describes a project starts the aanvraag with it."""
        regels = self.regels()
        found = extract(raw, today=self.today, nlu_data=self.nlu) if regels else None
        if found is None or "type" not in found.velden or len(found.velden) < 2:
            return False
        self.go_idle()
        self.s.mode = "aanvraag"
        self.s.greeted = True
        self.say("algemeen.start_aanvraag")
        if self.s.onderneming:
            self.a.onderneming = self.s.onderneming
        assert regels is not None
        return await self.try_multi(raw, regels, current=None)

    async def resume(self) -> None:
        if not self.active:
            if not self.s.greeted:
                self.s.greeted = True
                self.say("algemeen.welkom")
            self.go_idle()
            self.say("algemeen.wat_nu")
            return
        self.say("algemeen.welkom_terug")
        await self.reask()

    async def reask(self) -> None:
        if self.s.asks == VERKLARING:
            await self.summary()
        elif self.s.asks == BEVESTIG_ANNULEREN:
            self.ask_cancel()
        elif self.s.asks == BEVESTIG_VERGETEN:
            self.ask_forget()
        elif self.s.asks == BEVESTIG_UITSLUITING:
            await self.ask_exclusion()
        elif self.s.asks == WIJZIG_VELD:
            self.ask_which_field("algemeen.wijzig_welk")
        elif self.s.asks in BY_ID:
            await self.ask(self.s.asks)
        else:
            await self.next_question(after=None)

    # --- commands --------------------------------------------------------------------------

    async def command(self, text: str) -> bool:
        if not text:
            return False
        words = text.split(maxsplit=1)
        head, rest = words[0], (words[1] if len(words) > 1 else "")
        whole = self.nlu.intent(text)
        first = self.nlu.intent(head)
        if whole == "cmd_start":
            await self.cmd_start()
        elif whole == "cmd_nieuw":
            await self.cmd_nieuw(demo=False)
        elif whole == "cmd_demo":
            await self.cmd_nieuw(demo=True)
        elif whole == "cmd_help":
            await self.cmd_help()
        elif whole == "cmd_terug":
            await self.cmd_terug()
        elif whole == "cmd_annuleer":
            self.cmd_annuleer()
        elif whole == "cmd_historiek":
            await self.cmd_historiek()
        elif whole == "cmd_vergeet":
            self.ask_forget()
        elif whole == "cmd_gestort" or (first == "cmd_gestort" and _looks_like_number(rest)):
            await self.cmd_gestort(rest if first == "cmd_gestort" else "")
        elif whole == "cmd_wijzig" or (first == "cmd_wijzig" and rest):
            await self.cmd_wijzig(rest)
        elif whole == "cmd_project" or (first == "cmd_project" and _looks_like_number(rest)):
            await self.cmd_project(rest)
        else:
            return False
        return True

    async def cmd_start(self) -> None:
        self.s.greeted = True
        self.say("algemeen.welkom")
        if self.active:
            await self.reask()
        else:
            await self.cmd_nieuw(demo=False)

    async def cmd_nieuw(self, *, demo: bool) -> None:
        if self.active:
            self.say("algemeen.al_bezig")
            await self.reask()
            return
        self.go_idle()
        self.s.mode = "demo" if demo else "aanvraag"
        self.s.greeted = True
        if demo:
            self.say("demo.start")
        else:
            self.say("algemeen.start_aanvraag")
            if self.s.onderneming:
                self.a.onderneming = self.s.onderneming
                self.say(
                    "algemeen.onderneming_bekend",
                    onderneming=nlu.toon_ondernemingsnummer(self.s.onderneming),
                )
        await self.next_question(after=None)

    async def cmd_help(self) -> None:
        if self.active and self.s.asks in BY_ID:
            params = self.help_params()
            hulp = self.t(f"hulp.{self.s.asks}", **params)
            self.say("hulp.vraag", hulp=hulp)
            self.say("hulp.algemeen")
            await self.ask(self.s.asks)
        elif self.active and self.s.asks == VERKLARING:
            self.say("hulp.vraag", hulp=self.t("hulp.verklaring"))
            self.say("hulp.algemeen")
        else:
            self.say("hulp.algemeen")
            if self.active:
                await self.reask()
            else:
                self.s.choices = self.idle_choices()

    def help_params(self) -> dict[str, str]:
        regels = self.regels()
        allowed = regels.advies_toegelaten_subthemas if regels else None
        beperkt = (
            self.t(
                "hulp.advies_beperkt",
                sinds=self.advies_sinds(regels),
                toegelaten=", ".join(allowed),
            )
            if regels and allowed
            else ""
        )
        return {
            "dagen": str(regels.aanvraagtermijn_dagen if regels else 14),
            "advies_beperkt": beperkt,
        }

    def advies_sinds(self, regels: Regels) -> str:
        """The date from which advies is limited, from the dated rule itself."""
        bron = regels.bronnen.get("advies/toegelaten_subthemas")
        return fmt.datum(bron.sinds) if bron else ""

    async def cmd_terug(self) -> None:
        if not self.active:
            self.go_idle()
            self.say("algemeen.geen_aanvraag")
            self.s.choices = self.idle_choices()
            return
        if self.s.asks == BEVESTIG_ANNULEREN:
            await self.confirm_cancel("nee")
            return
        previous = "naam" if self.s.asks == BEVESTIG_UITSLUITING else self.previous_field()
        if previous is None:
            self.say("algemeen.eerste_vraag")
            await self.reask()
            return
        self.s.review = True
        self.s.return_to_summary = False
        self.say("algemeen.terug")
        await self.ask(previous)

    def previous_field(self) -> str | None:
        """The question before the current one, in the form's order."""
        ids = [f.id for f in applicable(self.a)]
        current = self.s.asks
        if current == VERKLARING or current not in ids:
            return ids[-1] if current == VERKLARING else None
        i = ids.index(current)
        return ids[i - 1] if i > 0 else None

    def cmd_annuleer(self) -> None:
        if not self.active:
            self.go_idle()
            self.say("algemeen.geen_aanvraag")
            self.s.choices = self.idle_choices()
            return
        if self.s.asks != BEVESTIG_ANNULEREN:
            self.s.confirm_return = self.s.asks
        self.ask_cancel()

    def ask_yes_no(self, asks: str, ja: str, nee: str, message_id: str, **params: str) -> None:
        """A ja/nee confirmation question; `ja`/`nee` are the buttons' labels."""
        self.s.asks = asks
        self.s.choices = [Choice(label=ja, value="ja"), Choice(label=nee, value="nee")]
        self.say(message_id, **params)

    async def yes_no_answer(self, text: str) -> bool | None:
        """ja/nee to a confirmation; None when it was neither (a command ran or it was refused)."""
        picked = nlu.choice(text, self.s.choices)
        yes = picked == "ja" if picked is not None else nlu.yes_no(text, self.nlu)
        if yes is None and not await self.command(text):
            self.say("fout.janee", problem="ongeldige_invoer")
            await self.reask()
        return yes

    def ask_cancel(self) -> None:
        self.ask_yes_no(
            BEVESTIG_ANNULEREN,
            self.t("keuze.annuleer_ja"),
            self.t("keuze.annuleer_nee"),
            "algemeen.annuleer_vraag",
        )

    async def confirm_cancel(self, text: str) -> None:
        yes = await self.yes_no_answer(text)
        if yes is None:
            return
        if yes:
            self.go_idle()
            self.say("algemeen.geannuleerd")
            self.say("algemeen.wat_nu")
            return
        self.s.asks = self.s.confirm_return
        self.s.confirm_return = None
        self.say("algemeen.niet_geannuleerd")
        await self.reask()

    def ask_forget(self) -> None:
        if self.s.asks != BEVESTIG_VERGETEN:
            self.s.confirm_return = self.s.asks
        self.ask_yes_no(
            BEVESTIG_VERGETEN,
            self.t("keuze.vergeet_ja"),
            self.t("keuze.vergeet_nee"),
            "algemeen.vergeet_vraag",
        )

    async def confirm_forget(self, text: str) -> None:
        yes = await self.yes_no_answer(text)
        if yes is None:
            return
        if yes:
            await self.ports.vergeet()
            self.s = DialogState(greeted=True)
            self.go_idle()
            self.say("algemeen.vergeten")
            return
        self.s.asks = self.s.confirm_return
        self.s.confirm_return = None
        self.say("algemeen.niet_vergeten")
        if self.active:
            await self.reask()
        else:
            self.go_idle()
            self.say("algemeen.wat_nu")

    async def cmd_gestort(self, rest: str) -> None:
        nummer = rest.strip()
        if not nummer:
            open_projects = [
                p
                for p in await self.ports.projecten(onderneming=None)
                if p.status == "aangevraagd"
            ]
            if len(open_projects) == 1:
                nummer = open_projects[0].projectnummer
            else:
                self.say("algemeen.gestort_welk")
                await self.after_side_command()
                return
        project = await self.ports.meld_storting(_normalise_projectnummer(nummer))
        if project is None:
            self.say("algemeen.project_onbekend", nummer=nummer[:40])
        else:
            self.say(
                "algemeen.gestort",
                projectnummer=project.projectnummer,
                subsidie=fmt.euro(project.subsidie),
            )
        await self.after_side_command()

    # --- several answers in one message, corrections in free text --------------------------

    async def try_correction(self, raw: str, regels: Regels) -> bool:
        """'het bedrag is eigenlijk 1.200 euro': change that field, then back to the question."""
        found = correctie(raw, nlu_data=self.nlu)
        if found is None:
            return False
        veld, value_text = found
        if veld not in BY_ID or not BY_ID[veld].applies(self.a):
            return False
        value = parse_value(veld, value_text, today=self.today, nlu_data=self.nlu)
        if isinstance(value, Fout):
            self.say(value.message, problem="ongeldige_invoer", **value.params)
            await self.reask()
            return True
        current = self.s.asks
        before = len(self.out)
        outcome = await self.validate_and_store(veld, value, regels)
        if outcome is True:
            self.say(
                "algemeen.aangepast",
                veld=self.t(f"veld.{veld}"),
                waarde=display(veld, self.a, self.cat),
            )
            self.out.insert(before, self.out.pop())
            if current == veld:
                await self.accepted(veld)
                return True
        if outcome is not None:
            await self.reask()
        return True

    async def try_multi(self, raw: str, regels: Regels, *, current: str | None) -> bool:
        """Fill every field a longer message states, recap them, ask only what is missing."""
        if len(raw) < 12 or len(raw.split()) < 3:
            return False
        found = extract(raw, today=self.today, nlu_data=self.nlu)
        fields = {k: v for k, v in found.velden.items() if k in BY_ID}
        facts = len(fields) + (1 if found.dienstverlener_zoekterm else 0)
        if (
            facts < 2
            or not [k for k in fields if k != current]
            and not found.dienstverlener_zoekterm
        ):
            return False
        noted: list[str] = []
        for spec in FIELDS:
            if spec.id not in fields or not spec.applies(self.a):
                continue
            outcome = await self.validate_and_store(spec.id, fields[spec.id], regels)
            if outcome is None:
                return True  # a follow-up question about the title was asked
            if outcome:
                noted.append(f"{self.t(f'veld.{spec.id}')}: {display(spec.id, self.a, self.cat)}")
        if found.dienstverlener_zoekterm and self.a.type:
            hits = await self.ports.zoek_dienstverleners(found.dienstverlener_zoekterm, limit=8)
            right = [h for h in hits if h.dienstverlener.type == self.a.type]
            clear = bool(right) and (
                len(right) == 1 or right[0].score - right[1].score >= PROVIDER_MARGIN
            )
            d = right[0].dienstverlener if right else None
            if (
                clear
                and d
                and right[0].score >= SURE_PROVIDER
                and not self.check("dienstverlener", d, regels)
            ):
                self.a.dienstverlener = d
                noted.append(f"{self.t('veld.dienstverlener')}: {d.naam} ({d.registratienummer})")
            if self.a.dienstverlener is None and right:
                self.s.candidates = [h.dienstverlener for h in right[:5]]
        if noted:
            self.say("algemeen.genoteerd", lijst="\n".join(f"• {n}" for n in noted))
        await self.next_question(after=None)
        return True

    # --- NACE-BEL: a code in any notation or the activity in words --------------------------

    async def answer_nace(self, raw: str) -> None:
        picked = nlu.choice(raw, self.s.choices) if self.s.choices else None
        if picked is not None and nace_code(picked) is not None:
            await self.accept_nace(picked)
            return
        result = zoek_nace(raw[:200], limit=5)
        choices = [
            Choice(label=f"{k.code} – {k.omschrijving}", value=k.code)
            for k in result.candidates
            if result.soort != "woorden" or k.score >= NACE_MIN_SCORE
        ]
        if result.soort in ("code", "klasse") and len(result.candidates) == 1:
            await self.accept_nace(result.candidates[0].code)
            return
        if result.soort == "onbekend" or not choices:
            self.say("fout.nace_onbekend", problem="ongeldige_invoer")
            self.s.nace_keuzes = []
            await self.ask("nace")
            return
        if result.soort == "klasse":
            self.say("nace.klasse", code=result.code or "", aantal=str(result.aantal))
        elif result.soort == "code_2008" and result.nace_2008 is not None:
            self.say("nace.code_2008", text=result.nace_2008.tekst)
        else:
            self.say("nace.kies", zoekterm=raw[:60])
        self.s.nace_keuzes = choices
        await self.ask("nace")

    async def accept_nace(self, code: str) -> None:
        self.a.nace = code
        self.s.nace_keuzes = []
        punt = aandachtspunt(code)
        if punt is not None:
            # Never refused on NACE alone: the e-loket decides; say what the sources say.
            bronnen = ", ".join(b.title for b in punt.bronnen)
            self.say("nace.aandachtspunt", tekst=punt.tekst, bronnen=bronnen)
        await self.accepted("nace")

    # --- thema: proposals from the title, or browse thema then subthema -------------------

    def thema_candidates(self, text: str) -> list[str]:
        """'thema|subthema' proposals for a title: one when sure, up to three when possible."""
        found = match_thema(text, type=self.a.type, limit=3)
        if not found or found[0].score < MOGELIJK:
            return []
        if found[0].score >= ZEKER:
            return [f"{found[0].thema}|{found[0].subthema}"]
        return [f"{k.thema}|{k.subthema}" for k in found if k.score >= MOGELIJK]

    def thema_proposals(self, regels: Regels) -> list[str]:
        if self.s.thema_bladeren:
            return []
        allowed = regels.advies_toegelaten_subthemas if self.a.type == "advies" else None
        if allowed:
            return [f"{thema_van_subthema(sub)}|{sub}" for sub in allowed]
        return list(self.s.thema_voorstel)

    def propose_thema(self, regels: Regels) -> str:
        """Question text for the thema proposals; sets the offered choices."""
        proposals = self.thema_proposals(regels)
        andere = Choice(label=self.t("keuze.andere"), value=ANDERE)
        labels = [p.replace("|", " – ") for p in proposals]
        if len(proposals) == 1:
            self.s.choices = [
                Choice(label=self.t("keuze.ja").capitalize(), value=VOORSTEL + proposals[0]),
                andere,
            ]
            if self.a.type == "advies" and regels.advies_toegelaten_subthemas:
                return self.t(
                    "vraag.thema_advies", voorstel=labels[0], sinds=self.advies_sinds(regels)
                )
            return self.t("vraag.thema_voorstel", voorstel=labels[0], naam=self.a.naam or "")
        self.s.choices = [
            Choice(label=label, value=VOORSTEL + p)
            for label, p in zip(labels, proposals, strict=True)
        ] + [andere]
        return self.t("vraag.thema_kies", naam=self.a.naam or "")

    async def answer_thema(self, raw: str, regels: Regels) -> None:
        picked = nlu.choice(raw, self.s.choices)
        if picked is None and self.s.choices and self.s.choices[0].value.startswith(VOORSTEL):
            yes = nlu.yes_no(raw, self.nlu)
            if yes is True and len(self.s.choices) == 2:
                picked = self.s.choices[0].value
            elif yes is False or self.nlu.intent(raw) == "andere":
                picked = ANDERE
        if picked == ANDERE:
            self.s.thema_bladeren = True
            await self.ask("thema")
            return
        if picked is not None and picked.startswith(VOORSTEL):
            thema, subthema = picked.removeprefix(VOORSTEL).split("|", 1)
            probleem = self.check("subthema", subthema, regels)
            if probleem is not None:
                self.refuse(probleem)
                await self.ask("thema")
                return
            self.store("thema", thema)
            self.a.subthema = subthema
            await self.accepted("thema")
            return
        if picked is not None:
            await self.settle("thema", picked, regels)
            return
        # Free text: a thema's name, or a title or description of the subject.
        named = next((t.naam for t in themas() if fold(t.naam) == fold(raw)), None)
        if named is not None:
            self.s.thema_bladeren = True
            await self.settle("thema", named, regels)
            return
        found = self.thema_candidates(raw)
        refused = [p for c in found if (p := self.check("subthema", c.split("|")[1], regels))]
        if found and len(refused) == len(found):
            self.refuse(refused[0])
            await self.ask("thema")
            return
        found = [c for c in found if not self.check("subthema", c.split("|")[1], regels)]
        if found:
            self.s.thema_voorstel = found
            self.s.thema_bladeren = False
        elif self.thema_proposals(regels):
            self.say("fout.thema_niet_begrepen", problem="ongeldige_invoer")
        else:
            self.say("fout.thema_onbekend", problem="ongeldige_invoer")
        await self.ask("thema")

    # --- a title that might be an excluded training: ask -----------------------------------

    async def ask_exclusion(self) -> None:
        hit = match_uitsluiting(self.a.naam or "")
        omschrijving = self.exclusion_label(hit.id if hit else "")
        if hit is None or omschrijving is None:
            await self.next_question(after="naam")
            return
        self.ask_yes_no(
            BEVESTIG_UITSLUITING,
            self.t("keuze.uitsluiting_ja", omschrijving=omschrijving),
            self.t("keuze.uitsluiting_nee"),
            "algemeen.uitsluiting_vraag",
            woord=hit.woord,
            omschrijving=omschrijving,
        )

    def exclusion_label(self, uitsluiting_id: str) -> str | None:
        regels = self.regels()
        if regels is None:
            return None
        for u in regels.uitgesloten_opleidingen:
            if u.id == uitsluiting_id:
                return u.omschrijving
        return None

    async def confirm_exclusion(self, text: str) -> None:
        yes = await self.yes_no_answer(text)
        if yes is None:
            return
        regels = self.regels()
        hit = match_uitsluiting(self.a.naam or "")
        if yes and hit is not None and regels is not None:
            probleem = controleer_uitsluiting(uitsluiting_id=hit.id, regels=regels)
            if probleem is not None:
                self.a.naam = None
                self.s.thema_voorstel = []
                self.refuse(probleem)
                await self.ask("naam")
                return
        await self.accepted("naam")

    def field_named(self, text: str) -> str | None:
        key = fold(text)
        if not key:
            return None
        for f in FIELDS:
            if key in (fold(f.id), fold(self.t(f"veld.{f.id}"))):
                return f.id
        canonical = self.nlu.synonym(text)
        return canonical if canonical in BY_ID else None

    def ask_which_field(self, message_id: str, **params: str) -> None:
        if self.s.asks != WIJZIG_VELD:
            self.s.confirm_return = self.s.asks
        self.s.asks = WIJZIG_VELD
        self.s.choices = [
            Choice(label=self.t(f"veld.{f.id}"), value=f.id) for f in applicable(self.a)
        ]
        self.say(message_id, **params)

    async def cmd_wijzig(self, rest: str) -> None:
        field_id = self.field_named(rest) if rest else None
        if not self.active:
            if field_id == "onderneming":
                # Outside an aanvraag only the remembered ondernemingsnummer can change.
                await self.ask("onderneming")
                return
            self.say("algemeen.geen_aanvraag")
            self.s.choices = self.idle_choices()
            return
        if field_id is None:
            if rest:
                self.ask_which_field("algemeen.wijzig_onbekend", veld=rest[:40])
            else:
                self.ask_which_field("algemeen.wijzig_welk")
            return
        spec = BY_ID[field_id]
        if not spec.applies(self.a):
            self.ask_which_field(
                "algemeen.wijzig_niet_van_toepassing",
                veld=self.t(f"veld.{field_id}"),
                type=self.a.type or "",
            )
            return
        if field_id == "subthema" and not self.a.thema:
            field_id = "thema"
        self.s.confirm_return = None
        self.s.review = False
        self.s.return_to_summary = True
        await self.ask(field_id)

    async def cmd_historiek(self) -> None:
        projecten = await self.ports.projecten(onderneming=None)
        if not projecten:
            self.say("algemeen.historiek_leeg")
        else:
            lines = [self.t("algemeen.historiek_kop")]
            per_jaar: dict[tuple[str, int], Decimal] = {}
            for p in projecten:
                lines.append(
                    self.t(
                        "algemeen.historiek_project",
                        projectnummer=p.projectnummer,
                        naam=p.naam,
                        type=p.type,
                        aanvraagdatum=fmt.datum(p.aanvraagdatum),
                        subsidie=fmt.euro(p.subsidie),
                        status=self.t(f"status.{p.status}"),
                    )
                )
                key = (p.onderneming, p.aanvraagdatum.year)
                per_jaar[key] = per_jaar.get(key, Decimal("0")) + p.subsidie
            for (onderneming, jaar), gebruikt in sorted(per_jaar.items()):
                plafond = self.plafond_voor(
                    jaar, [p for p in projecten if p.onderneming == onderneming]
                )
                rest = max(Decimal("0"), plafond - gebruikt)
                lines.append(
                    self.t(
                        "algemeen.historiek_jaar",
                        jaar=str(jaar),
                        onderneming=nlu.toon_ondernemingsnummer(onderneming),
                        gebruikt=fmt.euro(gebruikt),
                        plafond=fmt.euro(plafond),
                        rest=fmt.euro(rest),
                    )
                )
            self.say("algemeen.historiek_kop", text="\n".join(lines))
        await self.after_side_command()

    def plafond_voor(self, jaar: int, projecten: list[Project]) -> Decimal:
        latest = max(
            (p for p in projecten if p.aanvraagdatum.year == jaar), key=lambda p: p.aanvraagdatum
        )
        return latest.jaarplafond

    async def cmd_project(self, rest: str) -> None:
        nummer = rest.strip()
        if not nummer:
            projecten = await self.ports.projecten(onderneming=None)
            voorbeeld = projecten[-1].projectnummer if projecten else f"{self.today.year}-000001"
            self.say("algemeen.project_welk", voorbeeld=voorbeeld)
            await self.after_side_command()
            return
        project = await self.ports.project(_normalise_projectnummer(nummer))
        if project is None:
            self.say("algemeen.project_onbekend", nummer=nummer[:40])
        else:
            self.say("projectfiche.kop", text=self.projectfiche(project))
        await self.after_side_command()

    async def after_side_command(self) -> None:
        if self.active:
            await self.reask()
        else:
            self.s.choices = self.idle_choices()

    def projectfiche(self, p: Project) -> str:
        lines = [
            self.t(
                "projectfiche.kop",
                projectnummer=p.projectnummer,
                status=self.t(f"status.{p.status}"),
            ),
            self.t(
                "projectfiche.regels",
                naam=p.naam,
                type=p.type,
                soort=f", {self.t(f'keuze.{p.soort}')}" if p.soort else "",
                thema=p.thema,
                subthema=p.subthema,
                onderneming=nlu.toon_ondernemingsnummer(p.onderneming),
                grootte=self.t(f"keuze.{p.grootte}"),
                nace=p.nace,
                aanvraagdatum=fmt.datum(p.aanvraagdatum),
                datum_overeenkomst=fmt.datum(p.datum_overeenkomst),
                startdatum=fmt.datum(p.startdatum),
                uren=fmt.getal(p.uren),
                dienstverlener=p.dienstverlener.naam,
                registratienummer=p.dienstverlener.registratienummer,
                projectbedrag=fmt.euro(p.projectbedrag),
                steunpercentage=fmt.procent(p.steunpercentage),
                subsidie=fmt.euro(p.subsidie),
                eigen_bijdrage=fmt.euro(p.eigen_bijdrage),
                iban=p.iban,
                bic=p.bic,
                mededeling=p.mededeling,
                uiterste_stortingsdatum=fmt.datum(p.uiterste_stortingsdatum),
            ),
        ]
        if p.deelnemer_namen:
            lines.append(self.t("projectfiche.deelnemers", namen=", ".join(p.deelnemer_namen)))
        return "\n".join(lines)

    # --- questions -------------------------------------------------------------------------

    async def ask(self, field_id: str) -> None:
        regels = self.regels()
        if regels is None:
            self.no_rules()
            return
        spec = BY_ID[field_id]
        self.s.asks = field_id
        ctx = self.ctx(regels)
        self.s.choices = spec.choices(ctx) if spec.choices else []
        if field_id == "nace" and self.s.nace_keuzes:
            self.s.choices = list(self.s.nace_keuzes)
        if field_id == "dienstverlener" and self.s.candidates:
            self.s.choices = [
                Choice(label=f"{d.naam} ({d.registratienummer})", value=d.registratienummer)
                for d in self.s.candidates
            ]
        params = {**self.type_params(), "dagen": str(regels.aanvraagtermijn_dagen)}
        if field_id == "naam":
            question = self.t(
                "vraag.naam_advies" if self.a.type == "advies" else "vraag.naam_opleiding"
            )
        elif field_id == "subthema":
            question = self.t("vraag.subthema", thema=self.a.thema or "")
        elif field_id == "thema" and self.thema_proposals(regels):
            question = self.propose_thema(regels)
        elif field_id == "deelnemer_namen":
            aantal = self.a.deelnemers or 1
            question = (
                self.t("vraag.deelnemer_namen_een")
                if aantal == 1
                else self.t("vraag.deelnemer_namen", aantal=str(aantal))
            )
        else:
            question = self.t(f"vraag.{field_id}", **params)
        lines = [
            self.t(f"stap.{spec.stap}"),
            question,
            f"Waarom? {self.t(f'waarom.{field_id}', **params)}",
        ]
        if spec.answered(self.a) and (self.s.review or self.s.return_to_summary):
            lines.append(self.t("algemeen.huidig", waarde=display(field_id, self.a, self.cat)))
        if self.s.mode == "demo" and spec.example is not None:
            lines.append(self.t("demo.voorbeeld", voorbeeld=spec.example(ctx)))
        self.say(f"vraag.{field_id}", text="\n".join(lines))

    def no_rules(self) -> None:
        self.say("probleem.geen_regels", problem="geen_regels", datum=fmt.datum(self.today))
        self.go_idle()

    async def next_question(self, *, after: str | None) -> None:
        fields = applicable(self.a)
        if self.s.review and after is not None:
            ids = [f.id for f in fields]
            if after in ids:
                following = fields[ids.index(after) + 1 :]
                if following:
                    await self.ask(following[0].id)
                    return
            self.s.review = False
        for f in fields:
            if not f.answered(self.a):
                await self.ask(f.id)
                return
        self.s.review = False
        self.s.return_to_summary = False
        await self.summary()

    # --- answers ---------------------------------------------------------------------------

    async def answer(self, *, text: str, picked: str | None) -> None:
        field_id = self.s.asks
        if field_id == VERKLARING:
            regels = self.regels()
            if picked is None and regels is not None and await self.try_correction(text, regels):
                return
            await self.answer_verklaring(picked if picked is not None else text)
            return
        if field_id not in BY_ID:
            await self.reask()
            return
        spec = BY_ID[field_id]
        regels = self.regels()
        if regels is None:
            self.no_rules()
            return
        if picked is not None and picked not in {c.value for c in self.s.choices}:
            if self.s.choices:
                self.say(
                    "algemeen.keuze_ongeldig",
                    problem="ongeldige_invoer",
                    aantal=str(len(self.s.choices)),
                )
            else:
                self.say("algemeen.geen_keuze", problem="ongeldige_invoer")
            await self.ask(field_id)
            return
        raw = picked if picked is not None else text
        free_text = picked is None and self.s.mode == "aanvraag"
        if free_text and field_id != "naam" and await self.try_correction(raw, regels):
            return
        if (
            self.s.mode == "demo"
            and spec.example
            and (not raw or self.nlu.intent(raw) == "cmd_volgende")
        ):
            raw = spec.example(self.ctx(regels))
        keep = self.nlu.intent(raw) == "cmd_behouden" or (
            not raw and self.s.review and spec.answered(self.a)
        )
        if keep:
            if not spec.answered(self.a):
                self.say("algemeen.niets_te_behouden", problem="ongeldige_invoer")
                await self.ask(field_id)
                return
            value = spec.value(self.a)
        elif not raw:
            hint = self.t(f"hulp.{field_id}", **self.help_params())
            self.say("algemeen.leeg", problem="ongeldige_invoer", voorbeeld=hint)
            await self.ask(field_id)
            return
        elif field_id == "dienstverlener":
            await self.answer_dienstverlener(raw, regels)
            return
        elif field_id == "thema":
            await self.answer_thema(raw, regels)
            return
        elif field_id == "nace":
            await self.answer_nace(raw)
            return
        else:
            assert spec.parse is not None
            parsed = await spec.parse(raw, self.ctx(regels))
            # Not an answer to this question: maybe several answers in one message.
            multi = isinstance(parsed, Fout) and free_text
            if multi and await self.try_multi(raw, regels, current=field_id):
                return
            if isinstance(parsed, Fout):
                self.say(parsed.message, problem="ongeldige_invoer", **parsed.params)
                await self.ask(field_id)
                return
            value = parsed.value
        await self.settle(field_id, value, regels)

    async def settle(self, field_id: str, value: Any, regels: Regels) -> None:
        """Store a valid answer and go on, or ask the same field again after a refusal."""
        outcome = await self.validate_and_store(field_id, value, regels)
        if outcome is True:
            await self.accepted(field_id)
        elif outcome is False:
            await self.ask(field_id)

    async def validate_and_store(self, field_id: str, value: Any, regels: Regels) -> bool | None:
        """Check an answer against the rules; store it only when it may stand.

        True: accepted; False: ask the same field again; None: a follow-up question was asked.
        """
        probleem = self.check(field_id, value, regels)
        if probleem is not None:
            self.refuse(probleem)
            return False
        if field_id == "deelnemer_namen" and self.a.deelnemers != len(value):
            # Keep the names: the user resolves the count (fewer names or wijzig deelnemers).
            self.store(field_id, value)
            self.say(
                "bevestiging.namen_aantal",
                problem="aantal_namen",
                aantal_namen=str(len(value)),
                aantal=str(self.a.deelnemers),
            )
            return False
        if field_id == "naam":
            self.store(field_id, value)
            self.s.thema_voorstel = self.thema_candidates(value)
            self.s.thema_bladeren = False
            hit = match_uitsluiting(value)
            if hit is not None and not hit.zeker:
                await self.ask_exclusion()
                return None
            return True
        if field_id == "kost":
            calc = await self.calculation(regels, kost=value)
            if calc is not None:
                probleem = controleer_plafond(calc)
                if probleem is not None:
                    self.refuse(probleem)
                    return False
                self.show_calculation(calc, regels)
        self.store(field_id, value)
        return True

    def store(self, field_id: str, value: Any) -> None:
        setattr(self.a, field_id, value)
        if field_id == "onderneming" and self.s.mode != "demo":
            self.s.onderneming = value
        if field_id == "thema" and not BY_ID["subthema"].answered(self.a):
            self.a.subthema = None

    async def accepted(self, field_id: str) -> None:
        if (
            field_id in ("grootte", "type", "thema", "subthema")
            and self.a.kost is not None
            and not self.s.return_to_summary
            and self.active
        ):
            # The cost came earlier (several answers in one message): show the calculation now.
            regels = self.regels()
            calc = await self.calculation(regels) if regels else None
            if calc is not None and regels is not None:
                self.show_calculation(calc, regels)
        if not self.active:
            # Changed outside an aanvraag (wijzig onderneming).
            self.go_idle()
            self.say(
                "algemeen.onderneming_gewijzigd",
                onderneming=nlu.toon_ondernemingsnummer(self.s.onderneming or ""),
            )
            return
        await self.next_question(after=field_id)

    def check(self, field_id: str, value: Any, regels: Regels) -> Probleem | None:
        a = self.a
        if field_id == "grootte":
            return controleer_grootte(value, regels)
        if field_id == "bedrijfsfunctioneren":
            return controleer_bedrijfsfunctioneren(value)
        if field_id == "datum_overeenkomst":
            return controleer_overeenkomst(datum_overeenkomst=value, aanvraagdatum=self.today)
        if field_id == "startdatum":
            return controleer_aanvraagtermijn(
                startdatum=value, aanvraagdatum=self.today, regels=regels
            )
        if field_id == "naam":
            hit = match_uitsluiting(value)
            if hit is not None and hit.zeker:
                return controleer_uitsluiting(uitsluiting_id=hit.id, regels=regels)
            return None
        if field_id == "subthema" and a.type:
            return controleer_advies_thema(type=a.type, subthema=value, regels=regels)
        if field_id == "thema" and a.type:
            # Refuse a thema none of whose subthemas is allowed for this type.
            found = [
                controleer_advies_thema(type=a.type, subthema=sub, regels=regels)
                for t in themas()
                if t.naam == value
                for sub in t.subthemas
            ]
            if found and all(found):
                return found[0]
        if field_id == "kost" and a.type:
            return controleer_minimum(projectbedrag=value, type=a.type, regels=regels)
        if field_id == "dienstverlener" and a.type:
            return controleer_dienstverlener_type(
                registratienummer=value.registratienummer, type=a.type, regels=regels
            )
        return None

    def all_problems(self, regels: Regels) -> list[Probleem]:
        """Every rule the complete aanvraag breaks, in field order."""
        found: list[Probleem] = []
        for f in applicable(self.a):
            value = f.value(self.a)
            if value is None:
                continue
            p = self.check(f.id, value, regels)
            if p is not None:
                found.append(p)
        return found

    def refuse(self, p: Probleem) -> None:
        params = self.problem_params(p)
        text = self.t(f"probleem.{p.id}", **params)
        bron = self.rule_source(p)
        if bron is not None and bron.zekerheid != "bevestigd":
            # Never state a rule from a third-party or unconfirmed source as fact.
            text = f"{text}\n{self.t(f'probleem.zekerheid_{bron.zekerheid}', bron=bron.title)}"
        self.say(f"probleem.{p.id}", problem=p.id, text=text, **params)

    def rule_source(self, p: Probleem) -> Bron | None:
        regels = self.regels()
        if regels is None:
            return None
        path = {
            "onder_minimum": f"minimum/projectbedrag/{self.a.type}",
            "uitgesloten_opleiding": "uitsluitingen/opleidingen",
            "plafond_bereikt": f"plafond/jaarplafond/{self.a.grootte}",
            "te_laat": "termijnen/aanvraag_na_start",
            "advies_enkel_cybersecurity": "advies/toegelaten_subthemas",
        }.get(p.id)
        return regels.bronnen.get(path) if path else None

    def problem_params(self, p: Probleem) -> dict[str, str]:
        params = dict(self.type_params())
        for key, value in p.params.items():
            params[key] = _display_param(key, value)
        regels = self.regels()
        if p.id == "advies_enkel_cybersecurity" and regels is not None:
            params["sinds"] = self.advies_sinds(regels)
        if p.id == "overeenkomst_in_toekomst":
            params["datum"] = params.get("datum_overeenkomst", "")
            params["vandaag"] = fmt.datum(self.today)
            params["voorbeeld"] = fmt.datum(self.today)
        if p.id == "verkeerd_type_dienstverlener" and self.a.dienstverlener is not None:
            dv = self.a.dienstverlener
            params.update(naam=dv.naam, type_dv=dv.type, registratienummer=dv.registratienummer)
        if p.id == "plafond_bereikt":
            params["jaar"] = str(self.today.year)
            params.setdefault("reeds", params.get("reeds_toegekend", ""))
        return params

    async def answer_dienstverlener(self, raw: str, regels: Regels) -> None:
        chosen = nlu.choice(raw, self.s.choices) if self.s.choices else None
        kind = self.a.type or "opleiding"
        if chosen is not None:
            match = next((d for d in self.s.candidates if d.registratienummer == chosen), None)
            if match is not None:
                await self.select_dienstverlener(match, regels)
                return
        nummer = nlu.registratienummer(raw)
        if nummer is not None:
            found = await self.ports.dienstverlener(nummer)
            if found is None:
                self.say(
                    "bevestiging.dienstverlener_onbekend",
                    problem="dienstverlener_onbekend",
                    registratienummer=nummer,
                )
                await self.ask("dienstverlener")
                return
            await self.select_dienstverlener(found, regels)
            return
        results = await self.ports.zoek_dienstverleners(raw[:100], limit=8)
        right = [t for t in results if t.dienstverlener.type == kind]
        if not results:
            self.s.candidates = []
            self.say(
                "bevestiging.dienstverlener_geen",
                problem="dienstverlener_onbekend",
                zoekterm=raw[:60],
            )
            await self.ask("dienstverlener")
            return
        if not right:
            # Only providers of the other type match: name the rule.
            await self.select_dienstverlener(results[0].dienstverlener, regels)
            return
        best = right[0]
        runner_up = right[1].score if len(right) > 1 else 0.0
        if best.score >= SURE_PROVIDER and best.score - runner_up >= PROVIDER_MARGIN:
            await self.select_dienstverlener(best.dienstverlener, regels)
            return
        self.s.candidates = [t.dienstverlener for t in right[:5]]
        self.say("bevestiging.dienstverlener_kies", type=kind)
        await self.ask("dienstverlener")

    async def select_dienstverlener(self, d: Dienstverlener, regels: Regels) -> None:
        p = controleer_dienstverlener_type(
            registratienummer=d.registratienummer, type=self.a.type or "opleiding", regels=regels
        )
        if p is not None:
            params = self.problem_params(p)
            params["naam"] = d.naam
            params["type_dv"] = d.type
            params["registratienummer"] = d.registratienummer
            self.say(f"probleem.{p.id}", problem=p.id, **params)
            await self.ask("dienstverlener")
            return
        self.s.candidates = []
        self.a.dienstverlener = d
        self.say(
            "bevestiging.dienstverlener_gekozen",
            naam=d.naam,
            registratienummer=d.registratienummer,
        )
        await self.accepted("dienstverlener")

    # --- calculation, summary, approval ----------------------------------------------------

    async def calculation(
        self, regels: Regels, *, kost: Decimal | None = None
    ) -> Steunberekening | None:
        a = self.a
        kost = kost if kost is not None else a.kost
        if kost is None or a.grootte is None or a.type is None or a.grootte == "groot":
            return None
        if self.s.mode == "demo" or a.onderneming is None:
            reeds = Decimal("0")
        else:
            reeds = await self.ports.subsidie_toegekend(
                onderneming=a.onderneming, jaar=self.today.year
            )
        return bereken_steun(
            projectbedrag=kost,
            grootte=a.grootte,
            type=a.type,
            subthema=a.subthema,
            reeds_toegekend=reeds,
            regels=regels,
        )

    def calculation_text(self, calc: Steunberekening) -> str:
        lines = [
            self.t("berekening.kop", datum=fmt.datum(self.today)),
            self.t(
                "berekening.regels",
                projectbedrag=fmt.euro(calc.projectbedrag),
                steunpercentage=fmt.procent(calc.steunpercentage),
                verhoogd=self.t("berekening.verhoogd", subthema=self.a.subthema or "")
                if calc.verhoogd
                else "",
                subsidie=fmt.euro(calc.subsidie),
                eigen_bijdrage=fmt.euro(calc.eigen_bijdrage),
                jaar=str(self.today.year),
                jaarplafond=fmt.euro(calc.jaarplafond),
                reeds=fmt.euro(calc.reeds_toegekend),
                rest=fmt.euro(calc.rest_plafond_na),
            ),
        ]
        if calc.begrensd:
            lines.append(self.t("berekening.begrensd", rest_voor=fmt.euro(calc.rest_plafond_voor)))
        return "\n".join(lines)

    def show_calculation(self, calc: Steunberekening, regels: Regels) -> None:
        self.say("berekening.kop", text=self.calculation_text(calc))

    async def summary(self) -> None:
        regels = self.regels()
        if regels is None:
            self.no_rules()
            return
        problems = self.all_problems(regels)
        if problems:
            p = problems[0]
            self.refuse(p)
            self.s.return_to_summary = True
            if p.id == "advies_enkel_cybersecurity":
                self.a.subthema = None
            await self.ask(p.veld)
            return
        calc = await self.calculation(regels)
        assert calc is not None
        p = controleer_plafond(calc)
        if p is not None:
            self.refuse(p)
            self.s.return_to_summary = True
            await self.ask("kost")
            return
        a = self.a
        assert a.dienstverlener is not None
        lines = [
            self.t("stap.4"),
            self.t("samenvatting.kop"),
            self.t(
                "samenvatting.regels",
                naam=a.naam or "",
                aanvraagdatum=fmt.datum(self.today),
                dienstverlener=a.dienstverlener.naam,
                registratienummer=a.dienstverlener.registratienummer,
                projectbedrag=fmt.euro(calc.projectbedrag),
                eigen_bijdrage=fmt.euro(calc.eigen_bijdrage),
                subsidie=fmt.euro(calc.subsidie),
            ),
            self.t(
                "samenvatting.details",
                onderneming=display("onderneming", a, self.cat),
                grootte=display("grootte", a, self.cat),
                nace=a.nace or "",
                type_label=display("type", a, self.cat).capitalize(),
                soort=f", {display('soort', a, self.cat)}" if a.type == "opleiding" else "",
                thema=a.thema or "",
                subthema=a.subthema or "",
                deelnemers=self.t(
                    "samenvatting.deelnemers", namen=display("deelnemer_namen", a, self.cat)
                )
                if a.type == "opleiding"
                else "",
                uren=display("uren", a, self.cat),
                datum_overeenkomst=display("datum_overeenkomst", a, self.cat),
                startdatum=display("startdatum", a, self.cat),
            ),
            self.t(
                "samenvatting.steun",
                steunpercentage=fmt.procent(calc.steunpercentage),
                verhoogd=self.t("berekening.verhoogd", subthema=a.subthema or "")
                if calc.verhoogd
                else "",
                jaar=str(self.today.year),
                jaarplafond=fmt.euro(calc.jaarplafond),
                rest=fmt.euro(calc.rest_plafond_na),
            ),
            self.t("samenvatting.wijzig"),
            self.t("samenvatting.tekst_verklaring", **self.type_params()),
            self.t("vraag.verklaring"),
        ]
        self.s.asks = VERKLARING
        self.s.choices = [
            Choice(label=self.t("keuze.verklaring_ja"), value="ja"),
            Choice(label=self.t("keuze.verklaring_nee"), value="nee"),
        ]
        self.say("samenvatting.kop", text="\n".join(lines))

    async def answer_verklaring(self, raw: str) -> None:
        if self.s.mode == "demo" and (not raw or self.nlu.intent(raw) == "cmd_volgende"):
            raw = "ja"
        picked = nlu.choice(raw, self.s.choices)
        yes = picked == "ja" if picked is not None else nlu.yes_no(raw, self.nlu)
        if yes is None:
            self.say("fout.janee", problem="ongeldige_invoer")
            await self.summary()
            return
        if not yes:
            self.say("algemeen.verklaring_nodig")
            await self.summary()
            return
        await self.approve()

    async def approve(self) -> None:
        regels = self.regels()
        if regels is None:
            self.no_rules()
            return
        problems = self.all_problems(regels)
        calc = await self.calculation(regels)
        if problems or calc is None or controleer_plafond(calc) is not None:
            await self.summary()
            return
        a = self.a
        a.verklaring = True
        demo = self.s.mode == "demo"
        if demo:
            projectnummer, referentie = DEMO_PROJECTNUMMER, DEMO_REFERENTIE
        else:
            volgnummer = await self.ports.volgend_volgnummer(self.today.year)
            projectnummer = f"{self.today.year}-{volgnummer:06d}"
            referentie = projectreferentie(jaar=self.today.year, volgnummer=volgnummer)
        sg = regels.stortingsgegevens
        opleiding = a.type == "opleiding"
        assert a.dienstverlener is not None and a.onderneming and a.grootte and a.nace
        assert a.type and a.naam and a.thema and a.subthema and a.uren is not None
        assert a.datum_overeenkomst and a.startdatum and a.kost is not None
        project = Project(
            projectnummer=projectnummer,
            aanvraagdatum=self.today,
            onderneming=a.onderneming,
            grootte=a.grootte,
            nace=a.nace,
            type=a.type,
            naam=a.naam,
            soort=a.soort if opleiding else None,
            thema=a.thema,
            subthema=a.subthema,
            deelnemers=a.deelnemers if opleiding else None,
            deelnemer_namen=a.deelnemer_namen if opleiding else None,
            uren=a.uren,
            datum_overeenkomst=a.datum_overeenkomst,
            startdatum=a.startdatum,
            bedrijfsfunctioneren=bool(a.bedrijfsfunctioneren),
            kost=a.kost,
            verklaring=True,
            dienstverlener=a.dienstverlener,
            projectbedrag=calc.projectbedrag,
            steunpercentage=calc.steunpercentage,
            subsidie=calc.subsidie,
            eigen_bijdrage=calc.eigen_bijdrage,
            te_storten=calc.eigen_bijdrage,
            jaarplafond=calc.jaarplafond,
            rest_plafond_na=calc.rest_plafond_na,
            uiterste_stortingsdatum=uiterste_stortingsdatum(self.today, regels),
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
            await self.ports.bewaar_project(project)
        storting = "\n".join(
            [
                self.t("goedkeuring.kop", projectnummer=projectnummer),
                self.t("stap.5"),
                self.t(
                    "goedkeuring.storting",
                    uiterste_stortingsdatum=fmt.datum(project.uiterste_stortingsdatum),
                    begunstigde=sg.begunstigde,
                    adres=sg.adres,
                    rekeningnummer=sg.rekeningnummer,
                    iban=sg.iban,
                    bic=sg.bic,
                    bedrag=fmt.euro(project.te_storten),
                    mededeling=project.mededeling,
                ),
            ]
        )
        if demo:
            self.say("demo.goedkeuring")
        self.say("goedkeuring.kop", text=storting, project=project.as_json())
        self.say(
            "goedkeuring.volgende",
            text="\n".join(
                [
                    self.t("stap.6"),
                    self.t(
                        "goedkeuring.volgende",
                        projectnummer=projectnummer,
                        bedrag=fmt.euro(project.te_storten),
                        uiterste_stortingsdatum=fmt.datum(project.uiterste_stortingsdatum),
                        subsidie=fmt.euro(project.subsidie),
                        projectbedrag=fmt.euro(project.projectbedrag),
                    ),
                ]
                + ([] if demo else [self.t("goedkeuring.verder", projectnummer=projectnummer)])
            ),
        )
        if demo:
            self.say("demo.einde")
        self.go_idle()


def _looks_like_number(text: str) -> bool:
    t = text.strip()
    return (
        0 < len(t) <= 20
        and any(c.isdigit() for c in t)
        and all(c.isdigit() or c in "-/. " for c in t)
    )


def _normalise_projectnummer(text: str) -> str:
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) >= 5 and len(digits) <= 10:
        return f"{digits[:4]}-{int(digits[4:]):06d}"
    return text.strip()


def _display_param(key: str, value: str) -> str:
    """Raw rule parameter (ISO date, decimal string) to its Dutch display form."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return fmt.datum(date.fromisoformat(value))
        except ValueError:
            return value
    if key in ("minimum", "jaarplafond", "reeds_toegekend", "rest"):
        try:
            return fmt.euro(Decimal(value))
        except ArithmeticError:
            return value
    return value
