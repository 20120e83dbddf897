"""Signing up, in and out; changing the password; deleting the account and its data."""

from __future__ import annotations

import pytest

from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner, Statement
from tests.lessons import COURSE

PASSWORD = "correct horse battery"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def signup(client, email="ada@example.org", password=PASSWORD, **extra):
    data = {"email": email, "password": password, "confirm": password, **extra}
    return client.post("/signup", data=data)


def signin(client, email="ada@example.org", password=PASSWORD, **extra):
    return client.post("/signin", data={"email": email, "password": password, **extra})


def count(app, model):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_sign_up_creates_an_account_with_a_hashed_password(app, visitor):
    response = signup(visitor)
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.email == "ada@example.org"
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert "Account" in visitor.get("/").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"confirm": "something else entirely"}, "The passwords differ."),
    ],
)
def test_sign_up_explains_what_is_wrong(visitor, fields, message):
    data = {"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD, **fields}
    response = visitor.post("/signup", data=data)
    assert response.status_code == 400
    assert message in response.text


def test_an_email_can_have_only_one_account(visitor):
    signup(visitor)
    visitor.post("/signout")
    response = signup(visitor, email="ADA@example.org")
    assert response.status_code == 400 and "already an account" in response.text


def test_sign_in_and_out(visitor):
    signup(visitor)
    visitor.post("/signout")
    assert "Sign in" in visitor.get("/").text
    assert signin(visitor).status_code == 302
    assert "Sign out" in visitor.get("/").text


def test_wrong_email_and_wrong_password_get_the_same_message(visitor):
    signup(visitor)
    visitor.post("/signout")
    unknown = signin(visitor, email="nobody@example.org").text
    wrong = signin(visitor, password="wrong password!").text
    assert "That email and password don&#39;t match an account." in unknown
    assert "That email and password don&#39;t match an account." in wrong


def test_sign_out_only_by_post(visitor):
    signup(visitor)
    assert visitor.get("/signout").status_code == 405
    assert "Sign out" in visitor.get("/").text


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (f"/courses/{COURSE}", f"/courses/{COURSE}"),
        ("https://evil.example/", "/dashboard"),
        ("//evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
    ],
)
def test_next_redirects_stay_on_this_site(visitor, target, expected):
    response = signup(visitor, next=target)
    assert response.headers["Location"] == expected


def test_changing_the_password_ends_other_sessions(app):
    laptop, phone = app.test_client(), app.test_client()
    signup(laptop)
    signin(phone)
    assert phone.get("/account").status_code == 200
    response = laptop.post(
        "/account",
        data={
            "password-current": PASSWORD,
            "password-password": "a brand new password",
            "password-confirm": "a brand new password",
            "password-submit": "1",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200  # this session goes on
    assert phone.get("/account").status_code == 302  # the other one is signed out
    assert signin(phone, password="a brand new password").status_code == 302


def test_changing_the_password_needs_the_current_one(visitor):
    signup(visitor)
    response = visitor.post(
        "/account",
        data={
            "password-current": "not it at all",
            "password-password": "a brand new password",
            "password-confirm": "a brand new password",
            "password-submit": "1",
        },
    )
    assert response.status_code == 400 and "That is not your current password." in response.text


def test_deleting_the_account_deletes_the_learners_data(app, lesson, visitor):
    visitor.post(f"{lesson.url}/activities/free-text-1", data={"revision": "1", "answer": "Sorry."})
    signup(visitor)
    assert count(app, Attempt) == 1
    response = visitor.post("/account", data={"delete-password": PASSWORD, "delete-submit": "1"})
    assert response.status_code == 302
    assert (
        count(app, User),
        count(app, Learner),
        count(app, Attempt),
        count(app, Statement),
    ) == (0, 0, 0, 0)
    assert "Sign in" in visitor.get("/").text


def test_account_pages_need_signing_in(visitor):
    response = visitor.get("/account")
    assert response.status_code == 302 and "/signin?next=" in response.headers["Location"]


@pytest.mark.parametrize("password", ["password1234", "Qwerty123456", "iloveyou2024!"])
def test_sign_up_refuses_a_common_password_and_says_why(app, visitor, password):
    response = signup(visitor, password=password)
    assert response.status_code == 400
    assert "That password is too common" in response.text
    assert count(app, User) == 0


def test_a_new_password_cannot_be_a_common_one(visitor):
    signup(visitor)
    response = visitor.post(
        "/account",
        data={
            "password-current": PASSWORD,
            "password-password": "password12345",
            "password-confirm": "password12345",
            "password-submit": "1",
        },
    )
    assert response.status_code == 400
    assert "That password is too common" in response.text
