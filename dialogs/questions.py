"""Questions and requests for a person, at any moment of the conversation.

A question is never stored as an answer: it gets the FAQ's answer (figures from the rules in
force on the application date, with its sources) or the field's help, and the same question is
asked again. A request for a person carries the `persoon_gevraagd` effect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogs import faq, nlu
from dialogs.extract import segments
from dialogs.models import PersonRequested, Text
from dialogs.nlu_loader import fold
from dialogs.state import Step

if TYPE_CHECKING:
    from dialogs.spec import Veld
    from dialogs.turn import Beurt

#: A remark beside an answer ("1520 euro, er komt nog materiaal bij") is answered only when
#: the FAQ is at least this sure, and only with an entry about the field asked.
REMARK_SCORE = 0.5


async def ask_for_person(t: Beurt, raw: str) -> bool:
    """'ik wil iemand spreken': the effect for the helpdesk, 1700 and the e-mail address."""
    if not faq.vraagt_mens(raw, t.nlu):
        return False
    t.effect(PersonRequested(asked=t.s.asks))
    t.say("algemeen.mens_gevraagd")
    await _again(t)
    return True


async def answer_question(t: Beurt, raw: str) -> bool:
    """A question (with or without question mark): its answer, then the same question again."""
    if len(raw.split()) < 2 and "?" not in raw:
        return False  # one word without a question mark is an answer ("16", "klein", "ja")
    if (
        not faq.is_vraag(raw, t.nlu)
        or nlu.behouden(raw, t.nlu)
        or nlu.yes_no(raw, t.nlu) is not None
    ):
        return False  # "is goed zo", "klopt": an answer, not a question
    regels = t.regels()
    field = t.s.field if t.s.step in (Step.FIELD, Step.BROWSE) else None
    found = (
        faq.beantwoord(raw, regels=regels, nlu_data=t.nlu, veld=field)
        if regels is not None
        else None
    )
    if found is not None:
        t.emit("faq.antwoord", [Text(text=found.tekst)], params={"faq": found.id})
    elif field is not None and field in t.table:
        t.say("hulp.vraag", hulp=t.t(t.table[field].help_id, **t.msg_params()))
    elif t.active and t.s.step is Step.SUMMARY:
        t.say("hulp.vraag", hulp=t.t("hulp.verklaring"))
    else:
        t.say("hulp.algemeen")
    await _again(t)
    return True


def answer_remark(t: Beurt, row: Veld, raw: str, shown: str) -> None:
    """A remark after an answer that the FAQ answers for this field.

    "1520 euro, er komt nog cursusmateriaal bij" → what counts as a cost. Only the part after
    the answer's own part is read ("16 uur in totaal" has no remark), and only its words that
    are not in the stored value as shown (`shown`): in "Jan Peeters, An Janssens" the part after
    the comma is the answer too.
    """
    if len(raw.split()) < 3:
        return  # an answer and a remark of at least two words
    regels = t.regels()
    parts = segments(raw, today=t.today, nlu_data=t.nlu)
    remark = " ".join(p.text for p in parts[1:])
    in_value = set(fold(shown).split())
    if regels is None or sum(w not in in_value for w in fold(remark).split()) < 2:
        return
    found = faq.beantwoord(remark, regels=regels, nlu_data=t.nlu, veld=row.id)
    entry = faq.default_faq().vragen.get(found.id) if found is not None else None
    about_field = entry is not None and row.id in entry.velden
    if found is not None and about_field and found.score >= REMARK_SCORE:
        t.emit("faq.antwoord", [Text(text=found.tekst)], params={"faq": found.id})


async def _again(t: Beurt) -> None:
    """The open question again, or the menu."""
    if t.active or t.s.step is not Step.IDLE:
        await t.reask()
    else:
        t.update(choices=t.idle_choices())
