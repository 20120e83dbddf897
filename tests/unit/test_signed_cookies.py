"""Signed cookies are checked once per value, and the answer is always the one a fresh check
would give: a forged or expired value is refused however often a genuine one was seen."""

from __future__ import annotations

import pytest
from flask import Flask, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.web import signed_cookies
from app.web.signed_cookies import CookieSessionInterface, Verified, checked_loads

KEY = "a-secret-key"


@pytest.fixture
def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(KEY, salt="test")


def test_a_value_is_checked_once_then_found(serializer, monkeypatch):
    cache = Verified()
    value = serializer.dumps("someone")
    assert checked_loads(cache, KEY, serializer, value, 60)[0] == "someone"

    def refuse(*_args, **_kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(serializer, "loads", refuse)
    assert checked_loads(cache, KEY, serializer, value, 60)[0] == "someone"


def test_a_forged_value_is_refused_after_the_genuine_one_was_seen(serializer):
    cache = Verified()
    value = serializer.dumps("someone")
    checked_loads(cache, KEY, serializer, value, 60)
    payload, timestamp, signature = value.split(".")
    forged = ".".join(
        [payload, timestamp, signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")]
    )
    with pytest.raises(BadSignature):
        checked_loads(cache, KEY, serializer, forged, 60)


def test_a_value_seen_under_another_key_is_checked_again(serializer):
    cache = Verified()
    value = serializer.dumps("someone")
    checked_loads(cache, KEY, serializer, value, 60)
    other = URLSafeTimedSerializer("another-key", salt="test")
    with pytest.raises(BadSignature):
        checked_loads(cache, "another-key", other, value, 60)


def test_a_value_found_still_expires_with_its_lifetime(serializer, monkeypatch):
    cache = Verified()
    value = serializer.dumps("someone")
    checked_loads(cache, KEY, serializer, value, 60)
    now = signed_cookies.time.time()
    monkeypatch.setattr(signed_cookies.time, "time", lambda: now + 61)
    assert cache.get(KEY, value, 60) is None
    with pytest.raises(SignatureExpired):
        checked_loads(cache, KEY, serializer, value, 60)


def test_only_payloads_no_request_can_change_are_kept(serializer):
    cache = Verified()
    flat = serializer.dumps({"csrf_token": "abc", "_fresh": False})
    nested = serializer.dumps({"_flashes": [["message", "Saved."]]})
    checked_loads(cache, KEY, serializer, flat, 60)
    checked_loads(cache, KEY, serializer, nested, 60)
    assert cache.get(KEY, flat, 60) is not None
    assert cache.get(KEY, nested, 60) is None


def test_the_cache_keeps_at_most_its_size_dropping_the_oldest(serializer):
    cache = Verified(max_values=3)
    values = [serializer.dumps(n) for n in range(5)]
    for value in values:
        checked_loads(cache, KEY, serializer, value, 60)
    assert len(cache) == 3
    assert cache.get(KEY, values[0], 60) is None
    assert cache.get(KEY, values[-1], 60) is not None


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.secret_key = KEY
    app.session_interface = CookieSessionInterface()

    @app.get("/put/<value>")
    def put(value: str) -> str:
        session["value"] = value
        return "stored"

    @app.get("/read")
    def read() -> str:
        return session.get("value", "nothing")

    @app.get("/permanent")
    def permanent() -> str:
        session.permanent = True
        return "permanent"

    @app.get("/origin")
    def origin():
        return session.get("value", "nothing"), {"Vary": "Origin"}

    @app.get("/clear")
    def clear() -> str:
        session.clear()
        return "cleared"

    @app.get("/untouched")
    def untouched() -> str:
        return "nobody asked"

    @app.get("/change-in-place")
    def change_in_place() -> str:
        session.setdefault("items", []).append("x")
        session.modified = True
        return str(len(session["items"]))

    return app


def test_the_session_cookie_is_read_and_saved_as_flask_does(app):
    client = app.test_client()
    assert client.get("/put/one").headers.getlist("Set-Cookie")
    for _ in range(2):
        response = client.get("/read")
        assert response.text == "one"
        assert response.headers.getlist("Set-Cookie") == []


def test_a_session_cookie_signed_with_another_key_is_an_empty_session(app):
    other = Flask(__name__)
    other.secret_key = "another-key"
    forged = other.session_interface.get_signing_serializer(other).dumps({"value": "forged"})
    client = app.test_client()
    client.get("/put/one")  # a genuine cookie has been seen
    client.set_cookie("session", forged)
    assert client.get("/read").text == "nothing"


def test_a_change_to_one_request_s_session_is_not_seen_by_the_next(app):
    """Requests with the same cookie start from its contents, whatever an earlier one changed."""
    keeper = app.test_client()
    keeper.get("/put/one")
    sent = {"Cookie": f"session={keeper.get_cookie('session').value}"}
    client = app.test_client(use_cookies=False)
    assert client.get("/read", headers=sent).text == "one"
    assert client.get("/put/two", headers=sent).headers.getlist("Set-Cookie")
    assert client.get("/change-in-place", headers=sent).text == "1"
    assert client.get("/change-in-place", headers=sent).text == "1"
    assert client.get("/read", headers=sent).text == "one"


def test_a_session_read_but_unchanged_sends_no_cookie_and_says_the_page_varies_by_it(app):
    client = app.test_client()
    client.get("/put/one")
    response = client.get("/read")
    assert response.headers.getlist("Set-Cookie") == []
    assert response.headers.getlist("Vary") == ["Cookie"]
    assert client.get("/origin").headers.getlist("Vary") == ["Origin, Cookie"]
    assert "Vary" not in client.get("/untouched").headers  # the session was never looked at


def test_a_permanent_session_is_sent_again_on_every_request_when_configured_so(app):
    client = app.test_client()
    client.get("/put/one")
    client.get("/permanent")
    assert app.config["SESSION_REFRESH_EACH_REQUEST"]
    assert client.get("/read").headers.getlist("Set-Cookie")
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    assert client.get("/read").headers.getlist("Set-Cookie") == []


def test_a_session_emptied_deletes_its_cookie(app):
    client = app.test_client()
    client.get("/put/one")
    cleared = client.get("/clear").headers.getlist("Set-Cookie")
    assert len(cleared) == 1 and "Expires=Thu, 01 Jan 1970" in cleared[0]


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (None, "Cookie"),
        ("Accept-Encoding", "Accept-Encoding, Cookie"),
        ("accept-encoding, cookie", "accept-encoding, cookie"),
        ("Origin,Cookie", "Origin,Cookie"),
    ],
)
def test_vary_names_each_header_once(existing, expected):
    from flask import Response

    response = Response("x", headers={"Vary": existing} if existing else {})
    signed_cookies.add_vary(response, "Cookie")
    assert response.headers.getlist("Vary") == [expected]
