"""Every lesson in content/, imported and answered through the app: each page renders with all of
its activities, every graded activity scores a right, a partly right and a wrong answer as its
answer key says, reflections are saved, and no page gives its keys away.

These tests are about the shipped content and find its lessons themselves: a lesson added to
content/ is covered without being named here, and a key that no longer grades as written fails.
How answers are graded, stored and kept from learners in general is tested on a lesson built for
the test, in test_activities.py.
"""

from __future__ import annotations

import re

import pytest

from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT
from tests.integration.test_activities import (
    answer_keys_never_reach_the_page_before_submitting,
    partly_right_answer_scores_part_marks,
    right_answer_scores_full_marks,
    submit,
    wrong_answer_fails_with_feedback_pointing_to_a_section,
)

CATALOG = load_catalog(SEED_CONTENT)
LESSONS = sorted(CATALOG.lessons)
ACTIVITIES = [
    (lesson_id, activity_id)
    for lesson_id in LESSONS
    for activity_id in sorted(CATALOG.lessons[lesson_id].activities)
]
GRADED = [(lid, aid) for lid, aid in ACTIVITIES if CATALOG.lessons[lid].activities[aid].graded]
UNGRADED = [pair for pair in ACTIVITIES if pair not in GRADED]


def url(lesson_id: str) -> str:
    return f"/lessons/{lesson_id}"


def activity(lesson_id: str, activity_id: str):
    return CATALOG.lessons[lesson_id].activities[activity_id]


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_content_holds_the_course_lessons_and_no_problems():
    assert CATALOG.errors == []
    assert len(LESSONS) >= 2
    assert GRADED and UNGRADED


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_lesson_renders_with_every_activity(client, lesson_id):
    response = client.get(url(lesson_id))
    assert response.status_code == 200
    shown = set(re.findall(r'data-activity="([^"]+)"', response.text))
    assert shown == set(CATALOG.lessons[lesson_id].activities)


@pytest.mark.parametrize(("lesson_id", "activity_id"), GRADED)
def test_a_right_answer_scores_full_marks(client, lesson_id, activity_id):
    right_answer_scores_full_marks(client, activity(lesson_id, activity_id), url(lesson_id))


@pytest.mark.parametrize(("lesson_id", "activity_id"), GRADED)
def test_a_partly_right_answer_scores_part_marks(client, lesson_id, activity_id):
    partly_right_answer_scores_part_marks(client, activity(lesson_id, activity_id), url(lesson_id))


@pytest.mark.parametrize(("lesson_id", "activity_id"), GRADED)
def test_a_wrong_answer_fails_with_feedback_pointing_to_a_section(client, lesson_id, activity_id):
    shipped = activity(lesson_id, activity_id)
    wrong_answer_fails_with_feedback_pointing_to_a_section(client, shipped, url(lesson_id))


@pytest.mark.parametrize(("lesson_id", "activity_id"), UNGRADED)
def test_an_ungraded_activity_saves_the_answer_without_a_score(client, lesson_id, activity_id):
    fields = answers.right(activity(lesson_id, activity_id))
    response = submit(client, activity_id, fields, url=url(lesson_id))
    assert response.status_code == 200, response.json
    assert response.json["percent"] is None
    (text,) = fields["answer"]
    assert text in client.get(url(lesson_id)).text


@pytest.mark.parametrize(("lesson_id", "activity_id"), GRADED)
def test_without_scripts_a_wrong_answer_posts_back_to_the_lesson_with_its_result(
    client, lesson_id, activity_id
):
    fields = answers.wrong(activity(lesson_id, activity_id))
    html = {"Accept": "text/html"}
    response = submit(client, activity_id, fields, headers=html, url=url(lesson_id))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{url(lesson_id)}#{activity_id}")
    assert "not there yet (pass mark" in client.get(url(lesson_id)).text


@pytest.mark.parametrize(("lesson_id", "activity_id"), GRADED)
def test_answer_keys_never_reach_the_page_before_submitting(client, lesson_id, activity_id):
    shipped = activity(lesson_id, activity_id)
    answer_keys_never_reach_the_page_before_submitting(client, shipped, url(lesson_id))
