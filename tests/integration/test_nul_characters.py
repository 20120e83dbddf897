"""A NUL character anywhere in a request gets a clear 4xx on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import uuid

import pytest

from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Statement
from tests.lessons import SLUG


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize(
    "path", ["/courses/%00", "/lessons/a%00b", f"/lessons/{SLUG}/activities/%00/attempts"]
)
def test_an_address_with_a_nul_is_not_found(lesson, visitor, path):
    response = visitor.get(path)
    assert response.status_code == 404
    assert "There is no page at this address." in response.text


def test_a_query_string_with_a_nul_is_refused(visitor):
    response = visitor.get("/?next=%00", headers={"Accept": "application/json"})
    assert response.status_code == 400 and "NUL" in response.json["message"]


def test_a_form_field_with_a_nul_is_refused_and_nothing_is_stored(app, lesson, visitor):
    response = visitor.post(
        f"{lesson.url}/activities/free-text-1",
        data={"revision": "1", "answer": "Dear Sam,\x00 sorry for the delay."},
    )
    assert response.status_code == 400
    assert "NUL character" in response.text
    assert count(app, Attempt) == 0


def test_a_json_string_with_a_nul_is_refused_and_nothing_is_stored(app, lesson, visitor):
    event = {"id": str(uuid.uuid4()), "type": "time", "lesson": lesson.slug + "\x00", "seconds": 5}
    response = visitor.post("/progress/events", json={"events": [event]})
    assert response.status_code == 400 and "NUL" in response.json["message"]
    assert count(app, Statement) == 0


def test_a_written_backslash_u_is_just_text(app, lesson, visitor):
    answer = r"Use the code \u0000 at checkout."
    response = visitor.post(
        f"{lesson.url}/activities/free-text-1",
        data={"revision": "1", "answer": answer},
    )
    assert response.status_code in (200, 302, 303)
    assert count(app, Attempt) == 1
    event = {"id": str(uuid.uuid4()), "type": "time", "lesson": lesson.slug, "seconds": 5}
    body = json.dumps({"events": [event], "note": "\\u0000"})  # a backslash, then "u0000"
    assert "\\\\u0000" in body
    response = visitor.post("/progress/events", data=body, content_type="application/json")
    assert response.status_code == 200, response.text
