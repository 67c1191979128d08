"""A choice among the offered ones: `choice`, by number, value, label or another word.

With the NLU data, also the one offered choice a sentence names (`_keuze_in_zin`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from dialogs.models import Choice
from dialogs.nlu.basis import ZIN_MAX_WOORDEN, _gewone_zin
from dialogs.nlu_loader import NluData, fold
from domain_rules.folding import words

KEUZES = "lookups/keuzes"


def choice(text: str, choices: list[Choice], nlu_data: NluData | None = None) -> str | None:
    """The value of the offered choice the text names: its number, value or label.

    With `nlu_data`, also another word for an offered value ("online" for afstandsleren), and
    the choice inside a sentence ("we zijn met 12 man, dus klein denk ik", "klein 😊"): see
    `_keuze_in_zin`. A number picks by position only when it is the whole text.
    """
    t = text.strip().rstrip(".")
    if t.isdigit() and t.isascii():
        i = int(t)
        if 1 <= i <= len(choices):
            return choices[i - 1].value
        return None
    key = fold(t)
    for c in choices:
        if key in (fold(c.value), fold(c.label)):
            return c.value
    if nlu_data is not None:
        value = nlu_data.synonym(t, KEUZES)
        if value is not None and any(c.value == value for c in choices):
            return value
        return _keuze_in_zin(text, choices, nlu_data)
    return None


_CLAUSE = re.compile(r"[,;:.!?()\[\]]")
_NEGATIE_VOOR = 3  # a negation this many words before a choice, in its clause, negates it
_TYPO_LENGTE = 4  # words this long may have one typo (Damerau-Levenshtein 1)


@dataclass(frozen=True)
class _KeuzeTreffer:
    value: str
    clause: int
    start: int
    end: int


def _keuze_in_zin(text: str, choices: list[Choice], nlu_data: NluData) -> str | None:
    """The one offered choice a sentence names, as a whole word or phrase.

    Its value, its label or another word for it (lookups/keuzes) counts where its words stand
    together in one clause; a typo is forgiven (Damerau-Levenshtein 1, words of 4 letters or
    more) in a one-word value or label, only when nothing is named exactly. A choice with a word
    of the lookup ontkenning (or vergeleken_met) shortly before it in its clause does not count
    ("niet klein", "eerder klein dan middelgroot"); None when no choice or two different ones
    remain ("klein of middelgroot", "niet klein"). Emoji and punctuation do not count; numbers
    inside the sentence do not pick.
    """
    if not _gewone_zin(text):
        return None
    clauses = [words(part) for part in _CLAUSE.split(text)]
    if not 0 < sum(len(c) for c in clauses) <= ZIN_MAX_WOORDEN:
        return None
    offered = {c.value for c in choices}
    own = [(c.value, w) for c in choices for w in (words(c.value), words(c.label)) if w]
    phrases = list(own)
    for variant, canonical in nlu_data.synonym_groups.get(KEUZES, {}).items():
        if canonical in offered and (w := words(variant)):
            phrases.append((canonical, w))
    hits = [
        _KeuzeTreffer(value, ci, i, i + len(w))
        for ci, tokens in enumerate(clauses)
        for value, w in phrases
        for i in range(len(tokens) - len(w) + 1)
        if tokens[i : i + len(w)] == w
    ]
    if not hits:
        single = [(value, w[0]) for value, w in own if len(w) == 1]
        hits = [
            _KeuzeTreffer(value, ci, i, i + 1)
            for ci, tokens in enumerate(clauses)
            for i, token in enumerate(tokens)
            if len(token) >= _TYPO_LENGTE and token.isalpha()
            for value, word in single
            if len(word) >= _TYPO_LENGTE
            and DamerauLevenshtein.distance(token, word, score_cutoff=1) <= 1
        ]
    # A phrase inside a longer one of another choice is that longer one's.
    hits = [
        h
        for h in hits
        if not any(
            o.clause == h.clause
            and o.start <= h.start
            and h.end <= o.end
            and o != h
            and (o.end - o.start) > (h.end - h.start)
            for o in hits
        )
    ]
    # Negated ("niet online") or compared away ("eerder online dan klassikaal"): not chosen.
    negation = nlu_data.lookup("ontkenning") | nlu_data.lookup("vergeleken_met")

    def denied(h: _KeuzeTreffer) -> bool:
        # Not past another choice: in "niet online maar klassikaal" the "niet" is online's.
        start = max(
            [h.start - _NEGATIE_VOOR]
            + [o.end for o in hits if o.clause == h.clause and o.end <= h.start]
        )
        before = clauses[h.clause][max(0, start) : h.start]
        return any(w in negation for w in before)

    kept = {h.value for h in hits if not denied(h)}
    if len(kept) != 1:
        return None
    return kept.pop()
