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
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Kept:
    """A piece of text with its deflated bytes, ready to be joined into any stream."""

    text: str
    raw: bytes
    deflated: bytes


def keep(text: str) -> Kept:
    raw = text.encode()
    compressor = zlib.compressobj(KEPT_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Kept(text, raw, compressor.compress(raw) + compressor.flush(zlib.Z_FULL_FLUSH))


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

    def write_pending() -> None:
        nonlocal fresh
        raw = b"".join(pending)
        pending.clear()
        if len(raw) < STORE_BELOW:
            out.append(stored(raw))
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
