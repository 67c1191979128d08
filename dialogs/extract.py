"""Several answers in one message, and corrections in free text.

"Ik wil een opleiding Excel gevorderd voor 2 mensen (Jan Peeters en An Janssens), 16 uur, € 900,
bij Attentia, start 3 december" → type, naam, deelnemers, namen, uren, kost, dienstverlener,
startdatum. "Het bedrag is eigenlijk 1.200 euro" → a correction of `kost`. Pure; trigger words
come from nlu_data/lookups/extractie.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from dialogs import nlu
from dialogs.nlu import Ok
from dialogs.nlu_loader import NluData, fold

_SEGMENT = re.compile(r"[,;\n]|(?<=\))|(?=\()")
_AMOUNT = re.compile(
    r"(?:€|\beur(?:o)?\b)\s*\d[\d.,\s]*\d|\d[\d.,]*(?:\s?\d{3})*\s*(?:€|euro\b|eur\b)",
    re.I | re.ASCII,
)
_HOURS = re.compile(r"\b(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:uur|uren)\b", re.I | re.ASCII)
_KBO = re.compile(r"\b(?:be\s?)?0?\d{3}[.\s]?\d{3}[.\s]?\d{3}\b", re.I)


@cache
def _regnr() -> re.Pattern[str]:
    """A registration number in any notation of nlu.registratienummer, inside a sentence."""
    return re.compile(rf"\b{nlu.registratienummer_vorm(nlu.registratieprefixen())}\b", re.I)


@dataclass
class Extractie:
    """What one message says about the aanvraag."""

    velden: dict[str, Any] = field(default_factory=dict)
    dienstverlener_zoekterm: str | None = None
    correctie: bool = False


def _words(text: str) -> list[str]:
    return [w.strip(".,:!?\"'") for w in fold(text).split()]


def _after(words: list[str], triggers: frozenset[str]) -> int | None:
    """Index just after the first trigger (the longest phrase of up to four words) in words."""
    for i in range(len(words)):
        for length in (4, 3, 2, 1):
            if i + length <= len(words) and " ".join(words[i : i + length]) in triggers:
                return i + length
    return None


def _date_after(
    segment: str, triggers: frozenset[str], today: date, nlu_data: NluData
) -> date | None:
    words = segment.split()
    folded = _words(segment)
    start = _after(folded, triggers)
    if start is None:
        return None
    if start < len(folded) and folded[start] in ("op", "is", "was", ":", "de"):
        start += 1
    for end in range(min(len(words), start + 4), start, -1):
        parsed = nlu.datum(" ".join(words[start:end]), today=today, nlu_data=nlu_data)
        if isinstance(parsed, Ok):
            return parsed.value
    return None


def looks_like_a_sentence(text: str) -> bool:
    """Mostly letters, digits and ordinary punctuation: worth reading for several facts."""
    ordinary = sum(c.isalnum() or c in " .,;:()€'-/&+\"" for c in text)
    return len(text) >= 12 and ordinary >= 0.9 * len(text) and len(text.split()) >= 3


def extract(text: str, *, today: date, nlu_data: NluData) -> Extractie:
    """Every fact the message states, parsed; nothing for what it does not say."""
    found = Extractie()
    if not looks_like_a_sentence(text):
        return found
    v = found.velden
    segments = [s.strip(" ()") for s in _SEGMENT.split(text) if s and s.strip(" ()")]
    opleiding, advies = nlu_data.lookup("type_opleiding"), nlu_data.lookup("type_advies")
    for segment in segments:
        words = _words(segment)
        original = segment.split()
        if (m := _regnr().search(segment)) and (nummer := nlu.registratienummer(m.group(0))):
            found.dienstverlener_zoekterm = nummer
        if (m := _KBO.search(segment)) and isinstance(
            kbo := nlu.ondernemingsnummer(m.group(0)), Ok
        ):
            v.setdefault("onderneming", kbo.value)
        if (m := _AMOUNT.search(segment)) and isinstance(bedrag := nlu.bedrag(m.group(0)), Ok):
            v.setdefault("kost", bedrag.value)
        if (m := _HOURS.search(segment)) and isinstance(uren := nlu.uren(m.group(0)), Ok):
            v.setdefault("uren", uren.value)
        for i, word in enumerate(words[:-1]):
            if (
                words[i + 1] in nlu_data.lookup("personen")
                and i > 0
                and words[i - 1] in ("voor", "met")
            ):
                count = nlu.geheel_getal(word, minimum=1, maximum=500, nlu_data=nlu_data)
                if isinstance(count, Ok):
                    v.setdefault("deelnemers", count.value)
        start = _date_after(segment, nlu_data.lookup("start"), today, nlu_data)
        if start is not None:
            v.setdefault("startdatum", start)
        signed = _date_after(segment, nlu_data.lookup("overeenkomst"), today, nlu_data)
        if signed is not None:
            v.setdefault("datum_overeenkomst", signed)
        at = _after(words, nlu_data.lookup("bij"))
        if at is not None and found.dienstverlener_zoekterm is None and at < len(original):
            term = " ".join(original[at:]).strip(" .!")
            if term:
                found.dienstverlener_zoekterm = term[:100]
        for i, word in enumerate(words):
            if word in opleiding or word in advies:
                v.setdefault("type", "opleiding" if word in opleiding else "advies")
                title = []
                for w, o in zip(words[i + 1 :], original[i + 1 :], strict=False):
                    stop = nlu_data.lookup("einde_titel") | nlu_data.lookup("bij")
                    if w in stop or any(c.isdigit() for c in w):
                        break
                    title.append(o)
                if title and "naam" not in v:
                    v["naam"] = " ".join(title).strip(" .:'\"")
                break
        if len(words) >= 2 and not any(c.isdigit() for c in segment) and " en " in f" {segment} ":
            names = nlu.namen(segment)
            if isinstance(names, Ok) and len(names.value) >= 2:
                v.setdefault("deelnemer_namen", names.value)
    if "deelnemer_namen" in v and "deelnemers" not in v:
        v["deelnemers"] = len(v["deelnemer_namen"])
    return found


def correctie(text: str, *, nlu_data: NluData) -> tuple[str, str] | None:
    """'het bedrag is eigenlijk 1.200 euro' -> ('kost', '1.200 euro'); None otherwise."""
    original = text.strip().rstrip(".!")
    words = original.split()
    folded = _words(original)
    i = 0
    if folded and folded[0] in ("nee", "neen", "sorry", "oeps"):
        i += 1
    if i < len(folded) and folded[i] in nlu_data.lookup("correctie_lidwoord"):
        i += 1
    for length in (3, 2, 1):
        phrase = " ".join(folded[i : i + length])
        veld = nlu_data.synonym(phrase)
        if veld is None or i + length >= len(folded):
            continue
        j = i + length
        if folded[j] not in nlu_data.lookup("correctie_werkwoord"):
            continue
        j += 1
        while j < len(folded) and folded[j] in nlu_data.lookup("correctie_bijwoord"):
            j += 1
        value = words[j:]
        if value and fold(value[-1]) in ("zijn", "worden", "zijn.", "worden."):
            value = value[:-1]
        if value:
            return veld, " ".join(value)
    return None
