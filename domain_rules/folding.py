"""Case- and accent-folding of Dutch text, and splitting it into words.

Used to compare user input with catalogue names and exclusion keywords.
Imports only the standard library.
"""

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _zonder_accenten(tekst: str) -> str:
    """Case-folded and NFKD-decomposed, without the combining marks; whitespace as it was."""
    decomposed = unicodedata.normalize("NFKD", tekst.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def fold_char(teken: str) -> str:
    """Return one character folded as `fold` folds it (may be "" or longer: "ß" -> "ss")."""
    return _zonder_accenten(teken)


@lru_cache(maxsize=65536)
def fold(tekst: str) -> str:
    """Return the text lower-cased, without accents and with single spaces ("Été" -> "ete").

    Cached: the same labels, examples and answers are folded again on every turn.
    """
    if tekst.isascii():
        return " ".join(tekst.lower().split())
    return " ".join(_zonder_accenten(tekst).split())


def words(tekst: str) -> tuple[str, ...]:
    """Return the folded words of a text; every non-alphanumeric character separates words."""
    return tuple(w for w in _NON_WORD.split(fold(tekst)) if w)
