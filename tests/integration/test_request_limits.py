"""Request bodies over ``MAX_CONTENT_LENGTH`` get a readable 413, as a page or as JSON."""

from __future__ import annotations

import io

import pytest

from tests.lessons import SLUG

LIMIT = 64 * 1024


@pytest.fixture
def app(app):
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    return app


BIG = "x" * (LIMIT + 1)
TARGETS = [
    "/signin",
    f"/lessons/{SLUG}/activities/free-text-1",  # the `lesson` fixture's written answer
    f"/instructor/lessons/{SLUG}/edit",
]


@pytest.mark.parametrize("path", TARGETS)
def test_an_oversized_form_gets_a_readable_413_page(lesson, visitor, path):
    response = visitor.post(path, data={"answer": BIG})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "more than this site accepts in one request (at most 64 KB)" in response.text


def test_an_oversized_json_body_gets_a_json_413(lesson, visitor):
    response = visitor.post(
        "/progress/events", data='{"events": ["' + BIG + '"]}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json["status"] == 413
    assert "at most 64 KB" in response.json["message"]


def test_an_oversized_upload_gets_a_413(visitor):
    response = visitor.post(
        "/instructor/media",
        data={"image": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * LIMIT), "big.png")},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 413
    assert "at most 64 KB" in response.json["message"]


def test_bodies_under_the_limit_are_read_as_usual(visitor):
    assert visitor.post("/signin", data={"email": "x"}).status_code == 400


def test_the_default_limit_is_two_megabytes(app):
    from app.config import Defaults

    assert Defaults.MAX_CONTENT_LENGTH == 2 * 1024 * 1024


@pytest.mark.parametrize("body", [[["nested"]], {"answer": {"a": 1}, "revision": [1]}])
def test_json_sent_to_a_form_endpoint_gets_a_clear_415(app, lesson, visitor, body):
    app.config["WTF_CSRF_ENABLED"] = False
    response = visitor.post(f"{lesson.url}/activities/free-text-1", json=body)
    assert response.status_code == 415
    assert "takes a form submission, not JSON" in response.json["message"]
