"""Rubric feedback on written answers: concepts, negation, sentences, prose, tone, length, dates."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.content.errors import ContentErrors
from app.core.grading import ResponseError
from app.core.grading.free_text import grade, model_answer_due, parse
from app.core.grading.result import Message
from app.core.rubric.patterns import spans
from tests.unit.grading.helpers import activity

RUBRIC = """\
min_words: 12
max_words: 80
model_answer: |
  Dear Sam, we are sorry that your order is late. Our courier lost a van, so parcels are
  delayed. Your new estimated delivery date is Friday, June 14. Please enjoy 15% off your
  next order as a thank you, and reply to this email with any questions.
criteria:
  - id: apology
    label: Apologises
    keywords: [~apology]
    met: You own the problem.
    missed: Apologise first.
    review: one
  - id: compensation
    label: Offers a discount on the next order
    keywords: [[~discount], [~future-order]]
    weight: 2
    missed: Offer something for the next order.
  - id: date
    label: Gives a new date
    pattern: date
    near: [~new-date-cue]
    not_near: [~old-date-cue]
    missed: Say when it will arrive.
  - id: tone
    label: Blames the customer
    keywords: [~blame-customer, ~turn-away]
    deduct: 2
    missed: Don't blame the customer.
"""
PADDING = " We value you as a customer and we hope this helps you plan your week."
# Eighty-odd words of varied prose, to go past a word limit without repeating itself.
LONG = (
    " Our team has checked every part of the order again this morning."
    " The box was packed with care and sealed with fresh tape."
    " We also added a small card with notes on looking after the product."
    " Many customers tell us that the first week is the best time to try it."
    " If the colour is not what you hoped for, our guide explains the options."
    " The warehouse staff send their regards and thank you for choosing a small shop."
    " We are proud of the work that goes into each piece we make by hand."
)


@pytest.fixture(scope="module")
def spec():
    return activity("exercise free-text", RUBRIC).spec


def result_for(spec, text):
    return grade(spec, parse(spec, {"answer": [text]}))


def status(spec, text, criterion):
    return result_for(spec, text).by_key()[f"criterion:{criterion}"].status


GOOD = (
    "Dear Sam, we are sorry your order is late. It will now arrive by March 14. "
    "Please enjoy 15% off your next order."
)


def test_an_answer_meeting_every_criterion_scores_full_marks_and_quotes_its_evidence(spec):
    result = result_for(spec, GOOD)
    assert (result.score, result.max_score) == (4, 4)
    (message,) = result.by_key()["criterion:apology"].messages
    assert message.kind == "criterion-met"
    assert message.items["quote"] == ("sorry",)
    assert message.items["sentence"] == "Dear Sam, we are sorry your order is late"
    assert message.author_html == "You own the problem."


@pytest.mark.parametrize(
    "apology",
    [
        "Please forgive us for the wait.",  # a phrase of the shipped list
        "We apologised to everyone waiting.",  # an inflection
        "We apologise for the wait.",  # British spelling
        "We are so sory for the wait.",  # a misspelling of a longer word
        "Apolgies for the wait.",
    ],
)
def test_concepts_match_synonyms_inflections_british_spelling_and_typos(spec, apology):
    assert status(spec, apology + PADDING, "apology") == "correct"


def test_a_misspelling_is_reported_with_the_word_it_was_read_as(spec):
    (message,) = (
        result_for(spec, "We are so sory for the wait." + PADDING)
        .by_key()["criterion:apology"]
        .messages
    )
    assert message.items["read_as"] == ("sory → sorry",)


def test_a_different_real_word_is_not_a_misspelling():
    text = "In the busy season your order waits." + PADDING
    spec = activity(
        "exercise free-text",
        "criteria:\n  - {id: r, label: Reason, keywords: [reason], missed: Why?}\n",
    ).spec
    assert status(spec, text, "r") == "wrong"


@pytest.mark.parametrize(
    "text",
    [
        "We are not sorry about anything.",
        "We will never apologise for this.",
        "Without any apology, here is your parcel.",
    ],
)
def test_a_negated_phrase_does_not_count_and_the_feedback_quotes_it(spec, text):
    item = result_for(spec, text + PADDING).by_key()["criterion:apology"]
    assert item.status == "wrong"
    assert item.messages[0].items["negated"]


def test_negation_stops_at_the_clause_and_idioms_do_not_negate(spec):
    assert status(spec, "We can't ship today, but we are sorry." + PADDING, "apology") == "correct"
    text = "Don't hesitate to use 10% off your next order." + PADDING
    assert status(spec, text, "compensation") == "correct"


def test_ideas_that_belong_together_must_share_a_sentence(spec):
    text = "Here is a discount code for you. We hope to see your next order." + PADDING
    item = result_for(spec, text).by_key()["criterion:compensation"]
    assert item.status == "wrong"
    assert item.messages[0].items["apart"] == ("discount", "next order")


def test_a_missed_criterion_says_what_it_looks_for(spec):
    item = result_for(spec, "Your parcel is on its way to you." + PADDING).by_key()[
        "criterion:apology"
    ]
    message = item.messages[0]
    assert message.kind == "criterion-missed"
    assert "sorry" in message.items["looks_for"]
    assert message.author_html == "Apologise first."
    assert item.review == "one"


@pytest.mark.parametrize(
    "text",
    [
        "sorry discount next order date tracking sorry discount next order date tracking",
        "Sorry. " * 20,
        "We are sorry. We are sorry. We are sorry. Discount on your next order. June 14 now.",
        "sorry delay reason discount next order arrive June 14 coupon voucher apology regret "
        "tracking contact reply support credit refund shipping courier storm",
    ],
)
def test_an_answer_that_is_not_prose_earns_nothing_for_its_keywords(spec, text):
    result = result_for(spec, text)
    assert result.score == 0
    assert result.feedback[0].messages[0].kind == "answer-not-prose"
    assert result.details["refused"] == "not-prose"


def test_a_keyword_list_sentence_inside_prose_earns_nothing(spec):
    text = (
        "Thanks for writing to us about your order today."
        " Sorry discount voucher coupon next order refund tracking." + PADDING
    )
    assert status(spec, text, "compensation") == "wrong"
    assert status(spec, text, "apology") == "wrong"


def test_an_answer_in_another_language_is_told_so(spec):
    text = (
        "Bonjour Sam, nous sommes désolés pour le retard de votre commande. Elle arrivera le 14 "
        "juin et nous vous offrons une remise de 10 % sur votre prochaine commande."
    )
    result = result_for(spec, text)
    assert result.score == 0
    assert result.feedback[0].messages[0] == Message("answer-language", {"reason": "French"})


def test_a_near_copy_of_the_model_answer_is_not_credited(spec):
    text = spec.model_answer_text.replace("Sam", "Alex").replace("15%", "20%")
    result = result_for(spec, text)
    assert result.score == 0
    assert result.details["refused"] == "copied"


def test_a_deduction_takes_points_off_and_quotes_the_words(spec):
    text = GOOD + " It is your fault for ordering so late."
    result = result_for(spec, text)
    item = result.by_key()["criterion:tone"]
    assert item.status == "wrong" and item.points == -2
    assert item.messages[0].items["quote"] == ("your fault",)
    assert result.score == 2


def test_a_sentence_that_earns_a_deduction_earns_nothing_else(spec):
    text = "Sorry it is your fault. It will now arrive by March 14. Enjoy 15% off your next order."
    assert status(spec, text, "apology") == "wrong"


def test_a_negated_deduction_does_not_apply(spec):
    assert status(spec, GOOD + " This is not your fault at all.", "tone") == "correct"


@pytest.mark.parametrize(
    "date",
    [
        "Your new ETA is the 14th.",
        "We expect it to arrive next Tuesday.",
        "It will be delivered within 3–5 business days.",
        "It should reach you early next week.",
        "It ships on 12/05.",
    ],
)
def test_new_dates_in_context_count(spec, date):
    assert status(spec, date + PADDING, "date") == "correct"


@pytest.mark.parametrize(
    "text",
    [
        "It was supposed to arrive on Monday.",  # the date that was missed
        "You placed it on June 2.",
        "We have no date yet, it will come soon.",
        "It will arrive in a few days.",
    ],
)
def test_old_or_vague_dates_do_not_count(spec, text):
    assert status(spec, text + PADDING, "date") == "wrong"


def test_length_outside_the_limits_holds_the_pass_and_says_so(spec):
    short = result_for(spec, "Sorry!")
    (note,) = [i for i in short.feedback if i.key == "length"]
    assert note.messages == (Message("length-short", {"words": "1", "min": "12", "gate": "yes"}),)
    assert short.details["held"] == "length-short"
    long = result_for(spec, GOOD + LONG)
    assert long.percent == 100 and long.details["held"] == "length-long"


def test_an_author_can_choose_a_length_penalty_instead():
    spec = activity("exercise free-text", "length_penalty: 25\n" + RUBRIC).spec
    result = result_for(spec, GOOD + LONG)
    assert "held" not in result.details
    assert result.percent == 75


@pytest.mark.parametrize(
    ("rule", "count", "best", "passed", "due"),
    [
        ("credit", 1, 0, False, False),  # a junk first attempt shows nothing
        ("credit", 1, 25, False, True),
        ("pass", 3, 60, False, False),
        ("pass", 1, 80, True, True),
        (2, 1, 50, False, False),
        (2, 2, 0, False, True),
    ],
)
def test_the_model_answer_is_due_as_the_author_chose(rule, count, best, passed, due):
    after = f"model_answer_after: {rule}\n"
    spec = activity("exercise free-text", after + RUBRIC).spec

    class State:
        pass

    state = State()
    state.count, state.best_percent, state.passed = count, best, passed
    assert model_answer_due(spec, state) is due


CHOICE = """\
criteria:
  - id: reason
    label: Gives a reason for the choice
    keywords: [~budget, ~control]
    not_with: [~drawback-cue, lose]
    missed: Say why.
  - id: drawback
    label: Names a drawback
    keywords: [~drawback-named]
    or_keywords:
      - [[~drawback-cue], [~budget, ~control, time]]
    missed: Say what it costs you.
"""
CHOICE_PADDING = " I make silver rings at home and sell them online to people all over the country."


@pytest.fixture(scope="module")
def choice():
    return activity("exercise free-text", CHOICE).spec


@pytest.mark.parametrize(
    "text",
    [
        "The downside is the cost of a warehouse every month.",
        "I'd lose control over how each ring is packed.",
    ],
)
def test_a_phrase_in_a_clause_naming_a_drawback_is_no_reason(choice, text):
    assert status(choice, text + CHOICE_PADDING, "reason") == "wrong"


def test_a_reason_in_another_clause_of_the_sentence_still_counts(choice):
    text = "In-house keeps costs low, though the downside is my time." + CHOICE_PADDING
    assert status(choice, text, "reason") == "correct"
    assert status(choice, text, "drawback") == "correct"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I don't need to spend money on stock before I sell anything.", "correct"),
        ("I won't have to invest in a warehouse.", "correct"),
        ("Money is not an issue for me.", "wrong"),
        ("Keeping it in-house costs me next to nothing.", "correct"),
    ],
)
def test_a_saving_said_with_a_negation_is_a_reason_about_the_budget(choice, text, expected):
    assert status(choice, text + CHOICE_PADDING, "reason") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It has a few disadvantages, like every method.", "wrong"),
        ("There are pros and cons.", "wrong"),
        ("The catch is the time it takes.", "correct"),
        ("Packing takes my time.", "correct"),
        ("Keeping it in-house costs me next to nothing.", "wrong"),
    ],
)
def test_a_drawback_is_named_not_just_announced(choice, text, expected):
    assert status(choice, text + CHOICE_PADDING, "drawback") == expected


DELIVERY = """\
criteria:
  - id: delivery
    label: Plans a delivery for large items
    keywords: [white-glove, freight*]
    partly: [courier*]
    weight: 2
    missed: Plan the delivery.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We send every sofa with a courier.", "partial"),
        ("Instead of white-glove delivery we send every sofa with a courier.", "wrong"),
        ("We won't pay for freight. A courier takes every sofa.", "partial"),
    ],
)
def test_no_half_credit_in_a_sentence_that_declines_the_criterion(text, expected):
    spec = activity("exercise free-text", DELIVERY).spec
    assert status(spec, text + CHOICE_PADDING, "delivery") == expected


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            "keywords: [~apologee]",
            "'~apologee' is not a shipped phrase list (did you mean 'apology'?)",
        ),
        ("keywords: [sorry]\n    deduct: 2\n    weight: 1", "has both 'deduct' and 'weight'"),
        ("keywords: [sorry]\n    near: [new]", "'near' needs a 'pattern'"),
        ("pattern: date\n    not_with: [late]", "'not_with' needs 'keywords'"),
        ("keywords: [sorry]\n    or_keywords: sorry", "must be a list of keyword lists"),
        ("pattern: when", "must be one of"),
    ],
)
def test_the_checker_explains_rubric_mistakes_with_the_line(yaml, message):
    text = f"criteria:\n  - id: c\n    label: C\n    missed: M\n    {yaml}\n"
    with pytest.raises(ContentErrors) as caught:
        activity("exercise free-text", text)
    assert message in str(caught.value)
    assert re.search(r":\d+: exercise|:\d+: x", str(caught.value))


@pytest.mark.parametrize(
    "form", [{}, {"answer": ["   "]}, {"answer": ["x" * 10_001]}, {"answer": ["a\x00b"]}]
)
def test_empty_oversized_or_binary_answers_are_refused(spec, form):
    with pytest.raises(ResponseError):
        parse(spec, form)


@pytest.mark.parametrize("text", ["as soon as possible", "shortly", "in a couple of days"])
def test_vague_promises_are_not_dates(text):
    assert not spans("date", text)


@given(st.text(min_size=1, max_size=400).filter(lambda t: t.strip() and "\x00" not in t))
def test_any_text_scores_within_bounds(text):
    spec = activity("exercise free-text", RUBRIC).spec
    result = grade(spec, parse(spec, {"answer": [text]}))
    assert 0 <= result.score <= result.max_score
