"""Tables for dialogs/nlu/: every parser is total (Ok or Fout, never an exception)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dialogs import nlu
from dialogs.messages import default_catalog
from dialogs.models import Choice
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import default_nlu_data


def ok(value: object) -> Ok:
    return Ok(value)


def _fout_id(result: object) -> str:
    assert isinstance(result, Fout), f"expected a Fout, got {result!r}"
    assert default_catalog().has(result.message), f"{result.message} is not in the catalogue"
    return result.message


# --- dates ---------------------------------------------------------------------------------

DATES_OK = [
    pytest.param("12/03/2026", date(2026, 3, 12), id="dd/mm/jjjj"),
    pytest.param("2026-03-12", date(2026, 3, 12), id="iso"),
    pytest.param("1-3-2026", date(2026, 3, 1), id="d-m-jjjj"),
    pytest.param("1.3.2026", date(2026, 3, 1), id="d.m.jjjj"),
    pytest.param("01/03/2026", date(2026, 3, 1), id="leading-zeros"),
    pytest.param(" 12/03/2026 ", date(2026, 3, 12), id="surrounding-spaces"),
    pytest.param("29/02/2028", date(2028, 2, 29), id="leap-day"),
]
DATES_FOUT = [
    pytest.param("31/02/2026", "fout.datum_onmogelijk", id="31-february"),
    pytest.param("12/13/2026", "fout.datum_onmogelijk", id="month-13"),
    pytest.param("29/02/2026", "fout.datum_onmogelijk", id="no-leap-day"),
    pytest.param("0/03/2026", "fout.datum_onmogelijk", id="day-0"),
    pytest.param("12/03/1999", "fout.datum_onmogelijk", id="year-out-of-range"),
    pytest.param("", "fout.datum_formaat", id="empty"),
    pytest.param("morgen", "fout.datum_formaat", id="word"),
    pytest.param("1" * 400, "fout.datum_formaat", id="400-digits"),
]


DATES_OK += [
    pytest.param("12/03/26", date(2026, 3, 12), id="two-digit-year"),
    pytest.param("12 maart 2026", date(2026, 3, 12), id="month-in-words"),
]


@pytest.mark.parametrize(("text", "expected"), DATES_OK)
def test_datum_ok(text: str, expected: date) -> None:
    assert nlu.datum(text) == ok(expected)


@pytest.mark.parametrize(("text", "message"), DATES_FOUT)
def test_datum_refused(text: str, message: str) -> None:
    assert _fout_id(nlu.datum(text)) == message


def test_datum_onmogelijk_echoes_the_input() -> None:
    result = nlu.datum("31/02/2026")
    assert isinstance(result, Fout)
    text = default_catalog().text(result.message, **result.params)
    assert "31/02/2026 is geen geldige datum" in text


# --- amounts -------------------------------------------------------------------------------

AMOUNTS_OK = [
    pytest.param("€ 1.250,50", "1250.50", id="euro-sign-dutch"),
    pytest.param("1250,50", "1250.50", id="comma-decimals"),
    pytest.param("1.250", "1250.00", id="thousands-dot"),
    pytest.param("1250.50", "1250.50", id="dot-decimals"),
    pytest.param("1250 euro", "1250.00", id="euro-word"),
    pytest.param("EUR 1 250", "1250.00", id="EUR-space-thousands"),
    pytest.param("€1250", "1250.00", id="euro-sign-glued"),
    pytest.param("1.250,-", "1250.00", id="comma-dash"),
    pytest.param("1 250,50 EUR", "1250.50", id="eur-after"),
    pytest.param("900 excl. btw", "900.00", id="excl-btw"),
    pytest.param("1.000.000", "1000000.00", id="million"),
    pytest.param("100", "100.00", id="minimum-opleiding"),
]
AMOUNTS_FOUT = [
    pytest.param("0", "fout.bedrag_nul", id="zero"),
    pytest.param("0,00", "fout.bedrag_nul", id="zero-cents"),
    pytest.param("abc", "fout.bedrag_formaat", id="letters"),
    pytest.param("", "fout.bedrag_formaat", id="empty"),
    pytest.param("-5", "fout.bedrag_formaat", id="negative"),
    pytest.param("1,250.50", "fout.bedrag_formaat", id="english-format"),
    pytest.param("1250,505", "fout.bedrag_formaat", id="three-decimals"),
    pytest.param("1.250.50", "fout.bedrag_formaat", id="two-dots-no-thousands"),
    pytest.param("10.000.001", "fout.bedrag_te_groot", id="too-large"),
    pytest.param("9" * 400, "fout.bedrag_te_groot", id="400-digits"),
    pytest.param("١٢٣", "fout.bedrag_formaat", id="arabic-indic-digits"),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS_OK)
def test_bedrag_ok(text: str, expected: str) -> None:
    result = nlu.bedrag(text)
    assert result == ok(Decimal(expected))
    assert isinstance(result, Ok)
    assert result.value.as_tuple().exponent == -2, "amounts are kept in cents"


@pytest.mark.parametrize(("text", "message"), AMOUNTS_FOUT)
def test_bedrag_refused(text: str, message: str) -> None:
    assert _fout_id(nlu.bedrag(text)) == message


# --- ondernemingsnummer (KBO) --------------------------------------------------------------

KBO_OK = [
    pytest.param("0403.170.701", id="dotted"),
    pytest.param("BE0403170701", id="BE-prefix"),
    pytest.param("403170701", id="nine-digits"),
    pytest.param("be 0403 170 701", id="lowercase-spaces"),
    pytest.param("0403-170-701", id="dashes"),
    pytest.param("BE 0403.170.701", id="BE-space-dotted"),
]
KBO_FOUT = [
    pytest.param("0403.170.702", "fout.kbo_controle", id="wrong-check-digits"),
    pytest.param("0403.170.710", "fout.kbo_controle", id="swapped-check-digits"),
    pytest.param("12345", "fout.kbo_formaat", id="too-short"),
    pytest.param("04031707011", "fout.kbo_formaat", id="eleven-digits"),
    pytest.param("BE", "fout.kbo_formaat", id="only-prefix"),
    pytest.param("", "fout.kbo_formaat", id="empty"),
    pytest.param("０４０３１７０７０１", "fout.kbo_formaat", id="fullwidth-digits"),
]


@pytest.mark.parametrize("text", KBO_OK)
def test_ondernemingsnummer_ok(text: str) -> None:
    assert nlu.ondernemingsnummer(text) == ok("0403170701")


@pytest.mark.parametrize(("text", "message"), KBO_FOUT)
def test_ondernemingsnummer_refused(text: str, message: str) -> None:
    assert _fout_id(nlu.ondernemingsnummer(text)) == message


def test_toon_ondernemingsnummer() -> None:
    assert nlu.toon_ondernemingsnummer("0403170701") == "0403.170.701"


# --- NACE ----------------------------------------------------------------------------------

NACE_OK = [
    pytest.param("62.010", "62.010", id="dotted"),
    pytest.param("62010", "62.010", id="five-digits"),
    pytest.param(" 62 010 ", "62.010", id="spaces"),
    pytest.param("01.110", "01.110", id="leading-zero"),
    pytest.param("62.01.0", "62.010", id="two-dots"),
]
NACE_FOUT = [
    pytest.param("6210", "fout.nace_onvolledig", id="four-digits-class"),
    pytest.param("62.01", "fout.nace_onvolledig", id="dotted-class"),
    pytest.param("00.000", "fout.nace_formaat", id="zero-section"),
    pytest.param("abc", "fout.nace_formaat", id="letters"),
    pytest.param("62.0101", "fout.nace_formaat", id="six-digits"),
    pytest.param("", "fout.nace_formaat", id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), NACE_OK)
def test_nace_ok(text: str, expected: str) -> None:
    assert nlu.nace(text) == ok(expected)


@pytest.mark.parametrize(("text", "message"), NACE_FOUT)
def test_nace_refused(text: str, message: str) -> None:
    assert _fout_id(nlu.nace(text)) == message


def test_nace_onvolledig_suggests_the_subclass() -> None:
    result = nlu.nace("6210")
    assert result == Fout("fout.nace_onvolledig", {"code": "62.10"})
    assert "bv. 62.100" in default_catalog().text(result.message, **result.params)


@pytest.mark.parametrize(
    "text",
    [pytest.param("６２０１０", id="fullwidth"), pytest.param("٦٢.٠١٠", id="arabic-indic")],
)
def test_nace_with_non_ascii_digits_is_normalised_or_refused(text: str) -> None:
    """Whatever is stored as NACE code is the ASCII form 'dd.ddd' (it is printed and stored)."""
    result = nlu.nace(text)
    assert isinstance(result, Fout) or result == ok("62.010"), result


# --- participants' names -------------------------------------------------------------------

NAMES_OK = [
    pytest.param(
        "Jan Peeters, An Janssens en Mohamed El Amrani",
        ["Jan Peeters", "An Janssens", "Mohamed El Amrani"],
        id="comma-and-en",
    ),
    pytest.param("Jan Peeters & An Janssens", ["Jan Peeters", "An Janssens"], id="ampersand"),
    pytest.param("Jan Peeters; An Janssens", ["Jan Peeters", "An Janssens"], id="semicolon"),
    pytest.param("Jan Peeters\nAn Janssens", ["Jan Peeters", "An Janssens"], id="newline"),
    pytest.param("Jan Peeters EN An Janssens", ["Jan Peeters", "An Janssens"], id="EN-capital"),
    pytest.param(
        "Jean-Pierre Van den Broeck en Marie D'Hondt",
        ["Jean-Pierre Van den Broeck", "Marie D'Hondt"],
        id="hyphen-apostrophe-particles",
    ),
    pytest.param(
        "Anneke Peeters en Sven Heylen", ["Anneke Peeters", "Sven Heylen"], id="en-inside-words"
    ),
    pytest.param(
        "Zoë Vermeulen en Çem Öztürk", ["Zoë Vermeulen", "Çem Öztürk"], id="accented-letters"
    ),
    pytest.param("  Jan   Peeters  ", ["Jan Peeters"], id="extra-spaces"),
]
NAMES_FOUT = [
    pytest.param("Jan", "fout.naam_onvolledig", id="first-name-only"),
    pytest.param("Jan Peeters, An", "fout.naam_onvolledig", id="second-incomplete"),
    pytest.param("Jan Peeters2", "fout.naam_tekens", id="digit-in-name"),
    pytest.param("Jan <script>", "fout.naam_tekens", id="markup"),
    pytest.param("", "fout.namen_leeg", id="empty"),
    pytest.param(" , ; ", "fout.namen_leeg", id="only-separators"),
]


@pytest.mark.parametrize(("text", "expected"), NAMES_OK)
def test_namen_ok(text: str, expected: list[str]) -> None:
    assert nlu.namen(text) == ok(expected)


@pytest.mark.parametrize(("text", "message"), NAMES_FOUT)
def test_namen_refused(text: str, message: str) -> None:
    assert _fout_id(nlu.namen(text)) == message


# --- registration numbers ------------------------------------------------------------------

REGNR = [
    pytest.param("DV.O213465", "DV.O213465", id="exact"),
    pytest.param("dv o 213465", "DV.O213465", id="lowercase-spaces"),
    pytest.param("DV.0213465", "DV.O213465", id="zero-for-O"),
    pytest.param("DVO213465", "DV.O213465", id="no-dot"),
    pytest.param(" DV.O213465 ", "DV.O213465", id="surrounding-spaces"),
    pytest.param("DV.A242438", "DV.A242438", id="advies"),
    pytest.param("dv-a-242438", "DV.A242438", id="dashes"),
    pytest.param("DV.X213465", None, id="unknown-letter"),
    pytest.param("DV.O21346", None, id="five-digits"),
    pytest.param("DV.O2134650", None, id="seven-digits"),
    pytest.param("Attentia", None, id="a-name"),
    pytest.param("", None, id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), REGNR)
def test_registratienummer(text: str, expected: str | None) -> None:
    assert nlu.registratienummer(text) == expected


# --- hours, whole numbers, free text -------------------------------------------------------

UREN = [
    pytest.param("16", Decimal("16"), id="whole"),
    pytest.param("7,5", Decimal("7.5"), id="comma"),
    pytest.param("7.5", Decimal("7.5"), id="dot"),
    pytest.param("16 uur", Decimal("16"), id="uur"),
    pytest.param("8 uren", Decimal("8"), id="uren"),
    pytest.param("16u", Decimal("16"), id="u"),
    pytest.param("0", "fout.uren_nul", id="zero"),
    pytest.param("10001", "fout.uren_te_groot", id="too-many"),
    pytest.param("abc", "fout.uren_formaat", id="letters"),
    pytest.param("-5", "fout.uren_formaat", id="negative"),
    pytest.param("1,255", "fout.uren_formaat", id="three-decimals"),
]


@pytest.mark.parametrize(("text", "expected"), UREN)
def test_uren(text: str, expected: Decimal | str) -> None:
    result = nlu.uren(text)
    if isinstance(expected, Decimal):
        assert result == ok(expected)
    else:
        assert _fout_id(result) == expected


GETAL = [
    pytest.param("2", 2, id="two"),
    pytest.param(" 500 ", 500, id="maximum"),
    pytest.param("0", "fout.getal_grenzen", id="below-minimum"),
    pytest.param("501", "fout.getal_grenzen", id="above-maximum"),
    pytest.param("-5", "fout.getal_formaat", id="negative"),
    pytest.param("twee", "fout.getal_formaat", id="word"),
    pytest.param("2,5", "fout.getal_formaat", id="decimal"),
    pytest.param("9" * 400, "fout.getal_formaat", id="400-digits"),
    pytest.param("２", 2, id="fullwidth"),
]


@pytest.mark.parametrize(("text", "expected"), GETAL)
def test_geheel_getal(text: str, expected: int | str) -> None:
    result = nlu.geheel_getal(text, minimum=1, maximum=500)
    if isinstance(expected, int):
        assert result == ok(expected)
    else:
        assert _fout_id(result) == expected


TEKST = [
    pytest.param("Excel voor gevorderden", "Excel voor gevorderden", id="title"),
    pytest.param("  AI  ", "AI", id="two-letters"),
    pytest.param("A", "fout.tekst_te_kort", id="one-letter"),
    pytest.param("🙂🚀", "fout.tekst_te_kort", id="emoji-only"),
    pytest.param("--", "fout.tekst_te_kort", id="punctuation-only"),
    pytest.param("x" * 201, "fout.tekst_te_lang", id="201-characters"),
]


@pytest.mark.parametrize(("text", "expected"), TEKST)
def test_tekst(text: str, expected: str) -> None:
    result = nlu.tekst(text, minimum=2, maximum=200)
    if expected.startswith("fout."):
        assert _fout_id(result) == expected
    else:
        assert result == ok(expected)


# --- yes/no, choices, cleaning -------------------------------------------------------------

JANEE = [
    pytest.param("ja", True, id="ja"),
    pytest.param("JA", True, id="JA"),
    pytest.param("j", True, id="j"),
    pytest.param("jawel", True, id="jawel"),
    pytest.param("nee", False, id="nee"),
    pytest.param("neen", False, id="neen"),
    pytest.param("n", False, id="n"),
    pytest.param("misschien", None, id="misschien"),
    pytest.param("", None, id="empty"),
    pytest.param("ja nee", None, id="both"),
]


@pytest.mark.parametrize(("text", "expected"), JANEE)
def test_yes_no(text: str, expected: bool | None) -> None:
    assert nlu.yes_no(text, default_nlu_data()) is expected


CHOICES = [
    Choice(label="Kleine onderneming", value="klein"),
    Choice(label="Middelgrote onderneming", value="middelgroot"),
    Choice(label="Grote onderneming", value="groot"),
]
CHOICE = [
    pytest.param("1", "klein", id="number"),
    pytest.param("3.", "groot", id="number-dot"),
    pytest.param("middelgroot", "middelgroot", id="value"),
    pytest.param("Grote onderneming", "groot", id="label"),
    pytest.param("KLEINE ONDERNEMING", "klein", id="label-case"),
    pytest.param("0", None, id="zero"),
    pytest.param("4", None, id="out-of-range"),
    pytest.param("-1", None, id="negative"),
    pytest.param("９", None, id="fullwidth-digit"),
    pytest.param("", None, id="empty"),
    pytest.param("kleine", None, id="partial"),
]


@pytest.mark.parametrize(("text", "expected"), CHOICE)
def test_choice(text: str, expected: str | None) -> None:
    assert nlu.choice(text, CHOICES) == expected


def test_choice_folds_accents() -> None:
    choices = [Choice(label="Energie-efficiëntie", value="Energie-efficiëntie")]
    assert nlu.choice("energie-efficientie", choices) == "Energie-efficiëntie"


SOORTEN = [
    Choice(label="Klassikaal (extern)", value="klassikaal"),
    Choice(label="Afstandsleren (online)", value="afstandsleren"),
    Choice(label="Interne opleiding", value="intern"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("online", "afstandsleren"),
        ("E-learning.", "afstandsleren"),
        ("extern", "klassikaal"),
        ("in de klas", "klassikaal"),
        ("interne", "intern"),
        ("in-company", "intern"),
        ("afstandsleren", "afstandsleren"),
        ("onlien", None),
    ],
)
def test_choice_knows_other_words_for_an_offered_value(text: str, expected: str | None) -> None:
    """The help for this question says "2 (afstandsleren, online)": typing online works."""
    assert nlu.choice(text, SOORTEN, default_nlu_data()) == expected


def test_other_words_count_only_where_their_value_is_offered() -> None:
    data = default_nlu_data()
    assert nlu.choice("training", [Choice(label="Opleiding", value="opleiding")], data) == (
        "opleiding"
    )
    assert nlu.choice("online", CHOICES, data) is None
    assert nlu.choice("training", SOORTEN, data) is None
    # Without the NLU data only numbers, values and labels count.
    assert nlu.choice("online", SOORTEN) is None


CLEAN = [
    pytest.param("  a \t b\n", "a b", id="whitespace"),
    pytest.param("\x00\x07\x1b[31m", "[31m", id="control-characters"),
    pytest.param("a\u200bb\u202e", "ab", id="zero-width-and-bidi"),
    pytest.param("e\u0301", "é", id="nfc"),
    pytest.param("a\ud800b", "ab", id="lone-surrogate"),
    pytest.param("x" * 10_000, "x" * nlu.MAX_INPUT, id="capped"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAN)
def test_clean(text: str, expected: str) -> None:
    assert nlu.clean(text) == expected
