"""Sign in and sign up are throttled per address and per account, with a readable 429 (page or
JSON), counting in the database by default (a real server with several workers:
test_throttling_workers.py)."""

from __future__ import annotations

import os
import uuid

import pytest

from app import create_app
from app.learning.db import db
from app.web.extensions import limiter
from tests.conftest import SEED_CONTENT
from tests.services import redis_url_or_skip

LIMIT = 3


def throttled_app(tmp_path, storage: str | None = "memory://", database: str | None = None):
    """An app that throttles sign-ins; ``storage=None`` leaves the storage to configuration."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": database or f"sqlite:///{tmp_path / 'throttle.db'}",
        "CONTENT_DIR": str(SEED_CONTENT),
        "RATELIMIT_ENABLED": True,
        "AUTH_RATE_LIMIT": f"{LIMIT} per minute",
    }
    if storage is not None:
        config["RATELIMIT_STORAGE_URI"] = storage
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app


def close(*apps) -> None:
    """Stop the apps' speech engines and close their database connections."""
    for app in apps:
        app.extensions["speech"].close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(params=["database://", "memory://"], ids=["database", "memory"])
def throttled(tmp_path, request):
    """Counting in the database (the default without Redis) and in memory (tests' choice)."""
    app = throttled_app(tmp_path, request.param)
    yield app
    close(app)


def a_client(app, address=None):
    address = address or f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


GUESS = {"email": "someone@example.org", "password": "not the password"}


def guess_at_a_new_account() -> dict[str, str]:
    """A guess no earlier test run has counted, for counters that outlive the test (Redis)."""
    return GUESS | {"email": f"{uuid.uuid4().hex}@example.org"}


@pytest.mark.parametrize("path", ["/signin", "/signup"])
def test_too_many_attempts_get_a_readable_429_page(throttled, path):
    client = a_client(throttled)
    for _ in range(LIMIT):
        assert client.post(path, data=GUESS).status_code == 400
    response = client.post(path, data=GUESS)
    assert response.status_code == 429
    assert "Too many attempts from your network" in response.text
    assert "Wait a minute" in response.text
    assert int(response.headers["Retry-After"]) > 0
    assert "Content-Security-Policy" in response.headers


def test_a_throttled_json_caller_gets_json(throttled):
    client = a_client(throttled)
    for _ in range(LIMIT):
        client.post("/signin", data=GUESS)
    response = client.post("/signin", data=GUESS, headers={"Accept": "application/json"})
    assert response.status_code == 429
    assert response.json["status"] == 429
    assert "Too many attempts" in response.json["message"]


def test_showing_the_form_is_never_throttled(throttled):
    client = a_client(throttled)
    for _ in range(LIMIT + 2):
        assert client.get("/signin").status_code == 200


def test_other_addresses_are_not_affected(throttled):
    guesser = a_client(throttled, "10.0.0.1")
    for _ in range(LIMIT + 1):
        guesser.post("/signin", data=GUESS)
    assert guesser.post("/signin", data=GUESS).status_code == 429
    assert a_client(throttled, "10.0.0.2").post("/signin", data=GUESS).status_code == 400


def test_the_right_password_is_refused_too_once_throttled(throttled):
    """Otherwise the 429 itself would tell a guesser which answer was right."""
    client = a_client(throttled)
    client.post(
        "/signup",
        data={
            "email": "me@example.org",
            "password": "quiet violet harbour",
            "confirm": "quiet violet harbour",
        },
    )
    client.post("/signout")
    for _ in range(LIMIT):
        client.post("/signin", data=GUESS)
    right = client.post(
        "/signin", data={"email": "me@example.org", "password": "quiet violet harbour"}
    )
    assert right.status_code == 429


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL names no Redis server")
def test_counters_are_shared_through_redis(tmp_path):
    """Two app instances (two server processes) count attempts together."""
    url = os.environ["REDIS_URL"]
    first, second = throttled_app(tmp_path / "a", url), throttled_app(tmp_path / "b", url)
    address = f"10.{uuid.uuid4().int % 250}.1.{uuid.uuid4().int % 250}"
    guess = guess_at_a_new_account()
    for _ in range(LIMIT):
        a_client(first, address).post("/signin", data=guess)
    assert a_client(second, address).post("/signin", data=guess).status_code == 429
    for app in (first, second):
        app.extensions["speech"].close()


def test_flask_redis_url_alone_puts_the_counters_in_redis(tmp_path, monkeypatch):
    """``FLASK_REDIS_URL`` (no plain ``REDIS_URL``) moves the counters along with the jobs."""
    from limits.storage import RedisStorage

    url = redis_url_or_skip()
    monkeypatch.delenv("REDIS_URL")
    monkeypatch.delenv("FLASK_RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("FLASK_REDIS_URL", url)
    first = throttled_app(tmp_path / "a", storage=None)
    assert isinstance(limiter.storage, RedisStorage)
    assert limiter.storage.check()
    second = throttled_app(tmp_path / "b", storage=None)
    address = f"10.{uuid.uuid4().int % 250}.2.{uuid.uuid4().int % 250}"
    guess = guess_at_a_new_account()
    for _ in range(LIMIT):
        a_client(first, address).post("/signin", data=guess)
    assert a_client(second, address).post("/signin", data=guess).status_code == 429
    for app in (first, second):
        app.extensions["speech"].close()
        app.extensions["jobs"].connection.close()


def test_without_redis_app_instances_count_together_in_their_database(tmp_path, monkeypatch):
    """Two app instances (two server processes) sharing a database share its counters too."""
    for name in ("REDIS_URL", "FLASK_REDIS_URL", "FLASK_RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    first = throttled_app(tmp_path / "a", storage=None, database=database)
    second = throttled_app(tmp_path / "b", storage=None, database=database)
    assert first.config["RATELIMIT_STORAGE_URI"] == "database://"
    for _ in range(LIMIT):
        assert a_client(first, "10.9.9.9").post("/signin", data=GUESS).status_code == 400
    assert a_client(second, "10.9.9.9").post("/signin", data=GUESS).status_code == 429
    close(first, second)


@pytest.fixture
def per_account(throttled):
    """The per-account limit as low as the per-address one (each test uses new addresses)."""
    throttled.config["AUTH_ACCOUNT_RATE_LIMIT"] = f"{LIMIT} per minute"
    return throttled


def test_guesses_at_one_account_are_limited_whatever_addresses_they_come_from(per_account):
    spellings = ["victim@example.org", " Victim@Example.org", "VICTIM@EXAMPLE.ORG "]
    for n in range(LIMIT):
        guess = {"email": spellings[n % len(spellings)], "password": f"guess {n}"}
        assert a_client(per_account).post("/signin", data=guess).status_code == 400
    refused = a_client(per_account).post(
        "/signin", data={"email": "victim@example.org", "password": "guess"}
    )
    assert refused.status_code == 429
    assert "Too many attempts for this account" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    as_json = a_client(per_account).post(
        "/signin",
        data={"email": "victim@example.org", "password": "guess"},
        headers={"Accept": "application/json"},
    )
    assert as_json.status_code == 429
    assert "Too many attempts for this account" in as_json.json["message"]
    other_account = {"email": "someone.else@example.org", "password": "guess"}
    assert a_client(per_account).post("/signin", data=other_account).status_code == 400


def test_an_address_over_both_limits_is_told_about_its_network(per_account):
    client = a_client(per_account)
    for _ in range(LIMIT):
        client.post("/signin", data=GUESS)
    assert "Too many attempts from your network" in client.post("/signin", data=GUESS).text


def test_the_account_page_counts_password_checks_per_signed_in_account(per_account):
    """A stolen session used from many addresses can't guess the current password faster."""
    client = a_client(per_account, "10.8.0.1")
    password = "quiet violet harbour"
    signup = {"email": "me@example.org", "password": password, "confirm": password}
    assert client.post("/signup", data=signup).status_code == 302
    change = {
        "password-current": "not my password",
        "password-password": "another long phrase",
        "password-confirm": "another long phrase",
        "password-submit": "1",
    }
    for n in range(LIMIT):
        client.environ_base["REMOTE_ADDR"] = f"10.8.1.{n}"
        # A made-up e-mail field moves nothing: the count is the signed-in account's.
        named = change | {"email": f"someone{n}@example.org"}
        assert client.post("/account", data=named).status_code == 400
    client.environ_base["REMOTE_ADDR"] = "10.8.2.1"
    refused = client.post("/account", data=change | {"password-current": password})
    assert refused.status_code == 429
    assert "Too many attempts for this account" in refused.text
