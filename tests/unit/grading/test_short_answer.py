"""Short answers forgive typos and a few extra words, and never take one term for another."""

from __future__ import annotations

import pytest

from app.core.grading.quiz import grade, parse
from app.core.grading.result import Feedback, Message
from app.core.grading.short_answer import ShortMatch, match_short
from tests.unit.grading.helpers import activity
from tests.unit.grading.test_messages import words

TPL = ("third-party logistics",)


def verdict(answer: str, accepted: tuple[str, ...] = TPL, **tolerance) -> str:
    found = match_short(answer, accepted, **tolerance)
    return "wrong" if found is None else "exact" if found.exact else "close"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Third party logistics", "exact"),
        ("  THIRD-PARTY   logistics!", "exact"),
        # typos: 5-7 letters one edit, 8 or more two; two neighbours swapped is one edit
        ("Thrid-party logistics", "close"),
        ("third-pary logistics", "close"),
        ("third-party logistcs", "close"),
        ("third-party lgistcs", "close"),
        ("third-party lgstcs", "wrong"),  # three edits from "logistics"
        ("thrd-prty logistics", "close"),  # one edit in each word
        ("thirdparty logistics", "close"),  # words run together
        # extra words: at most as many as the accepted answer has (three)
        ("third-party logistics provider (3PL)", "close"),
        ("a third party logistics company", "close"),
        ("it stands for third-party logistics", "close"),
        ("it stands for the third-party logistics", "wrong"),
        ("a thrid party logistics company", "close"),  # both at once
        # other terms, however close
        ("fourth-party logistics", "wrong"),
        ("second party logistics", "wrong"),
        ("4th party logistics", "wrong"),
        ("3rd party logistics", "wrong"),  # numbers must be exact (list it to accept it)
        ("not third-party logistics", "wrong"),
        ("non third party logistics", "wrong"),
        ("third-party logistics or dropshipping", "wrong"),
        ("third-party logistics versus in-house", "wrong"),
        ("third-party logistics 4", "wrong"),
        ("party logistics", "wrong"),  # a word short
        ("logistics third party", "wrong"),  # out of order
        ("", "wrong"),
        ("!!!", "wrong"),
    ],
)
def test_a_phrase_of_several_words_forgives_typos_and_extra_words(answer, expected):
    assert verdict(answer) == expected


@pytest.mark.parametrize(
    ("answer", "accepted", "expected"),
    [
        ("Dropshiping", "dropshipping", "close"),  # 12 letters: two edits
        ("drpshiping", "dropshipping", "close"),
        ("dropshipping model", "dropshipping", "wrong"),  # one word: no extra words by default
        ("Pack", "pack", "exact"),
        ("pakc", "pack", "wrong"),  # four letters or fewer: exact
        ("3pls", "3pl", "wrong"),
        ("fifth", "sixth", "wrong"),
        ("seventh", "seventy", "wrong"),  # an ordinal is no typo of a number
        ("sevnty", "seventy", "close"),
        ("unreturnable", "returnable", "wrong"),  # a negation, though two edits away
        ("returnabel", "returnable", "close"),
        ("atypical", "typical", "wrong"),
        ("typicl", "typical", "close"),
    ],
)
def test_single_words_forgive_typos_by_their_length_and_never_change_meaning(
    answer, accepted, expected
):
    assert verdict(answer, (accepted,)) == expected


@pytest.mark.parametrize(
    ("answer", "tolerance", "expected"),
    [
        ("Thrid-party logistics", {"typos": False}, "wrong"),
        ("thirdparty logistics", {"typos": False}, "wrong"),
        ("third-party logistics provider", {"typos": False}, "close"),
        ("third-party logistics provider", {"extra_words": False}, "wrong"),
        ("Thrid-party logistics", {"extra_words": False}, "close"),
        ("Thrid-party logistics provider", {"typos": False, "extra_words": False}, "wrong"),
        ("Third-party logistics", {"typos": False, "extra_words": False}, "exact"),
    ],
)
def test_each_tolerance_can_be_turned_off(answer, tolerance, expected):
    assert verdict(answer, **tolerance) == expected


def test_a_single_word_may_be_given_extra_words():
    assert verdict("dropshipping model", ("dropshipping",), extra_words=True) == "close"
    assert verdict("the dropshipping model", ("dropshipping",), extra_words=True) == "wrong"
    assert verdict("pakc", ("pack",), typos=True) == "wrong"  # too short to have typos


def test_rejected_answers_are_wrong_however_close():
    accepted = ("logistics provider",)
    assert verdict("logistic provider", accepted) == "close"
    assert verdict("logistic provider", accepted, reject=("logistic provider",)) == "wrong"
    assert verdict("a logistic provider", accepted, reject=("logistic provider",)) == "wrong"
    assert verdict("logistics provider", accepted, reject=("logistic provider",)) == "exact"


def test_words_of_rejected_answers_are_neither_typos_nor_extra_words():
    reject = ("reverse logistics", "logistic regression")
    assert verdict("global third-party logistics", reject=reject) == "close"
    assert verdict("reverse third-party logistics", reject=reject) == "wrong"
    assert verdict("third-party logistic") == "close"
    assert verdict("third-party logistic", reject=reject) == "wrong"


def test_another_term_of_the_quiz_is_no_typo():
    assert verdict("shipping", ("shopping",)) == "close"
    assert verdict("shipping", ("shopping",), other_terms=("Shipping costs",)) == "wrong"
    assert verdict("shoping", ("shopping",), other_terms=("Shipping costs",)) == "close"
    assert verdict("drop shipping", ("dropshipping",)) == "close"
    assert verdict("drop shipping", ("dropshipping",), other_terms=("Drop shipping",)) == "wrong"


def test_the_match_names_the_accepted_answer_as_written():
    accepted = ("3PL", "Third-Party Logistics")
    assert match_short("Thrid party logistics", accepted) == ShortMatch(accepted[1], False)
    assert match_short("3pl", accepted) == ShortMatch("3PL", True)


QUIZ = """\
review: one
questions:
  - id: first
    type: single
    prompt: What moves the parcel?
    options:
      - {id: ship, text: Shipping, correct: true}
      - {id: pack, text: Packing, feedback: Packing comes before.}
  - id: acronym
    type: short
    prompt: What does 3PL stand for?
    accept: [Third-Party <Logistics>]
    feedback: It stands for Third-Party Logistics.
  - id: browse
    type: short
    prompt: What do customers do in an online store?
    accept: [shopping]
    feedback: They shop.
"""


def graded(answers: dict[str, str]):
    quiz = activity("quiz", QUIZ)
    form = {f"q:{q}": [a] for q, a in answers.items()}
    return grade(quiz.spec, parse(quiz.spec, form)).by_key()


def test_an_answer_taken_through_tolerance_is_right_and_asks_did_you_mean():
    item = graded({"acronym": "a thrid-party logistics company"})["q:acronym"]
    assert (item.status, item.points, item.review) == ("correct", 1.0, None)
    assert item.messages == (Message("short-close", {"accepted": "Third-Party <Logistics>"}),)
    assert words(item) == "Counted as right — did you mean “Third-Party &lt;Logistics&gt;”?"


def test_an_exact_answer_says_nothing_and_a_wrong_one_gives_the_feedback():
    assert graded({"acronym": "third party logistics"})["q:acronym"].messages == ()
    wrong = graded({"acronym": "fourth-party logistics"})["q:acronym"]
    assert wrong.status == "wrong"
    assert [m.kind for m in wrong.messages] == ["question-feedback"]


def test_the_quizs_other_options_are_known_terms_not_typos():
    assert graded({"browse": "shoping"})["q:browse"].status == "correct"
    assert graded({"browse": "shipping"})["q:browse"].status == "wrong"


def test_a_short_close_message_renders_in_words():
    message = Message("short-close", {"accepted": "in-house & co"})
    assert words(Feedback("q:a", "correct", (message,))) == (
        "Counted as right — did you mean “in-house &amp; co”?"
    )
