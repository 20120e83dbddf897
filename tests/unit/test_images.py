"""Uploaded images are checked by their whole content: a file is accepted only when every byte
belongs to a well-formed image of the type its first bytes claim."""

from __future__ import annotations

import struct
import zlib

import pytest

from app.core.images import MAX_DECODED_BYTES, ImageRejected, image_kind
from tests.images import (
    ALPHA_WEBP,
    GIF,
    HTML,
    JPEG,
    LOSSLESS_WEBP,
    PNG,
    PNG_SIGNATURE,
    PROGRESSIVE_JPEG,
    WEBP,
    chunk,
    png,
    riff,
)

VALID = {
    "png": PNG,
    "interlaced png": png(9, 11, interlaced=True),
    "palette png": png(colour=3, depth=4),
    "1-bit grey png": png(13, 3, colour=0, depth=1),
    "16-bit rgba png": png(colour=6, depth=16),
    "png with text and an app's private chunk": png(
        extra=chunk(b"tEXt", b"Comment\x00made by hand") + chunk(b"iDOT", b"\x00" * 28)
    ),
    "jpeg": JPEG,
    "progressive jpeg": PROGRESSIVE_JPEG,
    "gif": GIF,
    "gif without its trailer": GIF[:-1],
    "lossy webp": WEBP,
    "lossless webp": LOSSLESS_WEBP,
    "webp with alpha": ALPHA_WEBP,
}


@pytest.mark.parametrize("data", VALID.values(), ids=VALID.keys())
def test_well_formed_images_are_accepted_as_what_they_are(data):
    expected = {b"\x89P": "png", b"\xff\xd8": "jpg", b"GI": "gif", b"RI": "webp"}[data[:2]]
    assert image_kind(data) == expected


def idat_rows(rows: bytes) -> bytes:
    return png(raw=rows)


def with_wrong_crc(data: bytes) -> bytes:
    at = data.index(b"IDAT") + 4 + struct.unpack(">I", data[data.index(b"IDAT") - 4 :][:4])[0]
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


PNG_ROW = b"\x00" + b"\x10" * 12  # one row of the default 4×3 RGB picture
CRAFTED = {
    # what the attack sent: the signature, then a page
    "png signature then html": PNG_SIGNATURE + HTML,
    "jpeg signature then html": b"\xff\xd8\xff\xe0" + HTML,
    "gif signature then html": b"GIF89a" + HTML,
    "webp header then html": b"RIFF" + struct.pack("<I", 4 + len(HTML)) + b"WEBP" + HTML,
    # a real image with a page after its end
    "html after png's IEND": PNG + HTML,
    "html after jpeg's EOI": JPEG + HTML,
    "html after gif's trailer": GIF + HTML,
    "html after webp's chunk": WEBP + HTML,
    "html as a second chunk of a simple webp": riff((b"VP8 ", WEBP[20:]), (b"HTML", HTML)),
    "html in an unknown critical png chunk": png(extra=chunk(b"HTML", HTML)),
    "html as png image data": PNG_SIGNATURE
    + chunk(b"IHDR", PNG[16:29])
    + chunk(b"IDAT", HTML)
    + chunk(b"IEND", b""),
    # broken in other ways
    "png cut short": PNG[:-7],
    "png with a wrong checksum": with_wrong_crc(PNG),
    "png without IEND": PNG[:-12],
    "png image data too short": idat_rows(PNG_ROW * 2),
    "png image data too long": idat_rows(PNG_ROW * 4),
    "png row with an unknown filter": idat_rows(PNG_ROW * 2 + b"\x07" + PNG_ROW[1:]),
    "png palette without PLTE": PNG_SIGNATURE
    + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 3, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + chunk(b"IEND", b""),
    "png of zero width": png(0, 3, raw=b""),
    "png that decodes too large": png(16384, 16384, colour=6, depth=16, raw=b""),
    "jpeg without EOI": JPEG[:-2],
    "jpeg cut in its scan": JPEG[: len(JPEG) // 2 + 200],
    "jpeg without a frame": b"\xff\xd8" + JPEG[2:20] + b"\xff\xd9",
    "jpeg with a segment longer than the file": b"\xff\xd8\xff\xfe\xff\xff" + HTML,
    "gif cut in a block": GIF[:-6],
    "gif without an image": GIF[: 13 + 6] + GIF[19:27] + b";",
    "webp whose RIFF size is wrong": WEBP[:4] + struct.pack("<I", 1000) + WEBP[8:],
    "webp with a broken VP8 start code": riff((b"VP8 ", WEBP[20:23] + b"\x00\x00\x00" + WEBP[26:])),
    "webp with a broken VP8L signature": riff((b"VP8L", b"\x00" + LOSSLESS_WEBP[21:])),
    "extended webp without an image": riff((b"VP8X", ALPHA_WEBP[20:30]), (b"EXIF", HTML)),
}


@pytest.mark.parametrize("data", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_file_that_only_starts_like_an_image_is_refused(data):
    with pytest.raises(ImageRejected, match="is not a valid one"):
        image_kind(data)


@pytest.mark.parametrize(
    "data", [HTML, b"<svg onload='alert(1)'></svg>", b"BM" + b"\x00" * 60, b"\x00\x89PNG"]
)
def test_a_file_of_no_accepted_type_is_refused_as_such(data):
    with pytest.raises(ImageRejected, match="Only PNG, JPEG, GIF and WebP"):
        image_kind(data)


def test_the_decoded_size_limit_allows_large_ordinary_pictures():
    assert MAX_DECODED_BYTES >= 4000 * 4000 * 4
