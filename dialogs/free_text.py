"""Several answers in one message, and corrections in free text, through the field table.

"Excel gevorderd voor 2 mensen, 16 uur, € 900, bij Attentia" fills type, naam, deelnemers, uren,
kost and dienstverlener; "het bedrag is eigenlijk 1.200 euro" corrects the kost. Each value goes
through the row's parser and checks, exactly as when its own question is answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dialogs.extract import correctie, extract
from dialogs.nlu import Fout

if TYPE_CHECKING:
    from dialogs.turn import Beurt


async def try_correction(t: Beurt, raw: str, *, current: str | None) -> bool:
    """'het bedrag is eigenlijk 1.200 euro': change that field, then back to the question."""
    found = correctie(raw, nlu_data=t.nlu)
    regels = t.regels()
    if found is None or regels is None:
        return False
    field_id, value_text = found
    if field_id not in t.table or not t.table[field_id].applies_to(t.g):
        return False
    row = t.table[field_id]
    parsed = (
        row.parse(value_text, t.ctx(regels)) if row.kind.in_words else Fout("fout.correctie_veld")
    )
    if isinstance(parsed, Fout):
        t.say(parsed.message, problem="ongeldige_invoer", **parsed.params)
        await t.reask()
        return True
    before = len(t.out)
    outcome = await t.validate_and_store(row, parsed.value)
    if outcome is True:
        t.say("algemeen.aangepast", veld=t.t(row.label_id), waarde=row.show(t.g, t.cat))
        t.out.insert(before, t.out.pop())
        if current == field_id:
            await t.accepted(row)
            return True
    if outcome is not None:
        await t.reask()
    return True


async def try_multi(t: Beurt, raw: str, *, current: str | None) -> bool:
    """Fill every field a longer message states, recap them, ask only what is missing."""
    regels = t.regels()
    if regels is None or len(raw) < 12 or len(raw.split()) < 3:
        return False
    found = facts(t, raw)
    if len(found) < 2 or not [k for k in found if k != current]:
        return False
    noted: list[str] = []
    for row in t.table.fields:
        if row.id not in found or not row.applies_to(t.g):
            continue
        value = await row.kind.from_sentence(t, row, found[row.id])
        if value is None:
            continue
        outcome = await t.validate_and_store(row, value)
        if outcome is None:
            return True  # a follow-up question about an answer was asked
        if outcome:
            noted.append(f"{t.t(row.label_id)}: {row.show(t.g, t.cat)}")
    if noted:
        t.say("algemeen.genoteerd", lijst="\n".join(f"• {n}" for n in noted))
    await t.next_question(after=None)
    return True


def facts(t: Beurt, raw: str) -> dict[str, Any]:
    """What a message states, by field id, as the table's rows find it."""
    return extract(
        raw,
        extractors=t.table.extractors(),
        implied=t.table.implications(),
        today=t.today,
        nlu_data=t.nlu,
    )
