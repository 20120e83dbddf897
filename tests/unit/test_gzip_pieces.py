"""Kept compressed pieces and fresh text join into one valid gzip member with the right text."""

from __future__ import annotations

import gzip
import zlib

from hypothesis import given
from hypothesis import strategies as st

from app.web.compression import gzip_page
from app.web.gzip_pieces import (
    LAST_BLOCK,
    SHIFT_FROM,
    STORE_BELOW,
    Kept,
    gzip_join,
    join_bytes,
    join_text,
    keep,
    merge,
    shift,
    shift_tables,
    stored,
)

words = st.sampled_from(["order", " ", "é", "✓", "<p>", "\n", "ship"])
texts = st.lists(words, max_size=300).map("".join)
pieces = st.lists(st.tuples(st.booleans(), texts), max_size=25)


@given(pieces)
def test_any_mix_of_kept_and_fresh_pieces_decompresses_to_their_text(spec):
    parts = [keep(text) if kept else text for kept, text in spec]
    assert gzip.decompress(gzip_join(parts)).decode() == join_text(parts)


def test_text_repeated_across_pieces_still_compresses():
    chunk = "<li>Order placement, processing, picking, packing and shipping.</li>\n" * 200
    body = gzip_join([keep(chunk), "token", keep(chunk)])
    assert len(body) < len(chunk) / 10


def test_short_fresh_parts_are_stored_and_long_ones_compressed():
    short, long = "t0ken" * 20, "<p>Your own answer, as you wrote it.</p>\n" * 100
    assert len(short.encode()) < STORE_BELOW <= len(long.encode())
    stored_body = gzip_join([keep("a"), short, keep("b")])
    assert short.encode() in stored_body  # as it is, in a stored block
    packed = gzip_join([keep("a"), long, keep("b")])
    assert long.encode() not in packed
    assert len(packed) < len(long) / 5
    for body, text in ((stored_body, short), (packed, long)):
        assert gzip.decompress(body).decode() == "a" + text + "b"


def test_stored_blocks_hold_any_length():
    raw = bytes(range(256)) * 300  # more than one stored block can hold
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    assert inflate.decompress(stored(raw) + LAST_BLOCK) == raw
    assert inflate.eof


@given(pieces)
def test_joined_bytes_are_the_joined_text_in_utf_8(spec):
    parts = [keep(text) if kept else text for kept, text in spec]
    assert join_bytes(parts) == join_text(parts).encode()


@given(st.binary(max_size=70000) | texts.map(str.encode))
def test_a_page_gzipped_with_a_window_its_size_decompresses_to_itself(data):
    assert gzip.decompress(gzip_page(data)) == data


def test_a_small_page_compresses_as_well_as_with_the_default_window():
    page = ("<li><a href='/lessons/a'>Order management</a> · 12 min</li>\n" * 40).encode()
    assert len(gzip_page(page)) <= len(gzip.compress(page, 1)) * 1.05


@given(st.integers(0, 1 << 24), st.integers(0, 0xFFFFFFFF), st.binary(max_size=64))
def test_the_tables_carry_a_crc_across_that_many_bytes(length, crc, tail):
    """``crc32(more, c) == shift(c) ^ crc32(more)`` for any text ``more`` of that length (only
    its length matters; checked on zeros and a random tail of the same length)."""
    zeros = bytes(length)
    assert shift(crc, shift_tables(length)) ^ zlib.crc32(zeros) == zlib.crc32(zeros, crc)
    assert shift(crc, shift_tables(len(tail))) ^ zlib.crc32(tail) == zlib.crc32(tail, crc)


@given(st.lists(st.tuples(st.booleans(), st.integers(1, 3)), min_size=1, max_size=8))
def test_long_kept_pieces_make_the_same_valid_gzip_member(spec):
    """Long kept pieces carry the CRC with their tables; gzip.decompress checks the CRC."""
    chunk = "<p>Picking, packing and shipping, é ✓.</p>\n"
    parts = [
        keep(chunk * (SHIFT_FROM // len(chunk) * size)) if kept else "token" * size
        for kept, size in spec
    ]
    assert all(p.tables for p in parts if isinstance(p, Kept))
    assert gzip.decompress(gzip_join(parts)).decode() == join_text(parts)


@given(st.lists(texts, min_size=1, max_size=6))
def test_merged_pieces_are_the_pieces_in_order(chunks):
    kept = [keep(chunk * 40) for chunk in chunks]
    whole = merge(kept)
    assert whole.text == "".join(chunks_ * 40 for chunks_ in chunks)
    assert whole.crc == zlib.crc32(whole.raw)
    assert gzip.decompress(gzip_join(["a", whole, "b"])).decode() == "a" + whole.text + "b"
