from __future__ import annotations

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from app.core.grading.ordering import (
    displacement,
    longest_non_decreasing,
    misordered_pairs,
    ordered_pairs,
    out_of_run,
)
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


GROUPS = [["a"], ["b", "c"], ["d"]]


@given(st.permutations(["a", "b", "c", "d", "x"]), st.integers(0, 5))
def test_misordered_pairs_counts_pairs_of_stages_reversed_or_incomplete(items, keep):
    sequence = items[:keep]
    rank = {"a": 0, "b": 1, "c": 1, "d": 2}
    expected = sum(
        1
        for first, later in combinations("abcd", 2)
        if rank[first] != rank[later]
        and not (
            first in sequence
            and later in sequence
            and sequence.index(first) < sequence.index(later)
        )
    )
    assert misordered_pairs(sequence, GROUPS) == expected
    assert ordered_pairs(GROUPS) == 5


def test_out_of_run_counts_the_items_to_move_or_add():
    assert out_of_run(["a", "c", "b", "d"], GROUPS) == 0
    assert out_of_run(["d", "a", "b", "c"], GROUPS) == 1
    assert out_of_run(["d", "c", "b", "a"], GROUPS) == 2  # "c", "b" are one stage: a run
    assert out_of_run(["a"], GROUPS) == 3


def test_displacement_adds_up_the_places_each_item_stands_off_its_span():
    assert displacement(["a", "c", "b", "d"], GROUPS) == 0
    assert displacement(["b", "a", "c", "d"], GROUPS) == 1 + 1  # b before its span, a after
    assert displacement(["d", "c", "b", "a"], GROUPS) == 3 + 0 + 0 + 3
    assert displacement(["x", "a", "b", "c", "d"], GROUPS) == 1 + 1 + 0 + 1  # all shifted
    assert displacement([], GROUPS) == 3 + 1 + 1 + 3  # as far as a place of the order can be
