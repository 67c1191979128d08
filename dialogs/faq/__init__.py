"""Veelgestelde vragen: recognise a question, match it to a FAQ entry, answer it from the rules.

Data, all read lazily and strictly (nothing is read at import time):

- `dialogs/faq_nl.yml`: per FAQ id the Dutch answer template, the fields it relates to, the
  parameters whose figures it shows, its references for facts that are not parameters and how
  sure those facts are; plus the framing texts (sources, warnings) and the sentence variants.
- `nlu_data/faq.yml` (through `dialogs.nlu_loader`): the question examples, as Rasa 3.x
  retrieval intents `faq/<id>`; `nlu_data/mens.yml`: the intent `mens_spreken`;
  `nlu_data/lookups/vragen.yml`: the question words and stopwords; `nlu_data/lookups/
  faq_woorden.yml`: other words for the FAQ's concepts.

Every figure of an answer comes from the `Regels` of the application date through a
{placeholder}; the answer ends with the titles of its sources and, when a parameter it used or
its own facts are not officially confirmed, a sentence that says so.

`is_vraag` decides whether a text is a question rather than an answer to the field being asked.
The trade-off: a course title may read like a question ("Hoe schrijf ik een offerte",
"Wat is blockchain"). A text counts as a question when it ends with a question mark, announces
one ("ik wil weten"), or has a clause (after a comma, semicolon or colon) that opens with a verb
that starts a yes/no question ("moet", "mag", "is het", "wat als") or with a question word that
rarely starts a title ("welke", "wanneer", "hoeveel", also after a preposition: "tot wanneer").
A clause that opens with a question word that titles also use ("hoe", "wat", "wie", "waarom")
counts only with a verb and a subject that address the assistant or the asker ("hoe kan ik",
"wat moet je", "wat is het") or with a word of the kmo-portefeuille ("btw", "subsidie", "nace").
So "Hoe schrijf ik een offerte" stays a title and "Hoe schrijf ik een offerte?" is a question,
but "Wat moet je weten over GDPR" is taken for a question too, and "wat is de ecologiepremie"
(a question without a word of the FAQ) for an answer. A caller that gets no FAQ answer for a
question can still take the text as the answer to its field.

Pure: no clock, no network, no channel types.

The package, by responsibility: `modellen` (the results and the models of faq_nl.yml),
`plaatshouders` (the figures and sentences an answer's {placeholders} stand for), `catalogus`
(strict loading, `default_faq`), `weergave` (`antwoord`), `vragen` (`is_vraag`, `vraagt_mens`),
`zoeken` (the index, `kandidaten`, `beantwoord`, `warm_up`).
"""

from __future__ import annotations

from dialogs.faq.catalogus import FAQ_BESTAND, default_faq, laad_faq, laad_faq_tekst
from dialogs.faq.modellen import ZEKERHEDEN, FaqAntwoord, FaqBron, FaqCatalog, FaqVraag, Zekerheid
from dialogs.faq.plaatshouders import _WAARDEN as _WAARDEN
from dialogs.faq.plaatshouders import _ZINNEN as _ZINNEN
from dialogs.faq.plaatshouders import _Ctx as _Ctx
from dialogs.faq.plaatshouders import _velden_van as _velden_van
from dialogs.faq.vragen import (
    INTENT_PREFIX,
    MENS_INTENT,
    NLU_MENS,
    NLU_VRAGEN,
    is_vraag,
    vraagt_mens,
)
from dialogs.faq.weergave import antwoord
from dialogs.faq.zoeken import (
    DREMPEL,
    MAX_VOORBEELDEN,
    MIN_VOORBEELDEN,
    NLU_FAQ,
    NLU_WOORDEN,
    VELD_MARGE,
    beantwoord,
    kandidaten,
    warm_up,
)

__all__ = [
    "DREMPEL",
    "FAQ_BESTAND",
    "INTENT_PREFIX",
    "MAX_VOORBEELDEN",
    "MENS_INTENT",
    "MIN_VOORBEELDEN",
    "NLU_FAQ",
    "NLU_MENS",
    "NLU_VRAGEN",
    "NLU_WOORDEN",
    "VELD_MARGE",
    "ZEKERHEDEN",
    "FaqAntwoord",
    "FaqBron",
    "FaqCatalog",
    "FaqVraag",
    "Zekerheid",
    "antwoord",
    "beantwoord",
    "default_faq",
    "is_vraag",
    "kandidaten",
    "laad_faq",
    "laad_faq_tekst",
    "vraagt_mens",
    "warm_up",
]
