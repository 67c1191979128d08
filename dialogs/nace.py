"""NACE-BEL 2025 search: a code in any notation or an activity in (misspelled) Dutch words.

`zoek_nace(query)` returns ranked subclasses with their official Dutch titles. The word index is
built once on first use from domain_rules.nace and nlu_data/lookups/nace.yml; nothing at import.
Imports only the standard library, rapidfuzz, domain_rules and dialogs.nlu_loader (which reads it).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from rapidfuzz import fuzz, process

from dialogs.nlu_loader import NluBlock, NluDataError, default_nlu_data, fold, parse_nlu_blocks
from domain_rules.nace import (
    Aandachtspunt,
    Nace2008,
    NaceCode,
    aandachtspunt,
    alle_nace_codes,
    nace_2008,
    nace_code,
    normaliseer_nace,
    subklassen,
)

Soort = Literal["code", "klasse", "code_2008", "woorden", "onbekend"]

SYNONIEMEN_BESTAND = "lookups/nace.yml"
STOPWOORD_LOOKUP = "nace_stopwoord"
MAX_QUERY = 200  # longer input is cut: nobody describes an activity in more than a sentence

# Field weights: a word from nlu_data counts most, then the official title, then the Belgian
# activity descriptions, which are long and mention neighbouring activities.
_GEWICHT_SYNONIEM = 1.0
_GEWICHT_TITEL = 0.8
_GEWICHT_BESCHRIJVING = 0.55
# Match quality of a query word against an index word.
_EXACT = 1.0
_TERM = 0.9  # an everyday word for a title word: "winkel" -> "detailhandel"
_PREFIX = 0.92  # "notaris" -> "notarissen", "loodgieter" -> "loodgieterswerk"
_SUFFIX = 0.85  # "handel" -> "detailhandel", "bakker" -> "banketbakker"
_FUZZY = 0.85  # times the rapidfuzz ratio, for a typo ("loodgieder", "kapsallon")
_FUZZY_MIN = 80.0
_FUZZY_ZIN = 85.0  # the whole query against a synonym phrase or a title
_FUZZY_ZIN_FACTOR = 0.97
_SAMENSTELLING = 0.9  # each part of a compound split by the search ("groente|winkel")
_ONBEKEND = 1.0  # weight of a word found nowhere: it makes every candidate less sure
_ONBEKEND_KORT = 0.3  # ... unless it is a short filler word ("ik", "een", "wij")
_ZEKER_GENOEG = 0.72  # a whole-word match this good is not split into compound parts
_SPECIFIEK = 4.0  # summed word weight (log(1 + 977/df)) below which a query is vague
_MIN_PREFIX = 4
_MIN_SUFFIX = 5
_MIN_DEEL = 3
_SCORE_KLASSE_EEN = 100.0
_SCORE_KLASSE_KEUZE = 50.0
_SCORE_2008 = 30.0
_MIN_WOORD_SCORE = 25.0

_WOORD = re.compile(r"[0-9a-z]+")
_CODEVORM = re.compile(r"\d[\d .,\-/]*\d|\d", re.ASCII)
# "nace 62100", "NACE-BEL-code: 62.100", "code 62100": the label before a typed code.
_LABEL = re.compile(r"^(?:nace(?:[\s\-]*bel)?)?[\s\-]*(?:code)?[\s:]*(?=\d)")


@dataclass(frozen=True, slots=True)
class NaceKandidaat:
    """One proposed subclass: KBO code, official Dutch title, confidence 0..100."""

    code: str
    omschrijving: str
    score: float
    aandachtspunt: Aandachtspunt | None = None


@dataclass(frozen=True, slots=True)
class NaceZoekresultaat:
    """What the query was (`soort`), the ranked candidates and, for a 2008 code, the explanation.

    `code` is the typed code in KBO notation (code, klasse, code_2008), `aantal` the number of
    candidates before `limit` was applied (e.g. all subclasses of a division).
    """

    soort: Soort
    candidates: list[NaceKandidaat]
    code: str | None = None
    aantal: int = 0
    nace_2008: Nace2008 | None = None


@dataclass(frozen=True, slots=True)
class NaceSynoniemen:
    """nlu_data/lookups/nace.yml: activity phrases -> subclass code, everyday words -> title words.

    A synonym whose canonical value is a code ("96.210") names an activity; one whose canonical
    value is a word ("detailhandel") says which word of the official titles an everyday word
    stands for ("winkel", "zaak"), so that "groentewinkel" finds "Detailhandel in groenten".
    The lookup `nace_stopwoord` lists the words a query may contain that the search ignores.
    """

    activiteiten: dict[str, str]  # folded phrase -> subclass code
    termen: dict[str, str]  # folded everyday word -> folded title word
    stopwoorden: frozenset[str]  # words that say nothing about the activity ("ik", "van")


@dataclass(frozen=True, slots=True)
class _Index:
    codes: tuple[NaceCode, ...]  # the subclasses, index = document number
    zinnen: dict[str, int]  # folded synonym phrase or title -> document
    zin_lijst: list[str]
    postings: dict[str, dict[int, float]]  # word -> document -> field weight
    woorden: list[str]  # sorted vocabulary, for prefix search and typos
    omgekeerd: list[str]  # the vocabulary reversed and sorted, for suffix search
    per_lengte: dict[int, list[str]]  # query length -> the words a typo search must compare
    termen: dict[str, str]
    stopwoorden: frozenset[str]


def _woorden(tekst: str) -> list[str]:
    return [w for w in _WOORD.findall(fold(tekst)) if len(w) > 1]


def lees_synoniemen(tekst: str, *, bron: str = SYNONIEMEN_BESTAND) -> NaceSynoniemen:
    """Parse the Rasa 3.x synonym file; a code must be a NACE-BEL 2025 subclass (dd.ddd)."""
    return synoniemen_uit_blokken(parse_nlu_blocks(tekst, bron), bron=bron)


def synoniemen_uit_blokken(
    blokken: Iterable[NluBlock], *, bron: str = SYNONIEMEN_BESTAND
) -> NaceSynoniemen:
    """The synonyms in the blocks of nace.yml as the loader read them; `bron` names the file."""
    activiteiten: dict[str, str] = {}
    termen: dict[str, str] = {}
    stopwoorden: set[str] = set()
    for block in blokken:
        if block.kind == "lookup" and block.name == STOPWOORD_LOOKUP:
            stopwoorden.update(fold(v) for v in block.examples)
            continue
        if block.kind != "synonym":
            raise NluDataError(
                f"{bron}: only synonym blocks and the lookup {STOPWOORD_LOOKUP!r} are allowed, "
                f"found {block.kind} {block.name!r}"
            )
        canoniek = block.name
        if _CODEVORM.fullmatch(canoniek):
            gevonden = nace_code(canoniek)
            if gevonden is None or gevonden.niveau != "subklasse" or gevonden.code != canoniek:
                raise NluDataError(f"{bron}: {canoniek!r} is not a NACE-BEL 2025 subclass")
            doel = activiteiten
        elif _woorden(canoniek) == [fold(canoniek)]:
            canoniek = fold(canoniek)
            doel = termen
        else:
            raise NluDataError(f"{bron}: {canoniek!r} is neither a subclass code nor one word")
        for voorbeeld in block.examples:
            sleutel = fold(voorbeeld)
            if doel is termen and _woorden(sleutel) != [sleutel]:
                raise NluDataError(f"{bron}: {voorbeeld!r} for {canoniek!r} must be one word")
            eerder = activiteiten.get(sleutel, termen.get(sleutel))
            if eerder is not None and eerder != canoniek:
                raise NluDataError(f"{bron}: {voorbeeld!r} for {canoniek!r} and {eerder!r}")
            doel[sleutel] = canoniek
    dubbel = stopwoorden & (activiteiten.keys() | termen.keys())
    if dubbel:
        raise NluDataError(f"{bron}: stop words that are also synonyms: {sorted(dubbel)}")
    return NaceSynoniemen(
        activiteiten=activiteiten, termen=termen, stopwoorden=frozenset(stopwoorden)
    )


@cache
def nace_synoniemen() -> NaceSynoniemen:
    """The synonyms shipped in nlu_data/lookups/nace.yml (loaded once by the nlu_data loader)."""
    return synoniemen_uit_blokken(
        default_nlu_data().blocks(SYNONIEMEN_BESTAND.removesuffix(".yml"))
    )


def bouw_index(synoniemen: NaceSynoniemen) -> _Index:
    """Build the word index over every subclass (titles, descriptions, synonyms)."""
    codes = tuple(c for c in alle_nace_codes() if c.niveau == "subklasse")
    nummer = {c.code: i for i, c in enumerate(codes)}
    postings: dict[str, dict[int, float]] = {}

    def voeg_toe(tekst: str, doc: int, gewicht: float) -> None:
        for w in _woorden(tekst):
            per_doc = postings.setdefault(w, {})
            per_doc[doc] = max(per_doc.get(doc, 0.0), gewicht)

    zinnen: dict[str, int] = {}
    for i, c in enumerate(codes):
        voeg_toe(c.titel, i, _GEWICHT_TITEL)
        voeg_toe(c.beschrijving, i, _GEWICHT_BESCHRIJVING)
        zinnen.setdefault(" ".join(_woorden(c.titel)), i)
    for zin, code in synoniemen.activiteiten.items():
        voeg_toe(zin, nummer[code], _GEWICHT_SYNONIEM)
        zinnen[" ".join(_woorden(zin))] = nummer[code]
    onbekend = sorted({t for t in synoniemen.termen.values() if t not in postings})
    if onbekend:
        raise NluDataError(f"{SYNONIEMEN_BESTAND}: words in no NACE title or text: {onbekend}")
    # fuzz.ratio >= 80 needs 2*common/(len_a+len_b) >= 0.8, so len_b lies within [2/3, 3/2] len_a
    per_lengte = {
        lengte: [w for w in postings if 2 * lengte <= 3 * len(w) and 2 * len(w) <= 3 * lengte]
        for lengte in range(_MIN_PREFIX, 1 + max(map(len, postings)))
    }
    return _Index(
        codes=codes,
        zinnen=zinnen,
        zin_lijst=list(zinnen),
        postings=postings,
        woorden=sorted(postings),
        omgekeerd=sorted(w[::-1] for w in postings),
        per_lengte=per_lengte,
        termen=dict(synoniemen.termen),
        stopwoorden=synoniemen.stopwoorden,
    )


@cache
def _index() -> _Index:
    return bouw_index(nace_synoniemen())


def warm_up() -> None:
    """Load the code list and build the word index once, before the first NACE question."""
    nace_code("62.100")
    _index()


def _met_prefix(woorden: list[str], prefix: str) -> list[str]:
    start = bisect.bisect_left(woorden, prefix)
    out = []
    for w in woorden[start:]:
        if not w.startswith(prefix):
            break
        out.append(w)
    return out


def _uitbreidingen(index: _Index, woord: str) -> dict[str, float]:
    """Index words that one query word may stand for, with the quality of each match.

    The typo search (rapidfuzz over the vocabulary) runs only when nothing matched exactly, as
    a prefix or through a term synonym, and only over words of a length that can reach the cutoff.
    """
    gevonden: dict[str, float] = {}
    if woord in index.postings:
        gevonden[woord] = _EXACT
    term = index.termen.get(woord)
    if term is not None:
        gevonden[term] = max(gevonden.get(term, 0.0), _TERM)
    if len(woord) >= _MIN_PREFIX:
        for w in _met_prefix(index.woorden, woord):
            gevonden.setdefault(w, _PREFIX)
    if len(woord) >= _MIN_SUFFIX:
        for w in _met_prefix(index.omgekeerd, woord[::-1]):
            gevonden.setdefault(w[::-1], _SUFFIX)
    if len(woord) >= _MIN_PREFIX and max(gevonden.values(), default=0.0) < _TERM:
        kandidaten = index.per_lengte.get(len(woord), ())
        for w, ratio, _ in process.extract(
            woord, kandidaten, scorer=fuzz.ratio, limit=4, score_cutoff=_FUZZY_MIN
        ):
            kwaliteit = _FUZZY * ratio / 100
            if kwaliteit > gevonden.get(w, 0.0):
                gevonden[w] = kwaliteit
    return gevonden


def _past(index: _Index, deel: str) -> bool:
    return (
        deel in index.postings
        or deel in index.termen
        or (len(deel) >= _MIN_PREFIX and bool(_met_prefix(index.woorden, deel)[:1]))
    )


def _delen(index: _Index, woord: str) -> list[tuple[str, float]]:
    """A query word, or the two parts of a Dutch compound ("groente|winkel", "vis|handel")."""
    if woord in index.postings or woord in index.termen or len(woord) < 2 * _MIN_DEEL + 1:
        return [(woord, 1.0)]
    for knip in range(len(woord) - _MIN_PREFIX, _MIN_DEEL - 1, -1):
        kop, staart = woord[:knip], woord[knip:]
        if not _past(index, staart):
            continue
        # a linking "s" or "e" ("kapper-s-zaak", "honden-kapper") may end the first part
        for k in (kop, kop[:-1]) if kop[-1] in "se" else (kop,):
            if len(k) >= _MIN_DEEL and _past(index, k):
                return [(k, _SAMENSTELLING), (staart, _SAMENSTELLING)]
    return [(woord, 1.0)]


def _zoek_woorden(index: _Index, tekst: str) -> dict[int, float]:
    """Score 0..100 per subclass for a query in words."""
    alle = _woorden(tekst)
    woorden = [w for w in alle if w not in index.stopwoorden]
    if not woorden:
        return {}
    scores: dict[int, float] = {}
    zin = " ".join(alle)
    exact = index.zinnen.get(zin)
    if exact is not None:
        scores[exact] = 100.0
    else:
        for _, ratio, i in process.extract(
            zin, index.zin_lijst, scorer=fuzz.ratio, limit=3, score_cutoff=_FUZZY_ZIN
        ):
            doc = index.zinnen[index.zin_lijst[i]]
            scores[doc] = max(scores.get(doc, 0.0), ratio * _FUZZY_ZIN_FACTOR)

    totaal: dict[int, float] = {}
    gewicht_som = 0.0
    n = len(index.codes)
    for woord in woorden:
        uitbreidingen = _uitbreidingen(index, woord)
        zeker = max(uitbreidingen.values(), default=0.0) >= _ZEKER_GENOEG
        delen = [(woord, 1.0)] if zeker else _delen(index, woord)
        for deel, factor in delen:
            per_woord = uitbreidingen if deel == woord else _uitbreidingen(index, deel)
            if not per_woord:
                gewicht_som += _ONBEKEND_KORT if len(deel) <= 3 else _ONBEKEND
                continue
            # Best match per subclass; the word weighs by how few subclasses it points to.
            per_doc: dict[int, float] = {}
            for w, kwaliteit in per_woord.items():
                for doc, veld in index.postings[w].items():
                    waarde = factor * kwaliteit * veld
                    if waarde > per_doc.get(doc, 0.0):
                        per_doc[doc] = waarde
            belang = math.log(1 + n / len(per_doc))
            gewicht_som += belang
            for doc, waarde in per_doc.items():
                totaal[doc] = totaal.get(doc, 0.0) + belang * waarde
    if gewicht_som > 0:
        # A query of common words only ("bouw", "groothandel") points to many subclasses.
        specifiek = min(1.0, gewicht_som / _SPECIFIEK)
        for doc, waarde in totaal.items():
            score = 100.0 * specifiek * waarde / gewicht_som
            if score > scores.get(doc, 0.0):
                scores[doc] = score
    return {doc: s for doc, s in scores.items() if s >= _MIN_WOORD_SCORE}


def _kandidaat(code: NaceCode, score: float) -> NaceKandidaat:
    return NaceKandidaat(
        code=code.code,
        omschrijving=code.titel,
        score=round(min(100.0, max(0.0, score)), 1),
        aandachtspunt=aandachtspunt(code.code),
    )


def _zoek_code(tekst: str, limit: int) -> NaceZoekresultaat | None:
    """A query that is a code: subclass, class (or group/division), 2008 code; else None."""
    zonder_label = _LABEL.sub("", tekst)
    if not _CODEVORM.fullmatch(zonder_label):
        return None
    kbo = normaliseer_nace(zonder_label)
    gevonden = nace_code(kbo) if kbo is not None else None
    if gevonden is not None and gevonden.niveau == "subklasse":
        return NaceZoekresultaat("code", [_kandidaat(gevonden, 100.0)], gevonden.code, 1)
    if gevonden is not None:
        onder = subklassen(gevonden.code)
        score = _SCORE_KLASSE_EEN if len(onder) == 1 else _SCORE_KLASSE_KEUZE
        kandidaten = [_kandidaat(s, score) for s in onder[:limit]]
        return NaceZoekresultaat("klasse", kandidaten, gevonden.code, len(onder))
    uitleg = nace_2008(kbo) if kbo is not None else None
    if uitleg is not None:
        verwant = [c for c in (nace_code(v) for v in uitleg.verwant) if c is not None]
        kandidaten = [_kandidaat(c, _SCORE_2008) for c in verwant[:limit]]
        return NaceZoekresultaat("code_2008", kandidaten, uitleg.code, len(verwant), uitleg)
    return NaceZoekresultaat("onbekend", [], kbo)


def zoek_nace(query: str, *, limit: int = 5) -> NaceZoekresultaat:
    """Ranked NACE-BEL 2025 subclasses for a code in any notation or an activity in words."""
    tekst = fold(query[:MAX_QUERY]) if isinstance(query, str) else ""
    limit = max(0, limit)
    if not tekst:
        return NaceZoekresultaat("onbekend", [])
    als_code = _zoek_code(tekst, limit)
    if als_code is not None:
        return als_code
    if not _WOORD.search(tekst) or not any(ch.isalpha() for ch in tekst):
        return NaceZoekresultaat("onbekend", [])
    index = _index()
    scores = _zoek_woorden(index, tekst)
    if not scores:
        return NaceZoekresultaat("onbekend", [])
    volgorde = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    kandidaten = [_kandidaat(index.codes[doc], score) for doc, score in volgorde[:limit]]
    return NaceZoekresultaat("woorden", kandidaten, aantal=len(volgorde))
