"""The limiter skips its look before each request only when no limit could apply to every
request: limits that do (default limits) and a view's own limits still hold."""

from __future__ import annotations

from flask import Flask
from flask_limiter.util import get_remote_address

from app.web.extensions import Limiter


def an_app(limiter: Limiter) -> Flask:
    app = Flask(__name__)
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    limiter.init_app(app)
    app.add_url_rule("/page", "page", lambda: "a page")

    @app.get("/guarded")
    @limiter.limit("2 per minute")
    def guarded() -> str:
        return "guarded"

    return app


def statuses(app: Flask, path: str, times: int = 3) -> list[int]:
    client = app.test_client()
    return [client.get(path).status_code for _ in range(times)]


def test_without_limits_for_every_request_pages_are_not_counted_and_views_limits_hold():
    limiter = Limiter(key_func=get_remote_address, default_limits=[])
    app = an_app(limiter)
    assert not limiter._limits_every_request()
    assert statuses(app, "/page", 5) == [200] * 5
    assert statuses(app, "/guarded") == [200, 200, 429]


def test_default_limits_still_apply_to_every_page():
    limiter = Limiter(key_func=get_remote_address, default_limits=["2 per minute"])
    app = an_app(limiter)
    assert limiter._limits_every_request()
    assert statuses(app, "/page") == [200, 200, 429]


def test_a_request_that_checked_no_limit_leaves_the_limiter_nothing_to_clear(monkeypatch):
    """Flask-Limiter's after-request and teardown hooks run only for requests that checked a
    limit: it keeps a record per request, made on first use."""
    limiter = Limiter(key_func=get_remote_address, default_limits=[])
    app = an_app(limiter)
    made = []
    real = Limiter.context

    def recording(self):
        made.append(True)
        return real.fget(self)

    monkeypatch.setattr(Limiter, "context", property(recording))
    assert statuses(app, "/page", 2) == [200, 200]
    assert made == []
    assert statuses(app, "/guarded") == [200, 200, 429]
    assert made
