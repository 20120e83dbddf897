"""Request bodies over ``MAX_CONTENT_LENGTH`` get a readable 413, as a page or as JSON.

Also when sent without a ``Content-Length`` (``Transfer-Encoding: chunked``): the limit is
enforced while the body is read, not only on the header. Those tests go through a real WSGI
server (Werkzeug's, which decodes chunked bodies as gunicorn does).
"""

from __future__ import annotations

import http.client
import io
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from app.learning.db import db
from app.learning.models.learners import Statement
from app.web.progress.views import MAX_EVENTS_BODY
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


@contextmanager
def served(app) -> Iterator[int]:
    """``app`` behind a real threaded WSGI server on a free port, for the ``with`` block."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join()


def post_chunked(port: int, path: str, body: bytes, content_type: str) -> tuple[int, dict]:
    """POST ``body`` in 8 KB chunks with no Content-Length; (status, JSON answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    chunks = (body[i : i + 8192] for i in range(0, len(body), 8192))
    connection.request(
        "POST",
        path,
        body=chunks,
        headers={"Content-Type": content_type, "Accept": "application/json"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    answer = json.loads(response.read() or b"{}")
    connection.close()
    return response.status, answer


def batch(padding: int) -> bytes:
    """A valid batch of one event, padded with an unused field to ``padding`` characters."""
    event = {"id": str(uuid.uuid4()), "type": "time", "lesson": SLUG, "seconds": 5}
    return json.dumps({"events": [event], "padding": "x" * padding}).encode()


def statements(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Statement))


@pytest.fixture
def open_app(app, lesson):
    """The app with the default 2 MB cap and no CSRF token needed (the cap is what's tested)."""
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_a_chunked_progress_batch_within_the_cap_is_read(open_app):
    with served(open_app) as port:
        status, answer = post_chunked(port, "/progress/events", batch(1000), "application/json")
    assert (status, answer) == (200, {"saved": 1, "received": 1})


def test_a_chunked_progress_batch_over_64_kb_gets_a_413_and_nothing_is_stored(open_app):
    body = batch(MAX_EVENTS_BODY)  # no Content-Length, so no header to check
    assert len(body) > MAX_EVENTS_BODY
    with served(open_app) as port:
        status, answer = post_chunked(port, "/progress/events", body, "application/json")
    assert status == 413 and "at most 64 KB" in answer["message"]
    assert statements(open_app) == 0


def test_a_progress_form_over_64_kb_gets_a_413_before_the_csrf_check_reads_it(open_app):
    form = b"events=" + batch(MAX_EVENTS_BODY)
    with served(open_app) as port:
        status, answer = post_chunked(
            port, "/progress/events", form, "application/x-www-form-urlencoded"
        )
    assert status == 413 and "at most 64 KB" in answer["message"]


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/signin", "application/x-www-form-urlencoded"),
        (f"/lessons/{SLUG}/activities/free-text-1", "application/x-www-form-urlencoded"),
        (f"/lessons/{SLUG}/activities/free-text-1", "multipart/form-data; boundary=b"),
        (f"/instructor/lessons/{SLUG}/preview", "application/json"),
    ],
)
def test_every_chunked_body_over_the_site_cap_gets_a_413(app, lesson, path, content_type):
    app.config["WTF_CSRF_ENABLED"] = False  # MAX_CONTENT_LENGTH is 64 KB in this module
    body = b"answer=" + b"x" * (LIMIT + 1)
    with served(app) as port:
        status, answer = post_chunked(port, path, body, content_type)
    assert status == 413 and "at most 64 KB" in answer["message"]
