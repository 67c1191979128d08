"""The kinds of interaction a field can have: value, choice, proposal or search.

A plain value, a fixed choice, a proposal made from an earlier answer (thema from the title), or
a search (NACE-BEL, dienstverlener).

Each kind asks its question and handles an answer through the turn (`dialogs.turn.Beurt`); none
of them knows a field by name: the row says which field, parser and checks apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dialogs import nlu
from dialogs.format import hoofdletter
from dialogs.models import Choice, Dienstverlener
from dialogs.nace import zoek_nace
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import fold
from dialogs.questions import answer_remark
from dialogs.state import Step
from dialogs.thema import ZEKER, herkent_thema, match_thema
from domain_rules import aandachtspunt, nace_code, thema_van_subthema, themas

if TYPE_CHECKING:
    from dialogs.spec import Ctx, Veld
    from dialogs.turn import Beurt

VOORSTEL = "voorstel:"
# Digits with separators or signs only: meant as a NACE code, so its notation must be right.
_CODE_LIKE = re.compile(r"[\d\s./\-+]+")
ANDERE = "andere"
# A provider found by name is taken without asking only when it is clearly the one meant.
SURE_PROVIDER = 75.0
PROVIDER_MARGIN = 10.0
# Activities in words: weaker NACE matches than this are not worth proposing.
NACE_MIN_SCORE = 40.0


class Plain:
    """A value typed in words or figures, read by the row's parser."""

    name = "waarde"
    in_words = True  # a sentence may correct it ("het bedrag is eigenlijk …")

    def choices(self, t: Beurt, row: Veld) -> list[Choice]:
        """No choices."""
        return []

    def question(self, t: Beurt, row: Veld) -> tuple[str, list[Choice]]:
        """The row's question."""
        return t.t(row.question_id(t.g), **t.msg_params()), self.choices(t, row)

    async def answer(self, t: Beurt, row: Veld, raw: str) -> None:
        """Parse; several facts in one message; refuse with the reason; or settle."""
        regels = t.regels()
        if regels is None:
            t.no_rules()
            return
        sentence = t.free_text and len(raw.split()) >= 3
        free_title = not row.reads_corrections
        if sentence and free_title and await t.answer_with_facts(row, raw):
            return  # a title with other facts after it: each fact to its field
        parsed = row.parse(raw, t.ctx(regels))
        if (
            isinstance(parsed, Ok)
            and sentence
            and not free_title
            and await t.answer_with_facts(row, raw, value=parsed.value)
        ):
            return  # the answer and (at least two) other facts in one message
        if isinstance(parsed, Fout):
            unread = parsed.message in nlu.NIET_GELEZEN  # the sentence may still hold it
            if t.free_text and await t.answer_with_facts(row, raw, own=unread):
                return
            if t.free_text and await t.try_multi(raw, current=row.id):
                return
            t.say(parsed.message, problem="ongeldige_invoer", **parsed.params)
            await t.ask(row.id)
            return
        shown = row.display(parsed.value, t.cat)
        if row.say_back is not None and fold(raw) != fold(shown):
            # Read from words ("volgende dinsdag", "12 januari"): say what was understood.
            t.say(
                "algemeen.gelezen",
                veld=hoofdletter(t.t(row.label_id)),
                waarde=row.say_back(parsed.value),
            )
        if t.free_text:
            answer_remark(t, row, raw, shown)  # "… er komt nog cursusmateriaal bij": what counts
        await t.settle(row, parsed.value)

    async def from_sentence(self, t: Beurt, row: Veld, found: Any) -> Any:
        """The value as the sentence stated it."""
        return found

    def source(self) -> str | None:
        """Not made from another field."""
        return None


PLAIN = Plain()


class FixedChoice(Plain):
    """One of a fixed list of options (buttons), by number, label or another word for it."""

    name = "keuze"
    in_words = False

    def __init__(self, options: Callable[[Ctx], list[Choice]]) -> None:
        self.options = options

    def choices(self, t: Beurt, row: Veld) -> list[Choice]:
        """The options for this aanvraag."""
        regels = t.regels()
        return self.options(t.ctx(regels)) if regels is not None else []


async def _bewaar_keuze(t: Beurt, titel: Any, thema: str, subthema: str) -> None:
    """The user's pick for a title as a labelled example for review; never learned from here."""
    if t.s.mode != "demo" and isinstance(titel, str) and titel.strip():
        await t.ports.bewaar_thema_keuze(titel=titel, thema=thema, subthema=subthema)


class SubthemaChoice(FixedChoice):
    """The subthema from the list (after Iets anders): the pick is kept with the title too."""

    def __init__(self, options: Callable[[Ctx], list[Choice]], *, source: str) -> None:
        super().__init__(options)
        self._source = source

    async def answer(self, t: Beurt, row: Veld, raw: str) -> None:
        """As a fixed choice; a subthema newly chosen is kept with the title and its thema."""
        before = t.g.get(row.id)
        await super().answer(t, row, raw)
        subthema = t.g.get(row.id)
        thema = thema_van_subthema(subthema) if isinstance(subthema, str) else None
        if thema is not None and subthema != before and isinstance(subthema, str):
            await _bewaar_keuze(t, t.g.get(self._source), thema, subthema)


class Proposal:
    """Proposals made from an earlier answer (the thema from the title), or the full list."""

    name = "voorstel"
    in_words = False

    def __init__(self, *, source: str, details: str) -> None:
        self._source = source
        self.details = details  # the field an accepted proposal fills too (the subthema)

    def source(self) -> str | None:
        """The field the proposals are made from."""
        return self._source

    async def from_sentence(self, t: Beurt, row: Veld, found: Any) -> Any:
        """A sentence does not settle a proposal: it is asked."""
        return None

    def candidates(self, t: Beurt, text: str) -> list[str]:
        """'thema|subthema' proposals for a text: one when sure, else the best three."""
        found = match_thema(text, type=t.g.type, limit=3)
        if found and found[0].score >= ZEKER:
            return [f"{found[0].thema}|{found[0].subthema}"]
        return [f"{k.thema}|{k.subthema}" for k in found]

    def on_source(self, t: Beurt, text: str) -> None:
        """The source field changed: new proposals from it."""
        t.update(proposals=tuple(self.candidates(t, text)))

    def proposals(self, t: Beurt) -> list[str]:
        """What is proposed now (advies: only the subthemas the rules still allow)."""
        regels = t.regels()
        if t.s.step is Step.BROWSE or regels is None:
            return []
        allowed = regels.advies_toegelaten_subthemas if t.g.type == "advies" else None
        if allowed:
            return [f"{thema_van_subthema(sub)}|{sub}" for sub in allowed]
        return list(t.s.proposals)

    def question(self, t: Beurt, row: Veld) -> tuple[str, list[Choice]]:
        """The proposals as a ja/Iets anders question, or the full list of themas."""
        proposals = self.proposals(t)
        regels = t.regels()
        if not proposals or regels is None:
            full = [Choice(label=th.naam, value=th.naam) for th in themas()]
            return t.t(row.question_id(t.g), **t.msg_params()), full
        andere = Choice(label=t.t("keuze.andere"), value=ANDERE)
        labels = [p.replace("|", " – ") for p in proposals]
        naam = t.g.get(self._source) or ""
        if len(proposals) == 1:
            choices = [
                Choice(label=t.t("keuze.ja").capitalize(), value=VOORSTEL + proposals[0]),
                andere,
            ]
            if t.g.type == "advies" and regels.advies_toegelaten_subthemas:
                text = t.t("vraag.thema_advies", voorstel=labels[0], sinds=t.advies_sinds(regels))
            else:
                text = t.t("vraag.thema_voorstel", voorstel=labels[0], naam=naam)
            return text, choices
        choices = [
            Choice(label=label, value=VOORSTEL + p)
            for label, p in zip(labels, proposals, strict=True)
        ] + [andere]
        return t.t("vraag.thema_kies", naam=naam), choices

    async def answer(self, t: Beurt, row: Veld, raw: str) -> None:
        """A proposal, Iets anders, a thema by name, or a title or subject to propose from."""
        regels = t.regels()
        if regels is None:
            t.no_rules()
            return
        choices = list(t.s.choices)
        picked = nlu.choice(raw, choices)
        if picked is None:
            # The proposal named in words: its subthema, or thema and subthema.
            key = fold(raw.replace("–", " ").replace("-", " "))
            picked = next(
                (
                    c.value
                    for c in choices
                    if c.value.startswith(VOORSTEL)
                    and key
                    in {
                        fold(c.value.removeprefix(VOORSTEL).split("|")[1]),
                        fold(c.value.removeprefix(VOORSTEL).replace("|", " ")),
                    }
                ),
                None,
            )
        if picked is None and choices and choices[0].value.startswith(VOORSTEL):
            yes = nlu.yes_no(raw, t.nlu)
            if yes is True and len(choices) == 2:
                picked = choices[0].value
            elif yes is False or t.nlu.intent(raw) == "andere":
                picked = ANDERE
        if picked == ANDERE:
            # The proposals are set aside: the full list, also when the user comes back here.
            t.update(step=Step.BROWSE, proposals=())
            await t.ask(row.id, browse=True)
            return
        details = t.table[self.details]
        if picked is not None and picked.startswith(VOORSTEL):
            thema, subthema = picked.removeprefix(VOORSTEL).split("|", 1)
            probleem = t.check(details, subthema, regels)
            if probleem is not None:
                t.refuse_or_doubt(probleem)
                await t.ask(row.id)
                return
            t.store(row, thema)
            t.store(details, subthema)
            await _bewaar_keuze(t, t.g.get(self._source), thema, subthema)
            await t.accepted(row)
            return
        if picked is not None:
            await t.settle(row, picked)
            return
        named = next((th.naam for th in themas() if fold(th.naam) == fold(raw)), None)
        if named is not None:
            t.update(step=Step.BROWSE)
            await t.settle(row, named)
            return
        # Typed here, not as the title: proposals only from a text that names a subject.
        found = self.candidates(t, raw) if herkent_thema(raw) else []
        refused = [p for c in found if (p := t.check(details, c.split("|")[1], regels))]
        if found and len(refused) == len(found):
            t.refuse_or_doubt(refused[0])
            await t.ask(row.id)
            return
        found = [c for c in found if not t.check(details, c.split("|")[1], regels)]
        if found:
            t.update(proposals=tuple(found), step=Step.FIELD)
        elif await t.answer_with_facts(row, raw):
            return  # facts for other fields ("16 uur, € 900"): kept, and the thema asked again
        elif self.proposals(t):
            # One proposal is confirmed with Ja; of several, one is picked.
            een = len(self.proposals(t)) == 1
            t.say(
                "fout.thema_niet_begrepen" if een else "fout.thema_niet_begrepen_lijst",
                problem="ongeldige_invoer",
            )
        else:
            t.say("fout.thema_onbekend", problem="ongeldige_invoer")
        await t.ask(row.id, browse=t.s.step is Step.BROWSE)


class NaceSearch:
    """A NACE-BEL code in any notation, or the activity in words: ranked candidates."""

    name = "zoeken"
    in_words = True

    def source(self) -> str | None:
        """Not made from another field."""
        return None

    async def from_sentence(self, t: Beurt, row: Veld, found: Any) -> Any:
        """A code stated in a sentence."""
        return found

    def question(self, t: Beurt, row: Veld) -> tuple[str, list[Choice]]:
        """The question, with the candidates of the last search (or the remembered code)."""
        known = self.remembered(t)
        if known is not None:
            return t.t("vraag.nace_bekend", keuze=known.label), list(t.s.candidates)
        return t.t(row.question_id(t.g), **t.msg_params()), list(t.s.candidates)

    def remembered(self, t: Beurt) -> Choice | None:
        """The onderneming's code of its last aanvraag, when it is what is offered."""
        offered = t.s.candidates
        if t.s.nace_onthouden and len(offered) == 1 and offered[0].value == t.s.nace_onthouden:
            return offered[0]
        return None

    async def answer(self, t: Beurt, row: Veld, raw: str) -> None:
        """Take a sure code, or offer the candidates (a class's subclasses, words' matches)."""
        known = self.remembered(t)
        if known is not None and (yes := nlu.yes_no(raw, t.nlu)) is not None:
            if yes:
                await self.accept(t, row, known.value)
                return
            t.update(candidates=(), nace_onthouden=None)  # "nee": the code is asked
            await t.ask(row.id)
            return
        picked = nlu.choice(raw, list(t.s.choices)) if t.s.choices else None
        if picked is not None and nace_code(picked) is not None:
            await self.accept(t, row, picked)
            return
        if _CODE_LIKE.fullmatch(raw):
            strict = nlu.nace(raw)
            if isinstance(strict, Fout) and strict.message == "fout.nace_formaat":
                # One notation per code: "46/-39/1" or "-62.100" is no code, not even a near one.
                t.say(strict.message, problem="ongeldige_invoer", **strict.params)
                t.update(candidates=())
                await t.ask(row.id)
                return
        result = zoek_nace(raw[:200], limit=5)
        choices = tuple(
            Choice(label=f"{k.code} – {k.omschrijving}", value=k.code)
            for k in result.candidates
            if result.soort != "woorden" or k.score >= NACE_MIN_SCORE
        )
        if result.soort in ("code", "klasse") and len(result.candidates) == 1:
            await self.accept(t, row, result.candidates[0].code)
            return
        if result.soort == "onbekend" or not choices:
            if t.free_text and await t.try_multi(raw, current=row.id):
                return  # no activity, but the facts of other fields: kept, the code asked
            t.say("fout.nace_onbekend", problem="ongeldige_invoer")
            t.update(candidates=())
            await t.ask(row.id)
            return
        if result.soort == "klasse":
            t.say("nace.klasse", code=result.code or "", aantal=str(result.aantal))
        elif result.soort == "code_2008" and result.nace_2008 is not None:
            t.say("nace.code_2008", text=result.nace_2008.tekst)
        else:
            t.say("nace.kies", zoekterm=raw[:60])
        t.update(candidates=choices)
        await t.ask(row.id)

    async def accept(self, t: Beurt, row: Veld, code: str) -> None:
        """Store a code; a code the sources flag gets a note, never a refusal."""
        t.update(nace_onthouden=None)
        t.store(row, code)
        punt = aandachtspunt(code)
        if punt is not None:
            bronnen = ", ".join(b.title for b in punt.bronnen)
            t.say("nace.aandachtspunt", tekst=punt.tekst, bronnen=bronnen)
        await t.accepted(row)


class ProviderSearch:
    """A registered provider by registration number in any notation, or by (misspelt) name."""

    name = "zoeken"
    in_words = False

    def source(self) -> str | None:
        """Not made from another field."""
        return None

    async def from_sentence(self, t: Beurt, row: Veld, found: Any) -> Any:
        """The provider a number or name in a sentence clearly names and the rules allow."""
        regels = t.regels()
        if not isinstance(found, str) or not t.g.type or regels is None:
            return None
        if (nummer := nlu.registratienummer(found)) is not None:
            d = await t.ports.dienstverlener(nummer)
        else:
            d = await self.find(t, found)
        return d if d is not None and t.check(row, d, regels) is None else None

    def question(self, t: Beurt, row: Veld) -> tuple[str, list[Choice]]:
        """The question, with the candidates of the last search."""
        return t.t(row.question_id(t.g), **t.msg_params()), list(t.s.candidates)

    async def answer(self, t: Beurt, row: Veld, raw: str) -> None:
        """A picked candidate, a number, or a name search: take it when clear, else offer."""
        kind = t.g.type or "opleiding"
        chosen = nlu.choice(raw, list(t.s.choices)) if t.s.choices else None
        if chosen is not None and any(c.value == chosen for c in t.s.candidates):
            found = await t.ports.dienstverlener(chosen)
            if found is not None:
                await self.select(t, row, found)
                return
        nummer = nlu.registratienummer(raw)
        if nummer is not None:
            found = await t.ports.dienstverlener(nummer)
            if found is None:
                t.say(
                    "bevestiging.dienstverlener_onbekend",
                    problem="dienstverlener_onbekend",
                    registratienummer=nummer,
                )
                await t.ask(row.id)
                return
            await self.select(t, row, found)
            return
        results = await t.ports.zoek_dienstverleners(raw[:100], limit=8)
        right = [h for h in results if h.dienstverlener.type == kind]
        if not results:
            t.update(candidates=())
            t.say(
                "bevestiging.dienstverlener_geen",
                problem="dienstverlener_onbekend",
                zoekterm=raw[:60],
            )
            await t.ask(row.id)
            return
        if not right:
            # Only providers of the other type match: name the rule.
            await self.select(t, row, results[0].dienstverlener)
            return
        best = right[0]
        runner_up = right[1].score if len(right) > 1 else 0.0
        if best.score >= SURE_PROVIDER and best.score - runner_up >= PROVIDER_MARGIN:
            await self.select(t, row, best.dienstverlener)
            return
        t.update(candidates=tuple(self.choice_of(h.dienstverlener) for h in right[:5]))
        t.say("bevestiging.dienstverlener_kies", type=kind)
        await t.ask(row.id)

    @staticmethod
    def choice_of(d: Dienstverlener) -> Choice:
        """A provider as a choice, by registration number."""
        return Choice(label=f"{d.naam} ({d.registratienummer})", value=d.registratienummer)

    async def select(self, t: Beurt, row: Veld, d: Dienstverlener) -> None:
        """Check the provider's type against the aanvraag, then store it."""
        regels = t.regels()
        if regels is None:
            t.no_rules()
            return
        probleem = t.check(row, d, regels)
        if probleem is not None:
            t.refuse_or_doubt(
                probleem,
                extra={
                    "naam": d.naam,
                    "type_dv": d.type,
                    "registratienummer": d.registratienummer,
                },
            )
            await t.ask(row.id)
            return
        t.store(row, d)
        t.say(
            "bevestiging.dienstverlener_gekozen",
            naam=d.naam,
            registratienummer=d.registratienummer,
        )
        await t.accepted(row)

    async def find(self, t: Beurt, term: str) -> Dienstverlener | None:
        """The one provider a search term clearly names (several answers in one message)."""
        hits = await t.ports.zoek_dienstverleners(term, limit=8)
        right = [h for h in hits if h.dienstverlener.type == t.g.type]
        clear = bool(right) and (
            len(right) == 1 or right[0].score - right[1].score >= PROVIDER_MARGIN
        )
        if not right:
            return None
        if clear and right[0].score >= SURE_PROVIDER:
            return right[0].dienstverlener
        t.update(candidates=tuple(self.choice_of(h.dienstverlener) for h in right[:5]))
        return None
