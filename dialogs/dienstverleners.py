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

from rapidfuzz import fuzz, process

from dialogs.models import Dienstverlener
from dialogs.nlu import registratienummer
from dialogs.nlu_loader import NluData, default_nlu_data, fold

_TOKEN = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"^\s*(\d{6})\s*$", re.ASCII)
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
        n = max(1, len(self._items))
        self._idf = {tok: log(1 + n / len(ids)) for tok, ids in self._postings.items()}

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
        tokens = self._tokens(query)
        if not tokens:
            return []
        weights: dict[int, float] = {}
        for tok in tokens:
            best: dict[int, float] = {}
            for similar, sim in self._similar_tokens(tok):
                w = self._idf.get(similar, 1.0) * sim
                for i in self._postings[similar]:
                    if best.get(i, 0.0) < w:
                        best[i] = w
            for i, w in best.items():
                weights[i] = weights.get(i, 0.0) + w
        if not weights:
            return []
        ranked = sorted(weights, key=weights.__getitem__, reverse=True)[:MAX_CANDIDATES]
        if type is not None:
            ranked = [i for i in ranked if self._items[i].type == type]
        q = " ".join(tokens)
        scored = [
            (i, max(fuzz.token_set_ratio(q, self._names[i]), fuzz.WRatio(q, self._names[i])))
            for i in ranked
        ]
        scored.sort(key=lambda pair: (-pair[1], self._items[pair[0]].naam))
        return [Treffer(self._items[i], round(score, 1)) for i, score in scored[:limit]]

    def _numbers(self, query: str) -> list[str]:
        nummer = registratienummer(query)
        if nummer is not None:
            return [nummer]
        m = _DIGITS.match(query)
        if m:
            return [f"DV.O{m.group(1)}", f"DV.A{m.group(1)}"]
        return []

    def _similar_tokens(self, tok: str) -> list[tuple[str, float]]:
        """Tokens of the register close to a query token: exact, prefix or a small typo."""
        if tok in self._postings:
            out = [(tok, 1.0)]
        else:
            out = []
        if len(tok) < 3:
            return out
        cutoff = 75 if len(tok) >= 5 else 85
        for cand, score, _ in process.extract(
            tok, self._vocab, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff
        ):
            if cand != tok:
                out.append((cand, score / 100))
        if len(tok) >= 4:
            start = bisect_left(self._vocab, tok)
            for cand in self._vocab[start : start + 16]:
                if not cand.startswith(tok):
                    break
                if cand != tok:
                    out.append((cand, 0.9))
        return out
