"""Option weights (Moodle's answer weights): partial credit for a wrong option of a single
question, shares and penalties of a multiple question, and the checks that keep them sane."""

from __future__ import annotations

import pytest

from app.core.grading.quiz import grade, parse
from tests.content_helpers import body_line
from tests.unit.content.test_activity_specs import errors_for
from tests.unit.grading.helpers import activity

QUIZ = """\
review: one
questions:
  - id: town
    type: single
    prompt: Jesus Christ was from …
    options:
      - {id: jerusalem, text: Jerusalem, feedback: Important but wrong.}
      - {id: bethlehem, text: Bethlehem, weight: 25, feedback: Born there but not raised.}
      - {id: nazareth, text: Nazareth, correct: true}
  - id: tomb
    type: multiple
    prompt: Who is entombed in Grant's tomb?
    options:
      - {id: grant, text: Grant, correct: true, weight: 50}
      - {id: wife, text: Grant's wife, correct: true, weight: 50}
      - {id: none, text: No one, weight: -100, feedback: Two people are.}
      - {id: dog, text: His dog, feedback: Not a person.}
  - id: thirds
    type: multiple
    prompt: Which three?
    options:
      - {id: a, text: A, correct: true, weight: 33.33333}
      - {id: b, text: B, correct: true, weight: 33.33333}
      - {id: c, text: C, correct: true, weight: 33.33333}
      - {id: d, text: D, weight: -50, feedback: Not D.}
"""


@pytest.fixture(scope="module")
def quiz():
    return activity("quiz", QUIZ)


def points(quiz, question: str, chosen: list[str]) -> float:
    fields = {f"q:{question}": chosen}
    return grade(quiz.spec, parse(quiz.spec, fields)).by_key()[f"q:{question}"].points


@pytest.mark.parametrize(
    ("question", "chosen", "expected"),
    [
        ("town", ["nazareth"], 1.0),
        ("town", ["bethlehem"], 0.25),
        ("town", ["jerusalem"], 0.0),
        ("tomb", ["grant", "wife"], 1.0),
        ("tomb", ["grant"], 0.5),
        ("tomb", ["grant", "dog"], 0.5),  # a wrong option without a weight costs nothing
        ("tomb", ["grant", "wife", "none"], 0.0),
        ("tomb", ["none"], 0.0),  # never below nothing
        ("thirds", ["a", "b", "c"], 1.0),  # the whole point, though 3 × 33.33333 < 100
        ("thirds", ["a", "b"], 0.6667),
        ("thirds", ["a", "b", "c", "d"], 0.5),
    ],
)
def test_weights_decide_the_points(quiz, question, chosen, expected):
    assert points(quiz, question, chosen) == expected


def test_a_partly_right_option_is_partial_with_its_feedback(quiz):
    result = grade(quiz.spec, parse(quiz.spec, {"q:town": ["bethlehem"]})).by_key()["q:town"]
    assert result.status == "partial"
    assert result.messages[0].author_html == "Born there but not raised."


WEIGHT_ERRORS = [
    (
        "questions:\n  - id: q\n    type: single\n    prompt: P\n    review: one\n    options:\n"
        "      - {id: a, text: A, correct: true, weight: 50}\n"
        "      - {id: b, text: B, feedback: F}\n",
        "options:",
        "question 'q': option 'a' is correct and earns the whole point: remove its weight",
    ),
    (
        "questions:\n  - id: q\n    type: single\n    prompt: P\n    review: one\n    options:\n"
        "      - {id: a, text: A, correct: true}\n"
        "      - {id: b, text: B, weight: -20, feedback: F}\n",
        "options:",
        "option 'b' has weight -20: a wrong option of a single question earns from 0 to 99",
    ),
    (
        "questions:\n  - id: q\n    type: multiple\n    prompt: P\n    review: one\n    options:\n"
        "      - {id: a, text: A, correct: true, weight: 50}\n"
        "      - {id: b, text: B, correct: true}\n"
        "      - {id: c, text: C, feedback: F}\n",
        "options:",
        "option 'b' is correct but has no positive weight",
    ),
    (
        "questions:\n  - id: q\n    type: multiple\n    prompt: P\n    review: one\n    options:\n"
        "      - {id: a, text: A, correct: true, weight: 50}\n"
        "      - {id: b, text: B, weight: 50, feedback: F}\n",
        "options:",
        "option 'b' is wrong but has weight 50: give it correct: true",
    ),
    (
        "questions:\n  - id: q\n    type: multiple\n    prompt: P\n    review: one\n    options:\n"
        "      - {id: a, text: A, correct: true, weight: 50}\n"
        "      - {id: b, text: B, correct: true, weight: 40}\n"
        "      - {id: c, text: C, feedback: F}\n",
        "options:",
        "the weights of the correct options add up to 90, not 100",
    ),
    (
        "questions:\n  - id: q\n    type: multiple\n    prompt: P\n    review: one\n    options:\n"
        "      - {id: a, text: A, correct: true, weight: 150}\n"
        "      - {id: c, text: C, feedback: F}\n",
        "weight: 150",
        "'weight' must be a percentage from -100 to 100",
    ),
]


@pytest.mark.parametrize(("yaml", "needle", "message"), WEIGHT_ERRORS)
def test_weights_that_cant_mean_what_they_say_are_errors(yaml, needle, message):
    text, errors = errors_for("quiz", yaml)
    line = body_line(text, needle)
    assert any(e.startswith(f"lesson.md:{line}: ") and message in e for e in errors), errors
