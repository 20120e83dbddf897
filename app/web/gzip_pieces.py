"""One gzip body from pieces of text, some of them compressed once and kept.

Most of a lesson page is the same for every learner, and compressing the whole page on every
request cost more than building it. A shared piece is compressed once and ends with a full flush:
byte-aligned, and nothing after it refers back across it. Kept chunks and this request's own
parts can then be joined into one valid deflate stream. The gzip trailer needs the CRC-32 and the
length of all the text, which zlib computes far faster than it compresses.

This request's parts are mostly short (the CSRF token, a few marks): they are written as stored
deflate blocks (five bytes of header, then the text as it is), which costs nothing to make, where
compressing each and flushing cost a few microseconds apiece, twenty times a page, to save a few
bytes of a random token. Parts of ``STORE_BELOW`` bytes or more are compressed.

The CRC-32 of the whole text (about 110 KB for the seed lesson) cost a sixth of the page. A kept
piece's CRC is computed once, and so is what its length does to the CRC of the text before it:
CRC-32 is linear, ``crc(A + B) = shift(crc(A)) ^ crc(B)`` where ``shift`` multiplies by
x^(8·len(B)) modulo the CRC polynomial (zlib's ``crc32_combine``, which Python doesn't offer).
That multiplication is kept as four tables of 256 values, one per byte of the CRC, so carrying
the CRC across a piece is four look-ups. Only pieces of ``SHIFT_FROM`` bytes or more get tables
(building them takes about as long as checksumming 50 KB); shorter ones are checksummed.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

KEPT_LEVEL = 9  # compressed once, so the smallest output
FRESH_LEVEL = 1  # compressed on every request, so the fastest
STORE_BELOW = 1024  # this request's parts shorter than this are stored, not compressed
# This request's parts are small (tokens, progress, a few forms), and every full flush clears
# the compressor's hash table: with zlib's default (memLevel 8) that is 64 KB per flush, dozens
# of times per page. A small table and window make both the set-up and each flush cheap.
FRESH_MEM_LEVEL = 2
FRESH_WBITS = 12
# Magic, deflate, no flags, no modification time, no extra flags, unknown OS (RFC 1952).
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# An empty last block (fixed Huffman codes: BFINAL, BTYPE 01, end of block), after a byte boundary.
LAST_BLOCK = b"\x03\x00"
MAX_STORED = 65535  # the most one stored block holds (RFC 1951, 3.2.4)
SHIFT_FROM = 4096  # kept pieces at least this long carry the CRC with tables (see the module)
POLY = 0xEDB88320  # CRC-32's polynomial, bit-reversed as zlib computes it
Shift = tuple[list[int], list[int], list[int], list[int]]


def _times(a: int, b: int) -> int:
    """a·b modulo the CRC polynomial (bit-reversed: bit 31 is x^0)."""
    product, bit = 0, 1 << 31
    while bit:
        if a & bit:
            product ^= b
        b = (b >> 1) ^ POLY if b & 1 else b >> 1
        bit >>= 1
    return product


def _powers() -> list[int]:
    """x^(2^k) for k = 0..31, which repeat with period 32 (as zlib's x2n_table)."""
    found = [1 << 30]  # x^1
    for _ in range(31):
        found.append(_times(found[-1], found[-1]))
    return found


X2N = _powers()


def shift_tables(length: int) -> Shift:
    """Tables for multiplying a CRC by x^(8·length): the CRC of some text, carried across
    ``length`` more bytes (``crc32(more, c) == shift(c, tables) ^ crc32(more)``)."""
    factor, k, n = 1 << 31, 3, length  # x^0; 8·length = 2^3·length
    while n:
        if n & 1:
            factor = _times(X2N[k & 31], factor)
        n >>= 1
        k += 1
    columns = [0] * 32  # what each bit of the CRC becomes: bit 31 is x^0, bit j is x^(31-j)
    column = factor
    for j in range(31, -1, -1):
        columns[j] = column
        column = (column >> 1) ^ POLY if column & 1 else column >> 1
    tables = []
    for byte in range(4):
        table = [0]
        for j in range(8):
            add = columns[8 * byte + j]
            table += [value ^ add for value in table]
        tables.append(table)
    return tables[0], tables[1], tables[2], tables[3]


def shift(crc: int, tables: Shift) -> int:
    t0, t1, t2, t3 = tables
    return t0[crc & 255] ^ t1[(crc >> 8) & 255] ^ t2[(crc >> 16) & 255] ^ t3[crc >> 24]


@dataclass(frozen=True)
class Kept:
    """A piece of text with its deflated bytes, ready to be joined into any stream, and its
    CRC-32 (with the tables that carry a CRC across it, when it is long)."""

    text: str
    raw: bytes
    deflated: bytes
    crc: int = field(default=-1, compare=False)
    tables: Shift | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.crc == -1:
            object.__setattr__(self, "crc", zlib.crc32(self.raw))
        if self.tables is None and len(self.raw) >= SHIFT_FROM:
            object.__setattr__(self, "tables", shift_tables(len(self.raw)))


def keep(text: str) -> Kept:
    raw = text.encode()
    compressor = zlib.compressobj(KEPT_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Kept(text, raw, compressor.compress(raw) + compressor.flush(zlib.Z_FULL_FLUSH))


def merge(pieces: list[Kept]) -> Kept:
    """One kept piece that is these in order: each ends at a byte boundary with nothing after it
    referring back, so their deflated bytes simply follow each other."""
    if len(pieces) == 1:
        return pieces[0]
    return Kept(
        "".join(p.text for p in pieces),
        b"".join(p.raw for p in pieces),
        b"".join(p.deflated for p in pieces),
    )


def stored(raw: bytes) -> bytes:
    """``raw`` as stored (uncompressed) deflate blocks, written at a byte boundary."""
    out = []
    for at in range(0, len(raw), MAX_STORED):
        chunk = raw[at : at + MAX_STORED]
        out.append(struct.pack("<BHH", 0, len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


def gzip_join(pieces: Iterable[Kept | str]) -> bytes:
    """The gzip member whose text is all the pieces in order."""
    out = [HEADER]
    crc = size = 0
    fresh = None  # a compressor for this request's longer parts, made when one comes
    pending: list[bytes] = []  # this request's text since the last kept piece
    made: dict[bytes, bytes] = {}  # stored blocks by their text (the token, many times a page)

    def write_pending() -> None:
        nonlocal fresh
        raw = pending[0] if len(pending) == 1 else b"".join(pending)
        pending.clear()
        if len(raw) < STORE_BELOW:
            block = made.get(raw)
            if block is None:
                block = made[raw] = stored(raw)
            out.append(block)
            return
        if fresh is None:
            fresh = zlib.compressobj(FRESH_LEVEL, zlib.DEFLATED, -FRESH_WBITS, FRESH_MEM_LEVEL)
        out.append(fresh.compress(raw) + fresh.flush(zlib.Z_FULL_FLUSH))

    for piece in pieces:
        if isinstance(piece, Kept):
            if pending:  # this request's part first: the kept chunk must not follow mid-block
                write_pending()
            out.append(piece.deflated)
            raw = piece.raw
            tables = piece.tables
            if tables is not None:
                t0, t1, t2, t3 = tables
                crc = t0[crc & 255] ^ t1[(crc >> 8) & 255] ^ t2[(crc >> 16) & 255] ^ t3[crc >> 24]
                crc ^= piece.crc
                size += len(raw)
                continue
        else:
            raw = piece.encode()
            if not raw:
                continue
            pending.append(raw)
        crc = zlib.crc32(raw, crc)
        size += len(raw)
    if pending:
        write_pending()
    out.append(LAST_BLOCK)
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def join_text(pieces: Iterable[Kept | str]) -> str:
    return "".join(p.text if isinstance(p, Kept) else p for p in pieces)


def join_bytes(pieces: Iterable[Kept | str]) -> bytes:
    """The pieces' text as UTF-8, the kept pieces' bytes as they were encoded once."""
    return b"".join(p.raw if isinstance(p, Kept) else p.encode() for p in pieces)
