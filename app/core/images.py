"""Uploaded images checked by their whole content, not just their first bytes.

A file that starts with an image's signature can go on with anything (an HTML page, a script):
served as an image it is harmless in browsers that respect its type and ``nosniff``, but it is
not an image and has no business on the site. So each format is walked from its signature to its
end, and a file is accepted only when every byte belongs to a well-formed structure of that
format and nothing follows its end marker:

- PNG: every chunk's length and CRC, IHDR first and valid, PLTE where the colour type needs it,
  no unknown critical chunk, IEND last; the image data is decompressed in full and must be
  exactly the size its header promises, with a valid filter type starting each row.
- JPEG: every marker segment and its length from SOI to EOI, one valid frame header (SOF), scans
  whose entropy-coded data runs to the next marker, EOI last.
- GIF: the screen descriptor and colour tables, every image and extension block and its
  sub-blocks, at least one image, nothing after the trailer (a file that ends after its last
  block without one, as some old encoders wrote them, is accepted).
- WebP: the RIFF size equal to the file's, chunks that tile the file exactly, a VP8 (lossy),
  VP8L (lossless) or VP8X (extended) header that is valid, and image data in an extended file.

This is a structural check in pure Python, not a full decoder: it costs no dependency and no
native decoding code, and it refuses what the attack used (a valid header followed by other
content, truncated or padded files). Metadata inside an image (PNG text chunks, JPEG comments,
EXIF, XMP) is allowed, as any image editor writes it; such images are served with their image
type and ``nosniff``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator

MAX_DECODED_BYTES = 64 * 1024 * 1024  # PNG image data once decompressed
MAX_SIDE = 16384  # pixels, for PNG, whose rows are checked one by one

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SIGNATURES = {  # leading bytes → kind; SVG is refused: it can carry scripts
    PNG_SIGNATURE: "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}
UNKNOWN_FORMAT = "Only PNG, JPEG, GIF and WebP images can be uploaded."
NAMES = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WebP"}


class ImageRejected(ValueError):
    """The bytes are not an image the site accepts; the message says why, for the uploader."""


class _Malformed(Exception):
    """A structural problem found while walking a file (turned into ImageRejected)."""


def image_kind(data: bytes) -> str:
    """The image format the bytes really are ("png", "jpg", "gif" or "webp"), whatever the
    file is called; :class:`ImageRejected` unless the whole file is a well-formed image."""
    kind = _signature_kind(data)
    try:
        CHECKS[kind](data)
    except _Malformed as exc:
        raise ImageRejected(
            f"This file starts like a {NAMES[kind]} image but is not a valid one ({exc})."
        ) from None
    return kind


def _signature_kind(data: bytes) -> str:
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    raise ImageRejected(UNKNOWN_FORMAT)


def _need(condition: bool, problem: str) -> None:
    if not condition:
        raise _Malformed(problem)


# PNG -------------------------------------------------------------------------------------------

PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type → samples per pixel
PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    at = len(PNG_SIGNATURE)
    while at < len(data):
        _need(at + 12 <= len(data), "a chunk is cut short")
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        _need(length < 2**31, "a chunk is too long")
        _need(kind.isalpha() and kind.isascii(), "a chunk has an invalid name")
        end = at + 8 + length
        _need(end + 4 <= len(data), f"the {kind.decode()} chunk is cut short")
        body = data[at + 8 : end]
        (crc,) = struct.unpack(">I", data[end : end + 4])
        _need(zlib.crc32(kind + body) == crc, f"the {kind.decode()} chunk's checksum is wrong")
        yield kind, body
        at = end + 4


def _png_rows(width: int, height: int, bits: int, interlaced: bool) -> list[int]:
    """The length of every row of image data (filter byte included), in order."""

    def row(pixels: int) -> int:
        return 1 + (pixels * bits + 7) // 8

    if not interlaced:
        return [row(width)] * height
    rows: list[int] = []
    for x0, y0, dx, dy in ADAM7:
        pass_width = (width - x0 + dx - 1) // dx if width > x0 else 0
        pass_height = (height - y0 + dy - 1) // dy if height > y0 else 0
        if pass_width and pass_height:
            rows += [row(pass_width)] * pass_height
    return rows


def _check_png_data(compressed: list[bytes], rows: list[int]) -> None:
    """Decompress the image data piece by piece: exactly the promised size, each row starting
    with a filter type of 0–4, the zlib stream complete with nothing after it."""
    expected = sum(rows)
    _need(expected <= MAX_DECODED_BYTES, "the image is too large once decoded")
    inflater = zlib.decompressobj()
    row_index, next_row, seen = 0, 0, 0

    def take(piece: bytes) -> None:
        nonlocal row_index, next_row, seen
        _need(seen + len(piece) <= expected, "the image data is longer than its size")
        while row_index < len(rows) and next_row < seen + len(piece):
            _need(piece[next_row - seen] <= 4, "a row has an unknown filter type")
            next_row += rows[row_index]
            row_index += 1
        seen += len(piece)

    try:
        for part in compressed:
            pending = part
            while pending:
                take(inflater.decompress(pending, 65536))
                pending = inflater.unconsumed_tail
        while not inflater.eof and (piece := inflater.decompress(b"", 65536)):
            take(piece)
    except zlib.error:
        raise _Malformed("the image data is not valid compressed data") from None
    _need(inflater.eof, "the image data is cut short")
    _need(not inflater.unused_data, "there is data after the image data")
    _need(seen == expected, "the image data is shorter than its size")


def _check_png(data: bytes) -> None:
    chunks = _png_chunks(data)
    first = next(chunks, None)
    _need(first is not None and first[0] == b"IHDR", "IHDR does not come first")
    header = first[1]
    _need(len(header) == 13, "the IHDR chunk has the wrong length")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", header
    )
    _need(0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE, "its width or height is out of range")
    _need(depth in PNG_DEPTHS.get(colour, ()), "its colour type and bit depth are invalid")
    _need(compression == 0 and filtering == 0 and interlace in (0, 1), "its IHDR is invalid")
    seen_palette = ended = False
    data_parts: list[bytes] = []
    data_done = False
    for kind, body in chunks:
        _need(not ended, "there is data after IEND")
        if kind == b"IDAT":
            _need(not data_done, "its IDAT chunks are not consecutive")
            data_parts.append(body)
            continue
        if data_parts:
            data_done = True
        if kind == b"PLTE":
            _need(not seen_palette and not data_parts, "PLTE is repeated or comes after IDAT")
            _need(colour in (2, 3, 6), "PLTE is not allowed for this colour type")
            _need(0 < len(body) <= 768 and len(body) % 3 == 0, "PLTE has the wrong length")
            seen_palette = True
        elif kind == b"IEND":
            _need(not body, "IEND is not empty")
            ended = True
        else:
            _need(kind != b"IHDR", "IHDR is repeated")
            _need(kind[0:1].islower(), f"it has an unknown critical chunk {kind.decode()}")
    _need(ended, "IEND is missing")
    _need(bool(data_parts), "it has no image data")
    _need(seen_palette or colour != 3, "a palette image has no PLTE")
    bits = depth * PNG_CHANNELS[colour]
    _check_png_data(data_parts, _png_rows(width, height, bits, interlace == 1))


# JPEG ------------------------------------------------------------------------------------------

SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # frame headers
RST_MARKERS = frozenset(range(0xD0, 0xD8))
SOS, EOI, SOI, TEM = 0xDA, 0xD9, 0xD8, 0x01


def _entropy_end(data: bytes, at: int) -> int:
    """Where a scan's entropy-coded data ends: the next 0xFF that is not stuffed (FF 00), a
    restart marker or fill before one."""
    while True:
        at = data.find(b"\xff", at)
        _need(at != -1 and at + 1 < len(data), "a scan is cut short")
        following = data[at + 1]
        if following == 0x00 or following in RST_MARKERS:
            at += 2
        elif following == 0xFF:
            at += 1  # fill byte: the marker comes after
        else:
            return at


def _check_jpeg(data: bytes) -> None:
    at = 2  # after SOI
    frame = scans = 0
    while True:
        _need(at < len(data) and data[at] == 0xFF, "a marker is missing or the file is cut short")
        while at < len(data) and data[at] == 0xFF:
            at += 1  # fill bytes before a marker
        _need(at < len(data), "the file is cut short")
        marker = data[at]
        at += 1
        if marker == EOI:
            _need(frame == 1 and scans > 0, "it has no image before its end marker")
            _need(at == len(data), "there is data after its end marker")
            return
        _need(marker not in (SOI, 0x00) and marker not in RST_MARKERS, "a marker is misplaced")
        if marker == TEM:
            continue
        _need(marker >= 0xC0, f"it has an unknown marker {marker:02X}")
        _need(at + 2 <= len(data), "a segment is cut short")
        (length,) = struct.unpack(">H", data[at : at + 2])
        _need(length >= 2 and at + length <= len(data), "a segment has a wrong length")
        segment = data[at + 2 : at + length]
        at += length
        if marker in SOF_MARKERS:
            _need(frame == 0, "it has more than one frame header")
            _need(len(segment) >= 6, "its frame header is too short")
            precision, _height, width, components = struct.unpack(">BHHB", segment[:6])
            _need(precision in (8, 12, 16) and width > 0, "its frame header is invalid")
            _need(1 <= components <= 4, "its frame header is invalid")
            _need(len(segment) == 6 + 3 * components, "its frame header has the wrong length")
            frame = 1
        elif marker == SOS:
            _need(frame == 1, "a scan comes before the frame header")
            _need(segment and 1 <= segment[0] <= 4, "a scan header is invalid")
            _need(len(segment) == 4 + 2 * segment[0], "a scan header has the wrong length")
            scans += 1
            at = _entropy_end(data, at)


# GIF -------------------------------------------------------------------------------------------


def _skip_sub_blocks(data: bytes, at: int) -> tuple[int, int]:
    """Past a run of data sub-blocks and its terminator; also how many data bytes it held."""
    total = 0
    while True:
        _need(at < len(data), "a block is cut short")
        size = data[at]
        at += 1
        if size == 0:
            return at, total
        _need(at + size <= len(data), "a block is cut short")
        at += size
        total += size


def _colour_table(flags: int) -> int:
    return 3 * 2 ** ((flags & 0x07) + 1) if flags & 0x80 else 0


def _check_gif(data: bytes) -> None:
    _need(len(data) >= 13, "its screen descriptor is cut short")
    width, height, flags = struct.unpack("<HHB", data[6:11])
    _need(width > 0 and height > 0, "its screen size is zero")
    at = 13 + _colour_table(flags)
    images = 0
    while True:
        if at == len(data) and images:
            return  # no trailer, but nothing else either: old encoders, which browsers show
        _need(at < len(data), "it has no image")
        introducer = data[at]
        at += 1
        if introducer == 0x3B:
            _need(images > 0, "it has no image")
            _need(at == len(data), "there is data after the trailer")
            return
        if introducer == 0x21:  # extension: label, then sub-blocks
            _need(at < len(data), "an extension is cut short")
            at, _ = _skip_sub_blocks(data, at + 1)
        elif introducer == 0x2C:  # image: descriptor, local colour table, LZW data
            _need(at + 9 <= len(data), "an image descriptor is cut short")
            image_width, image_height, image_flags = struct.unpack("<4xHHB", data[at : at + 9])
            _need(image_width > 0 and image_height > 0, "an image has no size")
            at += 9 + _colour_table(image_flags)
            _need(at < len(data) and 2 <= data[at] <= 8, "an image's code size is invalid")
            at, size = _skip_sub_blocks(data, at + 1)
            _need(size > 0, "an image has no data")
            images += 1
        else:
            raise _Malformed(f"it has an unknown block {introducer:02X}")


# WebP ------------------------------------------------------------------------------------------


def _webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    (riff_size,) = struct.unpack("<I", data[4:8])
    _need(riff_size + 8 == len(data), "its RIFF size is not the file's")
    chunks, at = [], 12
    while at < len(data):
        _need(at + 8 <= len(data), "a chunk is cut short")
        kind, size = struct.unpack("<4sI", data[at : at + 8])
        end = at + 8 + size
        _need(end <= len(data), "a chunk is cut short")
        chunks.append((kind, data[at + 8 : end]))
        at = end + (size & 1)  # chunks are padded to an even length
    _need(at == len(data), "the last chunk's padding is missing")
    return chunks


def _check_vp8(body: bytes) -> None:
    _need(len(body) >= 10, "its VP8 data is cut short")
    tag = body[0] | body[1] << 8 | body[2] << 16
    _need(tag & 1 == 0, "its VP8 data is not a key frame")
    _need((tag >> 5) <= len(body) - 10, "its VP8 partition is longer than the data")
    _need(body[3:6] == b"\x9d\x01\x2a", "its VP8 start code is missing")
    width, height = struct.unpack("<HH", body[6:10])
    _need(width & 0x3FFF and height & 0x3FFF, "its VP8 size is zero")


def _check_vp8l(body: bytes) -> None:
    _need(len(body) >= 5 and body[0] == 0x2F, "its VP8L signature is missing")
    _need(body[4] >> 5 == 0, "its VP8L version is unknown")


def _check_webp(data: bytes) -> None:
    chunks = _webp_chunks(data)
    _need(bool(chunks), "it has no chunks")
    kinds = [kind for kind, _ in chunks]
    first, body = chunks[0]
    if first in (b"VP8 ", b"VP8L"):
        _need(len(chunks) == 1, "a simple WebP file has more than one chunk")
        (_check_vp8 if first == b"VP8 " else _check_vp8l)(body)
        return
    _need(first == b"VP8X", "it does not start with VP8, VP8L or VP8X")
    _need(len(body) == 10, "its VP8X header has the wrong length")
    if b"ANIM" in kinds:
        _need(b"ANMF" in kinds, "an animation has no frames")
        _need(all(len(b) >= 16 for k, b in chunks if k == b"ANMF"), "a frame is cut short")
        return
    images = [(k, b) for k, b in chunks[1:] if k in (b"VP8 ", b"VP8L")]
    _need(len(images) == 1, "an extended WebP file needs exactly one image")
    kind, image = images[0]
    (_check_vp8 if kind == b"VP8 " else _check_vp8l)(image)


CHECKS: dict[str, Callable[[bytes], None]] = {
    "png": _check_png,
    "jpg": _check_jpeg,
    "gif": _check_gif,
    "webp": _check_webp,
}
