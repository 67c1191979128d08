"""What every parser of an answer shares: `Ok`, `Fout`, `clean` and the sentence helpers.

`_in_zin` and `_een_waarde` find the one value of a kind among a few words of a sentence; the
parsers of dates, amounts, numbers and hours use them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_INPUT = 2000
#: Answers of more words than this are not searched for one value or one choice.
ZIN_MAX_WOORDEN = 20
#: Characters of code or markup, not of a sentence: a text with one is not searched either.
_CODE_TEKENS = frozenset("{}[]<>\\|=^~`")


def _gewone_zin(text: str) -> bool:
    """Words as a person types them: at most ZIN_MAX_WOORDEN, no code or markup characters."""
    return len(text.split()) <= ZIN_MAX_WOORDEN and not _CODE_TEKENS.intersection(text)


@dataclass(frozen=True)
class Ok(Generic[T]):
    """A parsed, normalised value."""

    value: T


@dataclass(frozen=True)
class Fout:
    """Why an answer was not understood: a message id and its parameters."""

    message: str
    params: dict[str, str] = field(default_factory=dict)


def _nfkc(text: str) -> str:
    """NFKC, except for "other numbers" (², ₂, ①, ½): they stay as typed, never plain digits."""
    return "".join(
        "".join(run) if other else unicodedata.normalize("NFKC", "".join(run))
        for other, run in groupby(text, key=lambda c: unicodedata.category(c) == "No")
    )


def _schijncijfers(text: str) -> bool:
    """Superscript, subscript, circled or fraction digits in the text ("2²" is not 22).

    Folding (NFKD) would make plain digits of them; they are never part of a number.
    """
    return any(unicodedata.category(c) == "No" for c in text)


#: Refusals that only say the text could not be read as a value: a sentence around it may still
#: hold it ("ons nummer is 0403.170.701, we zijn klein"). Other refusals are about the value
#: itself ("500 euro per deelnemer") or about several values ("2 dagen van 8 uur") and stand.
NIET_GELEZEN = frozenset(
    {
        "fout.bedrag_formaat",
        "fout.datum_formaat",
        "fout.getal_formaat",
        "fout.kbo_formaat",
        "fout.nace_formaat",
        "fout.uren_formaat",
    }
)


def clean(text: str) -> str:
    """Drop control characters, normalise Unicode and whitespace, cap the length.

    Full-width digits become digits (NFKC); superscripts and the like stay what they are, so
    that no parser reads "2²" as 22. The cap (MAX_INPUT) is a safety limit; a text of MAX_INPUT
    characters may have been cut, and `tekst` refuses it rather than keep a cut text.
    """
    if text.isascii() and text.isprintable():
        return " ".join(text.split())[:MAX_INPUT]  # the common case: nothing to normalise
    text = _nfkc(text[: MAX_INPUT * 2])
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn"))
    return " ".join(text.split())[:MAX_INPUT]


# --- one value among a few words -----------------------------------------------------------

_RAND_VOOR = "([{\"'‘“«"
_RAND_NA = ".,;:!?)]}\"'’”»"
_GRENS = frozenset(",;:!?()[]")


@dataclass(frozen=True)
class _Woord:
    tekst: str  # without the punctuation around it
    grens: bool  # a clause ends after it (",", ";", "!" …)


def _zinwoorden(text: str) -> list[_Woord]:
    out: list[_Woord] = []
    for raw in text.split():
        word = raw.lstrip(_RAND_VOOR)
        core = word.rstrip(_RAND_NA)
        if out and any(c in _GRENS for c in raw[: len(raw) - len(word)]):
            out[-1] = _Woord(out[-1].tekst, True)
        if core:
            out.append(_Woord(core, any(c in _GRENS for c in word[len(core) :])))
        elif out and any(c in _GRENS for c in word):
            out[-1] = _Woord(out[-1].tekst, True)
    return out


@dataclass(frozen=True)
class _Treffer(Generic[T]):
    """A few words of a sentence read as a value (or refused for a reason of their own)."""

    begin: int
    eind: int
    tekst: str
    uitkomst: Ok[T] | Fout


def _in_zin(
    text: str,
    lees: Callable[[str], Ok[T] | Fout | None],
    *,
    breedte: int,
    over_grenzen: bool = True,
) -> list[_Treffer[T]]:
    """The values in a sentence, in sentence order.

    Every run of at most `breedte` words that `lees` reads (None: not a value), the longest
    first, none overlapping another. Runs cross a comma only when `over_grenzen`. Nothing for
    one word or for more than ZIN_MAX_WOORDEN words.
    """
    if not _gewone_zin(text):
        return []
    woorden = _zinwoorden(text)
    if not 1 < len(woorden) <= ZIN_MAX_WOORDEN:
        return []
    hits: list[_Treffer[T]] = []
    for i in range(len(woorden)):
        for j in range(i + 1, min(len(woorden), i + breedte) + 1):
            stuk = " ".join(w.tekst for w in woorden[i:j])
            result = lees(stuk)
            if result is not None:
                hits.append(_Treffer(i, j, stuk, result))
            if not over_grenzen and woorden[j - 1].grens:
                break
    hits.sort(key=lambda h: (h.begin - h.eind, h.begin))
    chosen: list[_Treffer[T]] = []
    for h in hits:
        if all(h.eind <= c.begin or h.begin >= c.eind for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.begin)


def _sleutel(hit: _Treffer[T]) -> object:
    u = hit.uitkomst
    return ("ok", u.value) if isinstance(u, Ok) else ("fout", u.message, tuple(u.params.items()))


def _een_waarde(
    hits: list[_Treffer[T]], meerdere: str, toon: Callable[[_Treffer[T]], str]
) -> Ok[T] | Fout | None:
    """The one value the hits name, or the one reason it is refused.

    Two or more different ones: Fout(meerdere) naming them; no hit: None.
    """
    distinct: dict[object, _Treffer[T]] = {}
    for h in hits:
        distinct.setdefault(_sleutel(h), h)
    if not distinct:
        return None
    if len(distinct) == 1:
        return hits[0].uitkomst
    return Fout(meerdere, {"waarden": _opsomming([toon(h) for h in distinct.values()])})


def _opsomming(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b en c' (at most four, each at most 30 characters)."""
    shown = [i if len(i) <= 30 else i[:29] + "…" for i in items[:4]]
    if len(items) > 4:
        shown[-1] += " …"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} en {shown[-1]}"
