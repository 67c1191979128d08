"""Strict where it matters: one notation per NACE code, only real digits, no sign on a KBO number,
no text or name silently cut."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs import nlu
from dialogs.messages import default_catalog
from dialogs.nlu import Fout, Ok
from dialogs.nlu_loader import default_nlu_data

TODAY = date(2026, 3, 10)


def _fout(result: object) -> Fout:
    assert isinstance(result, Fout), f"expected a Fout, got {result!r}"
    assert default_catalog().text(result.message, **result.params)
    return result


# --- NACE: one kind of separator per code ------------------------------------------------------

NACE_OK = [
    pytest.param("46391", id="five-digits"),
    pytest.param("46.391", id="division-dot"),
    pytest.param("46 391", id="division-space"),
    pytest.param("46.39.1", id="two-dots"),
    pytest.param("46 39 1", id="two-spaces"),
    pytest.param("4639.1", id="class-dot"),
    pytest.param("  46.391 ", id="surrounding-spaces"),
    pytest.param("\t46391\n", id="surrounding-whitespace"),
]
NACE_FOUT = [
    pytest.param("46/-39/1", "fout.nace_formaat", id="slash-dash"),
    pytest.param("46.39-1", "fout.nace_formaat", id="dot-dash"),
    pytest.param("46.39 1", "fout.nace_formaat", id="dot-space"),
    pytest.param("46 39.1", "fout.nace_formaat", id="space-dot"),
    pytest.param("46..391", "fout.nace_formaat", id="two-dots-together"),
    pytest.param("46-391", "fout.nace_formaat", id="dash"),
    pytest.param("46/391", "fout.nace_formaat", id="slash"),
    pytest.param("46,391", "fout.nace_formaat", id="comma"),
    pytest.param("4 6 3 9 1", "fout.nace_formaat", id="every-digit-apart"),
    pytest.param("46. 391", "fout.nace_formaat", id="dot-and-space"),
    pytest.param("-46391", "fout.nace_formaat", id="sign"),
    pytest.param("4639 1", "fout.nace_formaat", id="class-space"),
    pytest.param("46.3.91", "fout.nace_formaat", id="wrong-grouping"),
    pytest.param("46.39", "fout.nace_onvolledig", id="class-dotted"),
    pytest.param("46 39", "fout.nace_onvolledig", id="class-spaced"),
    pytest.param("46²391", "fout.nace_formaat", id="superscript"),
]


@pytest.mark.parametrize("text", NACE_OK)
def test_nace_notations_that_are_accepted(text: str) -> None:
    assert nlu.nace(text) == Ok("46.391")


@pytest.mark.parametrize(("text", "message"), NACE_FOUT)
def test_nace_mixtures_and_other_separators_are_refused(text: str, message: str) -> None:
    assert _fout(nlu.nace(text)).message == message


# --- digits: full-width ones count, superscripts and the like never --------------------------

CLEAN_DIGITS = [
    pytest.param("１２", "12", id="fullwidth-becomes-ascii"),
    pytest.param("2²", "2²", id="superscript-stays"),
    pytest.param("H₂O", "H₂O", id="subscript-stays"),
    pytest.param("①", "①", id="circled-stays"),
    pytest.param("7½", "7½", id="fraction-stays"),
    pytest.param("ﬁ", "fi", id="ligature-still-normalised"),
    pytest.param("e\u0301²", "é²", id="composed-around-a-superscript"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAN_DIGITS)
def test_clean_keeps_other_numbers_as_they_are(text: str, expected: str) -> None:
    assert nlu.clean(text) == expected


NOT_DIGITS = ["2²", "²", "1²", "₁₂", "①②", "½", "1½", "¹²", "2⁰"]


@pytest.mark.parametrize("text", NOT_DIGITS)
def test_no_parser_reads_superscripts_as_digits(text: str) -> None:
    data = default_nlu_data()
    for raw in (text, nlu.clean(text)):
        assert isinstance(nlu.geheel_getal(raw, minimum=0, maximum=10**6, nlu_data=data), Fout)
        assert isinstance(nlu.bedrag(raw), Fout)
        assert isinstance(nlu.uren(raw, data), Fout)
        assert nlu.getal(raw, data) is None
        assert nlu.choice(raw, []) is None


@pytest.mark.parametrize("text", ["1²/3/2026", "12/0³/2026", "１²/3/2026", "1² maart"])
def test_no_date_from_superscript_digits(text: str) -> None:
    data = default_nlu_data()
    for raw in (text, nlu.clean(text)):
        assert _fout(nlu.datum(raw, today=TODAY, nlu_data=data)).message == "fout.datum_formaat"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("１２", 12), ("２", 2), ("1２", 12), ("٣", None), ("१२", None)],
)
def test_fullwidth_digits_count_other_scripts_do_not(text: str, expected: int | None) -> None:
    result = nlu.geheel_getal(nlu.clean(text), minimum=1, maximum=500)
    assert result == (Ok(expected) if expected is not None else Fout("fout.getal_formaat"))


# --- KBO: no sign ------------------------------------------------------------------------------

KBO_OK = [
    "0403170701",
    "0403.170.701",
    "0403.170.701.",
    "BE0403170701",
    "BE 0403.170.701",
    "BE-0403.170.701",
    "be.0403.170.701",
    "0403 170 701",
    "0403/170/701",
    "0403 - 170 - 701",
    "403170701",
]
KBO_FOUT = [
    "-0403170701",
    "+0403170701",
    "−0403170701",
    "0403170701-",
    "BE-+0403170701",
    "BE+0403170701",
    "+32 0403170701",
    "0403--170701",
    "(0403.170.701)",
    "0403.170.701 x",
    "#0403170701",
    "0403170701²",
    "1 " * 300,
]


@pytest.mark.parametrize("text", KBO_OK)
def test_kbo_notations_that_are_accepted(text: str) -> None:
    assert nlu.ondernemingsnummer(text) == Ok("0403170701")


@pytest.mark.parametrize("text", KBO_FOUT)
def test_kbo_with_a_sign_or_other_characters_is_refused(text: str) -> None:
    assert _fout(nlu.ondernemingsnummer(text)).message == "fout.kbo_formaat"


# --- texts and names are refused over their limit, never cut -----------------------------------

TEKST_LIMIT = [
    pytest.param("x" * 200, 200, True, id="at-the-limit"),
    pytest.param("x" * 201, 200, False, id="one-over"),
    pytest.param("Excel " * 40, 200, False, id="words-over"),
    pytest.param(nlu.clean("x" * 5000), 200, False, id="cut-by-clean-still-too-long"),
    pytest.param(nlu.clean("x" * 5000), 5000, False, id="cut-by-clean-whatever-maximum"),
    pytest.param("x" * (nlu.MAX_INPUT - 1), 5000, True, id="below-the-cap-is-not-cut"),
    pytest.param("y" * 50, 40, False, id="own-maximum"),
]


@pytest.mark.parametrize(("text", "maximum", "ok"), TEKST_LIMIT)
def test_tekst_over_its_maximum_is_refused_with_the_limit(
    text: str, maximum: int, ok: bool
) -> None:
    result = nlu.tekst(text, minimum=2, maximum=maximum)
    if ok:
        assert result == Ok(text.strip())
        return
    fout = _fout(result)
    assert fout.message == "fout.tekst_te_lang"
    assert int(fout.params["maximum"]) == min(maximum, nlu.MAX_INPUT - 1)


def test_a_cut_name_is_never_stored_as_the_name() -> None:
    long_name = "Opleiding " * 500
    result = nlu.tekst(nlu.clean(long_name), minimum=2, maximum=200)
    assert _fout(result).message == "fout.tekst_te_lang"
    assert "200" in default_catalog().text(result.message, **result.params)


NAMEN_LIMIT = [
    pytest.param("Jan Peeters", True, id="short"),
    pytest.param("Maria-Theresia Van den Bossche-De Wilde", True, id="long-but-real"),
    pytest.param("An " + "a" * 77, True, id="exactly-80"),
    pytest.param("An " + "a" * 78, False, id="81"),
    pytest.param("Jan Peeters, An " + "b" * 100, False, id="second-too-long"),
    pytest.param(" ".join(["Peeters"] * 20), False, id="many-words"),
]


@pytest.mark.parametrize(("text", "ok"), NAMEN_LIMIT)
def test_a_name_over_the_limit_is_refused(text: str, ok: bool) -> None:
    result = nlu.namen(text)
    if ok:
        assert isinstance(result, Ok)
        assert all(len(n) <= nlu.NAAM_MAX for n in result.value)
        return
    fout = _fout(result)
    assert fout.message == "fout.naam_te_lang"
    assert fout.params["maximum"] == str(nlu.NAAM_MAX)
    assert "80 tekens" in default_catalog().text(fout.message, **fout.params)
