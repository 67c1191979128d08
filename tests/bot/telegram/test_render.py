"""The pure parts of the channel: HTML escaping and splitting, keyboards and callback data,
the EPC QR payload, the token checks and the log redaction."""

from __future__ import annotations

import io
import logging
import re
import struct
import zlib

import pytest
import segno
from segno import helpers as segno_helpers

from bot.epc_qr import EPC_MASK, epc_qr, epc_qr_png, png
from bot.telegram_config import RedactSecrets, api_urls, token_problem
from bot.telegram_render import (
    MAX_CALLBACK_DATA,
    Keyboard,
    choice_markup,
    message_html,
    parse_callback,
    plain_text,
    render_turn,
    split_html,
    strip_bot_name,
)
from dialogs.models import Attachment, Choice, EpcPayment, Heading, Message, Row, Rows, Text

PROJECT = {
    "projectnummer": "2026-000001",
    "begunstigde": "N.V. Sodexo Pass Belgium",
    "iban": "BE64 7330 3379 7052",
    "bic": "KREDBEBB",
    "te_storten": "875.35",
    "mededeling": "+++202/6000/00192+++",
}
PAYMENT = EpcPayment(
    begunstigde="N.V. Sodexo Pass Belgium",
    iban="BE64 7330 3379 7052",
    bic="KREDBEBB",
    bedrag="875.35",
    mededeling="+++202/6000/00192+++",
)


def _approval(projectnummer: str = "2026-000001", *, qr: bool = True) -> Message:
    blocks = [
        Heading(text=f"Uw aanvraag is automatisch goedgekeurd. Projectnummer: {projectnummer}."),
        Rows(
            title="Stort uw eigen bijdrage:",
            rows=(
                Row(label="IBAN", value=PAYMENT.iban, copyable=True),
                Row(label="BIC", value=PAYMENT.bic, copyable=True),
                Row(label="Te storten bedrag", value="€ 875,35", copyable=True),
                Row(label="Gestructureerde mededeling", value=PAYMENT.mededeling, copyable=True),
                Row(label="Begunstigde", value="N.V. Sodexo Pass Belgium <Brussel>"),
            ),
        ),
        Text(text="Gebruik precies dit bedrag & deze mededeling."),
    ]
    if qr:
        blocks.append(
            Attachment(caption="Scan <deze> code", payment=PAYMENT, projectnummer=projectnummer)
        )
    return Message(id="goedkeuring.kop", text="", blocks=blocks, project=PROJECT)


def _visible(html_text: str) -> str:
    return plain_text(html_text)


def _balanced(html_text: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z]+)[^>]*>", html_text):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_user_text_is_escaped() -> None:
    m = Message(id="x", text="Naam: <b>Jan</b> & Zonen")
    assert message_html(m) == "Naam: &lt;b&gt;Jan&lt;/b&gt; &amp; Zonen"


def test_approval_puts_payment_data_in_code() -> None:
    out = message_html(_approval())
    assert out.startswith("<b>Uw aanvraag is automatisch goedgekeurd.")
    for value in ("BE64 7330 3379 7052", "KREDBEBB", "€ 875,35", "+++202/6000/00192+++"):
        assert f"<code>{value}</code>" in out
    # Rows are one quoted block; values that are not copyable stay plain (and escaped).
    assert "<blockquote>• IBAN: <code>" in out
    assert "• Begunstigde: N.V. Sodexo Pass Belgium &lt;Brussel&gt;</blockquote>" in out
    assert "Gebruik precies dit bedrag &amp; deze mededeling." in out
    assert _balanced(out)


def test_the_approval_stands_alone_with_its_button_and_the_qr_photo() -> None:
    question = Message(id="vraag.x", text="Nog iets?", choices=[Choice(label="Ja", value="ja")])
    turn = render_turn([Message(id="a", text="Eerst dit"), _approval(), question])
    htmls = [o.html for o in turn.outgoing]
    assert htmls[0] == "Eerst dit"
    assert htmls[1].startswith("<b>Uw aanvraag")
    markup = turn.outgoing[1].markup
    assert markup is not None and markup.inline_keyboard[0][0].callback_data == "g:2026-000001"
    assert turn.outgoing[2].qr == PAYMENT and turn.outgoing[2].html == "Scan &lt;deze&gt; code"
    assert htmls[3] == "Nog iets?" and turn.keyboard is not None


@pytest.mark.parametrize("limit", [50, 120, 4096])
def test_split_keeps_every_line_and_balances_tags(limit: int) -> None:
    lines = [f"• regel {i} met &amp; en <code>BE{i:02d}</code> tekst" for i in range(200)]
    html_text = "Kop\n<blockquote>" + "\n".join(lines) + "</blockquote>\nSlot"
    parts = split_html(html_text, limit)
    assert all(len(_visible(p)) <= limit for p in parts)
    assert all(_balanced(p) for p in parts)
    assert "\n".join(_visible(p) for p in parts) == _visible(html_text)
    if limit < 4096:
        assert len(parts) > 1
        assert all(p.startswith("<blockquote>") for p in parts[1:-1])


def test_split_cuts_an_overlong_line_at_a_space() -> None:
    html_text = " ".join(["woord"] * 50)
    parts = split_html(html_text, 40)
    assert all(len(p) <= 40 for p in parts)
    assert all(not p.startswith(" ") and "wo rd" not in p for p in parts)
    assert " ".join(parts) == html_text


def test_split_counts_utf16_units() -> None:
    parts = split_html("😀" * 30, 20)
    assert all(len(p.encode("utf-16-le")) // 2 <= 20 for p in parts)
    assert "".join(parts) == "😀" * 30


def test_keyboard_pages_and_callback_data_fit() -> None:
    choices = [
        Choice(label=f"Thema nummer {i} met een lange naam", value=f"t{i}") for i in range(11)
    ]
    kb = Keyboard(nonce="Ab3_x-9Z", choices=choices)
    page1 = choice_markup(kb, 0).to_dict()["inline_keyboard"]
    page2 = choice_markup(kb, 1).to_dict()["inline_keyboard"]
    assert len(page1) == 8 + 1 and [b["text"] for b in page1[-1]] == ["1/2", "▶"]
    assert len(page2) == 3 + 1 and [b["text"] for b in page2[-1]] == ["◀", "2/2"]
    datas = [b["callback_data"] for row in page1 + page2 for b in row]
    assert all(len(d.encode()) <= MAX_CALLBACK_DATA for d in datas)
    assert parse_callback(page2[0][0]["callback_data"]).number == 8  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("k:abc:3", ("k", "abc", 3, "")),
        ("p:abc:1", ("p", "abc", 1, "")),
        ("g:2026-000001", ("g", "", 0, "2026-000001")),
        ("k:abc:x", None),
        ("zomaar", None),
        ("", None),
    ],
)
def test_parse_callback(data: str, expected: tuple[str, str, int, str] | None) -> None:
    parsed = parse_callback(data)
    got = (
        None
        if parsed is None
        else (parsed.kind, parsed.nonce, parsed.number, parsed.projectnummer)
    )
    assert got == expected


def test_epc_payload_carries_the_ogm_as_remittance_text() -> None:
    betaling = PAYMENT
    # segno's (private) payload builder, to read back exactly what the QR code holds.
    payload = segno_helpers._make_epc_qr_data(  # noqa: SLF001
        betaling.begunstigde,
        betaling.iban.replace(" ", ""),
        betaling.bedrag,
        text=betaling.mededeling,
        bic=betaling.bic,
    ).decode("latin-1")
    assert payload.split("\n") == [
        "BCD",
        "002",
        "2",
        "SCT",
        "KREDBEBB",
        "N.V. Sodexo Pass Belgium",
        "BE64733033797052",
        "EUR875.35",
        "",
        "",
        "+++202/6000/00192+++",
    ]


def test_epc_qr_is_segnos_epc_code_with_a_fixed_mask() -> None:
    ours = epc_qr(PAYMENT)
    theirs = segno_helpers.make_epc_qr(
        name=PAYMENT.begunstigde,
        iban=PAYMENT.iban.replace(" ", ""),
        amount=PAYMENT.bedrag,
        text=PAYMENT.mededeling,
        bic=PAYMENT.bic,
    )
    assert ours.mask == EPC_MASK and ours.error == theirs.error == "M"
    assert ours.version == theirs.version
    # With segno's chosen mask ours is segno's code, module for module: the same data.
    assert epc_qr(PAYMENT, mask=theirs.mask).matrix == theirs.matrix
    assert epc_qr_png(PAYMENT).startswith(b"\x89PNG")


def _png_parts(data: bytes) -> dict[bytes, bytes]:
    """The chunks of a PNG (their checksums checked), IDAT inflated."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    parts: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body)
        parts[kind] = parts.get(kind, b"") + body
        at += 12 + length
    parts[b"IDAT"] = zlib.decompress(parts[b"IDAT"])
    return parts


@pytest.mark.parametrize(("scale", "border"), [(6, 4), (1, 0), (3, 1), (5, 2)])
@pytest.mark.parametrize("text", ["hallo", "+++202/6000/00192+++ " * 8])
def test_qr_png_is_the_image_segnos_own_writer_makes(scale: int, border: int, text: str) -> None:
    qr = segno.make_qr(text, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=border, compresslevel=1)
    ours, theirs = _png_parts(png(qr, scale=scale, border=border)), _png_parts(buffer.getvalue())
    assert ours.keys() == theirs.keys() == {b"IHDR", b"IDAT", b"IEND"}
    assert ours[b"IHDR"] == theirs[b"IHDR"]  # size, 1 bit per pixel, greyscale
    assert ours[b"IDAT"] == theirs[b"IDAT"]  # pixel for pixel


def test_keyboard_nonce_names_the_question_and_its_choices() -> None:
    ja_nee = [Choice(label="Ja", value="ja"), Choice(label="Nee", value="nee")]
    first = Keyboard.of("bedrijfsfunctioneren", ja_nee)
    assert first is not None and len(first.nonce) == 8 and ":" not in first.nonce
    assert first == Keyboard.of("bedrijfsfunctioneren", list(ja_nee))
    assert first.nonce != Keyboard.of("verklaring", ja_nee).nonce  # type: ignore[union-attr]
    assert first.nonce != Keyboard.of("bedrijfsfunctioneren", ja_nee[:1]).nonce  # type: ignore[union-attr]
    assert Keyboard.of("naam", []) is None


def test_demo_approval_has_no_button_and_no_qr() -> None:
    # The engine gives the demo's approval no attachment: nothing to pay, nothing to press.
    turn = render_turn([_approval("DEMO-000000", qr=False)])
    assert len(turn.outgoing) == 1 and turn.outgoing[0].markup is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/wijzig@kmo_test_bot kost", "/wijzig kost"),
        ("/start@KMO_TEST_BOT", "/start"),
        ("/start aanvraag-42", "/start"),
        ("/nieuw@andere_bot", "/nieuw@andere_bot"),
        ("gewoon tekst", "gewoon tekst"),
    ],
)
def test_strip_bot_name(text: str, expected: str) -> None:
    assert strip_bot_name(text, "kmo_test_bot") == expected


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("", "telegram.geen_token"),
        ("   ", "telegram.geen_token"),
        ("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", "telegram.token_voorbeeld"),
        ("<TELEGRAM_BOT_TOKEN>", "telegram.token_voorbeeld"),
        ("123456789:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "telegram.token_voorbeeld"),
        ("4839574812:AAHkq3v9Zp7WmXc2Lr5Tn8Bd6Fs1Gy4Je0Q", None),
        ("7012345678:AAEtokenYourToken_exampleAbCdEf12345", None),
    ],
)
def test_token_problem(token: str, problem: str | None) -> None:
    assert token_problem(token) == problem


def test_api_urls() -> None:
    assert api_urls("http://127.0.0.1:8081/") == (
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/file/bot",
    )
    assert api_urls("http://h:1/bot")[0] == "http://h:1/bot"


def test_redaction_covers_messages_arguments_tracebacks_and_case() -> None:
    token = "4839574812:AAHkq3v9Zp7WmXc2Lr5Tn8Bd6Fs1Gy4Je0Q"
    redactor = RedactSecrets([token])
    try:
        raise RuntimeError(f"https://api.telegram.org/bot{token}/getMe failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "url %s", (f"/bot{token.lower()}",), sys.exc_info()
        )
    assert redactor.filter(record)
    assert record.getMessage() == "url /bot[verborgen]"
    assert record.exc_text is not None and token not in record.exc_text
    assert "[verborgen]" in record.exc_text
