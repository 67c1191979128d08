"""The learned layer of the thema matcher: character n-grams + a linear model over subthemas.

Trained at start (in the background, with the keyword index) from the repository's own data
only: every keyword of `nlu_data/lookups/subthemas.yml`, the labelled titles of
`nlu_data/evaluatie/titels.csv` and the *train* split of `nlu_data/evaluatie/echte_titels.csv`.
The held-out split of that file is never read here. No weights are downloaded or stored.
Pure: no clock, no network, no channel types.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Final

from domain_rules.folding import fold

ECHTE_TITELS: Final = "evaluatie/echte_titels.csv"
EIGEN_TITELS: Final = "evaluatie/titels.csv"
TRAIN: Final = "train"
HELDOUT: Final = "heldout"

# Character n-grams inside word boundaries carry compounds, inflections, typos and acronyms
# ("heftruckchauffeur", "excell", "DPO"); word unigrams and bigrams carry the phrases.
_CHAR_NGRAMS: Final = (2, 5)
_WORD_NGRAMS: Final = (1, 2)
_C: Final = 0.5  # LinearSVC regularisation (chosen by cross-validation on the train split)
_TEMPERATUUR: Final = 0.25  # softmax over the decision values -> scores in [0, 1]


@dataclass(frozen=True, slots=True)
class Voorbeeld:
    """One labelled example: a text and its subthema."""

    tekst: str
    subthema: str


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = files("nlu_data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def titel_voorbeelden(*, split: str = TRAIN) -> list[Voorbeeld]:
    """Labelled titles of the repository: the project's own set and a split of the real ones.

    Args:
        split: TRAIN (the project's titles and the train split of the real titles) or HELDOUT
            (only the held-out real titles; for measuring, never for training).
    """
    if split not in (TRAIN, HELDOUT):
        raise ValueError(f"split must be {TRAIN!r} or {HELDOUT!r}, got {split!r}")
    rows = [r for r in _csv_rows(ECHTE_TITELS) if r["split"] == split]
    if split == TRAIN:
        rows += _csv_rows(EIGEN_TITELS)
    return [Voorbeeld(r["titel"], r["subthema"]) for r in rows if r["titel"].strip()]


def _tekst(text: str) -> str:
    return fold(text)


class ThemaModel:
    """TF-IDF over character and word n-grams with a linear SVM, one class per subthema."""

    def __init__(self, voorbeelden: Sequence[Voorbeeld]) -> None:
        # Imported here: scikit-learn is loaded by the background warm-up, not at start.
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        if len({v.subthema for v in voorbeelden}) < 2:
            raise ValueError("at least two subthemas are needed to train the model")
        teksten = [_tekst(v.tekst) for v in voorbeelden]
        self._char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=_CHAR_NGRAMS, sublinear_tf=True, dtype=_float32()
        )
        self._word = TfidfVectorizer(
            analyzer="word",
            ngram_range=_WORD_NGRAMS,
            sublinear_tf=True,
            token_pattern=r"[0-9a-z]+[#+]*",
            dtype=_float32(),
        )
        self._hstack = hstack
        x = hstack([self._char.fit_transform(teksten), self._word.fit_transform(teksten)]).tocsr()
        self._svm = LinearSVC(C=_C, class_weight="balanced")
        self._svm.fit(x, [v.subthema for v in voorbeelden])
        self.subthemas: tuple[str, ...] = tuple(str(c) for c in self._svm.classes_)

    def scores(self, text: str) -> dict[str, float]:
        """Every subthema with a score in [0, 1] that sums to 1 (softmax of the SVM)."""
        t = [_tekst(text)]
        x = self._hstack([self._char.transform(t), self._word.transform(t)]).tocsr()
        waarden: Any = self._svm.decision_function(x)[0]
        hoogste = float(max(waarden))
        exp = [math.exp((float(w) - hoogste) / _TEMPERATUUR) for w in waarden]
        totaal = sum(exp)
        return {s: e / totaal for s, e in zip(self.subthemas, exp, strict=True)}


def _float32() -> Any:
    import numpy as np

    return np.float32


def train(trefwoorden: Iterable[Voorbeeld]) -> ThemaModel:
    """The model trained on the keywords given and the repository's labelled train titles."""
    return ThemaModel([*trefwoorden, *titel_voorbeelden(split=TRAIN)])


__all__ = ["HELDOUT", "TRAIN", "ThemaModel", "Voorbeeld", "titel_voorbeelden", "train"]
