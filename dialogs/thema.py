"""Thema/subthema from a free-text course or advice title, and excluded trainings in a title.

Two layers. The keyword layer is precise: every keyword, variant and near-miss context lives in
`nlu_data/lookups/` (Rasa 3.x YAML, read by dialogs.nlu_loader). The learned layer
(dialogs.thema_leer: character n-grams + a linear model, trained at start from the keywords and
the labelled titles) covers what no keyword names. Both are built on first use (or by `laad`, in
the background warm-up) and cached. A title with any letter or digit always gets candidates.
Pure: no clock, no network, no channel types; imports the catalogue of `domain_rules` only.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from dialogs.nlu_loader import (
    NluBlock,
    NluDataError,
    default_nlu_data,
    read_nlu_csv,
    read_nlu_file,
)
from dialogs.thema_leer import ThemaModel, Voorbeeld, titel_voorbeelden, train
from domain_rules import TYPES, thema_van_subthema
from domain_rules.folding import fold, fold_char

#: At or above: propose the best subthema alone ("Is het X? ja / iets anders").
ZEKER: Final = 0.6
#: At or above (and below ZEKER): offer the best three as choices plus "andere" (browse menu).
#: Below MOGELIJK the candidates are too weak to offer: open the browse menu (thema, subthema).
MOGELIJK: Final = 0.3

SUBTHEMAS_BESTAND: Final = "lookups/subthemas.yml"
UITSLUITINGEN_BESTAND: Final = "lookups/uitsluitingen.yml"
TWIJFEL_BESTAND: Final = "lookups/uitsluitingen_twijfel.yml"
VORM_BESTAND: Final = "lookups/uitsluitingen_vorm.yml"
VULWOORDEN_LOOKUP: Final = "vulwoorden"
KOPPEN_LOOKUP: Final = "koppen"
ZONDER_KOP_LOOKUP: Final = "zonder_kop"
CODEWOORDEN_LOOKUP: Final = "codewoorden"
VORM_LOOKUPS: Final = (VULWOORDEN_LOOKUP, KOPPEN_LOOKUP, ZONDER_KOP_LOOKUP, CODEWOORDEN_LOOKUP)
#: Optional: stams that also mean something else; the learned layer never overrides them.
DUBBELZINNIG_LOOKUP: Final = "dubbelzinnige_stammen"
# Per exclusion id in uitsluitingen_vorm.yml: how a compound or word pair names it.
KERN_PREFIX: Final = "kern_"  # a head: X + head is sure with a bij_ X, else a doubt
STAM_PREFIX: Final = "stam_"  # a first part: counts only with a bij_ word after it
BIJ_PREFIX: Final = "bij_"  # the parts that make a kern or stam sure
CODE_PREFIX: Final = "code_"  # category codes: after a code word ("cat. B") a cue
VORM_PREFIXES: Final = (KERN_PREFIX, STAM_PREFIX, BIJ_PREFIX, CODE_PREFIX)
ALGEMEEN_LOOKUP: Final = "thema_algemene_woorden"
ZWAK_LOOKUP: Final = "thema_zwakke_trefwoorden"
CONTEXT_PREFIX: Final = "context_"
TWIJFEL_PREFIX: Final = "twijfel_"
GEEN_PREFIX: Final = "geen_"

# Tokens are runs of letters/digits; a trailing "#" or "+" stays on ("c#", "c++", "a+", "b+e").
_TOKEN = re.compile(r"[0-9a-z]+[#+]*")
# Dutch/English inflection after a keyword inside one token ("teambuildings", "ruimten").
_BUIGINGEN: Final = frozenset({"s", "en", "e", "n", "es", "er", "ers"})

# Scoring (calibrated on nlu_data/evaluatie/titels.csv; see tests/dialogs/test_thema.py).
_MEERWOORD_BONUS = 0.3  # per extra word of a keyword phrase: phrases are more specific
_ZWAK = 0.5  # weight of a weak keyword (ZWAK_LOOKUP)
_BUIGING = 0.95  # keyword + inflection inside one token
_SAMENSTELLING = 0.85  # keyword as first or last part of a compound ("heftruckchauffeur")
_TIKFOUT = (1.0, 0.8, 0.65)  # by edit distance 0, 1, 2 (OSA: a swap of two letters is 1)
_OVERLAP = 0.3  # a match inside the span of a stronger match of another subthema
_VERVAL = 0.5  # each further match of the same subthema counts half the previous one
_STERKTE = 2.0  # strength = 1 - exp(-_STERKTE * evidence)
_CONCURRENTIE = 0.75  # score *= E / (E + _CONCURRENTIE * E_best_other)
_MIN_DEKKING = 0.6  # score *= _MIN_DEKKING + (1 - _MIN_DEKKING) * share of understood words
_ONDERGRENS = 0.05  # candidates below this are noise, never returned
_MIN_DEEL = 4  # shortest keyword that counts as part of a compound
_MIN_SUFFIX = 5  # shortest keyword that counts as the last part of a compound
_MIN_TIKFOUT = 5  # shortest word that may carry a typo
_MIN_TIKFOUT_2 = 12  # shortest word that may carry two ("verwerking" is no "verwarming")
_MIN_UITSLUITING_DEEL = 7  # shortest exclusion wording that counts inside a compound
_MIN_UITSLUITING_TIKFOUT = 8  # shortest exclusion wording recognised with one typo (then: ask)
_MIN_STAM = 3  # shortest exclusion wording that counts before a course noun ("nlpcoach")
_MIN_BUIGING_STAM = 4  # shortest exclusion word that may carry an inflection ("exams")
_MIN_TWIJFEL_KOP = 6  # shortest doubt word that counts as the head of a compound ("rijexamen")
_MIN_BEPALER = 3  # shortest modifier before a head ("autorijles"), or word after a stam
_MIN_CODE_STEUN = 5  # shortest bij_ word that backs a code as the start of a compound
_KOPPELS: Final = ("", "s", "e", "en")  # linking letters between the parts of a compound
# Blend of the layers (chosen by cross-validation on the train split, benchmarks/tune_thema.py):
# score = _GEWICHT_TREFWOORD * keyword score + (1 - _GEWICHT_TREFWOORD) * model score.
_GEWICHT_TREFWOORD = 0.3
# A text typed at the thema question (not the title) is only proposed from when a keyword matches
# or the model is this sure of its best subthema; else the question is asked again ("42", SQL).
_MODEL_ZEKER = 0.5


@dataclass(frozen=True, slots=True)
class ThemaKandidaat:
    """One ranked suggestion: thema, subthema (as in the catalogue) and a score from 0 to 1."""

    thema: str
    subthema: str
    score: float


@dataclass(frozen=True, slots=True)
class UitsluitingTreffer:
    """An excluded training named in a title: its id, whether it is sure, the words found.

    `zeker` is False for a near miss (ask the user); `woord` is the fragment of the title.
    """

    id: str
    zeker: bool
    woord: str


# --- text -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tokens:
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # character span of each word in the original text


def _per_lengte(words: Iterable[str], *, afstand: int) -> dict[int, list[str]]:
    """Per length of a typed word, the words (sorted) at most `afstand` typos away can be.

    A typo changes the length by at most one, so only words that much shorter or longer are
    searched; lengths without any such word are absent.
    """
    ordered = sorted(words)
    lengths = {len(w) for w in ordered}
    return {
        n: [w for w in ordered if abs(len(w) - n) <= afstand]
        for n in {n + d for n in lengths for d in range(-afstand, afstand + 1)}
    }


def _tokens(text: str) -> _Tokens:
    """Folded words of a text with their position in the original (for quoting it back)."""
    if text.isascii():  # folding is lower-casing, one character for one
        found = list(_TOKEN.finditer(text.lower()))
        return _Tokens(tuple(m.group() for m in found), tuple(m.span() for m in found))
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in fold_char(ch):
            chars.append(c)
            origin.append(i)
    folded = "".join(chars)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(folded):
        words.append(m.group())
        spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    return _Tokens(tuple(words), tuple(spans))


def _letterwoorden(tokens: _Tokens, text: str) -> _Tokens:
    """Single letters written with dots as one word: "M.B.T.I." is "mbti", "N.L.P." "nlp"."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for word, span in zip(tokens.words, tokens.spans, strict=True):
        if (
            len(word) == 1
            and word.isalpha()
            and words
            and words[-1].isalpha()
            and text[spans[-1][1] : span[0]] == "."
            and (len(words[-1]) == 1 or text[spans[-1][0] + 1] == ".")
        ):
            words[-1] += word
            spans[-1] = (spans[-1][0], span[1])
        else:
            words.append(word)
            spans.append(span)
    # A joined word is quoted with its last dot ("M.B.T.I.")
    spans = [
        (a, b + 1) if b - a > len(w) and text[b : b + 1] == "." else (a, b)
        for w, (a, b) in zip(words, spans, strict=True)
    ]
    return _Tokens(tuple(words), tuple(spans))


def _words(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(text)))


# --- nlu_data blocks --------------------------------------------------------------------------


@dataclass
class _Blocks:
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # canonical -> examples
    lookups: dict[str, list[str]] = field(default_factory=dict)  # name -> examples


def _blocks(blocks: Iterable[NluBlock], name: str) -> _Blocks:
    """One file's blocks as the loader read them: synonym and lookup blocks only."""
    where = f"nlu_data/{name}"
    out = _Blocks()
    for block in blocks:
        if block.kind not in ("synonym", "lookup"):
            raise NluDataError(
                f"{where}: expected synonym/lookup + examples, got {block.kind} {block.name!r}"
            )
        for example in block.examples:
            if not _words(example):
                raise NluDataError(
                    f"{where} ({block.name}): example {example!r} has no letters or digits"
                )
        table = out.synonyms if block.kind == "synonym" else out.lookups
        table.setdefault(block.name, []).extend(block.examples)
    return out


def _read_blocks(root: Traversable, name: str) -> _Blocks:
    """The blocks of `name` in another nlu_data folder (a test's), read by the loader."""
    return _blocks(read_nlu_file(root, name), name)


def _shipped_blocks(name: str) -> _Blocks:
    """The blocks of `name` in the shipped nlu_data, as loaded once by the loader."""
    return _blocks(default_nlu_data().blocks(name.removesuffix(".yml")), name)


# --- thema index ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Keyword:
    words: tuple[str, ...]
    subthema: str
    weight: float


@dataclass(frozen=True, slots=True)
class _Match:
    subthema: str
    start: int
    end: int  # exclusive
    weight: float


class _ThemaIndex:
    """Keywords by first word, the vocabulary for typos/compounds, and the generic words."""

    def __init__(self, blocks: _Blocks) -> None:
        where = f"nlu_data/{SUBTHEMAS_BESTAND}"
        self.thema: dict[str, str] = {}
        for subthema in blocks.synonyms:
            thema = thema_van_subthema(subthema)
            if thema is None or fold(subthema) != fold(subthema.strip()):
                raise NluDataError(f"{where}: {subthema!r} is not a subthema of themas.yaml")
            self.thema[subthema] = thema
        unknown = set(blocks.lookups) - {ALGEMEEN_LOOKUP, ZWAK_LOOKUP}
        if unknown:
            raise NluDataError(f"{where}: unknown lookups {sorted(unknown)}")
        self.generic = frozenset(
            w for e in blocks.lookups.get(ALGEMEEN_LOOKUP, []) for w in _words(e)
        )
        weak = {_words(e) for e in blocks.lookups.get(ZWAK_LOOKUP, [])}
        seen: dict[tuple[str, ...], str] = {}
        self.by_first: dict[str, list[_Keyword]] = {}
        for subthema, examples in blocks.synonyms.items():
            for example in [subthema, *examples]:
                words = _words(example)
                if words in seen and seen[words] != subthema:
                    raise NluDataError(
                        f"{where}: {example!r} is a keyword of {seen[words]!r} and {subthema!r}"
                    )
                if len(words) == 1 and words[0] in self.generic:
                    raise NluDataError(f"{where}: keyword {example!r} is a generic word")
                seen[words] = subthema
        missing = weak - set(seen)
        if missing:
            raise NluDataError(f"{where}: weak keywords that are no keyword: {sorted(missing)}")
        for words, subthema in seen.items():
            weight = 1.0 + _MEERWOORD_BONUS * (len(words) - 1)
            if words in weak:
                weight *= _ZWAK
            self.by_first.setdefault(words[0], []).append(_Keyword(words, subthema, weight))
        self.vocabulary = frozenset(w for words in seen for w in words)
        self.parts = frozenset(w for w in self.vocabulary if len(w) >= _MIN_DEEL)
        self._typo_choices = _per_lengte(
            (w for w in self.vocabulary if len(w) >= _MIN_TIKFOUT), afstand=2
        )
        self._alternatives: dict[str, dict[str, float]] = {}

    def alternatives(self, word: str) -> dict[str, float]:
        """Vocabulary words this word may stand for, with a factor (1 = itself)."""
        cached = self._alternatives.get(word)
        if cached is None:
            cached = self._compute_alternatives(word)
            if len(self._alternatives) < 50_000:
                self._alternatives[word] = cached
        return cached

    def _compute_alternatives(self, word: str) -> dict[str, float]:
        out: dict[str, float] = {}
        if word in self.vocabulary:
            out[word] = 1.0
        if word in self.generic or word.isdigit():
            return out
        n = len(word)
        for k in range(n - 1, _MIN_DEEL - 1, -1):  # longest keyword at the start
            rest = word[k:]
            if word[:k] in self.parts and (rest in _BUIGINGEN or len(rest) >= 3):
                factor = _BUIGING if rest in _BUIGINGEN else _SAMENSTELLING
                out.setdefault(word[:k], factor)
                break
        for k in range(3, n - _MIN_SUFFIX + 1):  # longest keyword at the end
            if word[k:] in self.parts:
                out.setdefault(word[k:], _SAMENSTELLING)
                break
        if not out and n >= _MIN_TIKFOUT:
            max_distance = 1 if n < _MIN_TIKFOUT_2 else 2
            for choice, distance, _ in process.extract(
                word,
                self._typo_choices.get(n, ()),
                scorer=OSA.distance,
                score_cutoff=max_distance,
                limit=3,
            ):
                out.setdefault(choice, _TIKFOUT[int(distance)])
        return out

    def matches(self, words: tuple[str, ...]) -> list[_Match]:
        """Every keyword occurrence (phrases word by word, each word possibly a variant)."""
        alts = [self.alternatives(w) for w in words]
        found: list[_Match] = []
        for i, alt in enumerate(alts):
            for first, factor in alt.items():
                for kw in self.by_first.get(first, ()):
                    n = len(kw.words)
                    if i + n > len(words):
                        continue
                    f = factor
                    for j in range(1, n):
                        g = alts[i + j].get(kw.words[j])
                        if g is None and j == n - 1:
                            g = _phrase_end(words[i + j], kw.words[j])
                        if g is None:
                            break
                        f = min(f, g)
                    else:
                        found.append(_Match(kw.subthema, i, i + n, kw.weight * f))
        return found


def _phrase_end(word: str, last: str) -> float | None:
    """A phrase may end inside a compound: "burn-out" in "Burn-outpreventie"."""
    rest = word[len(last) :]
    if not word.startswith(last) or not rest:
        return None
    if rest in _BUIGINGEN:
        return _BUIGING
    return _SAMENSTELLING if len(rest) >= 3 else None


def _accepted(found: list[_Match]) -> list[_Match]:
    """Strongest matches first; a match inside a stronger one's span counts for little."""
    kept: list[_Match] = []
    for m in sorted(found, key=lambda m: (-m.weight, m.start - m.end, m.start)):
        overlapping = [k for k in kept if k.start < m.end and m.start < k.end]
        if not overlapping:
            kept.append(m)
        elif all(k.subthema != m.subthema for k in overlapping):
            kept.append(_Match(m.subthema, m.start, m.start, m.weight * _OVERLAP))
    return kept


def _rank(index: _ThemaIndex, words: tuple[str, ...], limit: int) -> list[ThemaKandidaat]:
    kept = _accepted(index.matches(words))
    if not kept:
        return []
    per_sub: dict[str, list[float]] = {}
    for m in kept:
        per_sub.setdefault(m.subthema, []).append(m.weight)
    evidence = {
        s: sum(w * _VERVAL**i for i, w in enumerate(sorted(ws, reverse=True)))
        for s, ws in per_sub.items()
    }
    content = [i for i, w in enumerate(words) if w not in index.generic]
    covered = {i for m in kept for i in range(m.start, m.end)}
    share = sum(1 for i in content if i in covered) / len(content) if content else 1.0
    dekking = _MIN_DEKKING + (1 - _MIN_DEKKING) * share
    ordered = sorted(evidence.items(), key=lambda kv: (-kv[1], kv[0]))
    out: list[ThemaKandidaat] = []
    for pos, (subthema, e) in enumerate(ordered):
        # The best competes with the runner-up; every other candidate with the best.
        rival = 1 if pos == 0 else 0
        other = ordered[rival][1] if rival < len(ordered) else 0.0
        sterkte = 1 - math.exp(-_STERKTE * e)
        score = sterkte * dekking * e / (e + _CONCURRENTIE * other)
        if score >= _ONDERGRENS:
            out.append(ThemaKandidaat(index.thema[subthema], subthema, round(score, 3)))
    out.sort(key=lambda k: -k.score)
    return out[:limit]


# --- uitsluitingen index ----------------------------------------------------------------------


def _phrases(examples: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({_words(e) for e in examples}, key=lambda w: (-len(w), w)))


_Entry = tuple[str, str, tuple[str, ...]]  # (kind, exclusion id, phrase)
_SAMEN: Final = "samen"  # kind of a sure hit built from parts (kern/stam + bij, code + context)
_SAMEN_TWIJFEL: Final = "samen_twijfel"  # kind of a doubt built from parts
#: Small words that may stand between a kern or stam and its partner ("rijles voor de auto").
_TUSSENWOORDEN: Final = frozenset(
    {
        "voor",
        "de",
        "het",
        "een",
        "met",
        "op",
        "van",
        "tot",
        "in",
        "je",
        "uw",
        "jouw",
        "for",
        "the",
        "a",
        "an",
        "with",
        "of",
        "und",
        "der",
        "die",
        "das",
    }
)
_MAX_TUSSEN: Final = 2
_VERBINDERS: Final = frozenset({"en", "of", "and", "or", "tot"})  # between codes: "A1 of A2"


def _vormen(word: str) -> tuple[str, ...]:
    """A word and its forms without an inflection ("vliegers" -> "vlieger", "vliegere", ...)."""
    return (
        word,
        *(
            word[: -len(s)]
            for s in sorted(_BUIGINGEN)
            if word.endswith(s) and len(word) - len(s) >= _MIN_BUIGING_STAM
        ),
    )


def _is_code(word: str) -> bool:
    """A category code such as "b", "am", "a1", "be": one or two letters or a letter + digit."""
    return len(word) <= 2


def _buiten(hit: tuple[int, int] | None, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A doubt or context span, unless it lies inside the sure wording ("rijlessen A1")."""
    if hit is not None and span is not None and hit[0] <= span[0] and span[1] <= hit[1]:
        return None
    return span


def _over(hit: tuple[int, int] | None, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A doubt span that outweighs a sure wording: no wording, or a longer reading of it.

    "Rijbewijs B+E" is no "rijbewijs B"; a weaker word of the same exclusion elsewhere
    ("Insights Discovery kleurenmodel") leaves the sure wording sure.
    """
    if hit is None or span is None:
        return span
    if span[0] < hit[1] and hit[0] < span[1]:
        return _buiten(hit, span)
    return None


class _UitsluitingIndex:
    """Wordings, doubt phrases and context words per exclusion id, and the word-form data."""

    def __init__(self, wordings: _Blocks, doubts: _Blocks, vorm: _Blocks) -> None:
        if wordings.synonyms or doubts.synonyms or vorm.synonyms:
            raise NluDataError("nlu_data/lookups/uitsluitingen*.yml: lookups only, no synonyms")
        self.ids = tuple(wordings.lookups)
        self.wordings = {i: _phrases(ex) for i, ex in wordings.lookups.items()}
        self.context: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.twijfel: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.geen: dict[str, tuple[tuple[str, ...], ...]] = {}
        kinds = {
            CONTEXT_PREFIX: self.context,
            TWIJFEL_PREFIX: self.twijfel,
            GEEN_PREFIX: self.geen,
        }
        for name, examples in doubts.lookups.items():
            prefix = next((p for p in kinds if name.startswith(p)), "")
            id_ = name.removeprefix(prefix)
            if not prefix or id_ not in self.wordings:
                raise NluDataError(
                    f"nlu_data/{TWIJFEL_BESTAND}: lookup {name!r} must be context_<id>, "
                    f"twijfel_<id> or geen_<id> with an id of {UITSLUITINGEN_BESTAND}"
                )
            kinds[prefix][id_] = _phrases(examples)
        general = {n: ex for n, ex in vorm.lookups.items() if not n.startswith(VORM_PREFIXES)}
        if set(general) - {DUBBELZINNIG_LOOKUP} != set(VORM_LOOKUPS):
            raise NluDataError(
                f"nlu_data/{VORM_BESTAND}: expected exactly the lookups {', '.join(VORM_LOOKUPS)}"
                f" besides {', '.join(p + '<id>' for p in VORM_PREFIXES)}"
            )
        single = {
            name: frozenset(w for p in _phrases(ex) for w in p) for name, ex in general.items()
        }
        self.vulwoorden = single[VULWOORDEN_LOOKUP]
        self.koppen = single[KOPPEN_LOOKUP]
        self.codewoorden = single[CODEWOORDEN_LOOKUP]
        self.dubbelzinnig = single.get(DUBBELZINNIG_LOOKUP, frozenset())
        zonder_kop = single[ZONDER_KOP_LOOKUP]
        # Per id: heads, first parts, their partners and category codes (one word each).
        self.kern: dict[str, frozenset[str]] = {}
        self.stam: dict[str, frozenset[str]] = {}
        self.bij: dict[str, frozenset[str]] = {}
        self.code: dict[str, frozenset[str]] = {}
        per_id = {
            KERN_PREFIX: self.kern,
            STAM_PREFIX: self.stam,
            BIJ_PREFIX: self.bij,
            CODE_PREFIX: self.code,
        }
        for name, examples in vorm.lookups.items():
            prefix = next((p for p in VORM_PREFIXES if name.startswith(p)), "")
            if not prefix:
                continue
            id_ = name.removeprefix(prefix)
            words = _phrases(examples)
            if id_ not in self.wordings or any(len(w) != 1 for w in words):
                raise NluDataError(
                    f"nlu_data/{VORM_BESTAND}: lookup {name!r} needs an id of "
                    f"{UITSLUITINGEN_BESTAND} and one word per example"
                )
            per_id[prefix][id_] = frozenset(w[0] for w in words)
        for id_ in set(self.kern) | set(self.stam) | set(self.code):
            if id_ not in self.bij:
                raise NluDataError(
                    f"nlu_data/{VORM_BESTAND}: {KERN_PREFIX}/{STAM_PREFIX}/"
                    f"{CODE_PREFIX}{id_} without {BIJ_PREFIX}{id_}"
                )
        # Each part word -> the ids it is a head (kern or stam), a kern or a partner of.
        self.as_head: dict[str, set[str]] = {}
        self.as_kern: dict[str, set[str]] = {}
        self.as_partner: dict[str, set[str]] = {}
        for by_id, target in (
            (self.kern, self.as_head),
            (self.stam, self.as_head),
            (self.kern, self.as_kern),
            (self.bij, self.as_partner),
        ):
            for id_, part_words in by_id.items():
                for w in part_words:
                    target.setdefault(w, set()).add(id_)
        # The single words that rule a compound out (geen_<id>): "vrachtwagenrijbewijs".
        self.geen_woorden = {
            id_: frozenset(p[0] for p in phrases if len(p) == 1)
            for id_, phrases in self.geen.items()
        }
        # Long one-word doubts also count as the head of a compound ("zomerteamdag").
        self.twijfel_koppen = {
            p[0]: id_
            for id_, phrases in self.twijfel.items()
            for p in phrases
            if len(p) == 1 and len(p[0]) >= _MIN_TWIJFEL_KOP
        }
        self.parts = {
            words[0]: i
            for i, phrases in self.wordings.items()
            for words in phrases
            if len(words) == 1 and len(words[0]) >= _MIN_UITSLUITING_DEEL
        }
        # Shorter one-word wordings count before a course noun ("tarotcursus", "nlp-coach").
        self.stammen = {
            words[0]: i
            for i, phrases in self.wordings.items()
            for words in phrases
            if len(words) == 1 and len(words[0]) >= _MIN_STAM and words[0] not in zonder_kop
        }
        self._typo_choices = _per_lengte(
            (w for w in self.parts if len(w) >= _MIN_UITSLUITING_TIKFOUT), afstand=1
        )
        # Every phrase by its first word: one pass over a title finds them all. A two-word
        # phrase with a category code also by its reversed pair ("B-rijbewijs", "AM-bromfiets").
        self.by_first: dict[str, list[_Entry]] = {}
        self.reversed: dict[tuple[str, str], list[_Entry]] = {}
        for kind, table in (("hit", self.wordings), *kinds.items()):
            for id_, phrases in table.items():
                for phrase in phrases:
                    self.by_first.setdefault(phrase[0], []).append((kind, id_, phrase))
                    if len(phrase) == 2 and any(_is_code(w) for w in phrase):
                        pair = (phrase[1], phrase[0])
                        self.reversed.setdefault(pair, []).append((kind, id_, phrase))

    def _part_of(self, word: str) -> str | None:
        """The wording that this word is, starts with (+ anything) or ends with."""
        if word in self.parts:
            return word
        if len(word) >= _MIN_UITSLUITING_DEEL:
            for k in range(len(word) - 1, _MIN_UITSLUITING_DEEL - 1, -1):
                if word[:k] in self.parts:
                    return word[:k]
            for k in range(1, len(word) - _MIN_UITSLUITING_DEEL + 1):
                if word[k:] in self.parts:
                    return word[k:]
        # A short wording + a course noun, with or without a linking s/e/en or hyphen
        for k in range(_MIN_STAM, len(word) - 1):
            if word[:k] in self.stammen:
                rest = word[k:]
                if any(rest.removeprefix(link) in self.koppen for link in ("", "s", "e", "en")):
                    return word[:k]
        return None

    def _singles(self, word: str) -> Iterable[_Entry]:
        """One-word phrases that this word is, bare or inflected ("netwerksessies")."""
        forms = [word]
        forms += [
            word[: -len(s)]
            for s in _BUIGINGEN
            if word.endswith(s) and len(word) - len(s) >= _MIN_BUIGING_STAM
        ]
        for form in forms:
            for entry in self.by_first.get(form, ()):
                if len(entry[2]) == 1:
                    yield entry

    @staticmethod
    def _same(window: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
        """The words of a phrase, the last one bare or inflected ("study trips")."""
        if len(window) != len(phrase) or window[:-1] != phrase[:-1]:
            return False
        last, want = window[-1], phrase[-1]
        if last == want:
            return True
        return (
            len(want) >= _MIN_BUIGING_STAM
            and last.startswith(want)
            and last[len(want) :] in _BUIGINGEN
        )

    def treffer(self, text: str) -> UitsluitingTreffer | None:
        tokens = _letterwoorden(_tokens(text), text)
        # Filler words drop out ("rijbewijs categorie B" is "rijbewijs B"); quotes keep them.
        keep = [i for i, w in enumerate(tokens.words) if w not in self.vulwoorden]
        words = tuple(tokens.words[i] for i in keep)
        if not words:
            return None

        def quote(start: int, end: int) -> str:
            return text[tokens.spans[keep[start]][0] : tokens.spans[keep[end - 1]][1]]

        def hyphen_or_capital(code_at: int, other_at: int) -> bool:
            """A code before its noun only when written so ("B-rijbewijs", "AM bromfiets")."""
            a, b = tokens.spans[keep[code_at]], tokens.spans[keep[other_at]]
            between = text[min(a[1], b[1]) : max(a[0], b[0])]
            return between.strip() in ("-", "‐", "‑") or text[a[0] : a[1]].isupper()

        # (kind, id) -> span of the longest, then earliest, phrase found
        found: dict[tuple[str, str], tuple[int, int]] = {}

        def as_code(at: int) -> bool:
            """Whether a one- or two-letter word is written as a category code.

            "Rijbewijs DE", "rijbewijs de": a code; "rijles voor de auto": the article.
            """
            raw = text[tokens.spans[keep[at]][0] : tokens.spans[keep[at]][1]]
            before = words[at - 1] if at > 0 else ""
            return raw.isupper() or before in self.codewoorden or bool(self.as_kern.get(before))

        def add(entry: _Entry, start: int, end: int) -> None:
            if (
                entry[0] == GEEN_PREFIX
                and end - start == 1
                and _is_code(words[start])
                and not as_code(start)
            ):
                return
            key = (entry[0], entry[1])
            old = found.get(key)
            if old is None or end - start > old[1] - old[0]:
                found[key] = (start, end)

        for i, word in enumerate(words):
            for entry in self.by_first.get(word, ()):
                n = len(entry[2])
                if n > 1 and self._same(words[i : i + n], entry[2]):
                    add(entry, i, i + n)
            for entry in self._singles(word):
                add(entry, i, i + 1)
            if i + 1 < len(words):
                pair = (word, words[i + 1])
                for entry in self.reversed.get(pair, ()):
                    code_at = i if _is_code(word) else i + 1
                    if hyphen_or_capital(code_at, i + 1 if code_at == i else i):
                        add(entry, i, i + 2)
                # Two words written apart as one ("team building", "netwerk event"); not a
                # word with a short one after it ("Dierenriem en" is no "dierenriemen").
                if words[i + 1] not in _BUIGINGEN:
                    for entry in self._singles(word + words[i + 1]):
                        add(entry, i, i + 2)
            part = self._part_of(word)
            if part is not None:
                found.setdefault(("hit", self.parts.get(part) or self.stammen[part]), (i, i + 1))
            for kind, id_ in self._compound(word):
                found.setdefault((kind, id_), (i, i + 1))
            if i + 1 < len(words):
                for kind, id_ in self._pair(word, words[i + 1], hyphen_or_capital, i):
                    found.setdefault((kind, id_), (i, i + 2))
            # The same pair with small words between ("spoedcursus voor de motor")
            j = i + 1
            while j < len(words) and j - i <= _MAX_TUSSEN and words[j] in _TUSSENWOORDEN:
                j += 1
            if i + 1 < j < len(words) and not _is_code(words[j]):
                for kind, id_ in self._pair(word, words[j], hyphen_or_capital, i):
                    found.setdefault((kind, id_), (i, j + 1))
        quotes: dict[tuple[str, str], str] = {}
        for id_, (start, end) in self._codes(tokens.words, keep, words).items():
            # "Cat B Theorie": a category code after a code word, sure with a word of the
            # licence elsewhere in the title, else a doubt; quoted with the code word.
            rest = words[:start] + words[end:]
            kind = _SAMEN if any(self._licence_word(w, id_) for w in rest) else _SAMEN_TWIJFEL
            found.setdefault((kind, id_), (start, end))
            first = tokens.spans[keep[start] - 1][0]
            quotes[(kind, id_)] = text[first : tokens.spans[keep[end - 1]][1]]

        sure: list[tuple[int, UitsluitingTreffer]] = []
        doubt: list[tuple[int, UitsluitingTreffer]] = []
        for id_ in dict.fromkeys(id_ for _, id_ in found):
            geen = (GEEN_PREFIX, id_) in found
            hit_kind = "hit" if ("hit", id_) in found or geen else _SAMEN
            hit = found.get((hit_kind, id_))
            twijfel_kind = TWIJFEL_PREFIX
            if (TWIJFEL_PREFIX, id_) not in found and not geen:
                twijfel_kind = _SAMEN_TWIJFEL  # a compound or code built from the parts
            twijfel = _over(hit, found.get((twijfel_kind, id_)))
            if hit is None and geen:
                twijfel = None  # "Cisco netwerken": the doubtful word is explained

            def said(kind: str, span: tuple[int, int], id_: str = id_) -> str:
                return quotes.get((kind, id_)) or quote(*span)

            context = _buiten(hit, found.get((CONTEXT_PREFIX, id_))) is not None
            if hit is not None and twijfel is None and not context:
                sure.append((hit[0], UitsluitingTreffer(id_, True, said(hit_kind, hit))))
            elif twijfel is not None:
                doubt.append(
                    (twijfel[0], UitsluitingTreffer(id_, False, said(twijfel_kind, twijfel)))
                )
            elif hit is not None:
                doubt.append((hit[0], UitsluitingTreffer(id_, False, said(hit_kind, hit))))
        if sure:
            return min(sure, key=lambda t: t[0])[1]
        if not doubt:
            doubt.extend(self._typos(words, quote))
        return min(doubt, key=lambda t: t[0])[1] if doubt else None

    def beslist(self, id_: str, words: tuple[str, ...], evidence: str) -> bool:
        """Whether the wordings already decided about this word for this exclusion.

        The learned layer only adds what the wordings do not know: a stam that also means
        something else ("Insights" alone, "netwerk"; `dubbelzinnige_stammen`), a kern of the
        exclusion ("Rallypiloot", "Pilootsessie") or a course noun ("Kaarten maken met QGIS")
        was left unmatched on purpose, and a word that rules the exclusion out (geen_<id>, also
        inside a compound: "Vliegtuigonderhoud") settles it. A stam with one meaning ("skipper",
        "walking") may be read by the model with the rest of the title ("Day Skipper course").
        """
        stam = max(
            (h for h in self.stam.get(id_, ()) if evidence.startswith(h)), key=len, default=""
        )
        if stam in self.dubbelzinnig:  # the longest stam the word starts with decides
            return True
        kern = self.kern.get(id_, frozenset())
        if any(evidence.startswith(h) or evidence.endswith(h) for h in kern):
            return True
        if any(evidence.startswith(k) for k in self.koppen if len(k) >= _MIN_DEEL):
            return True
        for phrase in self.geen.get(id_, ()):
            if len(phrase) == 1:
                g = phrase[0]
                if g in words or (len(g) >= _MIN_SUFFIX and any(g in w for w in words)):
                    return True
            elif any(words[i : i + len(phrase)] == phrase for i in range(len(words))):
                return True
        return False

    @functools.lru_cache(maxsize=20_000)  # noqa: B019 - one index per process
    def _compound(self, word: str) -> tuple[tuple[str, str], ...]:
        """What a compound of a kern or stam with another part says, per id.

        "motorrijbewijs", "beroepsvlieger": modifier in bij_<id> + head in kern_<id>, sure;
        "vrachtwagenrijbewijs": a modifier of geen_<id>, nothing; any other modifier: a doubt.
        "astrocursus", "netwerkontbijt": stam_<id> + a bij_<id> word, sure. "zomerteamdag":
        a long doubt word as the head, a doubt.
        """
        out: list[tuple[str, str]] = []
        decided: set[str] = set()  # ids whose kern settled this word, even as nothing
        forms = _vormen(word)
        for id_, heads in self.kern.items():
            for form in forms:
                head = next((h for h in heads if form.endswith(h) and len(form) > len(h)), None)
                if head is None:
                    continue
                decided.add(id_)
                modifier = form[: -len(head)]
                mods = {modifier.removesuffix(link) for link in _KOPPELS} - {""}
                if mods & self.bij[id_]:
                    out.append((_SAMEN, id_))
                elif not mods & self.geen_woorden.get(id_, frozenset()) and (
                    len(modifier) >= _MIN_BEPALER
                ):
                    out.append((_SAMEN_TWIJFEL, id_))
                break
        for id_, stems in self.stam.items():
            for stem in stems:
                rest = word[len(stem) :]
                if word.startswith(stem) and len(rest) >= _MIN_BEPALER:
                    after = {v for link in _KOPPELS for v in _vormen(rest.removeprefix(link))}
                    if after & self.bij[id_]:
                        out.append((_SAMEN, id_))
                        break
        for form in forms:
            for k in range(_MIN_BEPALER, len(form) - _MIN_TWIJFEL_KOP + 1):
                twijfel_id = self.twijfel_koppen.get(form[k:])
                if twijfel_id is not None:
                    mods = {form[:k].removesuffix(link) for link in _KOPPELS}
                    geen = self.geen_woorden.get(twijfel_id, frozenset())
                    if twijfel_id not in decided and not mods & geen:
                        out.append((_SAMEN_TWIJFEL, twijfel_id))
                    break
        return tuple(dict.fromkeys(out))

    def _licence_word(self, word: str, id_: str) -> bool:
        """A word that backs a category code: a bij_/kern_ word, also first in a compound.

        "theorie", "motor", "praktijkopleiding", "rijschool", "motorrijbewijs".
        """
        parts = self.bij[id_] | self.kern.get(id_, frozenset())
        if set(_vormen(word)) & parts or any(id_ == i for _, i in self._compound(word)):
            return True
        return any(word.startswith(p) for p in parts if len(p) >= _MIN_CODE_STEUN)

    def _pair(
        self, a: str, b: str, hyphen_or_capital: Callable[[int, int], bool], i: int
    ) -> Iterable[tuple[str, str]]:
        """Two words in a row of a kern or stam and a bij word ("rijbewijs motor")."""
        heads_a = {id_ for f in _vormen(a) for id_ in self.as_head.get(f, ())}
        partner_a = {id_ for f in _vormen(a) for id_ in self.as_partner.get(f, ())}
        if not heads_a and not partner_a:
            return
        for id_ in {id_ for f in _vormen(b) for id_ in self.as_partner.get(f, ())} & heads_a:
            yield _SAMEN, id_  # "rijbewijs motor", "astro les"
        # "motor rijbewijs"; a code before its noun only when written so ("AM-rijbewijs")
        kern_b = {id_ for f in _vormen(b) for id_ in self.as_kern.get(f, ())} & partner_a
        if kern_b and (not _is_code(a) or hyphen_or_capital(i, i + 1)):
            for id_ in kern_b:
                yield _SAMEN, id_

    def _codes(
        self, raw: tuple[str, ...], keep: list[int], words: tuple[str, ...]
    ) -> dict[str, tuple[int, int]]:
        """Category codes right after a code word ("Cat A1/A2/A", "categorie AM"), per id."""
        out: dict[str, tuple[int, int]] = {}
        for id_, codes in self.code.items():
            i = 0
            while i < len(words):
                r = keep[i]
                if words[i] in codes and r > 0 and raw[r - 1] in self.codewoorden:
                    end = i + 1
                    while end < len(words) and (
                        words[end] in codes
                        or (
                            words[end] in _VERBINDERS
                            and end + 1 < len(words)
                            and words[end + 1] in codes
                        )
                    ):
                        end += 1
                    out.setdefault(id_, (i, end))
                    i = end
                else:
                    i += 1
        return out

    def _typos(
        self, words: tuple[str, ...], quote: Callable[[int, int], str]
    ) -> list[tuple[int, UitsluitingTreffer]]:
        """One typo in a long wording ("mindfullness") is a near miss: ask, never refuse."""
        out: list[tuple[int, UitsluitingTreffer]] = []
        for i, word in enumerate(words):
            if len(word) < _MIN_UITSLUITING_TIKFOUT - 1:
                continue
            choices = self._typo_choices.get(len(word))
            best = (
                process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=1)
                if choices
                else None
            )
            if best is not None:
                out.append((i, UitsluitingTreffer(self.parts[best[0]], False, quote(i, i + 1))))
        return out


# --- public API -------------------------------------------------------------------------------


@functools.cache
def _thema_index() -> _ThemaIndex:
    return _ThemaIndex(_shipped_blocks(SUBTHEMAS_BESTAND))


@functools.cache
def _uitsluiting_index() -> _UitsluitingIndex:
    return _UitsluitingIndex(
        _shipped_blocks(UITSLUITINGEN_BESTAND),
        _shipped_blocks(TWIJFEL_BESTAND),
        _shipped_blocks(VORM_BESTAND),
    )


def _trefwoord_voorbeelden(blocks: _Blocks) -> list[Voorbeeld]:
    """Every keyword and every subthema name as a training example of its subthema."""
    return [
        Voorbeeld(example, subthema)
        for subthema, examples in blocks.synonyms.items()
        for example in (subthema, *examples)
    ]


@functools.cache
def _model() -> ThemaModel:
    return train(_trefwoord_voorbeelden(_shipped_blocks(SUBTHEMAS_BESTAND)))


def laad() -> None:
    """Build and validate both indexes and train the models now (fail early, not at turn 7)."""
    _thema_index()
    _uitsluiting_index()
    _model()
    _uitsluiting_model()


def _blend(
    index: _ThemaIndex, model: ThemaModel, words: tuple[str, ...], text: str, limit: int
) -> list[ThemaKandidaat]:
    """Keyword and model scores blended; the best `limit`, never empty for a model."""
    trefwoord = {k.subthema: k.score for k in _rank(index, words, len(index.thema))}
    geleerd = model.scores(text)
    samen = {
        s: _GEWICHT_TREFWOORD * trefwoord.get(s, 0.0) + (1 - _GEWICHT_TREFWOORD) * p
        for s, p in geleerd.items()
        if s in index.thema
    }
    if trefwoord and geleerd:
        # Both layers name the same best subthema: the keyword layer's certainty stands.
        eerste = max(trefwoord, key=lambda s: trefwoord[s])
        if eerste == max(geleerd, key=lambda s: geleerd[s]) and eerste in samen:
            samen[eerste] = max(samen[eerste], trefwoord[eerste])
    ordered = sorted(samen.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [ThemaKandidaat(index.thema[s], s, round(score, 3)) for s, score in ordered]


def match_thema(text: str, *, type: str | None = None, limit: int = 3) -> list[ThemaKandidaat]:
    """Ranked thema/subthema candidates for a title; [] only for a text without letters/digits.

    Args:
        text: the course or advice title or description, as typed.
        type: "opleiding", "advies" or None. Ranking is the same for both types today; the
            engine filters what advies may choose on the application date.
        limit: at most this many candidates (best first).

    Returns:
        Exactly `limit` candidates (best first) with a score in [0, 1]: the keyword score and the
        model's blended. Compare the best with ZEKER (propose it alone).
    """
    if type is not None and type not in TYPES:
        raise ValueError(f"type must be one of {TYPES} or None, got {type!r}")
    if limit < 1 or not isinstance(text, str):
        return []
    words = _tokens(text[:500]).words[:60]
    if not words:
        return []
    return _blend(_thema_index(), _model(), words, text[:500], limit)


def herkent_thema(text: str) -> bool:
    """Whether a text names a subject: a keyword of a subthema in it, or the model is sure.

    At the thema question an answer that is no choice is proposed from only when this holds;
    the title itself always gets proposals (match_thema).
    """
    if not isinstance(text, str):
        return False
    words = _tokens(text[:500]).words[:60]
    if not words:
        return False
    if _rank(_thema_index(), words, 1):
        return True
    return max(_model().scores(text[:500]).values()) >= _MODEL_ZEKER


# --- the learned near miss ---------------------------------------------------------------------

#: Real excluded titles (and look-alikes) that the exclusion model learns from. A new held-out
#: set is measured before it is added here: from then on it is training material.
UITGESLOTEN_TITELS: Final = (
    "evaluatie/echte_uitgesloten.csv",
    "evaluatie/echte_uitgesloten_nieuw.csv",
    "evaluatie/echte_uitgesloten_heldout3.csv",
    "evaluatie/echte_uitgesloten_heldout4.csv",
    "evaluatie/echte_uitgesloten_heldout5.csv",
    "evaluatie/echte_uitgesloten_heldout6.csv",
)
_GEEN: Final = "-"  # the model's class of titles that name no exclusion
#: The model's decision value from which a title is asked about (never refused).
_UITSLUITING_DREMPEL: Final = 0.0


def _uitsluiting_voorbeelden() -> list[Voorbeeld]:
    """Each exclusion's wordings and real titles; ordinary titles and keywords as `_GEEN`."""
    uit = _shipped_blocks(UITSLUITINGEN_BESTAND)
    twijfel = _shipped_blocks(TWIJFEL_BESTAND)
    out = [Voorbeeld(w, id_) for id_, ws in uit.lookups.items() for w in ws]
    out += [
        Voorbeeld(w, name.removeprefix(TWIJFEL_PREFIX))
        for name, ws in twijfel.lookups.items()
        if name.startswith(TWIJFEL_PREFIX)
        for w in ws
    ]
    out += [
        Voorbeeld(w, _GEEN)
        for name, ws in twijfel.lookups.items()
        if name.startswith(GEEN_PREFIX)
        for w in ws
        if len(w) > 2
    ]
    for bestand in UITGESLOTEN_TITELS:
        for row in read_nlu_csv(bestand):
            if row["titel"].strip():
                out.append(Voorbeeld(row["titel"], row["uitgesloten"].strip() or _GEEN))
    out += [Voorbeeld(v.tekst, _GEEN) for v in titel_voorbeelden()]
    out += [
        Voorbeeld(v.tekst, _GEEN)
        for v in _trefwoord_voorbeelden(_shipped_blocks(SUBTHEMAS_BESTAND))
    ]
    return out


@functools.cache
def _uitsluiting_model() -> ThemaModel:
    return ThemaModel(_uitsluiting_voorbeelden(), naam="uitsluiting")


def _geleerde_uitsluiting(text: str) -> UitsluitingTreffer | None:
    """A title no wording names but that reads like an exclusion's titles: ask, never refuse.

    Quoted by the word that weighs most for that exclusion.
    """
    tokens = _tokens(text)
    if not tokens.words:
        return None
    model = _uitsluiting_model()
    waarden = model.beslissing(text)
    id_ = max((s for s in waarden if s != _GEEN), key=lambda s: waarden[s])
    if waarden[id_] <= _UITSLUITING_DREMPEL or waarden[id_] <= waarden[_GEEN]:
        return None
    best = max(
        range(len(tokens.words)),
        key=lambda i: model.beslissing(tokens.words[i])[id_],
    )
    if _uitsluiting_index().beslist(id_, tokens.words, tokens.words[best]):
        return None
    a, b = tokens.spans[best]
    return UitsluitingTreffer(id_, False, text[a:b])


def match_uitsluiting(text: str) -> UitsluitingTreffer | None:
    """The excluded training a title names (zeker) or may name (near miss), else None.

    The wordings decide; a title they do not recognise is asked about when the exclusion model
    (trained on the wordings and the real titles of `UITGESLOTEN_TITELS`) reads it as one.
    """
    if not isinstance(text, str):
        return None
    return _uitsluiting_van(text[:500])


@functools.lru_cache(maxsize=4_096)
def _uitsluiting_van(text: str) -> UitsluitingTreffer | None:
    """`match_uitsluiting` of one title: every check of the aanvraag asks it again."""
    found = _uitsluiting_index().treffer(text)
    return found if found is not None else _geleerde_uitsluiting(text)


def uitsluiting_ids() -> tuple[str, ...]:
    """Every exclusion id that nlu_data has wordings for (the lookups of uitsluitingen.yml)."""
    return _uitsluiting_index().ids


def subthema_synoniemen() -> dict[str, str]:
    """Canonical subthema per thema of nlu_data/lookups/subthemas.yml (for data checks)."""
    return dict(_thema_index().thema)


__all__ = [
    "MOGELIJK",
    "ZEKER",
    "ThemaKandidaat",
    "UitsluitingTreffer",
    "herkent_thema",
    "laad",
    "match_thema",
    "match_uitsluiting",
    "subthema_synoniemen",
    "uitsluiting_ids",
]
