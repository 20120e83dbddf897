"""Error pages rendered once per kind of error and visitor and filled in per request are the pages
a full rendering gives: the visitor's own CSRF token, links back to the very address asked for."""

from __future__ import annotations

import re

import pytest

from app.web import error_pages
from tests.lessons import COURSE
from tests.users import signed_in_client, signed_in_staff

TOKEN = re.compile(r'(name="(?:csrf-token|csrf_token)" (?:content|value)=")[^"]+"')
PATHS = [
    "/no-such-page",
    "/a b/c",
    "/<script>alert('x')</script>",
    "/caf%C3%A9/%2Fetc&x=1",
    "/lessons/nope",
    f"/courses/{COURSE}-nope",
]


def without_tokens(html: str) -> str:
    return TOKEN.sub(r'\1TOKEN"', html)


def rendered_in_full(monkeypatch, client, path: str):
    """The page as it is rendered for each request when no frame is kept."""
    app = client.application
    with monkeypatch.context() as m:
        m.setattr(error_pages, "_build", lambda *_args: None)
        response = client.get(path)
    app.extensions["error_pages"] = error_pages.Frames()  # forget that no frame was kept
    return response


@pytest.mark.parametrize("path", PATHS)
def test_an_anonymous_visitor_gets_the_page_a_full_rendering_gives(
    app, lesson, visitor, monkeypatch, path
):
    full = rendered_in_full(monkeypatch, app.test_client(), path)
    assert full.status_code == 404
    for _ in range(2):  # the frame is made, then used
        response = visitor.get(path)
        assert response.status_code == 404
        assert without_tokens(response.text) == without_tokens(full.text)
    assert 'href="/signin?next=' in response.text


def test_signed_in_visitors_get_their_own_kind_of_page(app, lesson, monkeypatch):
    learner = signed_in_client(app, "learner@example.org", "learner")
    teacher = signed_in_staff(app, course=COURSE)
    for client in (learner, teacher):
        client.get("/dashboard")  # shows (and clears) the welcome message
        full = rendered_in_full(monkeypatch, client, "/no-such-page")
        for _ in range(2):
            assert without_tokens(client.get("/no-such-page").text) == without_tokens(full.text)
    assert "Sign out" in learner.get("/no-such-page").text
    assert ">Teach<" in teacher.get("/no-such-page").text
    assert ">Teach<" not in learner.get("/no-such-page").text


def test_the_token_on_an_error_page_is_the_visitors_own_and_no_placeholder_is_sent(
    app, lesson, visitor
):
    visitor.get("/no-such-page")
    page = visitor.get("/no-such-page").text  # from the frame
    assert "csrf-token-" not in page and "/path-" not in page
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    assert visitor.post("/signout", data={"csrf_token": token}).status_code == 302


def test_flashed_messages_are_shown_on_an_error_page(app, lesson, visitor):
    token = re.search(r'name="csrf-token" content="([^"]+)"', visitor.get("/").text).group(1)
    visitor.post("/signout", data={"csrf_token": token})  # flashes "You are signed out."
    assert "You are signed out." in visitor.get("/no-such-page").text
    assert "You are signed out." not in visitor.get("/no-such-page").text


def test_frames_are_kept_per_kind_of_error_not_per_address(app, lesson, visitor):
    for n in range(5):
        visitor.get(f"/missing-{n}")
    visitor.get("/lessons/nope")
    frames = app.extensions["error_pages"]
    assert len(frames) == 2  # a 404 with no endpoint, and the lesson view's own 404
