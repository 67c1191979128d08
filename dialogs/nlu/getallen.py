"""Amounts, numbers and hours: `bedrag`, `getal`, `geheel_getal` and `uren`.

Each reads the whole answer first and, when that is not one value, the one value of its kind
among a few words (the helpers of `dialogs.nlu.basis`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from dialogs.nlu.basis import (
    Fout,
    Ok,
    T,
    _een_waarde,
    _in_zin,
    _schijncijfers,
    _Treffer,
    _zinwoorden,
)
from dialogs.nlu.datums import _zonder_datumdelen
from dialogs.nlu_loader import NluData, default_nlu_data, fold
from domain_rules.folding import words

_AMOUNT_NOISE = re.compile(r"(?i)(€|\beur(o|os)?\b|excl\.?|exclusief|btw|\s)")


def bedrag(text: str, nlu_data: NluData | None = None) -> Ok[Decimal] | Fout:
    """An amount in euro: '€ 1.250,50', '1250,50', '1.250', '1250 euro', 'EUR 1 250', '1250.50'.

    Also the one amount in a few words ("1520 euro, er komt nog cursusmateriaal bij", "ongeveer
    1500"); two numbers there are refused (fout.bedrag_meerdere), and so is an amount followed by
    a word of the lookup per_eenheid ("500 euro per deelnemer": fout.bedrag_per). `nlu_data`
    defaults to the shipped data.
    """
    whole = _bedrag(text)
    if not (isinstance(whole, Fout) and whole.message == "fout.bedrag_formaat"):
        return whole
    data = nlu_data if nlu_data is not None else default_nlu_data()
    hits = _zonder_datumdelen(
        text, _in_zin(text, _bedrag_in_zin, breedte=5, over_grenzen=False), data
    )
    found = _een_waarde(hits, "fout.bedrag_meerdere", lambda h: h.tekst)
    if found is None:
        return whole
    if isinstance(found, Ok) and len(hits) == 1:
        after = words(_na_treffer(text, hits[0]))
        per = {tuple(words(w)) for w in data.lookup("per_eenheid")}
        if any(after[:n] in per for n in (1, 2)):
            return Fout("fout.bedrag_per", {"bedrag": hits[0].tekst})
    return found


def _na_treffer(text: str, hit: _Treffer[T]) -> str:
    """The words of a sentence after a hit (as `_in_zin` counted them)."""
    return " ".join(w.tekst for w in _zinwoorden(text)[hit.eind :])


_THOUSANDS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]{1,2}|,-)?", re.ASCII)


def _bedrag_in_zin(stuk: str) -> Ok[Decimal] | Fout | None:
    """A few words as one amount, with or without € or euro; None when they are not.

    One number, or its thousands in groups ("1 250").
    """
    parts = stuk.split()
    at = [i for i, w in enumerate(parts) if any(c.isdigit() for c in w)]
    if not at or any(not c.isascii() for i in at for c in parts[i] if c.isdigit()):
        return None
    if len(at) > 1:
        digits = re.sub(r"[^0-9, -]", "", " ".join(parts[at[0] : at[-1] + 1])).strip()
        if at != list(range(at[0], at[-1] + 1)) or not _THOUSANDS.fullmatch(digits):
            return None
    found = _bedrag(stuk)
    return None if isinstance(found, Fout) and found.message == "fout.bedrag_formaat" else found


def _bedrag(text: str) -> Ok[Decimal] | Fout:
    """The whole text as one amount."""
    t = _AMOUNT_NOISE.sub("", text.strip())
    if t.endswith(",-"):
        t = t[:-2]
    if not t or not re.fullmatch(r"[0-9.,]+", t) or not t.isascii():
        return Fout("fout.bedrag_formaat")
    if "," in t and "." in t:
        if t.rfind(",") < t.rfind("."):
            return Fout("fout.bedrag_formaat")
        t = t.replace(".", "").replace(",", ".")
    elif "," in t:
        if t.count(",") > 1:
            return Fout("fout.bedrag_formaat")
        t = t.replace(",", ".")
    elif "." in t and re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    elif t.count(".") > 1:
        return Fout("fout.bedrag_formaat")
    if "." in t and not re.fullmatch(r"\d+\.\d{1,2}", t):
        return Fout("fout.bedrag_formaat")
    try:
        value = Decimal(t)
    except InvalidOperation:
        return Fout("fout.bedrag_formaat")
    if value <= 0:
        return Fout("fout.bedrag_nul")
    if value > Decimal("10000000"):
        return Fout("fout.bedrag_te_groot")
    return Ok(value.quantize(Decimal("0.01")))


def _number_word(word: str, nlu_data: NluData) -> Decimal | None:
    """Dutch number words, compounds included: 'twaalf', 'vijfentwintig', 'tweehonderd'."""
    if not word or len(word) > 40 or not word.isalpha():
        return None
    base = nlu_data.synonym(word, "lookups/getallen")
    if base is not None:
        return Decimal(base)
    for big in ("duizend", "honderd"):
        if big in word:
            left, _, right = word.partition(big)
            factor = _number_word(left, nlu_data) if left else Decimal(1)
            rest = _number_word(right.removeprefix("en"), nlu_data) if right else Decimal(0)
            if factor is None or rest is None:
                return None
            return factor * Decimal(nlu_data.synonym(big, "lookups/getallen") or 0) + rest
    tens_words = nlu_data.synonym_groups.get("lookups/getallen", {})
    for tens, value in tens_words.items():
        if not (tens.isalpha() and value.isdigit() and 20 <= int(value) <= 90):
            continue
        if word.endswith(tens) and word[: -len(tens)].endswith("en"):
            unit = _number_word(word[: -len(tens) - 2], nlu_data)
            if unit is not None and 1 <= unit <= 9:
                return unit + Decimal(nlu_data.synonym(tens, "lookups/getallen") or 0)
    return None


def getal(text: str, nlu_data: NluData | None = None) -> Decimal | None:
    """A number in digits or Dutch words ('2', 'twee', '7,5', 'vijfentwintig'), else None."""
    if _schijncijfers(text):
        return None
    t = fold(text).strip()
    if nlu_data is not None:
        parts = t.split()
        if len(parts) == 2 and parts[1] in nlu_data.lookup("personen"):
            t = parts[0]
    if re.fullmatch(r"[0-9]{1,7}([.,][0-9]{1,2})?", t):
        return Decimal(t.replace(",", "."))
    if nlu_data is None:
        return None
    return _number_word(t.replace(" ", "").replace("-", ""), nlu_data)


def geheel_getal(
    text: str, *, minimum: int, maximum: int, nlu_data: NluData | None = None
) -> Ok[int] | Fout:
    """A whole number in digits or Dutch words, within bounds.

    Also the one number in a few words ("we zijn met 12 man", "ongeveer twaalf"); two different
    numbers there are refused (fout.getal_meerdere). An article ("een", lookup lidwoord) alone is
    no number inside a sentence.
    """
    if _schijncijfers(text):
        return Fout("fout.getal_formaat")
    value = getal(text, nlu_data)
    if value is None:
        hits = _in_zin(
            text, lambda stuk: _getal_in_zin(stuk, nlu_data), breedte=3, over_grenzen=False
        )
        hits = _zonder_datumdelen(text, hits, nlu_data)
        found = _een_waarde(hits, "fout.getal_meerdere", lambda h: h.tekst)
        if isinstance(found, Fout):
            return found
        value = found.value if found is not None else None
    if value is None or value != value.to_integral_value():
        return Fout("fout.getal_formaat")
    if not minimum <= value <= maximum:
        return Fout("fout.getal_grenzen", {"minimum": str(minimum), "maximum": str(maximum)})
    return Ok(int(value))


def _getal_in_zin(stuk: str, nlu_data: NluData | None) -> Ok[Decimal] | None:
    if nlu_data is not None and stuk.lower() in nlu_data.lookup("lidwoord"):
        return None
    value = getal(stuk, nlu_data)
    return None if value is None else Ok(value)


_HOURS_SUFFIX = re.compile(r"\s*(uren|uur|u)\s*$")
_ONGEVEER_TAL = re.compile(r"^([0-9]{1,4})\s*-?\s*tal$", re.ASCII)
_HOURS_CLOCK = re.compile(r"^([0-9]{1,4})\s*(?:u|:|h)\s*([0-9]{2})$", re.ASCII)


def uren(text: str, nlu_data: NluData | None = None) -> Ok[Decimal] | Fout:
    """A duration in hours: '16', '7,5', '7.5', '16 uur', '7u30', 'acht uur', 'anderhalf uur'.

    Also the one duration in a few words ("ongeveer 20 uur", "20 uur in totaal"): there it must
    carry its unit (uur, uren, u, or 7u30), and no other number may stand beside it ("2 dagen
    van 8 uur": fout.uren_meerdere).
    """
    if _schijncijfers(text):
        return Fout("fout.uren_formaat")
    whole = _uren(text, nlu_data)
    if not (isinstance(whole, Fout) and whole.message == "fout.uren_formaat"):
        return whole
    hits = _in_zin(text, lambda stuk: _uren_in_zin(stuk, nlu_data), breedte=3, over_grenzen=False)
    found = _een_waarde(hits, "fout.uren_meerdere", lambda h: h.tekst)
    if found is None:
        return whole
    if isinstance(found, Fout) and found.message == "fout.uren_meerdere":
        totaal = _het_totaal(text, hits, nlu_data or default_nlu_data())
        if totaal is not None:
            return totaal
    if isinstance(found, Ok) and not any(_met_eenheid(h.tekst) for h in hits):
        return whole
    return found


def _het_totaal(text: str, hits: list[_Treffer[Decimal]], nlu_data: NluData) -> Ok[Decimal] | None:
    """Of several numbers, the one duration with its unit that words mark as the total.

    "16 uur in totaal, verspreid over 2 dagen", "ongeveer 12 uur, gespreid over 3 avonden",
    "2 dagen van 7u30, dus 15 uur". Only when exactly one such duration is marked; "2 dagen van
    8 uur" marks none and stays refused (8 or 16?).
    """
    zin = _zinwoorden(text)
    woorden = [fold(w.tekst) for w in zin]
    voor, na = nlu_data.lookup("uren_totaal_voor"), nlu_data.lookup("uren_totaal_na")

    def ervoor(h: _Treffer[Decimal]) -> bool:
        # In the same part of the sentence: "12 uur samen, 6 uur per dag" marks the 12.
        if h.begin == 0 or zin[h.begin - 1].grens:
            return False
        return any(" ".join(woorden[max(0, h.begin - n) : h.begin]) in voor for n in (1, 2))

    def erna(h: _Treffer[Decimal]) -> bool:
        return any(" ".join(woorden[h.eind : h.eind + n]) in na for n in (1, 2, 3))

    met_eenheid = [
        (h, h.uitkomst.value) for h in hits if isinstance(h.uitkomst, Ok) and _met_eenheid(h.tekst)
    ]
    # A marker before the number ("dus 15 uur", "in totaal 12 uur") says more than one after
    # it ("16 uur in totaal", "12 uur, gespreid over"), which may follow a part of the total.
    for gemarkeerd in (ervoor, erna):
        waarden = {waarde for h, waarde in met_eenheid if gemarkeerd(h)}
        if waarden:
            return Ok(waarden.pop()) if len(waarden) == 1 else None
    return None


def _met_eenheid(stuk: str) -> bool:
    """'20 uur', '16u', 'acht uren', '7u30': the number carries its unit."""
    t = fold(stuk).strip()
    return bool(_HOURS_CLOCK.match(t) or (_HOURS_SUFFIX.search(t) and _HOURS_SUFFIX.sub("", t)))


def _uren_in_zin(stuk: str, nlu_data: NluData | None) -> Ok[Decimal] | Fout | None:
    if nlu_data is not None and stuk.lower() in nlu_data.lookup("lidwoord"):
        return None
    found = _uren(stuk, nlu_data)
    return None if isinstance(found, Fout) and found.message == "fout.uren_formaat" else found


def _uren(text: str, nlu_data: NluData | None) -> Ok[Decimal] | Fout:
    """The whole text as one duration."""
    t = fold(text).strip()
    m = _HOURS_CLOCK.match(t)
    if m:
        value = Decimal(m.group(1)) + Decimal(m.group(2)) / 60
        value = value.quantize(Decimal("0.01"))
    else:
        # "een 40-tal uren": about 40.
        number = getal(_ONGEVEER_TAL.sub(r"\1", _HOURS_SUFFIX.sub("", t)), nlu_data)
        if number is None:
            return Fout("fout.uren_formaat")
        value = number
    if value <= 0:
        return Fout("fout.uren_nul")
    if value > 10000:
        return Fout("fout.uren_te_groot")
    return Ok(value.to_integral_value() if value == value.to_integral() else value)
