"""Page descriptions: one line of plain text, cut at a word to fit search results."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.content.description import LIMIT, meta_description


def test_short_text_is_kept_on_one_line():
    assert meta_description("  Pick,\n pack\tand ship.  ") == "Pick, pack and ship."


def test_long_text_is_cut_after_a_whole_word_with_an_ellipsis():
    text = "word " * 40
    assert meta_description(text) == ("word " * 32).strip() + "…"  # 159 characters + 1


def test_a_word_that_would_cross_the_limit_is_left_out_whole():
    text = "a" * 150 + " tenletters" + " more"
    assert meta_description(text) == "a" * 150 + "…"


def test_punctuation_before_the_cut_is_dropped():
    assert meta_description("one, two; three four", limit=12) == "one, two…"


def test_one_long_word_is_cut_inside_it():
    assert meta_description("x" * 200) == "x" * (LIMIT - 1) + "…"


@given(st.text())
def test_a_description_fits_and_is_the_start_of_the_text(text):
    description = meta_description(text)
    words = " ".join(text.split())
    assert len(description) <= LIMIT
    assert "\n" not in description
    assert words.startswith(description.removesuffix("…"))
