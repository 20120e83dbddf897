"""Feedback reads exactly as in the golden files, for new attempts and for ones stored earlier.

Every activity of the shipped lesson is answered right, partly right and wrong (see
tests/feedback_goldens.py for what the files hold and how to update them).
"""

from __future__ import annotations

import pytest

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.models.attempts import Attempt
from tests import feedback_goldens as goldens
from tests.conftest import SEED_CONTENT, SEED_LESSON

LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
CASES = [(activity_id, kind) for activity_id in LESSON.activities for kind in goldens.KINDS]
URL = f"/lessons/{SEED_LESSON}"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def only_attempt(app) -> Attempt:
    with app.app_context():
        [attempt] = db.session.scalars(db.select(Attempt))
        return attempt


@pytest.mark.parametrize(("activity_id", "kind"), CASES)
def test_feedback_reads_as_in_the_golden_file(seeded, client, activity_id, kind):
    activity = LESSON.activities[activity_id]
    html = goldens.submit(client, SEED_LESSON, activity, kind)
    page = client.get(URL).text
    assert goldens.normalised(goldens.result_area(page, activity_id)) == goldens.normalised(html)
    goldens.keep_stored(activity_id, kind, only_attempt(seeded).feedback)
    goldens.check_golden(activity_id, kind, goldens.rendered(html, page, activity))


@pytest.mark.parametrize(("activity_id", "kind"), goldens.stored_cases())
def test_attempts_stored_by_earlier_versions_read_as_before(seeded, client, activity_id, kind):
    activity = LESSON.activities[activity_id]
    goldens.submit(client, SEED_LESSON, activity, kind)
    page = client.get(URL).text
    today = goldens.rendered(goldens.result_area(page, activity_id), page, activity)
    stored = goldens.stored_columns(activity, goldens.stored_feedback(activity_id, kind))
    with seeded.app_context():
        db.session.execute(db.update(Attempt).values(**stored))
        db.session.commit()
    page = client.get(URL).text
    text = goldens.rendered(goldens.result_area(page, activity_id), page, activity)
    goldens.check_stored_golden(activity_id, kind, text, today)
