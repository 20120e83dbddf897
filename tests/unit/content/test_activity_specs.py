"""Mistakes inside activity blocks are reported as ``file:line: message`` at the faulty field."""

from __future__ import annotations

import pytest

from app.core.content import ContentErrors, parse_lesson
from tests.content_helpers import body_line, lesson_text


def errors_for(kind_and_type: str, yaml: str) -> tuple[str, list[str]]:
    kind, _, activity_type = kind_and_type.partition(" ")
    head = "id: x\nprompt: Do it.\n" + (f"type: {activity_type}\n" if activity_type else "")
    text = lesson_text(f"## One {{#one}}\n\n```{kind}\n{head}{yaml}```\n")
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "lesson.md")
    return text, [str(e) for e in caught.value.errors]


CASES = [
    # process maps
    (
        "exercise process-map",
        "steps: [{id: a, label: A}]\norder: [a, b]\n",
        "order: [a, b]",
        "'order' names 'b', which is not one of the steps",
    ),
    (
        "exercise process-map",
        "steps: [{id: a, label: A}, {id: b, label: B}]\norder: [a, b]\npolicy: fastest\n",
        "policy: fastest",
        "'policy' must be one of 'all-or-nothing', 'position', 'lcs', 'pairs'",
    ),
    (
        "exercise process-map",
        "steps: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]\norder: [a, b]\n",
        "steps:",
        "step 'c' is neither in 'order' nor on a branch",
    ),
    (
        "exercise process-map",
        "steps: [{id: a, label: A}, {id: b, label: B}]\norder: [a, b]\nbranches:\n  - {id: z, from: q, label: Z, steps: []}\n",
        "- {id: z",
        "branch starts from 'q', which is not a step of 'order'",
    ),
    (
        "exercise process-map",
        "steps:\n  - {id: a, label: A}\n  - {id: a, label: B}\norder: [a, a]\n",
        "{id: a, label: B}",
        "duplicate step id 'a'",
    ),
    # comparison tables
    (
        "exercise comparison-table",
        "columns: [{id: x, label: X}]\nscale: [low, high]\nrows:\n  - id: r\n    label: R\n    cells:\n      x: {answer: huge}\n",
        "x: {answer: huge}",
        "cell r/x: 'huge' is not one of the choices low, high",
    ),
    (
        "exercise comparison-table",
        "columns: [{id: x, label: X}, {id: y, label: Y}]\nscale: [low]\nrows:\n  - id: r\n    label: R\n    cells:\n      x: low\n",
        "    cells:",
        "row 'r' has no cell for 'y'",
    ),
    (
        "exercise comparison-table",
        "columns: [{id: x, label: X}]\nrows:\n  - {id: p, label: P, kind: cards}\ncards:\n  - {id: c, text: C, cells: [q/x]}\n",
        "- {id: c, text: C",
        "card 'c': 'q/x' is not a row/column of a 'cards' row",
    ),
    # free text
    (
        "exercise free-text",
        "criteria:\n  - {id: a, label: A, missed: M}\n",
        "- {id: a, label: A",
        "criterion 'a' needs keywords, a pattern or a word limit",
    ),
    (
        "exercise free-text",
        "criteria:\n  - {id: a, label: A, keywords: [x]}\n",
        "- {id: a, label: A",
        "criterion 'a' needs 'missed': feedback saying why it matters",
    ),
    (
        "exercise free-text",
        "criteria:\n  - {id: a, label: A, pattern: colour, missed: M}\n",
        "- {id: a, label: A",
        "'pattern' must be one of 'date', 'number', 'money', 'percent'",
    ),
    # checklists
    (
        "exercise checklist",
        "reference:\n  - {id: a, label: A, why: W}\n",
        "- {id: a, label: A",
        "reference item: missing required field 'match'",
    ),
    # quizzes
    (
        "quiz",
        "questions:\n  - id: q\n    type: essay\n    prompt: P\n",
        "type: essay",
        "question 'type' must be one of single, multiple, true-false, short, matching, ordering",
    ),
    (
        "quiz",
        "review: one\nquestions:\n  - id: q\n    type: single\n    prompt: P\n    options:\n"
        "      - {id: a, text: A, correct: true}\n      - {id: b, text: B}\n",
        "- {id: b, text: B}",
        "option 'b' of 'q' is wrong and needs 'feedback' saying why",
    ),
    (
        "quiz",
        "review: one\nquestions:\n  - id: q\n    type: single\n    prompt: P\n    options:\n"
        "      - {id: a, text: A, correct: true}\n      - {id: b, text: B, correct: true}\n",
        "    options:",
        "question 'q' (single) needs exactly one correct option",
    ),
    (
        "quiz",
        "review: nowhere\nquestions:\n  - {id: q, type: true-false, prompt: P, answer: true, feedback: F}\n",
        "review: nowhere",
        "activity 'x' sends learners to section 'nowhere', which this lesson does not have",
    ),
    # short answers: tolerance options
    (
        "quiz",
        "review: one\nquestions:\n  - id: q\n    type: short\n    prompt: P\n    accept: [third-party logistics]\n    feedback: F\n    typos: yes please\n",
        "typos: yes please",
        "'typos' must be true or false",
    ),
    (
        "quiz",
        "review: one\nquestions:\n  - id: q\n    type: short\n    prompt: P\n    accept: [third-party logistics]\n    feedback: F\n    extra_words: 3\n",
        "extra_words: 3",
        "'extra_words' must be true or false",
    ),
    (
        "quiz",
        "review: one\nquestions:\n  - id: q\n    type: short\n    prompt: P\n    accept: [third-party logistics]\n    feedback: F\n    reject: {fourth: party}\n",
        "reject: {fourth: party}",
        "'reject' must be text or a list of texts",
    ),
    (
        "quiz",
        "review: one\nquestions:\n  - id: q\n    type: short\n    prompt: P\n    accept: [third-party logistics]\n    feedback: F\n    reject: [fourth-party logistics, Third Party Logistics]\n",
        "reject: [fourth-party",
        "question 'q' both accepts and rejects 'Third Party Logistics'",
    ),
    (
        "quiz",
        "review: one\nquestions:\n  - id: q\n    type: short\n    prompt: P\n    accept: [third-party logistics]\n    feedback: F\n    reject: [Logistics]\n",
        "reject: [Logistics]",
        "question 'q' rejects 'Logistics', which is part of the accepted answer "
        "'third-party logistics'",
    ),
    (
        "quiz",
        "review: one\nquestions:\n  - {id: q, type: true-false, prompt: P, answer: true, "
        "feedback: F, typos: true}\n",
        "- {id: q, type: true-false",
        "unknown field 'typos'",
    ),
    # reflections
    ("reflection", "answer: 42\n", "answer: 42", "unknown field 'answer'"),
]


@pytest.mark.parametrize(("kind", "yaml", "needle", "message"), CASES)
def test_activity_authoring_errors_point_at_the_line(kind, yaml, needle, message):
    text, errors = errors_for(kind, yaml)
    line = body_line(text, needle)
    assert any(e.startswith(f"lesson.md:{line}: ") and message in e for e in errors), errors


def test_max_attempts_needs_assessment_mode():
    text, errors = errors_for("reflection", "max_attempts: 3\n")
    assert (
        f"lesson.md:{body_line(text, 'max_attempts')}: reflection block: 'max_attempts' needs mode: assessment"
        in errors
    )


def test_reveal_answers_needs_assessment_mode():
    text, errors = errors_for("reflection", "reveal_answers: never\n")
    assert (
        f"lesson.md:{body_line(text, 'reveal_answers')}: reflection block: 'reveal_answers' needs mode: assessment"
        in errors
    )


@pytest.mark.parametrize(
    ("yaml", "needle", "message"),
    [
        (
            "mode: assessment\nrequires_account: maybe\n",
            "requires_account",
            "reflection block: 'requires_account' must be true or false",
        ),
        (
            "mode: assessment\nrequires_account: 'yes'\n",
            "requires_account",
            "reflection block: 'requires_account' must be true or false",
        ),
        (
            "mode: assessment\nreveal_answers: always\n",
            "reveal_answers",
            "reflection block: 'reveal_answers' must be one of 'after-last-attempt', "
            "'to-signed-in', 'never'",
        ),
        (
            "mode: assessment\nreveal_answers: true\n",
            "reveal_answers",
            "reflection block: 'reveal_answers' must be one of",
        ),
    ],
)
def test_broken_account_and_reveal_fields_are_reported_at_their_line(yaml, needle, message):
    text, errors = errors_for("reflection", yaml)
    assert any(e.startswith(f"lesson.md:{body_line(text, needle)}: {message}") for e in errors), (
        errors
    )


@pytest.mark.parametrize(
    ("kind", "yaml", "needle", "message"),
    [
        (
            "quiz",
            "review: one\nquestions:\n  - id: q\n    type: true-false\n    prompt: P\n    answer: true\n"
            "    feedback: F\n    objectives: [nope]\n",
            "objectives: [nope]",
            "refers to objective 'nope', which the front matter does not declare",
        ),
        (
            "exercise process-map",
            "steps: [{id: a, label: A}, {id: b, label: B}]\norder: [a, b]\n"
            "distractors: [{id: a, label: A again}]\n",
            "distractors:",
            "duplicate step id 'a'",
        ),
        (
            "exercise free-text",
            "min_words: 50\nmax_words: 10\ncriteria:\n  - {id: a, label: A, min_words: 3, missed: M}\n",
            "min_words: 50",
            "min_words (50) is more than max_words (10)",
        ),
    ],
)
def test_more_authoring_errors(kind, yaml, needle, message):
    text, errors = errors_for(kind, yaml)
    assert any(message in e for e in errors), errors
