"""A short answer with a typo, sent through the lesson's form, is right and asks "did you mean"."""

from __future__ import annotations

import pytest

from tests.lessons import body_with, build_lesson

QUIZ = """\
```quiz
id: check
prompt: Answer.
questions:
  - id: acronym
    type: short
    prompt: What does 3PL stand for?
    review: one
    accept: [third-party logistics]
    reject: [fourth-party logistics]
    feedback: It stands for Third-Party Logistics.
```
"""


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", body_with(QUIZ))


def answer(client, lesson, text: str):
    return client.post(
        f"{lesson.url}/activities/check",
        data={"revision": "1", "q:acronym": text},
        headers={"Accept": "application/json"},
    )


def test_a_misspelt_answer_with_extra_words_is_right_and_the_page_asks_did_you_mean(
    lesson, visitor
):
    response = answer(visitor, lesson, "Thrid-party logistics provider (3PL)")
    assert response.status_code == 200, response.json
    assert (response.json["percent"], response.json["passed"]) == (100, True)
    page = visitor.get(lesson.url).text
    assert "Counted as right — did you mean “third-party logistics”?" in page


def test_a_rejected_answer_is_wrong_and_gets_the_questions_feedback(lesson, visitor):
    response = answer(visitor, lesson, "Fourth-party logistics")
    assert (response.json["percent"], response.json["passed"]) == (0, False)
    page = visitor.get(lesson.url).text
    assert "It stands for Third-Party Logistics." in page
    assert "did you mean" not in page


def test_the_answer_key_in_an_instructors_preview_names_the_rejected_answers(lesson, instructor):
    response = instructor.post(
        f"/instructor/lessons/{lesson.slug}/preview", json={"source": lesson.source}
    )
    assert response.status_code == 200, response.text
    assert "third-party logistics (not fourth-party logistics)" in response.json["html"]
