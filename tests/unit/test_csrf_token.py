"""The page's CSRF token is the one Flask-WTF makes: the same bytes, checked the same way."""

from __future__ import annotations

import pytest
from flask import Flask, g, session
from flask_wtf import CSRFProtect
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import TimestampSigner
from wtforms import ValidationError

from app.web.security import csrf

NOW = 1_800_000_000


@pytest.fixture
def app(monkeypatch) -> Flask:
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: NOW)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "a key"
    CSRFProtect(app)
    csrf.init_app(app)
    return app


def test_the_token_is_the_one_flask_wtf_makes_and_it_validates(app):
    with app.test_request_context("/"):
        token = csrf.csrf_token()
        assert csrf.csrf_token() is token  # once per request
        raw = session["csrf_token"]
        g.pop("csrf_token")
        assert generate_csrf() == token
        assert session["csrf_token"] == raw
        validate_csrf(token)


def test_a_session_with_a_token_keeps_it_and_another_session_gets_its_own(app):
    with app.test_request_context("/"):
        session["csrf_token"] = "b" * 40
        mine = csrf.csrf_token()
        assert session["csrf_token"] == "b" * 40
    with app.test_request_context("/"):
        theirs = csrf.csrf_token()
        assert session["csrf_token"] != "b" * 40
        assert theirs != mine
        with pytest.raises(ValidationError):
            validate_csrf(mine)  # signed for another session's raw token


def test_with_a_csrf_key_of_its_own_flask_wtf_makes_the_token(app):
    with app.test_request_context("/"):
        default = csrf.csrf_token()
    app.config["WTF_CSRF_SECRET_KEY"] = "another key"
    with app.test_request_context("/"):
        session["csrf_token"] = "c" * 40
        token = csrf.csrf_token()
        g.pop("csrf_token")
        assert generate_csrf() == token != default
        validate_csrf(token)


def test_templates_use_it(app):
    with app.test_request_context("/"):
        assert app.jinja_env.from_string("{{ csrf_token() }}").render() == csrf.csrf_token()


def test_a_token_signed_in_the_same_second_is_kept_and_a_new_second_signs_anew(app, monkeypatch):
    signed = []
    sign = TimestampSigner.sign
    monkeypatch.setattr(TimestampSigner, "sign", lambda self, v: signed.append(1) or sign(self, v))
    with app.test_request_context("/"):
        session["csrf_token"] = "d" * 40
        first = csrf.csrf_token()
    with app.test_request_context("/"):
        session["csrf_token"] = "d" * 40
        assert csrf.csrf_token() == first
    assert len(signed) == 1
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: NOW + 1)
    with app.test_request_context("/"):
        session["csrf_token"] = "d" * 40
        later = csrf.csrf_token()
        assert later != first and len(signed) == 2
        validate_csrf(later)
