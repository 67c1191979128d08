"""Choose the blend of the thema matcher's layers by cross-validation on the TRAIN split only.

The held-out real titles are never read here. For each fold of the train titles, the model is
trained on the keywords and the other folds, and the keyword/model blend and the ZEKER threshold
are scored on the fold left out. Prints top-1/top-3 per blend weight.
Usage: .venv/bin/python benchmarks/tune_thema.py [--folds 5]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs import thema, thema_leer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    index = thema._thema_index()
    keywords = thema._trefwoord_voorbeelden(thema._shipped_blocks(thema.SUBTHEMAS_BESTAND))
    titles = thema_leer.titel_voorbeelden(split=thema_leer.TRAIN)

    def fold_of(text: str) -> int:
        return int(hashlib.sha256(text.encode()).hexdigest(), 16) % args.folds

    weights = (0.0, 0.3, 0.5, 0.7, 1.0)
    hits1 = dict.fromkeys(weights, 0)
    hits3 = dict.fromkeys(weights, 0)
    n = 0
    best: list[tuple[float, bool]] = []  # (blended best score, right) at the chosen weight
    for k in range(args.folds):
        test = [v for v in titles if fold_of(v.tekst) == k]
        model = thema_leer.ThemaModel([*keywords, *(v for v in titles if fold_of(v.tekst) != k)])
        for v in test:
            words = thema._tokens(v.tekst).words
            kw = {c.subthema: c.score for c in thema._rank(index, words, 46)}
            p = model.scores(v.tekst)
            n += 1
            for w in weights:
                ranked = sorted(p, key=lambda s, w=w: -(w * kw.get(s, 0.0) + (1 - w) * p[s]))
                hits1[w] += ranked[0] == v.subthema
                hits3[w] += v.subthema in ranked[:3]
                if w == thema._GEWICHT_TREFWOORD:
                    s0 = ranked[0]
                    best.append((w * kw.get(s0, 0.0) + (1 - w) * p[s0], s0 == v.subthema))
    for w in weights:
        print(  # noqa: T201
            f"keyword weight {w:.1f}: top-1 {100 * hits1[w] / n:.1f} %  "
            f"top-3 {100 * hits3[w] / n:.1f} %  (n={n})"
        )

    for z in (0.3, 0.4, 0.5, 0.6, 0.7):
        sure = [right for score, right in best if score >= z]
        print(  # noqa: T201
            f"best score >= {z:.1f}: {100 * len(sure) / n:.1f} % of titles, "
            f"right {100 * sum(sure) / max(1, len(sure)):.1f} %"
        )


if __name__ == "__main__":
    main()
