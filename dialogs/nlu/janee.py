"""Yes and no: `yes_no`, `yes_no_lead` and `behouden`.

A reply is read as examples of the intents affirm, deny and cmd_behouden and filler words
(lookup janee_vulwoord), as token strings cached per NluData. A word typed with a letter
stretched ("jaaa", "neee", "okeee") is read as the word it stretches, when that is one of them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import groupby

from dialogs.nlu.basis import ZIN_MAX_WOORDEN
from dialogs.nlu_loader import NluData, fold


def yes_no(text: str, nlu: NluData) -> bool | None:
    """True for an affirmation, False for a denial, None otherwise.

    An affirmation is an example of the intent affirm ("ja", "uiteraard", "dat klopt"), or a
    reply made only of such examples and of filler words (lookup janee_vulwoord): "ja hoor",
    "jep dat klopt", "ja, ik verklaar het op eer", "ja 👍". The same for deny ("nee hoor",
    "niet echt"). A leading yes or no followed by a clause counts too (`yes_no_lead`). A reply
    with both ("ja nee", "niet zeker"), that hesitates or adds a condition ("ja maar", "ja,
    misschien"), that ends like a question ("ja toch") or is one ("klopt dat?", lookup
    vraag_begin) is None. Punctuation and other emoji than those of the examples are ignored.
    """
    return yes_no_lead(text, nlu)


def yes_no_lead(text: str, nlu: NluData) -> bool | None:
    """The yes or no a reply to a ja/nee question starts with.

    "ja natuurlijk, daarvoor doen we het", "akkoord, dien maar in", "nee wacht nog even": the
    leading affirmation or denial counts when nothing after it says the opposite, hesitates,
    adds a condition or a wish to change something ("ja maar", "of", "misschien", "ja, ik wil
    nog iets aanpassen": lookup janee_twijfel; "ja, wacht": lookup ja_twijfel), states a value
    (a digit) or asks ("ja, wat kost het", lookup vraag_begin).
    """
    intent = nlu.intent(text)
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    if "?" in text:
        return None
    z = _janee_zinnen(nlu)
    tokens = _janee_tokens(text, z)
    if not tokens or len(tokens) > ZIN_MAX_WOORDEN:
        return None
    if tokens[-1] in z.tags or _asks(tokens, z):
        return None
    found = _janee_delen(tokens, z, frozenset({"affirm", "deny"}))
    if found == {"affirm"}:
        return True
    if found == {"deny"}:
        return False
    if found is not None:
        return None  # both
    lead = _lead(tokens, z)
    if lead is None:
        return None
    kind, n = lead
    rest = tokens[n:]
    opposite = "deny" if kind == "affirm" else "affirm"
    if any(z.phrases.get(w) == opposite for w in rest) or any(w in z.doubts for w in rest):
        return None
    if _but(rest, z):
        return None
    if kind == "affirm" and any(w in z.yes_doubts for w in rest):
        return None
    if any(c.isdigit() for w in rest for c in w):
        return None  # "ja, 12 uur": a value, not a plain yes
    return kind == "affirm"


def answers_yes_no(text: str, nlu: NluData) -> bool:
    """Whether a reply is a yes or no rather than, say, a title starting with a yes word.

    "ja", "dat klopt", "jep dat klopt", "ja, Excel gevorderd" (a yes word of lookup janee_kern
    first) are; "Correct omgaan met klanten", "Juist factureren", "Akkoord bereiken" are not.
    """
    if yes_no(text, nlu) is None:
        return False
    if nlu.intent(text) in ("affirm", "deny"):
        return True
    z = _janee_zinnen(nlu)
    tokens = _janee_tokens(text, z)
    if _janee_delen(tokens, z, frozenset({"affirm", "deny"})) is not None:
        return True  # only yes or no and filler words
    return bool(tokens) and tokens[0] in nlu.lookup("janee_kern")


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
    if "?" in text:
        return False
    z = _janee_zinnen(nlu)
    tokens = _janee_tokens(text, z)
    if not tokens or len(tokens) > ZIN_MAX_WOORDEN or _asks(tokens, z):
        return False
    found = _janee_delen(tokens, z, frozenset({"affirm", "deny", "cmd_behouden"}))
    return found is not None and "deny" not in found


@dataclass(frozen=True)
class _Zinnen:
    """The words of yes and no, as token strings, for one NluData."""

    nlu: NluData
    phrases: dict[str, str]  # an example of affirm, deny or cmd_behouden → the intent
    fillers: frozenset[str]  # janee_vulwoord
    questions: frozenset[str]  # vraag_begin
    doubts: frozenset[str]  # janee_twijfel
    yes_doubts: frozenset[str]  # ja_twijfel
    tags: frozenset[str]  # janee_vraagstaart
    after_but: frozenset[str]  # janee_na_maar
    vocabulary: frozenset[str]  # every single word of the above


_JANEE_CACHE: dict[int, _Zinnen] = {}


def _janee_zinnen(nlu: NluData) -> _Zinnen:
    """The yes/no/keep examples and the lookups around them, as token strings (cached)."""
    hit = _JANEE_CACHE.get(id(nlu))
    if hit is not None and hit.nlu is nlu:
        return hit
    kinds = ("affirm", "deny", "cmd_behouden")
    phrases: dict[str, str] = {}
    for example, intent in nlu.intents.items():
        key = " ".join(_split(example))
        if intent in kinds and key:
            phrases.setdefault(key, intent)

    def keys(lookup: str) -> frozenset[str]:
        return frozenset(" ".join(_split(w)) for w in nlu.lookup(lookup))

    fillers, questions = keys("janee_vulwoord"), keys("vraag_begin")
    doubts, yes_doubts, tags = keys("janee_twijfel"), keys("ja_twijfel"), keys("janee_vraagstaart")
    after_but = keys("janee_na_maar")
    vocabulary = frozenset(
        w
        for group in (phrases, fillers, questions, doubts, yes_doubts, tags)
        for key in group
        for w in key.split()
    )
    found = _Zinnen(
        nlu, phrases, fillers, questions, doubts, yes_doubts, tags, after_but, vocabulary
    )
    if len(_JANEE_CACHE) > 8:
        _JANEE_CACHE.clear()
    _JANEE_CACHE[id(nlu)] = found
    return found


def _split(text: str) -> list[str]:
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


def _janee_tokens(text: str, z: _Zinnen) -> list[str]:
    """The words of a reply, a stretched word ("jaaa", "neee") read as the word it stretches."""
    return [_known(w, z.vocabulary) for w in _split(text)]


def _known(word: str, vocabulary: frozenset[str]) -> str:
    if word in vocabulary or len(word) < 3 or not word.isalpha():
        return word
    runs = [(c, len(list(g))) for c, g in groupby(word)]
    if all(n == 1 for _, n in runs):
        return word
    for variant in (
        "".join(c * min(n, 2) for c, n in runs),  # "neee" → "nee"
        "".join(c for c, _ in runs),  # "jaaa" → "ja"
    ):
        if variant in vocabulary:
            return variant
    return word


def _but(rest: list[str], z: _Zinnen) -> bool:
    """A "maar" that adds a condition: first after the yes, or before a new clause.

    "ja maar …", "ja, dat is goed maar ik wil …"; not "akkoord, dien maar in".
    """
    for i, w in enumerate(rest):
        if w == "maar" and (i == 0 or (i + 1 < len(rest) and rest[i + 1] in z.after_but)):
            return True
    return False


def _asks(tokens: list[str], z: _Zinnen) -> bool:
    """A question opening at the start, or a question word anywhere ("ja, hoeveel kost het")."""
    if any(" ".join(tokens[:n]) in z.questions for n in range(1, min(4, len(tokens)) + 1)):
        return True
    return any(w in z.questions for w in tokens[1:])


_JANEE_MAX_TOKENS = 6  # the longest example or filler phrase that is looked for


def _lead(tokens: list[str], z: _Zinnen) -> tuple[str, int] | None:
    """The affirmation or denial a reply starts with (after filler words), and where it ends."""
    i = 0
    while i < len(tokens):
        for n in range(min(_JANEE_MAX_TOKENS, len(tokens) - i), 0, -1):
            span = " ".join(tokens[i : i + n])
            intent = z.phrases.get(span)
            if intent in ("affirm", "deny"):
                assert intent is not None
                # The longest run of the same kind: "ja hoor zeker" is one yes.
                j = i + n
                while j < len(tokens):
                    more = _phrase_at(tokens, j, z)
                    if more is None or (more[0] != intent and more[0] != "filler"):
                        break
                    j += more[1]
                return intent, j
            if intent is not None:
                return None  # "laat maar …": a keep word, not a yes
            if span in z.fillers:
                i += n
                break
        else:
            return None
    return None


def _phrase_at(tokens: list[str], i: int, z: _Zinnen) -> tuple[str, int] | None:
    """The longest example or filler phrase at position i: its intent (or "filler"), its length."""
    for n in range(min(_JANEE_MAX_TOKENS, len(tokens) - i), 0, -1):
        span = " ".join(tokens[i : i + n])
        intent = z.phrases.get(span)
        if intent is not None:
            return intent, n
        if span in z.fillers or (n == 1 and unicodedata.category(span[0]) == "So"):
            return "filler", n
    return None


def _janee_delen(tokens: list[str], z: _Zinnen, kinds: frozenset[str]) -> set[str] | None:
    """The intents (of `kinds`) a reply is made of, filler words aside.

    None when a word is neither, or when no such intent is there.
    """
    found: set[str] = set()
    i = 0
    while i < len(tokens):
        hit = _phrase_at(tokens, i, z)
        if hit is None or (hit[0] != "filler" and hit[0] not in kinds):
            return None
        if hit[0] != "filler":
            found.add(hit[0])
        i += hit[1]
    return found or None
