"""A published lesson whose text no longer parses never takes the rest of the site down."""

from __future__ import annotations

import hashlib
import logging

import pytest

from app.learning import authoring
from app.learning.db import db
from app.learning.models.courses import Course, Lesson, LessonRevision
from tests.lessons import COURSE, SLUG

BROKEN_SOURCE = f"---\nid: {SLUG}\ntitle: [unclosed\n---\n\nText.\n"


@pytest.fixture
def broken(app, lesson):
    """The lesson's published revision corrupted in the database; a second lesson works."""
    with app.app_context():
        course = db.session.scalar(db.select(Course))
        spare = authoring.create_lesson(course, "spare-lesson", "Spare lesson", None)
        checked = authoring.publish(spare, authoring.latest_revision(spare))
        assert checked.ok, checked.errors
        row = db.session.scalar(db.select(Lesson).filter_by(slug=lesson.slug))
        revision = db.session.get(LessonRevision, row.published_revision_id)
        revision.source = BROKEN_SOURCE
        revision.source_hash = hashlib.sha256(BROKEN_SOURCE.encode()).hexdigest()
        db.session.commit()
    app.extensions["lesson_cache"].clear()
    return app


def test_the_broken_lesson_gets_a_readable_503_and_is_logged(broken, caplog):
    with caplog.at_level(logging.ERROR):
        response = broken.test_client().get(f"/lessons/{SLUG}")
    assert response.status_code == 503
    assert "Not available right now" in response.text
    assert "its published text has a problem" in response.text
    assert f"{SLUG} (revision 1):" in caplog.text  # file:line for the authors


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/courses/{COURSE}",
        "/dashboard",
        "/me/export.json",
        "/lessons/spare-lesson",
    ],
)
def test_every_other_page_keeps_working(broken, path):
    assert broken.test_client().get(path).status_code == 200


def test_its_audio_manifest_is_unavailable_not_an_error(broken):
    response = broken.test_client().get(f"/audio/lessons/{SLUG}.json")
    assert response.status_code == 503
