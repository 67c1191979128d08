"""Answer whatever a chat asks from a mapping of field to answer, until a given field is asked.

For tests that need an aanvraag (or a part of one) but do not test the order of its questions:
a question added to the form then needs its answer in the mapping once, instead of breaking
every list of answers that assumed the old order. Each channel reads the awaited field its own
way (the engine's `messages[-1].asks`, the `asks` of `kmobot chat --jsonl`, what the Telegram
channel's service returned) and sends the answer its own way; this class only decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, TypeVar

A = TypeVar("A")

MAX_TURNS = 40  # answers one walk may give
MAX_REPEATS = 2  # times in a row a field may be asked again right after it was answered


class Antwoorden(Generic[A]):
    """The next answer to give: the mapping's answer for the field asked, until `until`.

    `next` fails (AssertionError naming the field, with what the chat said) when a field is
    asked that the mapping does not answer, when nothing is asked before `until`, when the same
    field is asked again more than MAX_REPEATS times in a row (its answer is refused), or after
    MAX_TURNS answers. An answer that is never asked is no error.
    """

    def __init__(self, answers: Mapping[str, A], until: str) -> None:
        self.answers = answers
        self.until = until
        self.given: list[str] = []  # the fields answered, in order
        self._repeats = 0

    def next(self, asked: str | None, said: str = "") -> A | None:
        """The answer to what is asked now, or None when `until` is asked."""
        if asked == self.until:
            return None
        context = f"; answered {self.given}; the chat said:\n{said}"
        assert asked is not None, f"nothing is asked and {self.until!r} never was{context}"
        assert asked in self.answers, f"{asked!r} is asked, and no answer is given{context}"
        assert len(self.given) < MAX_TURNS, f"{self.until!r} not asked after {MAX_TURNS}{context}"
        self._repeats = self._repeats + 1 if self.given and self.given[-1] == asked else 0
        assert self._repeats <= MAX_REPEATS, (
            f"{asked!r} is asked again {self._repeats} times in a row: its answer"
            f" {self.answers[asked]!r} is not taken{context}"
        )
        self.given.append(asked)
        return self.answers[asked]
