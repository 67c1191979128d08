"""Who may act for an onderneming, and what the onderneming brings along.

A chat that gives the number of an onderneming others manage learns nothing about it and is
asked for an access code (`Step.CODE`); a beheerder makes one with `uitnodigen` and sees who
holds a right with `toegang`. With a right, the size fixed for the year fills itself in and
the NACE code of the last aanvraag is offered for confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dialogs import format as fmt
from dialogs import nlu
from dialogs.models import Choice, Onderneming
from dialogs.nlu_loader import fold
from dialogs.spec import Role
from dialogs.state import Step
from domain_rules import nace_code

if TYPE_CHECKING:
    from dialogs.spec import Veld
    from dialogs.turn import Beurt

#: The characters of an access code: no 0/O and no 1/I, which read alike.
ALFABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def normaliseer_code(code: str) -> str:
    """A typed code as it is compared: capitals, without spaces or dashes."""
    return "".join(c for c in code.upper() if c.isalnum())


def lijkt_op_code(text: str) -> bool:
    """Whether a text has the shape of an access code (8 characters, groups allowed)."""
    compact = normaliseer_code(text)
    return len(compact) == 8 and len(text.strip()) <= 12 and not compact.isdigit()


def guarded(t: Beurt) -> bool:
    """Rights apply: not in the demo, which stores nothing."""
    return t.s.mode != "demo"


async def company(
    t: Beurt, nummer: str | None = None, *, fresh: bool = False
) -> Onderneming | None:
    """The onderneming of the aanvraag (or `nummer`) as this chat may know it.

    Read once per turn; without `fresh`, as the state kept it from an earlier turn of the same
    year (its size and NACE code). Rights are always read `fresh` (filing, a number given).
    """
    nummer = nummer or t.g.onderneming
    if not nummer or not guarded(t):
        return None
    cached = t.companies.get(nummer)
    kept = t.s.onderneming_info
    if (
        cached is None
        and not fresh
        and kept is not None
        and (kept.nummer, kept.jaar) == (nummer, t.today.year)
    ):
        cached = kept
    if cached is None:
        cached = await t.ports.onderneming(nummer, jaar=t.today.year)
        t.companies[nummer] = cached
        if cached.mag:
            t.update(onderneming_info=cached)
    return cached


def _shown(t: Beurt, nummer: str) -> str:
    row = t.table[t.table.field_of(Role.ONDERNEMING)]
    return row.display(nummer, t.cat)


async def may_store(t: Beurt, row: Veld, value: Any) -> bool:
    """The onderneming field: refuse a number others manage and await an access code."""
    if row.role is not Role.ONDERNEMING or not isinstance(value, str):
        return True
    info = await company(t, value, fresh=True)
    if info is None or info.mag:
        t.previous_company = t.g.onderneming
        return True
    refuse_access(t, value)
    return False


async def may_know(t: Beurt, row: Veld, value: Any) -> bool:
    """Whether a remembered onderneming may still be used (no right lost since)."""
    if row.role is not Role.ONDERNEMING or not isinstance(value, str):
        return True
    info = await company(t, value, fresh=True)
    return info is None or info.mag


def refuse_access(t: Beurt, nummer: str) -> None:
    """`geen_toegang`: the two ways in, and the code is awaited."""
    t.say("toegang.geen_toegang", problem="geen_toegang", onderneming=_shown(t, nummer))
    t.update(step=Step.CODE, toegang_voor=nummer, choices=(), confirm=None)


async def after_store(t: Beurt, row: Veld) -> None:
    """An onderneming with a right: its fixed size fills in, its NACE code is offered."""
    if row.role is not Role.ONDERNEMING:
        return
    info = await company(t)
    if info is None or not info.mag:
        return
    size_row = t.table[t.table.field_of(Role.GROOTTE)]
    nace_row = t.table[t.table.field_of(Role.NACE)]
    if t.previous_company not in (None, info.nummer):
        # Size and NACE code are the company's: another number asks them again.
        for other in (size_row, nace_row):
            t.update(aanvraag=t.s.aanvraag.with_value(other.id, None))
        t.update(candidates=(), nace_onthouden=None)
    t.previous_company = None
    if info.grootte is not None and t.g.grootte != info.grootte:
        t.store(size_row, info.grootte)
        t.say(
            "algemeen.grootte_vast",
            grootte=size_row.show(t.g, t.cat),
            jaar=str(t.today.year),
        )
    if info.nace is not None and not nace_row.answered(t.g):
        found = nace_code(info.nace)
        if found is not None:
            t.update(
                candidates=(Choice(label=f"{found.code} – {found.titel}", value=found.code),),
                nace_onthouden=found.code,
            )


async def size_locked(t: Beurt, row: Veld, value: Any) -> bool:
    """A size other than the one fixed for the year: refused, the fixed one stays.

    True when the answer was handled here (the caller goes on as after an accepted answer).
    """
    if row.role is not Role.GROOTTE:
        return False
    info = await company(t)
    if info is None or info.grootte is None or value == info.grootte:
        return False
    say_size_locked(t, row, info)
    return True


def say_size_locked(t: Beurt, row: Veld, info: Onderneming) -> None:
    """`grootte_vastgelegd`, with the fixed size stored."""
    assert info.grootte is not None
    if t.g.grootte != info.grootte:
        t.store(row, info.grootte)
    t.say(
        "toegang.grootte_vastgelegd",
        problem="grootte_vastgelegd",
        onderneming=_shown(t, info.nummer),
        jaar=str(t.today.year),
        grootte=row.show(t.g, t.cat),
    )


# --- the access code ----------------------------------------------------------------------------


class CodeStep:
    """The access code for the onderneming in `toegang_voor`, or another number."""

    async def enter(self, t: Beurt) -> None:
        """Ask for the code."""
        nummer = t.s.toegang_voor
        if nummer is None:
            await t.next_question(after=None)
            return
        t.update(step=Step.CODE, choices=())
        t.say("vraag.toegangscode", onderneming=_shown(t, nummer))

    async def answer(self, t: Beurt, text: str, picked: str | None) -> None:
        """A code that works gives a right; a KBO number is a new answer to the field."""
        nummer = t.s.toegang_voor
        raw = (picked or text).strip()
        if nummer is None:
            await t.next_question(after=None)
            return
        row = t.table[t.table.field_of(Role.ONDERNEMING)]
        if lijkt_op_code(raw):
            poging = await t.ports.gebruik_toegangscode(nummer, raw)
            if poging.uitkomst == "ok":
                t.companies.pop(nummer, None)
                t.say("toegang.code_ok", onderneming=_shown(t, nummer))
                t.update(step=Step.FIELD, field=row.id, toegang_voor=None)
                await t.settle(row, nummer)
                return
            if poging.uitkomst == "geblokkeerd":
                t.say(
                    "toegang.geblokkeerd",
                    problem="te_veel_pogingen",
                    minuten=str(poging.wacht_minuten),
                )
            else:
                t.say("toegang.code_fout", problem="ongeldige_code", over=str(poging.over))
            await self.enter(t)
            return
        if isinstance(nlu.ondernemingsnummer(raw), nlu.Ok):
            t.update(step=Step.FIELD, field=row.id, toegang_voor=None)
            await t.steps[Step.FIELD].answer(t, raw, None)
            return
        t.say("toegang.geen_code", problem="ongeldige_invoer")
        await self.enter(t)


# --- commands -----------------------------------------------------------------------------------


async def _current(t: Beurt, rest: str) -> str | None:
    """The onderneming a command is about: typed after it, the aanvraag's, or remembered."""
    if rest.strip():
        parsed = nlu.ondernemingsnummer(rest)
        return parsed.value if isinstance(parsed, nlu.Ok) else None
    row_id = t.table.field_of(Role.ONDERNEMING)
    value = t.g.onderneming or t.s.remembered.get(row_id)
    return value if isinstance(value, str) else None


async def cmd_uitnodigen(t: Beurt, rest: str) -> None:
    """A single-use access code for the current onderneming (a beheerder only)."""
    nummer = await _current(t, rest)
    if nummer is None:
        t.say("toegang.welke_onderneming", commando="uitnodigen")
    else:
        code = await t.ports.maak_toegangscode(nummer)
        if code is None:
            t.say("toegang.geen_beheerder", problem="geen_toegang", onderneming=_shown(t, nummer))
        else:
            t.say(
                "toegang.uitnodiging",
                onderneming=_shown(t, nummer),
                code=code.code,
                geldig_tot=fmt.datum(code.geldig_tot),
            )
    await t.after_side_command()


async def cmd_toegang(t: Beurt, rest: str) -> None:
    """Who holds a right on the current onderneming; `toegang intrekken N` revokes one."""
    words = rest.split()
    revoke = bool(words) and fold(words[0]) in t.nlu.lookup("intrekken")
    nummer = await _current(t, "" if revoke else rest)
    if nummer is None:
        t.say("toegang.welke_onderneming", commando="toegang")
        await t.after_side_command()
        return
    if revoke:
        which = words[1] if len(words) > 1 else ""
        ok = which.isdigit() and await t.ports.trek_recht_in(nummer, int(which))
        if ok:
            t.say("toegang.ingetrokken", nummer=which)
        else:
            t.say("toegang.niet_ingetrokken", problem="geen_toegang")
    rechten = await t.ports.rechten(nummer)
    if not rechten:
        t.say("toegang.geen_rechten", problem="geen_toegang", onderneming=_shown(t, nummer))
        await t.after_side_command()
        return
    lines = [
        t.t(
            "toegang.lijst_rij",
            nummer=str(r.nummer),
            kanaal=t.t(
                f"toegang.kanaal_{r.kanaal}"
                if t.cat.has(f"toegang.kanaal_{r.kanaal}")
                else "toegang.kanaal_anders"
            ),
            rol=t.t(f"toegang.rol_{r.rol}"),
            sinds=fmt.datum(r.sinds),
            zelf=t.t("toegang.zelf") if r.zelf else "",
        )
        for r in rechten
    ]
    beheerder = any(r.zelf and r.rol == "beheerder" for r in rechten)
    text = t.t("toegang.lijst_kop", onderneming=_shown(t, nummer)) + "\n" + "\n".join(lines)
    if beheerder and len(rechten) > 1:
        text += "\n" + t.t("toegang.intrekken_uitleg")
    t.say("toegang.lijst", tekst=text)
    await t.after_side_command()
