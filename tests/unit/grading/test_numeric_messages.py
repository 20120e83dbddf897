"""Feedback on numbers in words (templates/activities/_feedback.html): every kind, escaped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.content.specs.numeric import NumericKey
from app.core.grading.numeric import judge
from app.core.grading.result import Feedback, Message
from app.core.quantities.reading import REASONS
from tests.unit.grading.test_messages import words

LABEL = {"label": "Weight — Small box"}


def said(kind: str, items: dict, author_html: str = "") -> str:
    return words(Feedback("q:x", "wrong", (Message(kind, items, author_html),)))


@pytest.mark.parametrize(
    ("kind", "items", "text"),
    [
        ("number-right", {"given": "13 lb"}, "<strong>13 lb</strong> is right."),
        (
            "number-right",
            LABEL | {"given": "13"},
            "Weight — Small box: <strong>13</strong> is right.",
        ),
        (
            "number-close",
            {"given": "5.9 kg", "expected": "13 lb", "tolerance": "0.5 lb"},
            "<strong>5.9 kg</strong> is within 0.5 lb of 13 lb: close enough, though not exact.",
        ),
        (
            "number-close",
            {"given": "13.4", "expected": "13 lb"},
            "<strong>13.4</strong> rounds to 13 lb: close enough, though not exact.",
        ),
        (
            "number-wrong",
            {"given": "12.7", "expected": "13 lb"},
            "<strong>12.7</strong> is not right; the answer is <strong>13 lb</strong>.",
        ),
        (
            "number-missing",
            {"expected": "13 lb"},
            "Not answered; the answer is <strong>13 lb</strong>.",
        ),
        (
            "number-missing",
            LABEL | {"expected": "13 lb"},
            "Weight — Small box: not answered; the answer is <strong>13 lb</strong>.",
        ),
        (
            "number-unit-missing",
            {"given": "13", "unit": "lb"},
            "<strong>13</strong> needs a unit: give the answer in lb.",
        ),
        (
            "number-unit-wrong",
            {"given": "13 cm", "given_unit": "cm", "unit": "lb"},
            "<strong>13 cm</strong> is in cm, which can't be compared with lb, the answer's unit.",
        ),
        (
            "number-unit-forbidden",
            {"given": "13 lb"},
            "<strong>13 lb</strong>: give the number alone, without a unit.",
        ),
        (
            "number-unit-converted",
            {"given": "5.9 kg", "converted": "13.0 lb"},
            "<strong>5.9 kg</strong> = 13.0 lb.",
        ),
        (
            "number-unreadable",
            {"given": "13 lbss", "reason": "unit", "detail": "lbss", "unit": "lb"},
            "We couldn’t read “13 lbss” as a number with a unit: “lbss” is not a unit we know.",
        ),
        (
            "number-unreadable",
            LABEL | {"given": "13,5", "reason": "decimal-point", "detail": "13.5"},
            "Weight — Small box: we couldn’t read “13,5” as a number: "
            "write decimals with a point, as in 13.5.",
        ),
    ],
)
def test_number_messages_in_words(kind, items, text):
    assert said(kind, items) == text


def test_the_authors_words_follow_the_verdict():
    assert said("number-wrong", {"given": "9", "expected": "10 lb"}, "Compare <em>both</em>.") == (
        "<strong>9</strong> is not right; the answer is <strong>10 lb</strong>. Compare <em>both</em>."
    )


def test_every_reason_a_number_is_unreadable_has_words_of_its_own():
    sentences = {
        reason: said("number-unreadable", {"given": "x", "reason": reason, "detail": "d"})
        for reason in REASONS
        if reason != "empty"  # an empty answer is not answered, never unreadable
    }
    assert len(set(sentences.values())) == len(sentences)


def test_what_the_learner_typed_is_escaped():
    verdict = judge(NumericKey(Decimal(1)), "<b>1</b> & 'lbs'")
    assert words(Feedback("q:x", verdict.status, verdict.messages)) == (
        "We couldn’t read “&lt;b&gt;1&lt;/b&gt; &amp; &#39;lbs&#39;” as a number: "
        "it does not start with a number in digits or words."
    )


def test_a_converted_close_answer_reads_as_one_piece_of_feedback():
    key = NumericKey(Decimal(13), "lb", "optional", 0, tolerance=Decimal("0.5"))
    verdict = judge(key, "5.9 kg")
    assert words(Feedback("q:x", verdict.status, verdict.messages)) == (
        "<strong>5.9 kg</strong> = 13.0 lb. "
        "<strong>5.9 kg</strong> is within 0.5 lb of 13 lb: close enough, though not exact."
    )
