"""Odd inputs at every question of the aanvraag: never a traceback, never a lost answer.

The engine is driven once to each question (every field of an opleiding, the thema question in
each of its forms: one proposal from the title, three proposals, the advies proposal and the
browse list; the subthema after browsing; the question whether a title is an excluded training;
the dienstverlener question with candidates offered, the summary/verklaring, the annuleer
confirmation and the "which field" question of `wijzig`); the state of that moment is kept, and
every odd input is sent to that same state. The issue: "No input, however odd (empty, 10 000
characters, emoji, control characters), produces a traceback", and "the same field is asked
again; nothing already answered is lost".
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

import pytest

from dialogs.engine import advance
from dialogs.fields import FIELDS, default_table
from dialogs.messages import default_catalog
from dialogs.models import Input
from dialogs.nlu import clean
from dialogs.state import Aanvraag, DialogState
from tests.auxil.ports import MemoryPorts
from tests.dialogs.driver import OPLEIDING, TODAY, Gesprek, asks, texts


@dataclass
class Punt:
    """A moment of the conversation: the state and the ports right then."""

    state: DialogState
    ports: MemoryPorts


async def _naar_veld(veld: str, answers: dict[str, str] = OPLEIDING) -> Gesprek:
    g = Gesprek()
    await g.send(resume=True)
    await g.send("nieuw")
    await g.answer_until(veld, answers)
    return g


def _keuzes(g: Gesprek) -> list[str]:
    assert g.last is not None
    return [c.value for c in g.last.messages[-1].choices]


async def _naar_themalijst() -> Gesprek:
    """The thema question after "Iets anders": every thema of the catalogue as a choice."""
    g = await _naar_veld("thema")
    t = await g.send("Iets anders")
    assert asks(t) == "thema", texts(t)
    assert "IT" in _keuzes(g) and "HR" in _keuzes(g), _keuzes(g)
    assert not any(v.startswith("voorstel:") for v in _keuzes(g))
    return g


async def _naar_samenvatting() -> Gesprek:
    g = Gesprek()
    await g.send("nieuw")
    await g.answer_until(None)
    return g


async def _bouw(punt: str) -> Punt:
    if punt == "thema":
        # "Excel voor gevorderden": one sure proposal, Ja or Iets anders
        g = await _naar_veld("thema")
        assert _keuzes(g) == ["voorstel:IT|Software", "andere"], _keuzes(g)
    elif punt == "thema_voorstellen":
        # an unsure title: the best three proposals and Iets anders
        g = await _naar_veld("thema", {**OPLEIDING, "naam": "Marketing, verkoop en communicatie"})
        keuzes = _keuzes(g)
        assert len(keuzes) == 4 and keuzes[-1] == "andere", keuzes
        assert all(v.startswith("voorstel:") for v in keuzes[:3]), keuzes
    elif punt == "thema_advies":
        # advies since 01/02/2026: only IT – Cybersecurity is proposed
        g = await _naar_veld("thema", {**OPLEIDING, "type": "2", "naam": "Cybersecurity-audit"})
        assert _keuzes(g) == ["voorstel:IT|Cybersecurity", "andere"], _keuzes(g)
    elif punt == "thema_lijst":
        g = await _naar_themalijst()
    elif punt == "subthema":
        # reached through the browse list: Iets anders, then a thema
        g = await _naar_themalijst()
        t = await g.send("1")
        assert asks(t) == "subthema", texts(t)
        assert _keuzes(g) == ["Software", "Hardware", "Infrastructuur", "Cybersecurity"]
    elif punt == "bevestig_uitsluiting":
        # "NLP" may be the excluded Neuro-Linguistic Programming: asked, not refused
        g = await _naar_veld("naam")
        t = await g.send("NLP met Python")
        assert asks(t) == "bevestig_uitsluiting", texts(t)
        assert _keuzes(g) == ["ja", "nee"]
    elif punt in {f.id for f in FIELDS}:
        g = await _naar_veld(punt)
    elif punt == "dienstverlener_met_keuzes":
        g = await _naar_veld("dienstverlener")
        # "books hive" fits two opleiding providers of the demo registry: they are offered as
        # choices.
        t = await g.send("books hive")
        assert asks(t) == "dienstverlener"
        assert len(t.messages[-1].choices) >= 2, texts(t)
    elif punt == "verklaring":
        g = await _naar_samenvatting()
    elif punt == "bevestig_annuleren":
        g = await _naar_veld("kost")
        t = await g.send("annuleer")
        assert asks(t) == "bevestig_annuleren"
    elif punt == "bevestig_annuleren_samenvatting":
        g = await _naar_samenvatting()
        t = await g.send("annuleer")
        assert asks(t) == "bevestig_annuleren"
    elif punt == "wijzig_veld":
        g = await _naar_samenvatting()
        t = await g.send("wijzig")
        assert asks(t) == "wijzig_veld"
    else:  # pragma: no cover - a typo in PUNTEN
        raise AssertionError(punt)
    return Punt(state=g.state, ports=g.ports)


PUNTEN = [
    *(f.id for f in FIELDS),
    "thema_voorstellen",
    "thema_advies",
    "thema_lijst",
    "bevestig_uitsluiting",
    "dienstverlener_met_keuzes",
    "verklaring",
    "bevestig_annuleren",
    "bevestig_annuleren_samenvatting",
    "wijzig_veld",
]
_cache: dict[str, Punt] = {}


async def punt(naam: str) -> Punt:
    """The state at that question (built once per test session)."""
    if naam not in _cache:
        _cache[naam] = await _bouw(naam)
    return _cache[naam]


def verwacht_veld(naam: str) -> str:
    return {
        "thema_voorstellen": "thema",
        "thema_advies": "thema",
        "thema_lijst": "thema",
        "dienstverlener_met_keuzes": "dienstverlener",
        "bevestig_annuleren_samenvatting": "bevestig_annuleren",
    }.get(naam, naam)


# What an understood answer may change besides the asked field: accepting a thema proposal
# stores its subthema too; a yes to "is this the excluded training?" drops the name.
OOK_GEWIJZIGD = {"thema": {"subthema"}, "bevestig_uitsluiting": {"naam"}}


ODD: dict[str, Input] = {
    "leeg": Input(text=""),
    "spaties": Input(text="   "),
    "10000_tekens": Input(text="x" * 10_000),
    "10000_tekens_woorden": Input(text="Jan Peeters, " * 800),
    "emoji": Input(text="🙂🚀"),
    "controletekens": Input(text="\x00\x07\x1b[31m"),
    "rtl_zero_width": Input(text="\u202e\u200b\u200f\u2067\ufeff"),
    "rtl_tekst": Input(text="\u202eمرحبا\u200f"),
    "sql": Input(text="'; DROP TABLE"),
    "json": Input(text='{"text": "nieuw", "choice": "1"}'),
    "400_cijfers": Input(text="9" * 400),
    "31_februari": Input(text="31/02/2026"),
    "min_vijf": Input(text="-5"),
    "keuze_bestaat_niet": Input(choice="does-not-exist"),
}

# The project name is free text: whatever has a letter or digit and at most 200 characters is a
# valid name. These odd inputs are therefore *accepted* there (and stored as cleaned text).
NAAM_GELDIG = {"controletekens", "rtl_tekst", "sql", "json", "31_februari", "min_vijf"}


def _aanvraag(state: DialogState) -> dict:
    return dict(state.aanvraag.values)


CASES = [
    pytest.param(p, o, id=f"{p}-{o}")
    for p in PUNTEN
    for o in ODD
    if not (p == "naam" and o in NAAM_GELDIG)
]


def _zelfde_antwoorden(before: dict, after: dict, veld: str) -> None:
    """All answers but the asked field are unchanged; the asked field gained no usable answer."""
    assert {k: v for k, v in after.items() if k != veld} == {
        k: v for k, v in before.items() if k != veld
    }, "a previously given answer changed"
    table = default_table()
    if veld in table:
        was = table[veld].answered(table.gegevens(Aanvraag(values=before)))
        now = table[veld].answered(table.gegevens(Aanvraag(values=after)))
        assert now == was, f"{veld}: answered {was} -> {now}"
        if was:
            assert after.get(veld) == before.get(veld)


@pytest.mark.parametrize(("plek", "odd"), CASES)
async def test_odd_input_asks_the_same_question_again(plek: str, odd: str) -> None:
    p = await punt(plek)
    before = _aanvraag(p.state)
    veld = verwacht_veld(plek)
    ports = copy.deepcopy(p.ports)
    turn = await advance(p.state, ODD[odd], today=TODAY, ports=ports)

    assert asks(turn) == veld, texts(turn)
    assert turn.state.asks == veld
    assert turn.state.mode == "aanvraag"
    _zelfde_antwoorden(before, _aanvraag(turn.state), veld)
    assert len(ports.projects) == 0, "an odd input submitted the aanvraag"
    for m in turn.messages:
        assert m.text.strip(), f"empty message {m.id}"
        assert "None" not in m.text, m.text
    if plek == "wijzig_veld":
        # The list of fields is shown again (a Dutch question with the fields as choices).
        assert "wijzigen" in texts(turn)
        assert [c.value for c in turn.messages[-1].choices] == [c.value for c in p.state.choices]
        return
    # A Dutch explanation of what went wrong, with a problem id, before the question again.
    assert len(turn.messages) >= 2, texts(turn)
    uitleg = turn.messages[0]
    assert uitleg.text.strip()
    assert uitleg.problem is not None, f"no problem id on {uitleg.id}: {uitleg.text}"
    assert default_catalog().has(uitleg.id), f"{uitleg.id} is not a catalogue (Dutch) text"
    if plek != "dienstverlener_met_keuzes":  # there an odd text is a new (failed) name search
        assert [c.value for c in turn.messages[-1].choices] == [c.value for c in p.state.choices]


@pytest.mark.parametrize("odd", sorted(NAAM_GELDIG))
async def test_free_text_name_is_accepted_as_cleaned_text(odd: str) -> None:
    p = await punt("naam")
    before = _aanvraag(p.state)
    turn = await advance(p.state, ODD[odd], today=TODAY, ports=copy.deepcopy(p.ports))
    assert asks(turn) == "soort"
    after = _aanvraag(turn.state)
    assert after["naam"] == clean(ODD[odd].text)
    assert {k: v for k, v in after.items() if k != "naam"} == {
        k: v for k, v in before.items() if k != "naam"
    }


async def test_odd_inputs_when_idle_do_not_start_anything() -> None:
    g = Gesprek()
    await g.send(resume=True)
    for name, inp in ODD.items():
        turn = await advance(g.state, inp, today=TODAY, ports=g.ports)
        assert turn.state.mode == "idle", name
        assert asks(turn) is None, name
        assert turn.messages and all(m.text.strip() for m in turn.messages), name
        assert [c.value for c in turn.messages[-1].choices] == ["nieuw", "historiek", "demo"]


# --- fuzz ----------------------------------------------------------------------------------

_RANGES = [
    (0x00, 0x1F),  # control characters
    (0x20, 0x7E),  # ASCII
    (0x7F, 0x9F),  # DEL and C1 controls
    (0xA0, 0x17F),  # Latin-1 and Latin Extended-A (é, ë, ç, ...)
    (0x300, 0x36F),  # combining marks
    (0x590, 0x6FF),  # Hebrew and Arabic
    (0x200B, 0x206F),  # zero-width, bidi controls, general punctuation
    (0x20AC, 0x20AC),  # €
    (0x4E00, 0x4E80),  # CJK
    (0xD800, 0xDFFF),  # lone surrogates
    (0xE000, 0xE010),  # private use
    (0xFFF0, 0xFFFF),  # specials, non-characters
    (0x1F600, 0x1F64F),  # emoji
    (0x10FFF0, 0x10FFFF),  # end of the code space
]
_FRAGMENTS = ["terug", "wijzig", "annuleer", "help", "/", "1", "0403.170.701", "€", "ja", " en "]


def fuzz_strings(n: int = 300, seed: int = 1234) -> list[str]:
    """Random unicode strings (some with a command word mixed in), reproducible by seed."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        length = rnd.choice([0, 1, 2, 3, 5, 8, 20, 80, 300, 2500])
        chars = []
        for _ in range(length):
            lo, hi = rnd.choice(_RANGES)
            chars.append(chr(rnd.randint(lo, hi)))
        s = "".join(chars)
        if rnd.random() < 0.2:
            pos = rnd.randint(0, len(s))
            s = s[:pos] + rnd.choice(_FRAGMENTS) + s[pos:]
        out.append(s)
    return out


def test_fuzz_strings_are_reproducible() -> None:
    assert fuzz_strings() == fuzz_strings()
    assert len(set(fuzz_strings())) > 250


@pytest.mark.parametrize("plek", PUNTEN)
async def test_fuzz_random_unicode_at_every_question(plek: str) -> None:
    p = await punt(plek)
    before = _aanvraag(p.state)
    veld = verwacht_veld(plek)
    for i, s in enumerate(fuzz_strings()):
        for inp in (Input(text=s), Input(choice=s)):
            ports = copy.deepcopy(p.ports)
            turn = await advance(p.state, inp, today=TODAY, ports=ports)
            label = f"string {i} {s[:40]!r}"
            assert turn.messages, label
            assert all(m.text.strip() for m in turn.messages), label
            assert all("None" not in m.text for m in turn.messages), label
            after = _aanvraag(turn.state)
            if turn.state.mode == "idle":
                # Only a yes to the verklaring (submitted) or to the annuleer question (dropped).
                assert plek.startswith(("verklaring", "bevestig_annuleren")), label
                assert len(ports.projects) == (1 if veld == "verklaring" else 0), label
                continue
            assert not ports.projects, label
            if asks(turn) == veld:
                # Not understood, or asked again: no usable answer gained, nothing else changed.
                _zelfde_antwoorden(before, after, veld)
            else:
                # Understood as an answer or as a command (terug, wijzig, annuleer, help): at
                # most the asked field changed.
                changed = {k for k in {*after, *before} if after.get(k) != before.get(k)}
                assert changed <= {veld, *OOK_GEWIJZIGD.get(veld, ())}, f"{label}: {changed}"
