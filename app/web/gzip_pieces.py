"""One gzip body from pieces of text, some of them compressed once and kept.

Most of a lesson page is the same for every learner, and compressing the whole page on every
request cost more than building it. A shared piece is compressed once and ends with a full flush:
byte-aligned, and nothing after it refers back across it. Kept chunks and the parts compressed for
this request can then be joined into one valid deflate stream. The gzip trailer needs the CRC-32
and the length of all the text, which zlib computes far faster than it compresses.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

KEPT_LEVEL = 9  # compressed once, so the smallest output
FRESH_LEVEL = 1  # compressed on every request, so the fastest
# This request's parts are small (tokens, progress, a few forms), and every full flush clears
# the compressor's hash table: with zlib's default (memLevel 8) that is 64 KB per flush, dozens
# of times per page. A small table and window make both the set-up and each flush cheap.
FRESH_MEM_LEVEL = 2
FRESH_WBITS = 12
# Magic, deflate, no flags, no modification time, no extra flags, unknown OS (RFC 1952).
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


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


def gzip_join(pieces: Iterable[Kept | str]) -> bytes:
    """The gzip member whose text is all the pieces in order."""
    out = [HEADER]
    crc = size = 0
    fresh = zlib.compressobj(FRESH_LEVEL, zlib.DEFLATED, -FRESH_WBITS, FRESH_MEM_LEVEL)
    pending = False  # text given to ``fresh`` since its last full flush
    for piece in pieces:
        if isinstance(piece, Kept):
            if pending:  # end this request's part first: the kept chunk must not follow mid-block
                out.append(fresh.flush(zlib.Z_FULL_FLUSH))
                pending = False
            out.append(piece.deflated)
            raw = piece.raw
        else:
            raw = piece.encode()
            out.append(fresh.compress(raw))
            pending = True
        crc = zlib.crc32(raw, crc)
        size += len(raw)
    out.append(fresh.flush(zlib.Z_FINISH))  # the final block
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def join_text(pieces: Iterable[Kept | str]) -> str:
    return "".join(p.text if isinstance(p, Kept) else p for p in pieces)
