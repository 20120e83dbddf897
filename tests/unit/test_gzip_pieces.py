"""Kept compressed pieces and fresh text join into one valid gzip member with the right text."""

from __future__ import annotations

import gzip

from hypothesis import given
from hypothesis import strategies as st

from app.web.gzip_pieces import gzip_join, join_text, keep

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
