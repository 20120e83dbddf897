"""Styled error pages with a way back, and JSON errors for API callers."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@pytest.mark.parametrize("url", ["/courses/nope", "/lessons/nope", "/no/such/page"])
def test_unknown_pages_get_a_styled_404_with_a_way_back(visitor, url):
    response = visitor.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "We couldn't find that page" in response.text
    assert '<a class="button" href="/">Back to all courses</a>' in response.text
    assert 'class="site-header"' in response.text


def test_unknown_lesson_names_what_was_missing(visitor):
    assert "There is no published lesson called “nope”." in visitor.get("/lessons/nope").text


def test_json_callers_get_a_json_404(visitor):
    response = visitor.get("/lessons/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json == {
        "error": "Not Found",
        "message": "There is no published lesson called “nope”.",
        "status": 404,
    }


def test_browsers_sending_any_type_get_html(visitor):
    assert visitor.get("/lessons/nope", headers={"Accept": "*/*"}).mimetype == "text/html"


def test_server_errors_get_a_styled_500_without_details(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/explode")
    def explode():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_wrong_method_is_a_readable_405(visitor):
    response = visitor.post("/lessons/nope")
    assert response.status_code in (400, 405)
    assert "Back to all courses" in response.text


@pytest.mark.parametrize("number", ["9223372036854775808", "2147483648", "0"])
def test_an_id_no_column_can_hold_is_not_found(instructor, lesson, number):
    response = instructor.get(f"/instructor/lessons/{lesson.slug}/revisions/{number}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "accept",
    [
        "",
        "*/*",
        "application/json",
        "text/html",
        "application/*",
        "text/html;q=0.5, application/json",
        "text/html, application/json;q=0.9",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "application/json, text/html",
    ],
)
def test_an_error_is_json_exactly_when_the_accept_header_prefers_json(app, visitor, accept):
    """Each Accept header is read once and kept: the answer is Werkzeug's, every time."""
    best = parse_accept_header(accept or None, MIMEAccept).best_match(
        ["text/html", "application/json"]
    )
    wanted = "application/json" if best == "application/json" else "text/html"
    for _ in range(2):
        response = visitor.get("/lessons/nope", headers={"Accept": accept} if accept else {})
        assert response.status_code == 404
        assert response.mimetype == wanted
