"""Matching a question to a FAQ entry: the index, `kandidaten`, `beantwoord`, `warm_up`.

The index holds the examples of nlu_data/faq.yml as stems, weighted by how few entries use them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from rapidfuzz.distance import OSA

from dialogs.faq.catalogus import default_faq
from dialogs.faq.modellen import FaqAntwoord, FaqCatalog
from dialogs.faq.vragen import (
    _PER_DATA,
    INTENT_PREFIX,
    NLU_VRAGEN,
    _lookup,
    _schoon,
    _woorden,
    is_vraag,
    vraagt_mens,
)
from dialogs.faq.weergave import antwoord
from dialogs.nlu_loader import NluBlock, NluData, NluDataError, fold
from domain_rules import RegelBoek, Regels

#: nlu_data files (relative, without .yml) this module takes from the loader.
NLU_FAQ: Final = "faq"
NLU_WOORDEN: Final = "lookups/faq_woorden"
MIN_VOORBEELDEN: Final = 6
MAX_VOORBEELDEN: Final = 12

#: Below this score no entry fits well enough: `beantwoord` returns None.
DREMPEL: Final = 0.5
#: An entry of the field being asked wins when it scores at most this much below the best.
VELD_MARGE: Final = 0.1


# --- matching ---------------------------------------------------------------------------------

_KLINKERS: Final = "aeiou"
_DUBBEL: Final = re.compile(r"([aeou])\1")


def _stam(woord: str) -> str:
    """A light Dutch stem: 'kosten' -> 'kost', 'aanvraag'/'aanvragen' -> 'anvrag'."""
    if len(woord) > 5 and woord.endswith("en"):
        woord = woord[:-2]
    elif len(woord) > 4 and (woord.endswith("e") or (woord[-1] == "s" and woord[-2] != "s")):
        woord = woord[:-1]
    if len(woord) > 3 and woord[-1] == woord[-2] and woord[-1] not in _KLINKERS:
        woord = woord[:-1]
    return _DUBBEL.sub(r"\1", woord)


def _gelijkenis(a: str, b: str) -> float:
    """How well stem `a` of a question matches stem `b` of an example (0 to 1)."""
    if a == b:
        return 1.0
    kort, lang = (a, b) if len(a) <= len(b) else (b, a)
    beste = 0.0
    if len(kort) >= 4:
        gedeeld = 0
        for x, y in zip(a, b, strict=False):
            if x != y:
                break
            gedeeld += 1
        if gedeeld == len(kort) or (gedeeld >= 5 and gedeeld >= 0.75 * len(kort)):
            beste = 0.8
        elif len(kort) >= 5 and lang.endswith(kort):
            beste = 0.7  # the last part of a compound: "marketingadvies"
    if len(kort) >= _MIN_TIKFOUT:
        afstand = OSA.distance(a, b, score_cutoff=2)
        if afstand == 1:
            beste = max(beste, 0.9)
        elif afstand == 2 and len(kort) >= _MIN_TIKFOUT_2:
            beste = max(beste, 0.75)
    return beste


_MIN_GELIJK: Final = 0.7
_MIN_TIKFOUT: Final = 6  # shortest stem that may carry a typo ("stort" is no "start")
_MIN_TIKFOUT_2: Final = 8  # shortest stem that may carry two
_MIN_DEEL: Final = 4  # shortest part of a compound that is split
_MIN_LINKERDEEL: Final = 6  # shortest unknown first part of a compound ("verplaatsing")
_ONBEKEND_DF: Final = 0.5  # document frequency given to a word no example has
_DEKKING_VRAAG: Final = 0.65  # weight of "the question's words are in the example"
_GEHEEL: Final = 0.3  # weight of the entry's whole vocabulary next to its best example
_MIN_INFORMATIE: Final = 2.0  # total word weight below which a question counts as vague


@dataclass(frozen=True, slots=True)
class _Voorbeeld:
    faq_id: str
    stammen: tuple[str, ...]


@dataclass
class _Index:
    """The examples of every FAQ id as stems, weighted by how few entries use them."""

    stopwoorden: frozenset[str]
    partikels: frozenset[str]
    woorden: dict[str, str]  # folded variant -> canonical word (lookups/faq_woorden)
    voorbeelden: tuple[_Voorbeeld, ...]
    per_id: dict[str, frozenset[str]]  # id -> every stem of its examples
    gewicht: dict[str, float]
    onbekend: float
    velden: dict[str, frozenset[str]]
    #: Stems of the examples' words before compounds are split (the parts a split may use).
    enkelvoudig: frozenset[str] = frozenset()
    bij_stam: dict[str, tuple[int, ...]] = field(default_factory=dict)  # stem -> examples
    _gelijk: dict[str, dict[str, float]] = field(default_factory=dict)

    def stammen(self, tekst: str) -> tuple[str, ...]:
        """The stems of a text's content words, each once, in order; compounds split."""
        out: list[str] = []
        for woord in self._samengevoegd(_woorden(tekst)):
            if len(woord) < 2 or woord.isdigit() or woord in self.stopwoorden:
                continue
            for stam in self._splits(woord):
                if stam not in out:
                    out.append(stam)
        return tuple(out)

    def _samengevoegd(self, woorden: Sequence[str]) -> list[str]:
        """A separable verb joined again: "aan te vragen" -> "aanvragen"."""
        out: list[str] = []
        i = 0
        while i < len(woorden):
            if (
                i + 2 < len(woorden)
                and woorden[i] in self.partikels
                and woorden[i + 1] == "te"
                and woorden[i + 2].isalpha()
            ):
                out.append(woorden[i] + woorden[i + 2])
                i += 3
            else:
                out.append(woorden[i])
                i += 1
        return out

    def _stam(self, woord: str) -> str:
        return _stam(self.woorden.get(woord, woord))

    def _splits(self, woord: str) -> tuple[str, ...]:
        """A compound as its two parts, else the word's stem.

        Split when both parts are words of the examples ("storting|s|datum"), or when the last
        part is and the first is long enough to be a word ("verplaatsing|s|kosten").
        """
        if woord in self.woorden or len(woord) < 2 * _MIN_DEEL or not self.enkelvoudig:
            return (self._stam(woord),)
        beste: tuple[str, str] | None = None
        for i in range(len(woord) - _MIN_DEEL, _MIN_DEEL - 1, -1):
            links, rechts = woord[:i], woord[i:]
            b = self._stam(rechts)
            if b not in self.enkelvoudig:
                continue
            for kandidaat in dict.fromkeys((links, links[:-1] if links[-1] in "se" else links)):
                a = self._stam(kandidaat)
                if len(kandidaat) >= _MIN_DEEL and a in self.enkelvoudig:
                    return (a, b)
                if beste is None and len(kandidaat) >= _MIN_LINKERDEEL:
                    beste = (a, b)
        return beste or (self._stam(woord),)

    def gelijk(self, stam: str) -> dict[str, float]:
        """Every stem of the vocabulary the stem matches, with how well."""
        found = self._gelijk.get(stam)
        if found is None:
            found = {v: g for v in self.gewicht if (g := _gelijkenis(stam, v)) >= _MIN_GELIJK}
            if len(self._gelijk) > 20_000:
                self._gelijk.clear()
            self._gelijk[stam] = found
        return found

    def rang(self, tekst: str) -> list[tuple[str, float]]:
        """Every FAQ id with its score for the text, best first."""
        vraag = self.stammen(tekst)
        if not vraag:
            return []
        matches = [self.gelijk(s) for s in vraag]
        gewichten = [
            self.gewicht[s]
            if s in self.gewicht
            else max((self.gewicht[v] for v in m), default=self.onbekend)
            for s, m in zip(vraag, matches, strict=True)
        ]
        totaal_vraag = sum(gewichten)
        beste: dict[str, float] = {}
        kandidaten = sorted({i for m in matches for v in m for i in self.bij_stam[v]})
        for i in kandidaten:
            vb = self.voorbeelden[i]
            score = self._score(vb.stammen, matches, gewichten, totaal_vraag)
            if score > beste.get(vb.faq_id, -1.0):
                beste[vb.faq_id] = score
        # A question of only common words ("opleiding") is not specific enough to answer.
        specifiek = min(1.0, totaal_vraag / _MIN_INFORMATIE)
        uitkomst = []
        for faq_id, score in beste.items():
            geheel = self._dekking(self.per_id[faq_id], matches, gewichten, totaal_vraag)
            uitkomst.append((faq_id, specifiek * ((1 - _GEHEEL) * score + _GEHEEL * geheel)))
        uitkomst.sort(key=lambda x: -x[1])
        return uitkomst

    @staticmethod
    def _dekking(
        stammen: Iterable[str],
        matches: Sequence[Mapping[str, float]],
        gewichten: Sequence[float],
        totaal: float,
    ) -> float:
        woorden = set(stammen)
        gedekt = sum(
            w * max((g for v, g in m.items() if v in woorden), default=0.0)
            for m, w in zip(matches, gewichten, strict=True)
        )
        return gedekt / totaal

    def _score(
        self,
        stammen: Sequence[str],
        matches: Sequence[Mapping[str, float]],
        gewichten: Sequence[float],
        totaal_vraag: float,
    ) -> float:
        if not stammen:
            return 0.0
        dekking_vraag = self._dekking(stammen, matches, gewichten, totaal_vraag)
        if dekking_vraag == 0:
            return 0.0
        totaal_vb = sum(self.gewicht[s] for s in stammen)
        gedekt_vb = sum(
            self.gewicht[s] * max((m.get(s, 0.0) for m in matches), default=0.0) for s in stammen
        )
        dekking_vb = gedekt_vb / totaal_vb
        # A match score (a ratio between 0 and 1), not an amount.
        score: float = dekking_vraag**_DEKKING_VRAAG * dekking_vb ** (1 - _DEKKING_VRAAG)
        return score


def _faq_blokken(nlu: NluData, catalog: FaqCatalog) -> dict[str, NluBlock]:
    waar = f"nlu_data/{NLU_FAQ}.yml"
    blokken: dict[str, NluBlock] = {}
    for block in nlu.blocks(NLU_FAQ):
        if block.kind != "intent" or not block.name.startswith(INTENT_PREFIX):
            raise NluDataError(f"{waar}: only intents faq/<id>, found {block.kind} {block.name!r}")
        faq_id = block.name.removeprefix(INTENT_PREFIX)
        if faq_id in blokken:
            raise NluDataError(f"{waar}: intent {block.name!r} occurs twice")
        if faq_id not in catalog.vragen:
            raise NluDataError(f"{waar}: {block.name!r} has no answer in {catalog.pad}")
        if not MIN_VOORBEELDEN <= len(block.examples) <= MAX_VOORBEELDEN:
            raise NluDataError(
                f"{waar} ({block.name}): {len(block.examples)} examples, "
                f"need {MIN_VOORBEELDEN} to {MAX_VOORBEELDEN}"
            )
        blokken[faq_id] = block
    for naam, blocks in nlu.files.items():
        for block in blocks:
            if naam != NLU_FAQ and block.name.startswith(INTENT_PREFIX):
                raise NluDataError(f"nlu_data/{naam}.yml: {block.name!r} belongs in {waar}")
    zonder = [i for i in catalog.vragen if i not in blokken]
    if zonder:
        raise NluDataError(f"{waar}: no examples for the FAQ ids {zonder} of {catalog.pad}")
    return blokken


def _index(nlu: NluData, catalog: FaqCatalog) -> _Index:
    blokken = _faq_blokken(nlu, catalog)
    woorden: dict[str, str] = {}
    for block in nlu.blocks(NLU_WOORDEN):
        if block.kind != "synonym":
            raise NluDataError(f"nlu_data/{NLU_WOORDEN}.yml: only synonyms, found {block.kind}")
        for variant in block.examples:
            woorden[fold(variant)] = fold(block.name)
    leeg = _Index(
        stopwoorden=_lookup(nlu, "faq_stopwoorden", NLU_VRAGEN),
        partikels=_lookup(nlu, "faq_partikels", NLU_VRAGEN),
        woorden=woorden,
        voorbeelden=(),
        per_id={},
        gewicht={},
        onbekend=0.0,
        velden={i: frozenset(v.velden) for i, v in catalog.vragen.items()},
    )
    leeg.enkelvoudig = frozenset(
        stam
        for faq_id, block in blokken.items()
        for tekst in (catalog.vragen[faq_id].vraag, *block.examples)
        for stam in leeg.stammen(tekst)
    )
    voorbeelden = []
    for faq_id, block in blokken.items():
        for tekst in (catalog.vragen[faq_id].vraag, *block.examples):
            voorbeelden.append(_Voorbeeld(faq_id, leeg.stammen(tekst)))
    per_id: dict[str, set[str]] = {}
    for vb in voorbeelden:
        per_id.setdefault(vb.faq_id, set()).update(vb.stammen)
    df: dict[str, int] = {}
    for stammen in per_id.values():
        for s in stammen:
            df[s] = df.get(s, 0) + 1
    n = len(per_id)
    leeg.voorbeelden = tuple(vb for vb in voorbeelden if vb.stammen)
    leeg.per_id = {i: frozenset(s) for i, s in per_id.items()}
    bij_stam: dict[str, list[int]] = {}
    for i, vb in enumerate(leeg.voorbeelden):
        for stam in vb.stammen:
            bij_stam.setdefault(stam, []).append(i)
    leeg.bij_stam = {s: tuple(i) for s, i in bij_stam.items()}
    leeg.gewicht = {s: math.log(1 + n / d) for s, d in df.items()}
    leeg.onbekend = math.log(1 + n / _ONBEKEND_DF)
    return leeg


def _index_van(nlu: NluData, catalog: FaqCatalog) -> _Index:
    found = _PER_DATA.get(("index", nlu, catalog), lambda: _index(nlu, catalog))
    assert isinstance(found, _Index)
    return found


def kandidaten(
    text: str, *, nlu_data: NluData, catalog: FaqCatalog | None = None
) -> tuple[tuple[str, float], ...]:
    """Every FAQ id with its score for the text, best first (for benchmarks and debugging)."""
    return tuple(_index_van(nlu_data, catalog or default_faq()).rang(_schoon(text)))


def beantwoord(
    text: str,
    *,
    regels: Regels,
    catalog: FaqCatalog | None = None,
    nlu_data: NluData,
    veld: str | None = None,
) -> FaqAntwoord | None:
    """The answer of the FAQ entry that fits the question best, or None if none fits well.

    `veld`, the field being asked, breaks near-ties toward that field's entries.
    """
    faq = catalog or default_faq()
    index = _index_van(nlu_data, faq)
    ranglijst = index.rang(_schoon(text))
    if not ranglijst:
        return None
    faq_id, score = ranglijst[0]
    if veld is not None and veld not in index.velden[faq_id]:
        for ander, ander_score in ranglijst[1:]:
            if ander_score < score - VELD_MARGE:
                break
            if veld in index.velden[ander]:
                faq_id, score = ander, ander_score
                break
    if score < DREMPEL:
        return None
    return antwoord(faq_id, regels=regels, catalog=faq, score=score)


def warm_up(nlu_data: NluData, regelboek: RegelBoek) -> None:
    """Load the answers and build the indexes once, before the first question comes."""
    catalog = default_faq()
    _index_van(nlu_data, catalog)
    is_vraag("hoeveel subsidie krijg ik", nlu_data)
    vraagt_mens("ik wil iemand spreken", nlu_data)
    regels = regelboek.at(regelboek.begin)
    beantwoord("hoeveel subsidie krijg ik", regels=regels, nlu_data=nlu_data)
