from __future__ import annotations

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from app.core.grading.ordering import longest_non_decreasing
from app.core.grading.text_match import canonical, contains_phrase, normalise, same_answer


def brute_force(ranks):
    for size in range(len(ranks), 0, -1):
        for picked in combinations(range(len(ranks)), size):
            values = [ranks[i] for i in picked]
            if values == sorted(values):
                return size
    return 0


@given(st.lists(st.integers(0, 5), max_size=9))
def test_longest_non_decreasing_subsequence_is_longest_and_non_decreasing(ranks):
    picked = longest_non_decreasing(ranks)
    values = [ranks[i] for i in picked]
    assert values == sorted(values) and picked == sorted(picked)
    assert len(picked) == brute_force(ranks)


def test_normalise_folds_case_accents_and_punctuation():
    assert normalise("  Third-Party   Logistics! ") == "third party logistics"
    assert normalise("Café’s") == "cafes"


def test_synonyms_make_answers_equal():
    groups = (("3pl", "third party logistics"),)
    assert canonical("Third-party logistics", groups) == "3pl"
    assert same_answer("third party logistics", ("3PL",), groups)
    assert not same_answer("", ("3PL",), groups)


def test_phrases_match_whole_words_and_stars_match_any_ending():
    assert contains_phrase("Pros and cons.", "cons")
    assert not contains_phrase("Consider this.", "cons")
    assert contains_phrase("We apologise.", "apolog*")
    assert not contains_phrase("Unapologetic", "apolog*")
    assert contains_phrase("Order tracking", "track*") and not contains_phrase(
        "Order tracking", "track"
    )
    assert contains_phrase("15% off your order", "% off")
