"""Case- and accent-folding of Dutch text, and splitting it into words.

Used to compare user input with catalogue names and exclusion keywords.
Imports only the standard library.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(tekst: str) -> str:
    """Return the text lower-cased, without accents and with single spaces ("Été" -> "ete")."""
    decomposed = unicodedata.normalize("NFKD", tekst.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def words(tekst: str) -> tuple[str, ...]:
    """Return the folded words of a text; every non-alphanumeric character separates words."""
    return tuple(w for w in _NON_WORD.split(fold(tekst)) if w)
