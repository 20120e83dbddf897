"""The shipped lesson's activities, answered through the app: every graded one scores a right, a
partly right and a wrong answer as its answer key says, and none gives its key away on the page.

These tests are about the shipped content: a key in content/ that no longer grades as written
fails here. How answers are graded, stored and kept from learners in general is tested on a lesson
built for the test, in test_activities.py.
"""

from __future__ import annotations

import pytest

from app.core.content import load_catalog
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.integration.test_activities import (
    answer_keys_never_reach_the_page_before_submitting,
    partly_right_answer_scores_part_marks,
    right_answer_scores_full_marks,
    wrong_answer_fails_with_feedback_pointing_to_a_section,
)

SHIPPED_LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
GRADED = sorted(a.id for a in SHIPPED_LESSON.activities.values() if a.graded)
URL = f"/lessons/{SEED_LESSON}"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_right_answer_scores_full_marks(client, activity_id):
    right_answer_scores_full_marks(client, SHIPPED_LESSON.activities[activity_id], URL)


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_partly_right_answer_scores_part_marks(client, activity_id):
    partly_right_answer_scores_part_marks(client, SHIPPED_LESSON.activities[activity_id], URL)


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_wrong_answer_fails_with_feedback_pointing_to_a_section(client, activity_id):
    activity = SHIPPED_LESSON.activities[activity_id]
    wrong_answer_fails_with_feedback_pointing_to_a_section(client, activity, URL)


@pytest.mark.parametrize("activity_id", GRADED)
def test_answer_keys_never_reach_the_page_before_submitting(client, activity_id):
    activity = SHIPPED_LESSON.activities[activity_id]
    answer_keys_never_reach_the_page_before_submitting(client, activity, URL)
