"""The EPC QR code of a payment (the stortingsgegevens) as segno object or PNG, for any channel."""

from __future__ import annotations

import struct
import zlib

import segno
from segno import helpers as segno_helpers

from dialogs.models import EpcPayment

#: The QR mask of the EPC code (0–7; see `epc_qr`).
EPC_MASK = 4


def epc_qr(betaling: EpcPayment, *, mask: int = EPC_MASK) -> segno.QRCode:
    """The EPC QR code (error correction M, as the EPC standard requires).

    The EPC standard's *structured* remittance field is meant for an ISO 11649 creditor reference
    (RF..), and segno's helper passes whatever it gets there without checking. A Belgian
    gestructureerde mededeling (OGM, +++ddd/dddd/ddddd+++) is not an ISO 11649 reference, so a
    strict app could refuse it there; Belgian banking apps instead recognise the OGM in the
    *unstructured* remittance text and turn it into a structured communication. So the OGM
    goes in `text`, in its +++…+++ form, and the structured field stays empty.

    The mask is fixed (`EPC_MASK`): segno would otherwise try all eight and score them, about
    22 ms of CPU per code, three quarters of its cost; any mask is valid for a reader. The payload
    is segno's own (its EPC helper without the mask search); should segno drop that function, its
    public helper is used as it is.
    """
    name = betaling.begunstigde.strip()[:70]
    iban = betaling.iban.replace(" ", "").upper()
    text = betaling.mededeling.strip()
    bic = betaling.bic.strip().upper() or None
    payload = getattr(segno_helpers, "_make_epc_qr_data", None)
    if payload is None:  # pragma: no cover - a later segno
        return segno_helpers.make_epc_qr(
            name=name, iban=iban, amount=betaling.bedrag, text=text, bic=bic
        )
    data = payload(name, iban, betaling.bedrag, text=text, bic=bic)
    qr = segno.make_qr(data, error="m", boost_error=False, mask=mask)
    if isinstance(qr.version, int) and qr.version > 13:  # the EPC limit, as segno checks it
        raise ValueError(f"EPC QR code too large: {qr.designator}")
    return qr


def epc_qr_png(betaling: EpcPayment, *, scale: int = 6) -> bytes:
    """The EPC QR code as PNG, with the standard quiet zone (see `epc_qr` and `png`)."""
    return png(epc_qr(betaling), scale=scale, border=4)


def png(qr: segno.QRCode, *, scale: int, border: int) -> bytes:
    """The code as a black-and-white PNG: the image segno's PNG writer makes, made faster.

    segno packs every pixel of a row into bits in Python, half the CPU time of a code; here each
    row of modules is one integer. The image data is segno's own layout (1 bit per pixel, white
    quiet zone, each row of modules once and its `scale - 1` copies as PNG "Up" lines), at
    zlib's fastest level: a code of a few hundred bytes either way.
    """
    size = len(qr.matrix) + 2 * border
    width = size * scale
    padding = -width % 8  # a line ends on a whole byte
    nbytes = (width + padding) // 8
    quiet = "1" * (border * scale)
    white_line = b"\0" + int("1" * width + "0" * padding, 2).to_bytes(nbytes, "big")
    up_lines = (b"\2" + bytes(nbytes)) * (scale - 1)  # each the same as the line above
    dark, light = "0" * scale, "1" * scale  # 0 is black in a greyscale PNG
    data = bytearray(white_line * (border * scale))
    for row in qr.matrix:
        bits = quiet + "".join(dark if module else light for module in row) + quiet
        data += b"\0" + int(bits + "0" * padding, 2).to_bytes(nbytes, "big")
        data += up_lines
    data += white_line * (border * scale)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(bytes(data), 1)),
            chunk(b"IEND", b""),
        )
    )
