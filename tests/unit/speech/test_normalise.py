"""The text an engine is given: symbols and abbreviations said as a teacher would say them."""

from __future__ import annotations

import pytest

from app.core.speech.normalise import collapse_spaces, spoken_text


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("A discount (e.g., 10% off).", "A discount (for example, 10 percent off)."),
        ("Pick i.e. retrieve.", "Pick that is, retrieve."),
        ("Boxes, tape, etc.", "Boxes, tape, et cetera."),
        ("In-house vs. 3PL", "In-house versus 3PL"),
        ("Picking & Packing", "Picking and Packing"),
        ("Guide — a step-by-step one", "Guide, a step-by-step one"),
        ("returns/exchanges", "returns or exchanges"),
        ("The main steps are:", "The main steps are"),
        ("Lots   of\nspace .", "Lots of space."),
    ],
)
def test_spoken_text_reads_symbols_and_abbreviations_as_words(written, spoken):
    assert spoken_text(written) == spoken


@pytest.mark.parametrize("unsayable", ["", "—", " | ", "***", "…"])
def test_text_without_words_has_nothing_to_say(unsayable):
    assert spoken_text(unsayable) == ""


def test_collapse_spaces_is_how_written_texts_are_compared():
    assert collapse_spaces("  a\n b\t\tc ") == "a b c"
