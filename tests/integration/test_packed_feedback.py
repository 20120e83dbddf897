"""A learner's grade is stored packed and reads the same however the lesson changes later.

Works on the lesson the ``lesson`` fixture builds (one activity of every type).
"""

from __future__ import annotations

import json

import pytest

from app.learning.db import db
from app.learning.models.attempts import Attempt, GradeDictionary
from tests import activity_answers as answers
from tests.feedback_goldens import rendered, result_area
from tests.lessons import SLUG

URL = f"/lessons/{SLUG}"
EDIT = f"/instructor/lessons/{SLUG}/edit"
WAS = "Shipping comes later."  # a wrong option's feedback in quiz-1
NOW = "Shipping is the fourth stage."


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def shown(client, activity) -> tuple[str, list]:
    """The activity's result area and marks on the lesson page, and the grades in the
    learner's export."""
    page = client.get(URL).text
    exported = client.get("/me/export.json").json
    grades = [a["feedback"] for a in exported["attempts"] if a["activity"] == activity.id]
    return rendered(result_area(page, activity.id), page, activity), grades


def test_a_grade_reads_the_same_after_its_lesson_is_edited_and_republished(app, lesson, instructor):
    learner = app.test_client()
    quiz = lesson.activity("quiz-1")
    form = {"revision": "1", **answers.wrong(quiz)}
    assert learner.post(f"{URL}/activities/quiz-1", data=form).status_code == 302
    before = shown(learner, quiz)
    assert WAS in before[0] and len(before[1]) == 1

    published = instructor.post(
        EDIT, data={"source": lesson.source.replace(WAS, NOW), "publish": "1"}
    )
    assert published.status_code == 302
    newcomer = app.test_client()  # whose wrong answer is told it differently now
    form = {"revision": "2", **answers.wrong(quiz)}
    assert newcomer.post(f"{URL}/activities/quiz-1", data=form).status_code == 302
    assert NOW in shown(newcomer, quiz)[0]

    after = shown(learner, quiz)
    assert after == before
    assert NOW not in after[0]


def test_an_answer_is_stored_packed_with_a_summary_and_one_dictionary(app, lesson):
    learner = app.test_client()
    for how in (answers.wrong, answers.right):
        form = {"revision": "1", **how(lesson.activity("quiz-1"))}
        assert learner.post(f"{URL}/activities/quiz-1", data=form).status_code == 302
    with app.app_context():
        attempts = db.session.scalars(db.select(Attempt).order_by(Attempt.id)).all()
        assert all(a.packed_feedback for a in attempts)
        assert {a.feedback_dictionary_id for a in attempts} == {1}
        assert db.session.scalar(db.select(db.func.count()).select_from(GradeDictionary)) == 1
        wrong = attempts[0]
        assert wrong.feedback["feedback"][0]["messages"]  # the whole grade
        assert "messages" not in json.dumps(wrong.stored_feedback)  # only its summary
        assert {i["key"] for i in wrong.stored_feedback["feedback"]} == {
            i["key"] for i in wrong.feedback["feedback"]
        }
