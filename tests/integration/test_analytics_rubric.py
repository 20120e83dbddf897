"""Grouped wrong answers, through the instructor's analytics page and its CSV.

On a lesson built for these tests (tests/lessons.py): a written exercise "Customer Email" whose
criteria are "Greets the reader" and "Apologises", and a quiz with a typed answer.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests import activity_answers as answers
from tests.activity_blocks import block
from tests.lessons import SLUG, body_with, build_lesson

ESSAY = "free-text-1"
QUIZ = """\
```quiz
id: quiz-1
title: Check
prompt: Answer.
questions:
  - id: acronym
    type: short
    prompt: What is a 3PL?
    accept: [warehousing partner]
    feedback: A company that stores and ships for you.
```
"""
ANALYTICS = f"/instructor/lessons/{SLUG}/analytics"


@pytest.fixture
def lesson(app, tmp_path):
    body = body_with(block("free-text", ESSAY, "title: Customer Email\n", parts=2), QUIZ)
    return build_lesson(app, tmp_path / "content", body)


def token(client, path="/"):
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text).group(1)


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def answer(client, lesson, activity_id, how="right", **fields):
    fields = fields or getattr(answers, how)(lesson.activity(activity_id))
    data = {"revision": "1", "csrf_token": token(client), **fields}
    response = client.post(f"{lesson.url}/activities/{activity_id}", data=data)
    assert response.status_code == 302, response.text


def table(client, name):
    response = client.get(f"{ANALYTICS}/{name}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text)))


# Grouped wrong answers


def test_typed_wrong_answers_differing_in_spelling_are_one_row(app, lesson, instructor):
    for typed in ("Third party logistic", "third-party logistic!", "Thrid party logistic"):
        answer(app.test_client(), lesson, "quiz-1", **{"q:acronym": [typed]})
    answer(app.test_client(), lesson, "quiz-1", **{"q:acronym": ["A shop"]})
    page = text(instructor.get(ANALYTICS).text)
    assert "Third party logistic and 2 variants (3 learners) A shop (1 learner)" in page
    rows = table(instructor, "wrong-answers")[1:]
    assert rows == [
        ["quiz-1", "acronym", "Third party logistic", "3", "2"]
        + ["Thrid party logistic; third-party logistic!"],
        ["quiz-1", "acronym", "A shop", "1", "0", ""],
    ]
