"""Fuzzy search in the register of dienstverleners: by registration number or by name.

Names are folded, legal forms (nv, bvba, vzw, … from nlu_data) dropped; candidates come from a
token index with fuzzy token matching (rapidfuzz), then are scored on the whole name. Pure: the
register is built from a list the caller loads.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from math import log

from rapidfuzz import fuzz

from dialogs.models import Dienstverlener
from dialogs.nlu import registratienummer, registratieprefixen
from dialogs.nlu_loader import NluData, default_nlu_data, fold
from domain_rules import REGISTRATIENUMMER_CIJFERS

_TOKEN = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(rf"^\s*(\d{{{REGISTRATIENUMMER_CIJFERS}}})\s*$", re.ASCII)
MAX_CANDIDATES = 400


@dataclass(frozen=True)
class Treffer:
    """A provider and how well it matches the query (0..100)."""

    dienstverlener: Dienstverlener
    score: float


class Register:
    """An in-memory index of the registered providers."""

    def __init__(self, items: Iterable[Dienstverlener], nlu_data: NluData | None = None) -> None:
        nlu_data = nlu_data or default_nlu_data()
        self._skip = nlu_data.lookup("rechtsvorm") | nlu_data.lookup("naam_stopwoord")
        self._items: list[Dienstverlener] = []
        self._names: list[str] = []
        self._by_number: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        for d in items:
            i = len(self._items)
            self._items.append(d)
            tokens = self._tokens(d.naam)
            self._names.append(" ".join(tokens))
            self._by_number[d.registratienummer] = i
            for tok in set(tokens):
                self._postings.setdefault(tok, []).append(i)
        self._vocab = sorted(self._postings)
        # Deletion neighbourhood (one edit) of every token: finds typos without a full scan.
        self._deletes: dict[str, list[str]] = {}
        for tok in self._vocab:
            if len(tok) >= 4:
                for key in _deletions(tok):
                    self._deletes.setdefault(key, []).append(tok)
        n = max(1, len(self._items))
        self._idf = {tok: log(1 + n / len(ids)) for tok, ids in self._postings.items()}
        self._max_idf = max(self._idf.values(), default=1.0)

    def __len__(self) -> int:
        return len(self._items)

    def _tokens(self, text: str) -> list[str]:
        # Legal forms written with dots ("b.v.b.a.") are dropped before splitting.
        words = [w for w in fold(text).replace("&", " ").split() if w not in self._skip]
        tokens = [t for w in words for t in _TOKEN.findall(w.replace(".", ""))]
        return [t for t in tokens if t not in self._skip]

    def nummer(self, registratienummer: str) -> Dienstverlener | None:
        """The provider with exactly this registration number."""
        i = self._by_number.get(registratienummer)
        return self._items[i] if i is not None else None

    def zoek(self, query: str, *, type: str | None = None, limit: int = 5) -> list[Treffer]:
        """Ranked candidates for a registration number in any notation or a (misspelt) name."""
        query = query[:200]
        numbers = self._numbers(query)
        if numbers:
            hits = [Treffer(d, 100.0) for n in numbers if (d := self.nummer(n)) is not None]
            return [h for h in hits if type is None or h.dienstverlener.type == type][:limit]
        tokens = self._join_split_words(self._tokens(query))
        if not tokens:
            return []
        weights: dict[int, float] = {}
        similar: dict[str, dict[str, float]] = {}
        for tok in tokens:
            similar[tok] = dict(self._similar_tokens(tok))
            best: dict[int, float] = {}
            for cand, sim in similar[tok].items():
                w = self._idf.get(cand, 1.0) * sim
                for i in self._postings[cand]:
                    if best.get(i, 0.0) < w:
                        best[i] = w
            for i, w in best.items():
                weights[i] = weights.get(i, 0.0) + w
        if not weights:
            return []
        ranked = sorted(weights, key=weights.__getitem__, reverse=True)[:MAX_CANDIDATES]
        if type is not None:
            ranked = [i for i in ranked if self._items[i].type == type]
        scored = [(i, self._score(tokens, similar, i)) for i in ranked]
        scored.sort(key=lambda pair: (-pair[1], self._items[pair[0]].naam))
        return [Treffer(self._items[i], round(score, 1)) for i, score in scored[:limit]]

    def _score(self, query: list[str], similar: dict[str, dict[str, float]], i: int) -> float:
        """0..100: how much of the query the name covers (mostly) and of the name the query."""
        name = self._names[i].split()
        if not name:
            return 0.0
        q_total = q_hit = 0.0
        matched: dict[str, float] = {}
        for tok in query:
            sims = similar.get(tok, {})
            best_tok, best = "", 0.0
            for nt in name:
                sim = 1.0 if nt == tok else sims.get(nt, 0.0)
                if sim > best:
                    best_tok, best = nt, sim
            weight = self._idf.get(best_tok or tok, self._max_idf)
            q_total += weight
            q_hit += weight * best
            if best_tok:
                matched[best_tok] = max(matched.get(best_tok, 0.0), best)
        n_total = sum(self._idf.get(nt, 1.0) for nt in name)
        n_hit = sum(self._idf.get(nt, 1.0) * matched.get(nt, 0.0) for nt in name)
        return 100 * (0.8 * q_hit / q_total + 0.2 * n_hit / n_total)

    def _join_split_words(self, tokens: list[str]) -> list[str]:
        """'drive well' -> 'drivewell' when the register knows the joined word."""
        out: list[str] = []
        for tok in tokens:
            joined = out[-1] + tok if out else ""
            if joined in self._postings and (
                tok not in self._postings or out[-1] not in self._postings
            ):
                out[-1] = joined
            else:
                out.append(tok)
        return out

    def _numbers(self, query: str) -> list[str]:
        nummer = registratienummer(query)
        if nummer is not None:
            return [nummer]
        m = _DIGITS.match(query)
        if m:
            return [f"{prefix}{m.group(1)}" for prefix in registratieprefixen()]
        return []

    def _similar_tokens(self, tok: str) -> list[tuple[str, float]]:
        """Tokens of the register close to a query token: exact, one edit away, or a prefix."""
        out: dict[str, float] = {}
        if tok in self._postings:
            out[tok] = 1.0
        if len(tok) >= 4:
            for key in (tok, *_deletions(tok)):
                for cand in self._deletes.get(key, ()):
                    if cand != tok and cand not in out:
                        out[cand] = fuzz.ratio(tok, cand) / 100
            for cand in self._vocab[bisect_left(self._vocab, tok) :][:16]:
                if not cand.startswith(tok):
                    break
                out.setdefault(cand, 0.9)
        return list(out.items())


def _deletions(token: str) -> set[str]:
    """The token with one character left out, at every position."""
    return {token[:i] + token[i + 1 :] for i in range(len(token))}
