"""The learned layer of the thema matcher: TF-IDF n-grams + a linear SVM over subthemas, in numpy.

Trained at start (in the background, with the keyword index) from the repository's own data
only: every keyword of `nlu_data/lookups/subthemas.yml`, the labelled titles of
`nlu_data/evaluatie/titels.csv` and the *train* split of `nlu_data/evaluatie/echte_titels.csv`
(read through dialogs.nlu_loader). The held-out split of that file is never read here. No weights
are downloaded. A channel may name a cache directory (`CACHE`): the trained weights are kept
there under a hash of everything they are trained from, so a next start loads them in
milliseconds instead of training again; a missing or unreadable file is trained again.

The features are those of scikit-learn's `TfidfVectorizer` (character n-grams inside word
boundaries and word n-grams, sublinear tf, smoothed idf, each block L2-normalised), the model is
a one-vs-rest linear SVM with the squared hinge loss, an intercept and balanced class weights,
trained by dual coordinate descent (the method of liblinear, behind scikit-learn's LinearSVC).
Written in numpy so that the assistant does not load scikit-learn and scipy (about 100 MB).
Pure: no clock, no network, no channel types; the order of the examples is fixed by a seed.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from dialogs.nlu_loader import read_nlu_csv
from domain_rules.folding import fold

ECHTE_TITELS: Final = "evaluatie/echte_titels.csv"
EIGEN_TITELS: Final = "evaluatie/titels.csv"
TRAIN: Final = "train"
HELDOUT: Final = "heldout"

# Character n-grams inside word boundaries carry compounds, inflections, typos and acronyms
# ("heftruckchauffeur", "excell", "DPO"); word unigrams and bigrams carry the phrases.
_CHAR_NGRAMS: Final = (2, 5)
_WORD_NGRAMS: Final = (1, 2)
_WORD: Final = re.compile(r"[0-9a-z]+[#+]*")
_C: Final = 1.0  # SVM regularisation (chosen by 5-fold cross-validation on the train split)
_EPOCHS: Final = 8  # passes of coordinate descent (more change nothing in cross-validation)
_SEED: Final = 14
_TEMPERATUUR: Final = 0.25  # softmax over the decision values -> scores in [0, 1]

#: Where a trained model is kept between starts (empty: not kept); set by the channels.
CACHE: list[Path] = []
_KEPT: Final = ("w", "char", "char_idf", "word", "word_idf")

_Floats = npt.NDArray[np.float32]
_Ints = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class Voorbeeld:
    """One labelled example: a text and its subthema."""

    tekst: str
    subthema: str


def titel_voorbeelden(*, split: str = TRAIN) -> list[Voorbeeld]:
    """Labelled titles of the repository: the project's own set and a split of the real ones.

    Args:
        split: TRAIN (the project's titles and the train split of the real titles) or HELDOUT
            (only the held-out real titles; for measuring, never for training).
    """
    if split not in (TRAIN, HELDOUT):
        raise ValueError(f"split must be {TRAIN!r} or {HELDOUT!r}, got {split!r}")
    rows = [r for r in read_nlu_csv(ECHTE_TITELS) if r["split"] == split]
    if split == TRAIN:
        rows += read_nlu_csv(EIGEN_TITELS)
    return [Voorbeeld(r["titel"], r["subthema"]) for r in rows if r["titel"].strip()]


# --- features ---------------------------------------------------------------------------------


def _char_ngrams(text: str) -> list[str]:
    """Character n-grams of each word padded with a space (scikit-learn's "char_wb")."""
    lo, hi = _CHAR_NGRAMS
    out: list[str] = []
    for word in text.split():
        w = f" {word} "
        for n in range(lo, hi + 1):
            if len(w) <= n:
                out.append(w)  # a word this short counts once, whole
                break
            out.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return out


def _word_ngrams(text: str) -> list[str]:
    lo, hi = _WORD_NGRAMS
    words = _WORD.findall(text)
    return [
        " ".join(words[i : i + n]) for n in range(lo, hi + 1) for i in range(len(words) - n + 1)
    ]


class _Tfidf:
    """One block of features: vocabulary and idf fitted on the training texts."""

    def __init__(self, docs: Sequence[list[str]], offset: int) -> None:
        df: Counter[str] = Counter()
        for grams in docs:
            df.update(set(grams))
        n = len(docs)
        self.vocabulary = {g: offset + i for i, g in enumerate(sorted(df))}
        self.idf = {g: math.log((1 + n) / (1 + d)) + 1.0 for g, d in df.items()}

    @classmethod
    def restore(cls, grams: Sequence[str], idf: Sequence[float], offset: int) -> _Tfidf:
        """The block as `arrays` kept it."""
        block = cls([], offset)
        block.vocabulary = {g: offset + i for i, g in enumerate(grams)}
        block.idf = dict(zip(grams, idf, strict=True))
        return block

    def arrays(self) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.float64]]:
        """The vocabulary in column order and its idf, to keep."""
        grams = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return np.array(grams, dtype=np.str_), np.array([self.idf[g] for g in grams])

    def __len__(self) -> int:
        return len(self.vocabulary)

    def features(self, grams: list[str]) -> dict[int, float]:
        """Column -> sublinear tf * idf, L2-normalised; unknown n-grams are left out."""
        out = {
            self.vocabulary[g]: (1.0 + math.log(tf)) * self.idf[g]
            for g, tf in Counter(grams).items()
            if g in self.vocabulary
        }
        norm = math.sqrt(sum(v * v for v in out.values()))
        return {k: v / norm for k, v in out.items()} if norm else out


# --- model ------------------------------------------------------------------------------------


class ThemaModel:
    """TF-IDF over character and word n-grams with a linear SVM, one class per subthema."""

    def __init__(self, voorbeelden: Sequence[Voorbeeld], *, naam: str = "thema") -> None:
        """Train on the examples (or take the weights kept under `naam` for the same data)."""
        self.subthemas: tuple[str, ...] = tuple(sorted({v.subthema for v in voorbeelden}))
        if len(self.subthemas) < 2:
            raise ValueError("at least two subthemas are needed to train the model")
        teksten = [fold(v.tekst) for v in voorbeelden]
        klasse = {s: i for i, s in enumerate(self.subthemas)}
        labels = np.array([klasse[v.subthema] for v in voorbeelden], dtype=np.int32)
        key = _key(teksten, labels, self.subthemas)
        key = f"{naam}-{key}"
        kept = _cached(key)
        if kept is not None:
            self._char = _Tfidf.restore(kept["char"].tolist(), kept["char_idf"].tolist(), 0)
            self._word = _Tfidf.restore(
                kept["word"].tolist(), kept["word_idf"].tolist(), len(self._char)
            )
            self._bias = len(self._char) + len(self._word)
            if kept["w"].shape == (self._bias + 1, len(self.subthemas)):
                self._weights: _Floats = kept["w"].astype(np.float32, copy=False)
                return
        self._char = _Tfidf([_char_ngrams(t) for t in teksten], 0)
        self._word = _Tfidf([_word_ngrams(t) for t in teksten], len(self._char))
        self._bias = len(self._char) + len(self._word)  # the intercept's column, always 1
        rows = [self._row(t) for t in teksten]
        self._weights = _train_svm(rows, labels, len(self.subthemas), self._bias + 1)
        char, char_idf = self._char.arrays()
        word, word_idf = self._word.arrays()
        _keep(key, w=self._weights, char=char, char_idf=char_idf, word=word, word_idf=word_idf)

    def _row(self, tekst: str) -> tuple[_Ints, _Floats]:
        feats = self._char.features(_char_ngrams(tekst))
        feats.update(self._word.features(_word_ngrams(tekst)))
        feats[self._bias] = 1.0
        return (
            np.fromiter(feats.keys(), dtype=np.int32, count=len(feats)),
            np.fromiter(feats.values(), dtype=np.float32, count=len(feats)),
        )

    def beslissing(self, text: str) -> dict[str, float]:
        """Every subthema with the SVM's decision value (above 0: this subthema, one vs rest)."""
        idx, val = self._row(fold(text))
        waarden = val @ self._weights[idx]
        return {s: float(w) for s, w in zip(self.subthemas, waarden, strict=True)}

    def scores(self, text: str) -> dict[str, float]:
        """Every subthema with a score in [0, 1] that sums to 1 (softmax of the SVM)."""
        waarden = self.beslissing(text)
        hoogste = max(waarden.values())
        exp = {s: math.exp((w - hoogste) / _TEMPERATUUR) for s, w in waarden.items()}
        totaal = sum(exp.values())
        return {s: e / totaal for s, e in exp.items()}


def _key(teksten: Sequence[str], labels: _Ints, subthemas: Sequence[str]) -> str:
    """A hash of everything the weights depend on: examples, labels, settings."""
    h = hashlib.sha256()
    settings = (_CHAR_NGRAMS, _WORD_NGRAMS, _WORD.pattern, _C, _EPOCHS, _SEED, tuple(subthemas))
    h.update(repr(settings).encode())
    for tekst in teksten:
        h.update(tekst.encode())
        h.update(b"\0")
    h.update(labels.tobytes())
    return h.hexdigest()[:32]


def _cached(key: str) -> dict[str, npt.NDArray[Any]] | None:
    """The model kept for this key (weights, vocabularies, idf), if any and readable."""
    for directory in CACHE:
        try:
            with np.load(directory / f"{key}.npz", allow_pickle=False) as kept:
                return {name: kept[name] for name in _KEPT}
        except (OSError, ValueError, KeyError):
            continue
    return None


def _keep(key: str, **arrays: npt.NDArray[Any]) -> None:
    """Keep the model for a next start (atomically; a failure only costs the next start)."""
    for directory in CACHE:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            tmp = directory / f"{key}.{os.getpid()}.tmp.npz"
            np.savez(tmp, **arrays)  # type: ignore[arg-type]  # names, not allow_pickle
            os.replace(tmp, directory / f"{key}.npz")
            naam = key.rsplit("-", 1)[0]
            for old in directory.glob(f"{naam}-*.np*"):
                if old.name != f"{key}.npz":
                    old.unlink(missing_ok=True)
        except OSError:
            continue
        return


def _train_svm(
    rows: Sequence[tuple[_Ints, _Floats]], labels: _Ints, klassen: int, kolommen: int
) -> _Floats:
    """One-vs-rest L2-regularised squared-hinge SVMs, all classes at once, by dual descent.

    For class c, example i has y = +1 (its class) or -1 and the cost C * weight(c) as a positive
    (balanced: n / (classes * count(c))) or C as a negative, as liblinear weighs them. Each step
    solves the dual exactly in one example's coordinate for every class (Hsieh et al. 2008).
    """
    n = len(rows)
    y = np.full((n, klassen), -1.0, dtype=np.float32)
    y[np.arange(n), labels] = 1.0
    gewicht = n / (klassen * np.maximum(np.bincount(labels, minlength=klassen), 1))
    kost = np.where(y > 0, _C * gewicht[None, :], _C).astype(np.float32)
    diag = (0.5 / kost).astype(np.float32)
    kwadraat = np.array([float(val @ val) for _, val in rows], dtype=np.float32)
    stap = 1.0 / (kwadraat[:, None] + diag)
    alpha = np.zeros((n, klassen), dtype=np.float32)
    w = np.zeros((kolommen, klassen), dtype=np.float32)
    rng = np.random.default_rng(_SEED)
    for _ in range(_EPOCHS):
        for i in rng.permutation(n).tolist():
            idx, val = rows[i]
            yi = y[i]
            ai = alpha[i]
            wi = w[idx]
            g = yi * (val @ wi) - 1.0 + diag[i] * ai
            nieuw = np.maximum(ai - g * stap[i], 0.0)
            delta = (nieuw - ai) * yi
            alpha[i] = nieuw
            w[idx] = wi + np.outer(val, delta)
    return w


def train(trefwoorden: Iterable[Voorbeeld]) -> ThemaModel:
    """The model trained on the keywords given and the repository's labelled train titles."""
    return ThemaModel([*trefwoorden, *titel_voorbeelden(split=TRAIN)])


__all__ = ["HELDOUT", "TRAIN", "ThemaModel", "Voorbeeld", "titel_voorbeelden", "train"]
