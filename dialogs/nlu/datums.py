"""Dates: `datum` and `datum_letterlijk`.

A grammar of figures, ISO dates, month names, relative words and weekdays, the one date in a
sentence, and dateparser (imported on first use) for what the grammar does not cover.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from babel.dates import get_day_names, get_month_names

from dialogs.format import datum as fmt_datum
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
from dialogs.nlu_loader import NluData, fold
from domain_rules.folding import words

_DATE_NUM = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$", re.ASCII)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_DATE_WORDS = re.compile(r"^(\d{1,2})(?:e|ste|de)?\s+([a-z]+)\.?(?:\s+(\d{4}))?$", re.ASCII)
_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@cache
def _months() -> dict[str, int]:
    """Dutch month names and their 3+ letter prefixes -> month number (babel's nl data)."""
    names = get_month_names("wide", locale="nl")
    out: dict[str, int] = {}
    for number, name in names.items():
        folded = fold(str(name))
        for end in range(3, len(folded) + 1):
            out.setdefault(folded[:end], int(number))
    out["mrt"] = 3
    return out


def _is_maand(word: str, nlu_data: NluData | None) -> bool:
    """A month's name or its first letters ("dec", "sept"); "maar" is not March (geen_maand)."""
    return word in _months() and (nlu_data is None or word not in nlu_data.lookup("geen_maand"))


def _zonder_datumdelen(
    text: str, hits: list[_Treffer[T]], nlu_data: NluData | None
) -> list[_Treffer[T]]:
    """The hits that are not the day or the year of a date in words ("12 maart 2026").

    A day is one or two digits just before a month's name, a year four digits just after it.
    """
    woorden = [fold(w.tekst) for w in _zinwoorden(text)]

    def maand(i: int) -> bool:
        return 0 <= i < len(woorden) and _is_maand(woorden[i], nlu_data)

    def datumdeel(h: _Treffer[T]) -> bool:
        t = fold(h.tekst)
        day = maand(h.eind) and re.fullmatch(r"[0-9]{1,2}(?:e|ste|de)?", t) is not None
        return day or (maand(h.begin - 1) and re.fullmatch(r"[0-9]{4}", t) is not None)

    return [h for h in hits if not datumdeel(h)]


def _strip_leading(text: str, words: frozenset[str]) -> str:
    """'op 12 maart' -> '12 maart': drop a leading word (or phrase) of the given lookup."""
    for word in sorted(words, key=len, reverse=True):
        if text.startswith(word + " "):
            return text[len(word) + 1 :]
    return text


def _weekday(word: str, nlu_data: NluData) -> int | None:
    for i, name in enumerate(_WEEKDAYS):
        if word in nlu_data.lookup(f"weekdag_{name}"):
            return i
    return None


def _make_date(y: int, mo: int, d: int, original: str) -> Ok[date] | Fout:
    if not 2000 <= y <= 2100:
        return Fout("fout.datum_onmogelijk", {"invoer": original[:40]})
    try:
        return Ok(date(y, mo, d))
    except ValueError:
        return Fout("fout.datum_onmogelijk", {"invoer": original[:40]})


#: A date without a year is the one nearest to the application date, at most this many days away.
DICHTSTBIJ_DAGEN = 183


def _zonder_jaar(d: int, mo: int, today: date, original: str) -> Ok[date] | Fout:
    """Day and month without a year: the date nearest to `today`.

    That is in the year before, the same year or the year after, within ±6 months
    (DICHTSTBIJ_DAGEN); at equal distance the future one.
    """
    best: tuple[tuple[int, bool], date] | None = None
    for y in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = date(y, mo, d)
        except ValueError:
            continue
        delta = (candidate - today).days
        key = (abs(delta), delta < 0)
        if best is None or key < best[0]:
            best = (key, candidate)
    if best is None or best[0][0] > DICHTSTBIJ_DAGEN:
        return Fout("fout.datum_onmogelijk", {"invoer": original[:40]})
    return _make_date(best[1].year, best[1].month, best[1].day, original)


def _relative(words: list[str], today: date, nlu_data: NluData) -> Ok[date] | Fout | None:
    """'vorige maandag', 'volgende week dinsdag', 'deze vrijdag', 'maandag' (ambiguous)."""
    if not words or len(words) > 3:
        return None
    day = _weekday(words[-1], nlu_data)
    if day is None:
        return None
    head = words[:-1]
    monday = today - timedelta(days=today.weekday())
    past, future = nlu_data.lookup("verleden"), nlu_data.lookup("toekomst")
    this, week = nlu_data.lookup("deze"), nlu_data.lookup("week")
    if not head:
        before = today - timedelta(days=(today.weekday() - day) % 7 or 7)
        after = today + timedelta(days=(day - today.weekday()) % 7 or 7)
        return Fout(
            "fout.datum_dubbelzinnig",
            {"dag": _WEEKDAYS[day], "vorige": fmt_datum(before), "volgende": fmt_datum(after)},
        )
    if len(head) == 2 and head[1] in week:
        if head[0] in past:
            return Ok(monday - timedelta(days=7 - day))
        if head[0] in future:
            return Ok(monday + timedelta(days=7 + day))
        if head[0] in this:
            return Ok(monday + timedelta(days=day))
        return None
    if len(head) == 1:
        if head[0] in past:
            return Ok(today - timedelta(days=(today.weekday() - day) % 7 or 7))
        if head[0] in future:
            return Ok(today + timedelta(days=(day - today.weekday()) % 7 or 7))
        if head[0] in this:
            return Ok(monday + timedelta(days=day))
    return None


def datum(
    text: str, *, today: date | None = None, nlu_data: NluData | None = None
) -> Ok[date] | Fout:
    """A date: 12/03/2026, 12-3-26, 12 maart (2026), 1 dec, gisteren, vorige maandag, ISO.

    Without a year ("12 januari", "15/1") it is the date nearest to `today`, the application
    date (see `_zonder_jaar`). A weekday before a date must be that date's ("dinsdag 12 januari
    2027"). A lone number ("1", "12", "2026", "-1") is not a date. In a sentence ("10 november,
    ze is al begonnen") the one date there is taken; two are refused (fout.datum_meerdere).
    What this grammar does not know goes to dateparser only when it names a direction and a
    unit of time ("3 dagen geleden", "over 2 weken").
    """
    if _schijncijfers(text):
        return Fout("fout.datum_formaat")
    original = text.strip()
    whole = _datum_vorm(original, today, nlu_data)
    if whole is not None:
        return whole
    hits = _in_zin(original, lambda stuk: _datum_in_zin(stuk, today, nlu_data), breedte=5)
    found = _een_waarde(hits, "fout.datum_meerdere", _toon_datum)
    if found is not None:
        return found
    if today is None or nlu_data is None:
        return Fout("fout.datum_formaat")
    return _dateparser(original, today, nlu_data)


def datum_letterlijk(text: str) -> bool:
    """The text is a date written in full in figures: 12/03/2026, 2026-03-12, 12-3-26.

    Nothing about such a date was inferred. Otherwise (words, no year, a sentence) it is worth
    saying the date back in full (dialogs.format.datum_voluit).
    """
    t = fold(text).strip().rstrip(". ")
    if _DATE_ISO.match(t):
        return True
    m = _DATE_NUM.match(t)
    return bool(m and m.group(3))


def _datum_vorm(
    original: str, today: date | None, nlu_data: NluData | None
) -> Ok[date] | Fout | None:
    """The whole text as one date of the grammar; None when it is none of its forms."""
    t = fold(original).rstrip(". ")
    if nlu_data is not None:
        t = _strip_leading(t, nlu_data.lookup("voor_datum"))
        first, _, rest = t.partition(" ")
        day = _weekday(first.rstrip(","), nlu_data)
        if day is not None and rest:
            inner = _datum_zonder_weekdag(rest.lstrip(", "), original, today, nlu_data)
            if isinstance(inner, Ok) and inner.value.weekday() != day:
                return Fout(
                    "fout.datum_weekdag",
                    {
                        "datum": fmt_datum(inner.value),
                        "dag": _weekday_name(inner.value.weekday()),
                        "genoemd": _weekday_name(day),
                    },
                )
            if inner is not None:
                return inner
    return _datum_zonder_weekdag(t, original, today, nlu_data)


def _weekday_name(day: int) -> str:
    """0 -> 'maandag' (babel's nl_BE names)."""
    return str(get_day_names("wide", locale="nl_BE")[day])


def _datum_zonder_weekdag(
    t: str, original: str, today: date | None, nlu_data: NluData | None
) -> Ok[date] | Fout | None:
    m = _DATE_ISO.match(t)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return _make_date(y, mo, d, original)
    m = _DATE_NUM.match(t)
    if m:
        d, mo = int(m.group(1)), int(m.group(2))
        if m.group(3) is None:
            if today is None:
                return Fout("fout.datum_formaat")
            return _zonder_jaar(d, mo, today, original)
        y = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        return _make_date(y, mo, d, original)
    m = _DATE_WORDS.match(t)
    if m and _is_maand(m.group(2), nlu_data):
        mo, d = _months()[m.group(2)], int(m.group(1))
        if m.group(3):
            return _make_date(int(m.group(3)), mo, d, original)
        if today is None:
            return Fout("fout.datum_formaat")
        return _zonder_jaar(d, mo, today, original)
    if today is None or nlu_data is None or not any(c.isalpha() for c in t):
        return None
    offset = nlu_data.synonym(t, "lookups/datums")
    if offset is not None:
        return Ok(today + timedelta(days=int(offset)))
    return _relative(t.split(), today, nlu_data)


def _datum_in_zin(
    stuk: str, today: date | None, nlu_data: NluData | None
) -> Ok[date] | Fout | None:
    """A few words of a sentence as a date; a short word alone ("nu", "zo") is none there."""
    found = _datum_vorm(stuk, today, nlu_data)
    if found is None or (isinstance(found, Fout) and found.message == "fout.datum_formaat"):
        return None
    t = fold(stuk)
    if nlu_data is not None:
        t = _strip_leading(t, nlu_data.lookup("voor_datum"))
    if " " not in t and len(t) < 3 and not any(c.isdigit() for c in t):
        return None
    return found


def _toon_datum(hit: _Treffer[date]) -> str:
    return fmt_datum(hit.uitkomst.value) if isinstance(hit.uitkomst, Ok) else hit.tekst


_DATEPARSER_MAX = 60


def _dateparser(text: str, today: date, nlu_data: NluData) -> Ok[date] | Fout:
    """Dateparser for what the grammar above does not cover ('3 dagen geleden', 'over 2 weken').

    Only for a short text with a direction in time and a unit of time (lookups tijd_richting and
    tijd_eenheid), at most one number of at most three digits and no sign: dateparser reads
    nearly anything as a date ("-3 dagen", "12 34 maart", "om 12u", "vorige maand").
    """
    tokens = set(words(text))
    numbers = re.findall(r"[0-9]+", text)
    if (
        len(text) > _DATEPARSER_MAX
        or not any(c.isalpha() for c in text)
        or re.search(r"[-+\u2212]\s*[0-9]", text)
        or len(numbers) > 1
        or any(len(n) > 3 for n in numbers)
        or not tokens & nlu_data.lookup("tijd_richting")
        or not tokens & nlu_data.lookup("tijd_eenheid")
    ):
        return Fout("fout.datum_formaat")
    settings: Any = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12, 0),  # noqa: DTZ001
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day"],
    }
    import dateparser  # noqa: PLC0415 - imported on first use: it is slow to import

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(text, languages=["nl"], settings=settings)
    if parsed is None:
        return Fout("fout.datum_formaat")
    return _make_date(parsed.year, parsed.month, parsed.day, text)
