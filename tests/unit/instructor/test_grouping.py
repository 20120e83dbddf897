"""Typed wrong answers grouped when they differ only in spelling."""

from __future__ import annotations

import pytest

from app.core.analytics.grouping import AnswerGroup, allowed_edits, answer_key, group_answers
from app.core.analytics.questions import WrongAnswer, question_figures
from app.core.analytics.rows import AttemptRow
from app.core.content import parse_lesson
from tests.content_helpers import lesson_text
from tests.unit.instructor.known_history import T0


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        ("Third-Party  Logistics!", "third party logistics"),
        ("THE Café", "cafe"),
        ("an apple, a pear", "apple pear"),
        ("  the  ", "the"),  # nothing but an article: kept
        ("?!", ""),
    ],
)
def test_answers_are_folded_to_a_key(answer, key):
    assert answer_key(answer) == key


@pytest.mark.parametrize(("length", "edits"), [(1, 0), (3, 0), (4, 1), (9, 1), (10, 2), (40, 2)])
def test_longer_answers_allow_more_slips(length, edits):
    assert allowed_edits(length) == edits


def test_spellings_of_one_answer_are_one_group_shown_as_the_most_common():
    groups = group_answers(
        {
            "Third party logistic": {1, 2},
            "third-party logistic!": {3},
            "Thrid party logistic": {4},
            "The third party logistics": {5},
            "Delivery": {6},
        }
    )
    assert groups == (
        AnswerGroup(
            "Third party logistic",
            5,
            ("The third party logistics", "Thrid party logistic", "third-party logistic!"),
        ),
        AnswerGroup("Delivery", 1),
    )


def test_a_learner_who_gave_several_spellings_counts_once():
    (group,) = group_answers({"Paris": {1, 2}, "paris.": {2}, "Pariss": {1, 3}})
    assert (group.text, group.learners, group.variants) == ("Paris", 3, ("Pariss", "paris."))


def test_runs_of_spaces_are_no_new_spelling():
    (group,) = group_answers({"New  York": {1}, "New York ": {2}})
    assert group == AnswerGroup("New York", 2)


@pytest.mark.parametrize(
    "answers",
    [
        ("cat", "car"),  # short words one letter apart are other words
        ("Paris", "Pisa"),  # two edits apart in a short answer
        ("warehouse", "wholesale"),
    ],
)
def test_different_answers_stay_apart(answers):
    groups = group_answers({a: {i} for i, a in enumerate(answers)})
    assert sorted(g.text for g in groups) == sorted(answers)


def test_groups_gather_around_their_most_common_form_without_chaining():
    # "abcdefgh" → "abcdefgx" → "abcdefyx": each one edit from the last, two from the first
    groups = group_answers({"abcdefgh": {1, 2, 3}, "abcdefgx": {4, 5}, "abcdefyx": {6}})
    assert [(g.text, g.learners) for g in groups] == [("abcdefgh", 5), ("abcdefyx", 1)]


def test_answers_with_nothing_left_once_folded_are_left_out():
    assert group_answers({"?!": {1}, "...": {2}}) == ()


def test_an_answer_as_close_to_two_groups_joins_the_more_common_one():
    # "abcdefgz" is one edit from both; those two are two edits apart
    groups = group_answers({"abcdefyz": {4, 5}, "abcdefgh": {1, 2, 3}, "abcdefgz": {6}})
    assert [(g.text, g.learners) for g in groups] == [("abcdefgh", 4), ("abcdefyz", 2)]


def test_every_learner_is_counted_among_thousands_of_distinct_answers():
    givers = {("x" * (n % 60 + 1)) + str(n): {n} for n in range(3000)}
    groups = group_answers(givers)
    assert sum(g.learners for g in groups) == 3000


SHORT = """\
## One {#one}

```quiz
id: check
prompt: Answer.
questions:
  - id: acronym
    type: short
    prompt: What is a 3PL?
    accept: [third-party logistics]
    feedback: Third-party logistics.
  - id: first
    type: single
    prompt: Which comes first?
    options:
      - {id: placing, text: Placing, correct: true}
      - {id: packing, text: Packing, feedback: Later.}
      - {id: picking, text: Picking, feedback: Later.}
```
"""
QUIZ = parse_lesson(lesson_text(SHORT))


def quiz_attempt(number, learner, acronym, first="packing"):
    answers = {"acronym": acronym, "first": first}
    feedback = [
        {"key": "q:acronym", "status": "wrong", "messages": []},
        {"key": "q:first", "status": "wrong", "messages": []},
    ]
    return AttemptRow(
        id=number,
        learner_id=learner,
        activity_id="check",
        activity_type="quiz",
        created_at=T0,
        percent=0,
        passed=False,
        feedback={
            "score": 0,
            "max_score": 2,
            "feedback": feedback,
            "details": {"answers": answers},
        },
    )


def test_typed_quiz_answers_are_grouped_and_chosen_options_are_not():
    figures = question_figures(
        QUIZ,
        [
            quiz_attempt(1, 1, "Third party logistic"),
            quiz_attempt(2, 2, "third party logistic", first="picking"),
            quiz_attempt(3, 3, "Thrid-party logistic"),
            quiz_attempt(4, 4, "Third party logistic"),
            quiz_attempt(5, 5, "A warehouse"),
        ],
    )
    acronym, first = figures
    assert acronym.wrong_answers == (
        WrongAnswer("Third party logistic", 4, ("Thrid-party logistic", "third party logistic")),
        WrongAnswer("A warehouse", 1),
    )
    # "Packing" and "Picking" are one letter apart, but they are different options
    assert first.wrong_answers == (WrongAnswer("Packing", 4), WrongAnswer("Picking", 1))
