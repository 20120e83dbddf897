"""Signed cookies read cheaply: each value's signature is checked once, not on every request.

A browser sends the same session and ``learner`` cookies with every request, and checking a
signature (an HMAC) and decoding the payload cost more than anything else a small page does:
about 0.1 ms for Flask's session cookie (its tagged JSON), 0.02 ms for the learner cookie.
:class:`Verified` remembers, by the cookie's exact value, the payload and signing time of values
whose signature has been checked. A value is only ever found there if the same bytes passed the
check before, so the answer is the one checking again would give; the age is still compared with
the cookie's lifetime on every request, so a cookie expires exactly as before. Values are keyed
with the secret key they were checked with: a new key checks everything afresh.

:class:`CookieSessionInterface` is Flask's signed-cookie session with that cache and its signing
serializer built once per key instead of once or twice per request. It saves the cookie exactly
when Flask's does: when the session changed (or, if configured, on every request for a permanent
session); when it doesn't, it only says the response varies by cookie, without working out every
flag of a cookie it won't send.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from typing import Any

from flask import Flask, Request, Response, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer

IMMUTABLE = (str, int, float, bool, type(None))
MAX_VALUES = 4096


def immutable_payload(payload: Any) -> bool:
    """Whether the payload can be handed to several requests: a value, or a dict of values (a
    list, such as flashed messages, could be changed in place by one of them)."""
    if isinstance(payload, dict):
        return all(isinstance(v, IMMUTABLE) for v in payload.values())
    return isinstance(payload, IMMUTABLE)


class Verified:
    """Payloads of signed values whose signature was checked, with when each was signed."""

    def __init__(self, max_values: int = MAX_VALUES) -> None:
        self.max_values = max_values
        self._items: dict[tuple[Hashable, str], tuple[Any, int]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, value: str, max_age: int | None) -> tuple[Any, int] | None:
        """(payload, signing time) if ``value`` was checked with ``key`` and is not older than
        ``max_age`` seconds (nor signed in the future: itsdangerous refuses both)."""
        found = self._items.get((key, value))
        if found is None:
            return None
        if max_age is not None:
            age = int(time.time()) - found[1]
            if age > max_age or age < 0:
                return None
        return found

    def put(self, key: Hashable, value: str, payload: Any, signed_at: int) -> None:
        if not immutable_payload(payload):
            return
        with self._lock:
            while len(self._items) >= self.max_values:
                del self._items[next(iter(self._items))]  # the oldest
            self._items[(key, value)] = (payload, signed_at)

    def __len__(self) -> int:
        return len(self._items)


def add_vary(response: Response, name: str) -> None:
    """``response.vary.add(name)``, without parsing the header into a set and writing it back
    when it names nothing or only other things (the usual cases)."""
    headers = response.headers
    existing = headers.get("Vary")
    if not existing:
        headers["Vary"] = name
    elif name.lower() not in (part.strip().lower() for part in existing.split(",")):
        headers["Vary"] = f"{existing}, {name}"


def checked_loads(
    cache: Verified,
    key: Hashable,
    serializer: URLSafeTimedSerializer,
    value: str,
    max_age: int | None,
) -> tuple[Any, int]:
    """``serializer.loads(value, max_age)`` with its signing time, checked once per value.
    Raises what itsdangerous raises for a bad or expired value."""
    found = cache.get(key, value, max_age)
    if found is not None:
        return found
    payload, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
    signed_at = int(signed.timestamp())
    cache.put(key, value, payload, signed_at)
    return payload, signed_at


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, each cookie value checked once (see the module)."""

    def __init__(self) -> None:
        self.verified = Verified()
        self._serializers: dict[Hashable, URLSafeTimedSerializer] = {}

    def get_cookie_samesite(self, app: Flask) -> str | None:
        """``None`` for a session launched from an LMS over HTTPS, so the LMS's iframe gets it
        (app.web.lti.framing); the configured value (Lax) for every other."""
        if self.get_cookie_secure(app) and session.get("lti_frame"):
            return "None"
        return super().get_cookie_samesite(app)

    @staticmethod
    def _keys(app: Flask) -> Hashable:
        return (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = self._keys(app)
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            if serializer is not None:
                self._serializers = {keys: serializer}  # only the current keys are kept
        return serializer

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Flask's, but a session that sends no cookie (most responses) only adds its Vary."""
        if session.modified or (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            super().save_session(app, session, response)
        elif session.accessed:
            add_vary(response, "Cookie")

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        return self.session_class(self.read(app, request.cookies.get(self.get_cookie_name(app))))

    def read(self, app: Flask, value: str | None) -> dict:
        """What a session cookie's value holds (empty: none, forged or expired)."""
        serializer = self.get_signing_serializer(app)
        if not value or serializer is None:
            return {}
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, _signed_at = checked_loads(
                self.verified, self._keys(app), serializer, value, max_age
            )
        except BadSignature:
            return {}
        return data
