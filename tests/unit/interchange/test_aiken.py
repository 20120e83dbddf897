"""Reading Aiken files: single-answer questions, and their problems at their lines."""

from __future__ import annotations

from pathlib import Path

from app.core.interchange.aiken import parse_aiken
from app.core.interchange.importing import read_questions

DATA = Path(__file__).parents[2] / "data" / "gift"


def test_questions_options_and_the_right_one():
    questions, problems = parse_aiken((DATA / "capitals.aiken").read_text(), "c.aiken")
    assert problems.errors == []
    assert [(q.line, q.kind, q.text) for q in questions] == [
        (1, "single", "What is the capital of France?"),
        (7, "single", "Which carrier is a parcel carrier?"),
    ]
    assert [(c.text, c.right, c.line) for c in questions[1].choices] == [
        ("Stripe", False, 8),
        ("UPS", True, 9),
    ]


def test_problems_are_at_their_lines():
    _, problems = parse_aiken((DATA / "broken.aiken").read_text(), "b.aiken")
    assert [(e.line, e.message) for e in problems.errors] == [
        (3, "option 'C' is out of order: options are lettered A, B, C… (expected 'B')"),
        (9, "'ANSWER: D' names no option: write one of A, B"),
        (11, "this question has no 'ANSWER: <letter>' line: add one after its options"),
    ]


def test_an_answer_line_without_a_question_and_too_few_options():
    _, problems = parse_aiken("ANSWER: A\n\nQ?\nA) one\nANSWER: A\n", "b.aiken")
    assert [(e.line, e.message[:30]) for e in problems.errors] == [
        (1, "'ANSWER:' with no question bef"),
        (3, "a question needs at least two "),
    ]


def test_aiken_is_told_from_gift_by_its_answer_lines():
    aiken, _ = read_questions((DATA / "capitals.aiken").read_text(), "x.txt")
    gift, _ = read_questions("Q? {=a ~b}\n", "x.txt")
    assert (len(aiken), len(gift)) == (2, 1)
