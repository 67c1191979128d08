"""Whether a text is a question (`is_vraag`) or asks for a person (`vraagt_mens`).

Also the word helpers and the cache per NluData that the matcher shares. The rule of is_vraag
and its trade-off with titles are described in the docstring of the package dialogs.faq.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz, process

from dialogs.nlu_loader import NluData, NluDataError, fold

#: nlu_data files (relative, without .yml) this module takes from the loader.
NLU_MENS: Final = "mens"
NLU_VRAGEN: Final = "lookups/vragen"
INTENT_PREFIX: Final = "faq/"
MENS_INTENT: Final = "mens_spreken"

_WOORD: Final = re.compile(r"[0-9a-z]+")
_EINDE: Final = " \t!.)😊🙂🙏"


# --- words ------------------------------------------------------------------------------------


def _schoon(text: str) -> str:
    return " ".join(text.split())[:2000]


def _woorden(text: str) -> list[str]:
    return _WOORD.findall(fold(text))


@lru_cache(maxsize=256)
def _per_eerste_woord(zinnen: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases split into words, by their first word (longest first)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for zin in zinnen:
        delen = tuple(_WOORD.findall(zin))
        if delen:
            index.setdefault(delen[0], []).append(delen)
    return {w: tuple(sorted(d, key=len, reverse=True)) for w, d in index.items()}


def _begint_met(woorden: Sequence[str], zinnen: Iterable[str]) -> int:
    """Length (in words) of the longest phrase of `zinnen` the words start with; 0 if none."""
    if not woorden:
        return 0
    groep = zinnen if isinstance(zinnen, frozenset) else frozenset(zinnen)
    for delen in _per_eerste_woord(groep).get(woorden[0], ()):
        if tuple(woorden[: len(delen)]) == delen:
            return len(delen)
    return 0


def _bevat(woorden: Sequence[str], zinnen: Iterable[str]) -> bool:
    return any(_begint_met(woorden[i:], zinnen) for i in range(len(woorden)))


@dataclass(frozen=True)
class _Vraagwoorden:
    vul: frozenset[str]
    openingen: frozenset[str]
    werkwoorden: frozenset[str]
    met_onderwerp: frozenset[str]
    onderwerpen: frozenset[str]
    vraagwoorden: frozenset[str]
    sterk: frozenset[str]
    voorzetsels: frozenset[str]
    domein: frozenset[str]
    aanhef: frozenset[str]


def _lookup(nlu: NluData, naam: str, bestand: str) -> frozenset[str]:
    entries = nlu.lookup(naam)
    if not entries:
        raise NluDataError(f"nlu_data/{bestand}.yml: lookup {naam!r} missing or empty")
    return entries


def _vraagwoorden(nlu: NluData) -> _Vraagwoorden:
    def lk(naam: str) -> frozenset[str]:
        return _lookup(nlu, naam, NLU_VRAGEN)

    return _Vraagwoorden(
        vul=lk("vraag_vulwoorden"),
        openingen=lk("vraag_openingen"),
        werkwoorden=lk("vraag_werkwoorden"),
        met_onderwerp=lk("vraag_werkwoorden_met_onderwerp"),
        onderwerpen=lk("vraag_onderwerpen"),
        vraagwoorden=lk("vraagwoorden"),
        sterk=lk("vraagwoorden_sterk"),
        voorzetsels=lk("vraag_voorzetsels"),
        domein=lk("vraag_domeinwoorden"),
        aanhef=lk("vraag_aanhef"),
    )


class _PerData:
    """What is derived from one NluData (and FaqCatalog), kept for the last few of them.

    NluData is not hashable (it holds dicts), so the cache compares its keys by identity.
    """

    def __init__(self, limiet: int = 4) -> None:
        self._limiet = limiet
        self._items: list[tuple[tuple[object, ...], object]] = []

    def get(self, sleutel: tuple[object, ...], maak: Callable[[], object]) -> object:
        """The value kept for `sleutel` (compared item by item with `is`), made if absent."""
        for i, (s, waarde) in enumerate(self._items):
            if len(s) == len(sleutel) and all(a is b for a, b in zip(s, sleutel, strict=True)):
                self._items.insert(0, self._items.pop(i))
                return waarde
        waarde = maak()
        self._items.insert(0, (sleutel, waarde))
        del self._items[self._limiet :]
        return waarde


_PER_DATA = _PerData(limiet=12)


def _vraagwoorden_van(nlu: NluData) -> _Vraagwoorden:
    found = _PER_DATA.get(("vragen", nlu), lambda: _vraagwoorden(nlu))
    assert isinstance(found, _Vraagwoorden)
    return found


def _eindigt_op_vraagteken(tekst: str) -> bool:
    return tekst.rstrip(_EINDE).endswith("?")


_DEELZIN: Final = re.compile(r"[,;:]")


def is_vraag(text: str, nlu_data: NluData) -> bool:
    """Whether the text is a question (to answer) rather than an answer to the field asked.

    See the module docstring for the rule and its trade-off with titles.
    """
    tekst = _schoon(text)
    woorden = _woorden(tekst)
    if not any(c.isalpha() for w in woorden for c in w):
        return False  # "?", "500?", "02/03/2026"
    intent = nlu_data.intent(tekst) or nlu_data.intent(tekst.rstrip(_EINDE + "?"))
    if intent is not None:
        return intent.startswith(INTENT_PREFIX)  # "ja", "help", "nieuw" are no questions
    if _eindigt_op_vraagteken(tekst):
        return True
    vw = _vraagwoorden_van(nlu_data)
    if _bevat(woorden, vw.aanhef):
        return True
    return any(_opent_vraag(_woorden(deel), vw) for deel in _DEELZIN.split(tekst))


def _opent_vraag(woorden: Sequence[str], vw: _Vraagwoorden) -> bool:
    """Whether a clause opens as a question (after the filler words)."""
    while woorden and (n := _begint_met(woorden, vw.vul)):
        woorden = woorden[n:]
    if not woorden:
        return False
    if _begint_met(woorden, vw.openingen):
        return True
    eerste, tweede = woorden[0], (woorden[1] if len(woorden) > 1 else "")
    if eerste in vw.werkwoorden:
        return True
    if eerste in vw.met_onderwerp and tweede in vw.onderwerpen:
        return True
    if _begint_met(woorden, vw.sterk):
        return True
    if eerste in vw.voorzetsels and _begint_met(woorden[1:], vw.sterk | vw.vraagwoorden):
        return True
    n = _begint_met(woorden, vw.vraagwoorden)
    if not n:
        return False
    rest = woorden[n:]
    werkwoorden = vw.werkwoorden | vw.met_onderwerp
    aangesproken = any(
        a in werkwoorden and b in vw.onderwerpen for a, b in zip(rest, rest[1:], strict=False)
    )
    return aangesproken or _domein(woorden, vw.domein)


def _domein(woorden: Sequence[str], domein: frozenset[str]) -> bool:
    enkel = [d for d in domein if " " not in d]
    if any(w == d or (len(d) >= 4 and w.startswith(d)) for w in woorden for d in enkel):
        return True
    return _bevat(woorden, [d for d in domein if " " in d])


# --- asking for a person ----------------------------------------------------------------------

_BEZITTELIJK: Final = frozenset({"mijn", "m", "onze", "ons", "zijn", "haar", "hun"})
_KORT_VERZOEK: Final = 4  # "graag een medewerker": a person in a short request


@dataclass(frozen=True)
class _Mens:
    voorbeelden: tuple[str, ...]
    personen: frozenset[str]
    loketten: frozenset[str]
    contact: frozenset[str]
    verzoek: frozenset[str]
    bellen: frozenset[str]
    bellen_wie: frozenset[str]
    bellen_modaal: frozenset[str]
    derden: frozenset[str]


def _mens(nlu: NluData) -> _Mens:
    blokken = [b for b in nlu.blocks(NLU_MENS) if b.kind == "intent"]
    voorbeelden = tuple(
        " ".join(_woorden(e)) for b in blokken if b.name == MENS_INTENT for e in b.examples
    )
    if not voorbeelden:
        raise NluDataError(f"nlu_data/{NLU_MENS}.yml: intent {MENS_INTENT!r} has no examples")

    def lk(naam: str) -> frozenset[str]:
        return _lookup(nlu, naam, NLU_MENS)

    return _Mens(
        voorbeelden=voorbeelden,
        personen=lk("mens_personen"),
        loketten=lk("mens_loketten"),
        contact=lk("mens_contact"),
        verzoek=lk("mens_verzoek"),
        bellen=lk("mens_bellen"),
        bellen_wie=lk("mens_bellen_wie"),
        bellen_modaal=lk("mens_bellen_modaal"),
        derden=lk("mens_derden"),
    )


def _mens_van(nlu: NluData) -> _Mens:
    found = _PER_DATA.get(("mens", nlu), lambda: _mens(nlu))
    assert isinstance(found, _Mens)
    return found


def _persoon(woord: str, personen: frozenset[str]) -> bool:
    return woord in personen or (woord.endswith("s") and woord[:-1] in personen)


def vraagt_mens(text: str, nlu_data: NluData) -> bool:
    """Whether the user asks to talk to a person ("ik wil iemand spreken", "helpdesk").

    An example of the intent `mens_spreken` (also with a typo), or the generic rule: a person
    (not "mijn medewerkers") with a way of contact in a request, or in a short request; or a
    helpdesk-like word in a request or in a text of at most three words.
    """
    tekst = _schoon(text)
    if not any(c.isalpha() for c in tekst):
        return False  # a number, a date, a code
    if MENS_INTENT in (nlu_data.intent(tekst), nlu_data.intent(tekst.rstrip(_EINDE + "?"))):
        return True
    m = _mens_van(nlu_data)
    woorden = _woorden(tekst)
    if not woorden:
        return False
    samen = " ".join(woorden)
    if process.extractOne(samen, m.voorbeelden, scorer=fuzz.ratio, score_cutoff=88):
        return True
    persoon = any(
        _persoon(w, m.personen) and (i == 0 or woorden[i - 1] not in _BEZITTELIJK)
        for i, w in enumerate(woorden)
    )
    contact = _bevat(woorden, m.contact)
    verzoek = any(w in m.verzoek for w in woorden)
    if persoon and verzoek and (contact or len(woorden) <= _KORT_VERZOEK):
        return True
    if _wil_bellen(woorden, m):
        return True
    return _bevat(woorden, m.loketten) and (verzoek or len(woorden) <= 3)


def _wil_bellen(woorden: list[str], m: _Mens) -> bool:
    """Whether the user wants to call ("wie kan ik bellen?", "een nummer dat ik kan bellen").

    Not someone else ("moet ik de dienstverlener bellen?"), not a title ("Telefoneren met
    klanten").
    """
    gezet = set(woorden)
    return (
        bool(gezet & m.bellen)
        and bool(gezet & m.bellen_wie)
        and bool(gezet & m.bellen_modaal)
        and not gezet & m.derden
    )
