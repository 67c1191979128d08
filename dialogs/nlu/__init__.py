"""Understanding of one answer: dates, amounts, numbers, yes/no, names, codes.

Every parser is pure and total: it returns `Ok(value)` or `Fout(message_id, params)` and never
raises on user input. This is the one module the free-text understanding replaces.

A value among a few words: `bedrag`, `datum`, `uren` and `geheel_getal` first read the whole
answer; when that is not one value, they look for it among the words ("1520 euro, er komt nog
cursusmateriaal bij", "10 november, ze is al begonnen", "ongeveer 20 uur", "we zijn met 12 man").
It is taken only when it is the one value of its kind there; two are refused with
fout.<soort>_meerdere, which names what was seen. The words around the value are not returned.
An answer of more than ZIN_MAX_WOORDEN words is not searched: such a message usually states
several facts, and the engine reads it as such. `choice` finds an offered choice in a sentence
in the same way. Every word these rules need lives in nlu_data/.

The parsers live in submodules by kind of value, each on the shared `basis`: `janee` (yes and
no), `keuze` (a choice), `datums` (dates), `getallen` (amounts, numbers, hours) and `codes`
(KBO and NACE codes, registration numbers, names, free text). Import them from this package.
"""

from __future__ import annotations

from dialogs.nlu.basis import MAX_INPUT, NIET_GELEZEN, ZIN_MAX_WOORDEN, Fout, Ok, clean
from dialogs.nlu.codes import (
    NAAM_MAX,
    nace,
    namen,
    ondernemingsnummer,
    registratienummer,
    registratienummer_vorm,
    registratieprefixen,
    tekst,
    toon_ondernemingsnummer,
)
from dialogs.nlu.datums import DICHTSTBIJ_DAGEN, datum, datum_letterlijk
from dialogs.nlu.getallen import bedrag, geheel_getal, getal, uren
from dialogs.nlu.janee import answers_yes_no, behouden, yes_no, yes_no_lead
from dialogs.nlu.keuze import KEUZES, choice

__all__ = [
    "DICHTSTBIJ_DAGEN",
    "KEUZES",
    "MAX_INPUT",
    "NAAM_MAX",
    "NIET_GELEZEN",
    "ZIN_MAX_WOORDEN",
    "Fout",
    "Ok",
    "answers_yes_no",
    "bedrag",
    "behouden",
    "choice",
    "clean",
    "datum",
    "datum_letterlijk",
    "geheel_getal",
    "getal",
    "nace",
    "namen",
    "ondernemingsnummer",
    "registratienummer",
    "registratienummer_vorm",
    "registratieprefixen",
    "tekst",
    "toon_ondernemingsnummer",
    "uren",
    "yes_no",
    "yes_no_lead",
]
