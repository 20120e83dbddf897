"""Splitting prose into the sentences that are highlighted and read one at a time."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.speech.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("  Leading and trailing.  ", ["Leading and trailing."]),
        ("Order Placement: The customer orders.", ["Order Placement: The customer orders."]),
        ("Use a 3PL, e.g. a warehouse. Then ship.", ["Use a 3PL, e.g. a warehouse.", "Then ship."]),
        ("A discount (e.g., 10%). Next.", ["A discount (e.g., 10%).", "Next."]),
        ("Ask Dr. Smith. She knows.", ["Ask Dr. Smith.", "She knows."]),
        ("Shipped to the U.S. Customs took days.", ["Shipped to the U.S. Customs took days."]),
        ("J. R. Smith wrote it. Read it.", ["J. R. Smith wrote it.", "Read it."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("It costs 3.5 dollars. Cheap.", ["It costs 3.5 dollars.", "Cheap."]),
        ("Wait... What? (Really.) Yes.", ["Wait...", "What?", "(Really.)", "Yes."]),
        ("see the docs. lower case continues", ["see the docs. lower case continues"]),
        ("3PLs help. 3PLs cost.", ["3PLs help.", "3PLs cost."]),
        ("", []),
        ("   \n ", []),
    ],
)
def test_sentences_split_where_a_reader_would_pause(text, expected):
    assert sentences(text) == expected


@given(st.text(alphabet=st.sampled_from('ab .!?\n(")A1'), max_size=60))
def test_ranges_are_ordered_trimmed_and_leave_only_white_space_between(text):
    ranges = split_sentences(text)
    position = 0
    for start, end in ranges:
        assert position <= start < end <= len(text)
        assert text[position:start].strip() == ""
        assert not text[start].isspace() and not text[end - 1].isspace()
        position = end
    assert text[position:].strip() == ""


def test_a_long_paragraph_of_short_sentences_splits_in_linear_time():
    text = "Ask Dr. A. B. Smith. He said: yes. " * 20_000  # 700 KB; minutes when quadratic
    started = time.thread_time()
    ranges = split_sentences(text)
    assert time.thread_time() - started < 2
    assert len(ranges) == 40_000 and sentences(text[:35]) == [
        "Ask Dr. A. B. Smith.",
        "He said: yes.",
    ]


def test_an_abbreviation_is_recognised_however_much_text_comes_before_it():
    text = "Read on. " * 2_000 + "Ask Dr. Smith. She knows."
    assert sentences(text)[-2:] == ["Ask Dr. Smith.", "She knows."]
