"""Every response carries the security headers; cookies are HttpOnly, Lax, Secure over HTTPS."""

from __future__ import annotations

import pytest

from tests.lessons import SLUG

PAGES = [
    "/",
    f"/lessons/{SLUG}",  # the `lesson` fixture's page
    "/signin",
    "/dashboard",
    "/me/export.json",
    "/static/css/main.css",
    "/no-such-page",
]


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()
    }


@pytest.mark.parametrize("path", PAGES)
def test_every_response_has_the_security_headers(lesson, visitor, path):
    response = visitor.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'self'"


def test_the_policy_never_allows_inline_or_evaluated_code(lesson, visitor):
    policy = visitor.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert csp_directives(visitor.get("/"))["script-src"] == "'self'"
    assert csp_directives(visitor.get("/"))["style-src"] == "'self'"


def test_error_pages_have_the_headers_too(visitor):
    response = visitor.post("/lessons/nowhere/activities/x")
    assert response.status_code in (400, 404)
    assert "Content-Security-Policy" in response.headers


def test_hsts_only_over_https(visitor):
    assert "Strict-Transport-Security" not in visitor.get("/").headers
    secure = visitor.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def learner_cookie(client, base_url="http://localhost"):
    """The learner cookie a browser's first visit to a lesson hands out."""
    page = client.application.test_client().get(f"/lessons/{SLUG}", base_url=base_url)
    return next(c for c in page.headers.getlist("Set-Cookie") if c.startswith("learner="))


def session_cookie(client, base_url="http://localhost"):
    response = client.get("/signin", base_url=base_url)
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_session_and_learner_cookies_are_httponly_and_lax(lesson, visitor):
    for cookie in (session_cookie(visitor), learner_cookie(visitor)):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # plain HTTP in development: a Secure cookie would vanish


def test_cookies_are_secure_over_https(lesson, visitor):
    assert "Secure" in learner_cookie(visitor, "https://localhost")


def test_secure_cookies_setting_marks_every_cookie_secure(app, lesson):
    app.config["SECURE_COOKIES"] = True
    app.config["SESSION_COOKIE_SECURE"] = True  # what create_app derives from the setting
    client = app.test_client()
    assert "Secure" in session_cookie(client)
    assert "Secure" in learner_cookie(client)


def test_secure_cookies_setting_is_applied_by_the_factory(tmp_path):
    from app import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECURE_COOKIES": True,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(visitor):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert "Strict-Transport-Security" not in visitor.get("/", headers=forwarded).headers


def test_a_trusted_proxy_makes_https_and_client_addresses_visible(tmp_path):
    from flask import request

    from app import create_app

    app = create_app(
        {
            "TESTING": True,
            "TRUSTED_PROXIES": 1,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = app.test_client().get("/whoami", headers=forwarded)
    assert response.text == "203.0.113.9"
    assert "Strict-Transport-Security" in response.headers


def test_a_header_a_response_sets_itself_is_kept_and_the_others_added(app, visitor):
    from flask import Response

    own = {"X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "default-src 'none'"}
    app.add_url_rule("/own-headers", "own_headers", lambda: Response("x", headers=own))
    response = visitor.get("/own-headers")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    secure = visitor.get("/own-headers", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
