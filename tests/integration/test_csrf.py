"""No route that changes anything accepts a request without a valid CSRF token.

The routes come from ``app.url_map``, so a new POST route is covered the day it is added. Each
request is made by a signed-in instructor (so role checks don't answer first) and must be refused
with 400 before anything is written. The routes' sample arguments name the ``lesson`` fixture's
lesson, so each request reaches a real lesson, activity and section.
"""

from __future__ import annotations

import pytest

from app.learning.db import db
from tests.routes import unsafe_routes


@pytest.fixture
def instructor(instructor, lesson):
    assert "Sign out" in instructor.get("/").text
    return instructor


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def token_of(client) -> str:
    page = client.get("/instructor/").text
    return page.split('name="csrf-token" content="')[1].split('"')[0]


BODIES = {
    "form": {"data": {"source": "x", "events": "[]", "slug": "x", "title": "x"}},
    "json": {"json": {"events": [], "source": "x"}},
    "wrong token form": {"data": {"csrf_token": "forged", "source": "x"}},
    "wrong token header": {"json": {"events": []}, "headers": {"X-CSRFToken": "forged"}},
}


# Posted by an LMS's pages, not this site's: no session token can exist. Each checks a proof of
# its own instead (tests/integration/test_lti.py): the LMS's signature and the login's state and
# nonce, or the deep-linking launch's state. Nothing else may be exempt.
EXEMPT = {"lti.login", "lti.launch", "lti.answer"}


def test_only_the_lti_endpoints_are_exempt(app):
    csrf = app.extensions["csrf"]
    exempt = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if f"{view.__module__}.{view.__name__}" in csrf._exempt_views
    }
    assert exempt == EXEMPT


def test_the_exempt_endpoints_write_nothing_without_their_own_proof(app, instructor):
    before = row_counts(app)
    for route in unsafe_routes(app):
        if route.endpoint not in EXEMPT:
            continue
        for body in BODIES.values():
            response = instructor.open(route.url, method=route.method, **body)
            assert 400 <= response.status_code < 500, (str(route), response.status_code)
    assert row_counts(app) == before


def test_the_walk_finds_the_unsafe_routes(app):
    found = {r.endpoint for r in unsafe_routes(app)}
    assert {"auth.signin", "progress.events", "instructor.upload", "activities.submit"} <= found


@pytest.mark.parametrize("body", BODIES)
def test_no_unsafe_route_accepts_a_request_without_a_valid_token(app, instructor, body):
    before = row_counts(app)
    routes = [r for r in unsafe_routes(app) if r.endpoint not in EXEMPT]
    for route in routes:
        response = instructor.open(route.url, method=route.method, **BODIES[body])
        assert response.status_code == 400, (str(route), body, response.status_code)
        assert "CSRF" in response.text, (str(route), body)
    assert row_counts(app) == before
    assert "Sign out" in instructor.get("/").text  # not even signing out without a token


def test_a_token_from_another_session_is_refused(app, instructor):
    stranger = app.test_client()
    stolen = token_of(instructor)
    response = stranger.post(
        "/progress/events", json={"events": []}, headers={"X-CSRFToken": stolen}
    )
    assert response.status_code == 400 and "CSRF" in response.json["message"]


def test_json_calls_with_the_header_token_are_accepted(app, instructor):
    response = instructor.post(
        "/progress/events", json={"events": []}, headers={"X-CSRFToken": token_of(instructor)}
    )
    assert response.status_code == 200, response.text


def test_a_refused_json_call_gets_a_json_error(app, instructor):
    response = instructor.post("/progress/events", json={"events": []})
    assert response.status_code == 400
    assert response.json["status"] == 400
