"""Start, Continue: <section> or Review: where a learner picks a lesson up again."""

from __future__ import annotations

import pytest

from app.core.content import parse_lesson
from app.core.rules.completion import lesson_progress
from app.core.rules.resume import resume
from tests.activity_blocks import block
from tests.content_helpers import lesson_text

BODY = (
    "Intro.\n\n## One {#one}\n\nText.\n\n"
    "## Deeper {#deeper .deep-dive}\n\nMore.\n"
    "\n## Two {#two}\n\nText.\n\n"
    + block("quiz", "quiz-1", parts=2)
    + "\n## Three {#three}\n\nText.\n"
)
LESSON = parse_lesson(lesson_text(BODY))


@pytest.mark.parametrize(
    ("read", "passed", "reading", "label", "target"),
    [
        ((), (), None, "Start", None),
        # where they were reading, while that section still has work
        (("one",), (), "two", "Continue: Two", "two"),
        # a position in a finished section: the first open step of the required path
        (("one", "two"), (), "one", "Continue: Two", "two"),  # the quiz in "two" is not passed
        (("one", "two"), ("quiz-1",), "one", "Continue: Three", "three"),
        # a position in the deep dive: back to the required path
        (("one",), (), "deeper", "Continue: Two", "two"),
        # only a position saved (nothing read yet): that section
        ((), (), "three", "Continue: Three", "three"),
        # a position naming a section the lesson no longer has is ignored
        (("one",), (), "gone", "Continue: Two", "two"),
        (("one", "two", "three"), ("quiz-1",), "two", "Review", None),
    ],
)
def test_the_link_names_where_the_learner_goes_next(read, passed, reading, label, target):
    found = resume(LESSON, lesson_progress(LESSON, set(read), set(passed)), reading)
    assert (found.label, found.section_id) == (label, target)


def test_a_lesson_with_nothing_required_is_started_then_reviewed():
    body = "Intro.\n\n## One {#one .deep-dive}\n\nText.\n"
    lesson = parse_lesson(lesson_text(body))
    assert resume(lesson, lesson_progress(lesson, set(), set())).label == "Start"
    assert resume(lesson, lesson_progress(lesson, {"one"}, set())).label == "Review"
