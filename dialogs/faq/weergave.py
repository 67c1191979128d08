"""Rendering one FAQ entry with the rules of its date (`antwoord`).

The figures come through the placeholders; the text ends with its sources and, when a parameter
it used or its own facts are not officially confirmed, a sentence that says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from dialogs.faq.catalogus import default_faq
from dialogs.faq.modellen import ZEKERHEDEN, FaqAntwoord, FaqBron, FaqCatalog, Zekerheid
from dialogs.faq.plaatshouders import _WAARDEN, _ZINNEN, _Ctx, _opsomming
from domain_rules import Regels

# --- rendering --------------------------------------------------------------------------------


class _Invulling:
    """The values for one answer; records which parameters the rendered text read."""

    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx
        self.paden: list[str] = []

    def _lees(self, paden: Iterable[str]) -> None:
        self.paden.extend(p for p in paden if p not in self.paden)

    def __getitem__(self, naam: str) -> str:
        zin = _ZINNEN.get(naam)
        if zin is not None:
            variant = zin.kies(self.ctx.regels)
            self._lees(zin.paden)
            tekst = self.ctx.catalog.zinnen[naam][variant]
            return tekst.format_map(_Waarden(self))
        return _Waarden(self)[naam]


class _Waarden:
    """Only the value placeholders (inside a sentence variant)."""

    def __init__(self, invulling: _Invulling) -> None:
        self.invulling = invulling

    def __getitem__(self, naam: str) -> str:
        waarde = _WAARDEN[naam]
        self.invulling._lees(waarde.paden)
        return waarde.bereken(self.invulling.ctx)


def _netjes(tekst: str) -> str:
    """One space between words, no empty lines (left by an empty sentence variant)."""
    regels = (" ".join(regel.split()) for regel in tekst.splitlines())
    return "\n".join(r for r in regels if r)


def _zwakste(zekerheden: Iterable[Zekerheid]) -> Zekerheid:
    return max(zekerheden, key=ZEKERHEDEN.index, default="bevestigd")


_ZEKERHEID: Final[Mapping[str, Zekerheid]] = {z: z for z in ZEKERHEDEN}


def _zekerheid(tekst: str) -> Zekerheid:
    """A parameter's zekerheid (its schema allows only the three values) as the Literal."""
    return _ZEKERHEID[tekst]


def antwoord(
    faq_id: str, *, regels: Regels, catalog: FaqCatalog | None = None, score: float = 1.0
) -> FaqAntwoord:
    """Render one FAQ entry with the rules of `regels.op`; KeyError for an unknown id."""
    faq = catalog or default_faq()
    vraag = faq.vragen[faq_id]
    invulling = _Invulling(_Ctx(regels, faq))
    body = _netjes(vraag.antwoord.format_map(invulling))
    gebruikt = [p for p in vraag.parameters if p in invulling.paden and p in regels.bronnen]
    bronnen = [
        FaqBron(
            regels.bronnen[p].title,
            regels.bronnen[p].href,
            _zekerheid(regels.bronnen[p].zekerheid),
        )
        for p in gebruikt
    ]
    uniek: dict[str, FaqBron] = {}
    for bron in [*bronnen, *vraag.referenties]:
        uniek.setdefault(bron.titel, bron)
    titels = "; ".join(uniek)
    kader = faq.kader
    regel = (kader.bron if len(uniek) == 1 else kader.bronnen).format(bronnen=titels)
    waarschuwingen = []
    for zekerheid, sjabloon in (
        ("derden", kader.parameters_derden),
        ("niet_bevestigd", kader.parameters_niet_bevestigd),
    ):
        namen: list[str] = []
        for pad in gebruikt:
            naam = faq.parameternamen[pad]
            if regels.bronnen[pad].zekerheid == zekerheid and naam not in namen:
                namen.append(naam)
        if namen:
            waarschuwingen.append(sjabloon.format(onderdelen=_opsomming(namen, faq.woorden)))
    if vraag.zekerheid == "derden":
        waarschuwingen.append(kader.antwoord_derden)
    elif vraag.zekerheid == "niet_bevestigd":
        waarschuwingen.append(kader.antwoord_niet_bevestigd)
    if waarschuwingen:
        waarschuwingen.append(kader.twijfel)
    tekst = "\n".join([body, regel, *([" ".join(waarschuwingen)] if waarschuwingen else [])])
    zekerheid = _zwakste(
        [vraag.zekerheid, *(_zekerheid(regels.bronnen[p].zekerheid) for p in gebruikt)]
    )
    return FaqAntwoord(
        id=faq_id,
        vraag=vraag.vraag,
        tekst=tekst,
        bronnen=tuple(uniek.values()),
        zekerheid=zekerheid,
        score=score,
    )
