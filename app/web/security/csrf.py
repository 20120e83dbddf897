"""The CSRF token of a page, made as Flask-WTF makes it, for less.

Every page carries the token (its meta element, its forms), and Flask-WTF's ``generate_csrf``
built a new signing serializer for each request and encoded the session's raw token again:
JSON, then zlib (tried, for a 40-character hex string), then base64, about a tenth of a 404's
time. That encoded part depends only on the raw token, so it is kept; the serializer is built once
per key; what is left per request is signing it with the current time, to the second: a token
signed within the same second is the same bytes, so it is kept until the second changes (a
browser loading a page and its parts, or a busy learner, asks several times a second). The
token is exactly the
one ``generate_csrf`` gives, so Flask-WTF checks it as before (``CSRFProtect``, forms), and a
request that asks both gets the same token: it is kept in ``g`` where Flask-WTF keeps it. With a
``WTF_CSRF_SECRET_KEY`` of its own configured, Flask-WTF makes every token itself.
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import lru_cache

from flask import Flask, current_app, g, session
from flask_wtf.csrf import generate_csrf
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

SALT = "wtf-csrf-token"  # Flask-WTF's
MAX_PAYLOADS = 4096


@lru_cache(maxsize=4)
def _serializer(secret_key: str | bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


@lru_cache(maxsize=4)
def _signer(secret_key: str | bytes) -> TimestampSigner:
    return _serializer(secret_key).make_signer()


_payloads: dict[tuple[str | bytes, str], bytes] = {}
_payloads_lock = threading.Lock()
_signed: dict[tuple[str | bytes, str], tuple[int, str]] = {}  # (second, token) per raw token


def _payload(secret_key: str | bytes, raw: str) -> bytes:
    """The raw token as the serializer encodes it before signing, kept per raw token."""
    key = (secret_key, raw)
    payload = _payloads.get(key)
    if payload is None:
        payload = _serializer(secret_key).dump_payload(raw)
        with _payloads_lock:
            if len(_payloads) >= MAX_PAYLOADS:
                _payloads.clear()
            _payloads[key] = payload
    return payload


def signed_now(secret_key: str | bytes, raw: str) -> str:
    """The raw token signed with this second's time: the same bytes for the whole second."""
    signer = _signer(secret_key)
    now = signer.get_timestamp()
    key = (secret_key, raw)
    kept = _signed.get(key)
    if kept is not None and kept[0] == now:
        return kept[1]
    token = signer.sign(_payload(secret_key, raw)).decode()
    if len(_signed) >= MAX_PAYLOADS:
        _signed.clear()
    _signed[key] = (now, token)
    return token


def csrf_token() -> str:
    """This request's signed CSRF token (``flask_wtf.csrf.generate_csrf``, cheaper)."""
    app = current_app._get_current_object()  # each proxy look-up costs a few calls: once each
    if "WTF_CSRF_SECRET_KEY" in app.config:  # a key of its own: Flask-WTF's business
        return generate_csrf()
    field = app.config["WTF_CSRF_FIELD_NAME"]
    request_g = g._get_current_object()
    token = request_g.get(field)
    if token is None:
        secret_key = app.secret_key
        request_session = session._get_current_object()
        raw = request_session.get(field)
        if not isinstance(raw, str):  # none yet, or not one Flask-WTF made
            raw = request_session[field] = hashlib.sha1(os.urandom(64)).hexdigest()  # nosec B324 (as Flask-WTF)
        token = signed_now(secret_key, raw)
        setattr(request_g, field, token)
    return token


def init_app(app: Flask) -> None:
    """Templates' ``csrf_token()`` (set by Flask-WTF) is this one; call after ``csrf.init_app``."""
    app.jinja_env.globals["csrf_token"] = csrf_token
