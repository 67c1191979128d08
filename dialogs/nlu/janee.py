"""Yes and no: `yes_no`, `yes_no_lead` and `behouden`.

A reply is read as examples of the intents affirm, deny and cmd_behouden and filler words
(lookup janee_vulwoord), as token strings cached per NluData.
"""

from __future__ import annotations

import unicodedata

from dialogs.nlu.basis import ZIN_MAX_WOORDEN
from dialogs.nlu_loader import NluData, fold


def yes_no(text: str, nlu: NluData) -> bool | None:
    """True for an affirmation, False for a denial, None otherwise.

    An affirmation is an example of the intent affirm ("ja", "uiteraard", "dat klopt"), or a
    reply made only of such examples and of filler words (lookup janee_vulwoord): "ja hoor",
    "jep dat klopt", "ja, ik verklaar het op eer", "ja 👍". The same for deny ("nee hoor",
    "niet echt"). A reply with both ("ja nee", "niet zeker"), with any other word ("ja maar",
    "ja toch") or that is a question ("klopt dat?", lookup vraag_begin) is None. Punctuation and
    other emoji than those of the examples are ignored.
    """
    intent = nlu.intent(text)
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    found = _janee_delen(text, nlu, frozenset({"affirm", "deny"}))
    if found == {"affirm"}:
        return True
    if found == {"deny"}:
        return False
    return None


def yes_no_lead(text: str, nlu: NluData) -> bool | None:
    """The yes or no a reply to a ja/nee question starts with.

    "ja natuurlijk, daarvoor doen we het", "akkoord, dien maar in", "nee wacht nog even": the
    leading affirmation or denial counts when nothing after it says the opposite, hesitates
    ("ja maar", "of", "misschien", lookup janee_twijfel) or asks. Exact replies as `yes_no`.
    """
    exact = yes_no(text, nlu)
    if exact is not None or "?" in text:
        return exact
    tokens = _janee_tokens(text)
    phrases, _, questions = _janee_zinnen(nlu)
    if not tokens or len(tokens) > ZIN_MAX_WOORDEN or tokens[0] in questions:
        return None
    for n in range(min(_JANEE_MAX_TOKENS, len(tokens)), 0, -1):
        intent = phrases.get(" ".join(tokens[:n]))
        if intent not in ("affirm", "deny"):
            continue
        rest = tokens[n:]
        opposite = "deny" if intent == "affirm" else "affirm"
        doubts = nlu.lookup("janee_twijfel")
        if any(phrases.get(w) == opposite for w in rest) or any(w in doubts for w in rest):
            return None
        if rest and rest[0] == "maar":  # "ja maar …": not a yes yet
            return None
        return intent == "affirm"
    return None


def behouden(text: str, nlu: NluData) -> bool:
    """The reply keeps the current answer.

    A keep word (intent cmd_behouden: "behouden", "laat maar", "hetzelfde") or an affirmation
    ("ok", "klopt", "is goed", "dat is juist"), alone or with filler words. A denial anywhere
    makes it False.

    The engine decides per question whether to ask this: at a ja/nee question "ja" is the
    answer, not "keep".
    """
    if nlu.intent(text) in ("cmd_behouden", "affirm"):
        return True
    found = _janee_delen(text, nlu, frozenset({"affirm", "deny", "cmd_behouden"}))
    return found is not None and "deny" not in found


def _janee_tokens(text: str) -> list[str]:
    """Folded words, and emoji as words of their own; punctuation and modifiers dropped."""
    out: list[str] = []
    word: list[str] = []
    for c in fold(text):
        if c.isalnum() or (c in "'’" and word):
            word.append(c)
            continue
        if word:
            out.append("".join(word))
            word = []
        if unicodedata.category(c) == "So":
            out.append(c)
    if word:
        out.append("".join(word))
    return out


_JANEE_CACHE: dict[int, tuple[NluData, dict[str, str], frozenset[str], frozenset[str]]] = {}


def _janee_zinnen(nlu: NluData) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """The yes/no/keep examples, the filler words and the question openings, as token strings."""
    hit = _JANEE_CACHE.get(id(nlu))
    if hit is not None and hit[0] is nlu:
        return hit[1], hit[2], hit[3]
    kinds = ("affirm", "deny", "cmd_behouden")
    phrases: dict[str, str] = {}
    for example, intent in nlu.intents.items():
        key = " ".join(_janee_tokens(example))
        if intent in kinds and key:
            phrases.setdefault(key, intent)
    fillers = frozenset(" ".join(_janee_tokens(w)) for w in nlu.lookup("janee_vulwoord"))
    questions = frozenset(" ".join(_janee_tokens(w)) for w in nlu.lookup("vraag_begin"))
    if len(_JANEE_CACHE) > 8:
        _JANEE_CACHE.clear()
    _JANEE_CACHE[id(nlu)] = (nlu, phrases, fillers, questions)
    return phrases, fillers, questions


_JANEE_MAX_TOKENS = 6  # the longest example or filler phrase that is looked for


def _janee_delen(text: str, nlu: NluData, kinds: frozenset[str]) -> set[str] | None:
    """The intents (of `kinds`) a reply is made of, filler words aside.

    None when a word is neither, when it is a question, or when no such intent is there.
    """
    if "?" in text:
        return None
    tokens = _janee_tokens(text)
    if not tokens or len(tokens) > ZIN_MAX_WOORDEN:
        return None
    phrases, fillers, questions = _janee_zinnen(nlu)
    if any(" ".join(tokens[:n]) in questions for n in range(1, min(4, len(tokens)) + 1)):
        return None
    found: set[str] = set()
    i = 0
    while i < len(tokens):
        for n in range(min(_JANEE_MAX_TOKENS, len(tokens) - i), 0, -1):
            span = " ".join(tokens[i : i + n])
            intent = phrases.get(span)
            if intent in kinds:
                found.add(intent)
                break
            if span in fillers or (n == 1 and unicodedata.category(span[0]) == "So"):
                break
        else:
            return None
        i += n
    return found or None
