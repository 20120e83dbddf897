"""A response sends a cookie only when it changed it: on a first visit, when signing in or out,
when the session's contents change, when the learner cookie is due for renewal. A browser that
comes back with the cookies it was given gets none, whatever it asks for.

Each test plays a browser by hand: it keeps exactly the cookies the responses set, so a response
that sends a cookie again (even an equal one) is seen.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest

from tests.lessons import COURSE
from tests.users import PASSWORD, add_user

EMAIL = "ada@example.org"


class Browser:
    """A client that sends the cookies it was given, no more, and shows what each response set."""

    def __init__(self, app) -> None:
        self.client = app.test_client(use_cookies=False)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.client.open(path, method=method, headers=headers, **kwargs)
        for header in response.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.request("POST", path, **kwargs)


def set_cookies(response) -> list[str]:
    return [header.split("=", 1)[0] for header in response.headers.getlist("Set-Cookie")]


def csrf_token(response) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', response.text).group(1)


def static_url(response, name: str) -> str:
    return re.search(rf'"(/static/[^"]+/{re.escape(name)})"', response.text).group(1)


@pytest.fixture
def browser(app, lesson) -> Browser:
    return Browser(app)


def test_a_first_visit_gets_the_learner_and_session_cookies(browser, lesson):
    assert sorted(set_cookies(browser.get(lesson.url))) == ["learner", "session"]


@pytest.mark.parametrize(
    "page", ["lesson", "course", "home", "dashboard", "static file", "404", "progress"]
)
def test_a_second_request_with_the_same_cookies_sets_none(browser, lesson, page):
    first = browser.get(lesson.url)
    path = {
        "lesson": lesson.url,
        "course": f"/courses/{COURSE}",
        "home": "/",
        "dashboard": "/dashboard",
        "static file": static_url(first, "main.css"),
        "404": "/no-such-page",
        "progress": f"{lesson.url}/progress",
    }[page]
    response = browser.get(path)
    assert response.status_code == (404 if page == "404" else 200)
    assert set_cookies(response) == []
    assert set_cookies(browser.get(path)) == []


def test_a_learner_who_has_saved_progress_gets_no_cookie_on_the_next_pages(browser, lesson):
    token = csrf_token(browser.get(lesson.url))
    event = {"id": "6f1c0d7e-2a51-4c1b-9d7e-1b2c3d4e5f60", "type": "time", "lesson": lesson.slug}
    saved = browser.post(
        "/progress/events",
        json={"events": [{**event, "seconds": 5}]},
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 200
    assert set_cookies(saved) == []
    assert set_cookies(browser.get(lesson.url)) == []


def test_signing_in_and_out_set_the_cookies_and_then_they_are_left_alone(app, browser, lesson):
    add_user(app, EMAIL)
    token = csrf_token(browser.get(lesson.url))
    signed_in = browser.post(
        "/signin", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    assert sorted(set_cookies(signed_in)) == ["learner", "session"]  # session set, learner deleted
    assert "learner" not in browser.cookies
    welcome = browser.get("/dashboard")
    assert set_cookies(welcome) == ["session"]  # the flashed message is taken out of the session
    for path in (lesson.url, "/dashboard", "/no-such-page"):
        assert set_cookies(browser.get(path)) == [], path

    token = csrf_token(browser.get(lesson.url))
    signed_out = browser.post("/signout", data={"csrf_token": token})
    assert signed_out.status_code == 302
    assert "session" in set_cookies(signed_out)


def test_a_change_to_the_session_is_sent(browser, lesson):
    token = csrf_token(browser.get(lesson.url))
    before = browser.cookies["session"]
    signed_out = browser.post("/signout", data={"csrf_token": token})  # flashes a message
    assert "session" in set_cookies(signed_out)
    assert browser.cookies["session"] != before
    assert "session" in set_cookies(browser.get("/"))  # the message is shown and taken out
    assert set_cookies(browser.get("/")) == []


def test_a_signed_in_learner_from_another_browser_is_marked_once_then_left_alone(
    app, browser, lesson
):
    add_user(app, EMAIL)
    token = csrf_token(browser.get(lesson.url))
    browser.post("/signin", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    browser.get("/dashboard")
    other = {"User-Agent": "Another browser/1.0"}
    assert set_cookies(browser.get(lesson.url, headers=other)) == ["session"]  # no longer fresh
    assert set_cookies(browser.get(lesson.url, headers=other)) == []
