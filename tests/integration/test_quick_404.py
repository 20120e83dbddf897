"""An address no view answers gets, in front of Flask, the very 404 Flask would send: the page
with the visitor's own token, the security headers, no cookie. Anything that could change the
answer goes to Flask."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from app import create_app
from app.web.not_found import QuickNotFound, hooks_known
from app.web.security.headers import CONTENT_SECURITY_POLICY, HEADERS
from tests.users import signed_in_client

TOKEN = re.compile(r'(name="(?:csrf-token|csrf_token)" (?:content|value)=")[^"]+"')
PATHS = ["/no-such-page", "/a b/c", "/<script>alert('x')</script>", "/caf%C3%A9/%2Fetc&x=1"]


def quick(app: Flask) -> QuickNotFound:
    wsgi = app.wsgi_app
    while not isinstance(wsgi, QuickNotFound):
        wsgi = wsgi.app  # type: ignore[attr-defined]
    return wsgi


def described(response) -> tuple:
    """Status, headers (in any order) and body, tokens left out (a token is signed per second)."""
    headers = sorted((k, TOKEN.sub(r'\1T"', v)) for k, v in response.headers.items())
    return response.status, headers, TOKEN.sub(r'\1T"', response.get_data(as_text=True))


def answered_by(app: Flask, monkeypatch, request) -> tuple[tuple, bool]:
    """The response, and whether it was answered in front of Flask."""
    answered = []
    real = QuickNotFound.answer

    def spy(self, environ):
        found = real(self, environ)
        answered.append(found is not None)
        return found

    with monkeypatch.context() as m:
        m.setattr(QuickNotFound, "answer", spy)
        response = request()
    return described(response), answered == [True]


def by_flask(monkeypatch, request) -> tuple:
    with monkeypatch.context() as m:
        m.setattr(QuickNotFound, "answer", lambda *_args: None)
        return described(request())


@pytest.fixture
def visitor(app, visitor):
    """An anonymous visitor who has opened a page (a session with a CSRF token) and met one 404
    (its frame is built)."""
    visitor.get("/")
    visitor.get("/first-miss")
    return visitor


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "how",
    [
        {},
        {"method": "HEAD"},
        {"headers": {"Accept-Encoding": "gzip"}},
        {"base_url": "https://localhost"},
        {"headers": {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}},
    ],
)
def test_an_anonymous_visitor_gets_flasks_404_in_front_of_flask(
    app, visitor, monkeypatch, path, how
):
    def request():
        return visitor.open(path, **{"method": "GET", **how})

    response, quickly = answered_by(app, monkeypatch, request)
    assert quickly
    assert response == by_flask(monkeypatch, request)


def test_the_quick_404_has_every_security_header_and_sets_no_cookie(app, visitor, monkeypatch):
    (status, headers, body), quickly = answered_by(
        app, monkeypatch, lambda: visitor.get("/nothing/here", base_url="https://localhost")
    )
    assert quickly and status == "404 NOT FOUND"
    sent = dict(headers)
    assert sent["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert {k: sent[k] for k in HEADERS} == HEADERS
    assert sent["Strict-Transport-Security"].startswith("max-age=")
    assert sent["Vary"] == "Accept-Encoding, Cookie"
    assert "Set-Cookie" not in sent
    assert "We couldn't find that page" in body and "next=/nothing/here" in body


@pytest.mark.parametrize(
    "request_",
    [
        lambda c: c.get("/no-such-page", headers={"Accept": "application/json"}),
        lambda c: c.get("/no-such-page?x=1"),
        lambda c: c.post("/no-such-page"),
        lambda c: c.get("/lessons/nope"),  # a view answers, with a 404 of its own
        lambda c: c.set_cookie("remember_token", "x") or c.get("/no-such-page"),
        lambda c: c.get("/no-such-page", headers={"Authorization": "Bearer x"}),
        lambda c: c.get("/no%00page"),
    ],
)
def test_what_could_change_the_answer_goes_to_flask(app, visitor, monkeypatch, request_):
    response, quickly = answered_by(app, monkeypatch, lambda: request_(visitor))
    assert not quickly
    assert response == by_flask(monkeypatch, lambda: request_(visitor))


def test_a_first_visit_goes_to_flask_which_hands_out_the_session(app, monkeypatch):
    client = app.test_client()
    client.get("/first-miss")  # the frame is built
    fresh = app.test_client()
    (_status, headers, _body), quickly = answered_by(
        app, monkeypatch, lambda: fresh.get("/no-such-page")
    )
    assert not quickly and "Set-Cookie" in dict(headers)  # the session with its CSRF token


def test_signed_in_visitors_go_to_flask(app, lesson, monkeypatch):
    member = signed_in_client(app, "member@example.org", "learner")
    member.get("/first-miss")
    (_status, _headers, body), quickly = answered_by(
        app, monkeypatch, lambda: member.get("/no-such-page")
    )
    assert not quickly and "Account" in body


def test_flashed_messages_go_to_flask(app, visitor, monkeypatch):
    with visitor.session_transaction() as session:
        session["_flashes"] = [("message", "A flashed message")]
    (_status, _headers, body), quickly = answered_by(
        app, monkeypatch, lambda: visitor.get("/no-such-page")
    )
    assert not quickly and "A flashed message" in body


def test_the_hooks_of_the_app_are_the_known_ones(app):
    """A new hook turns the quick 404 off: look at what it does for an address no view answers,
    then add it to KNOWN_HOOKS if that is nothing."""
    assert hooks_known(app)


def test_an_unknown_hook_sends_every_404_to_flask(tmp_path, monkeypatch):
    app = create_app({"SECRET_KEY": "test", "INSTANCE_PATH": str(tmp_path), "TESTING": True})

    @app.after_request
    def mark(response):
        response.headers["X-Marked"] = "yes"
        return response

    assert not hooks_known(app)
    client = app.test_client()
    client.get("/first-miss")
    response, quickly = answered_by(app, monkeypatch, lambda: client.get("/no-such-page"))
    assert not quickly
    assert ("X-Marked", "yes") in response[1]


def test_a_views_address_is_matched_once_and_static_files_never_reach_the_quick_404(
    app, visitor, monkeypatch
):
    matched = []
    real = Flask.create_url_adapter

    def counting(self, request):
        matched.append(request is not None and not hasattr(request, "url_rule"))
        return real(self, request)

    monkeypatch.setattr(Flask, "create_url_adapter", counting)
    static = re.search(r'"(/static/[^"]+\.css)"', visitor.get("/").text).group(1)
    matched.clear()
    for _ in range(3):
        visitor.get("/")
        visitor.get(static)
    assert matched.count(True) == 0  # the home page's address was matched before
    seen = {path for _host, _root, path in quick(app)._views}
    assert "/" in seen and not any(path.startswith("/static/") for path in seen)
