"""Instructors invite instructors from the browser: a signed, single-use, expiring link that the
inviting instructor copies (no mail server), and that the invitee opens to set a name, e-mail and
password and become an instructor."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.invitations import Invitation
from tests.users import signed_in_client

INVITE = "/instructor/invitations"
NEW_PASSWORD = "plum kettle marathon"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def make_link(app) -> str:
    """An instructor creates an invitation; the path of the link the page shows."""
    page = signed_in_client(app).post(INVITE, data={"submit": "1"})
    assert page.status_code == 200
    found = re.search(r'value="http://localhost(/invitations/[A-Za-z0-9_-]+)"', page.text)
    assert found, page.text
    return found.group(1)


def accept(client, link: str, **fields: str):
    data = {
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    } | fields
    return client.post(link, data=data)


def test_an_instructor_sees_the_invitation_page(app):
    page = signed_in_client(app).get(INVITE)
    assert page.status_code == 200 and "Create an invitation link" in page.text


def test_the_invitation_link_is_shown_once_and_stored_only_as_a_hash(app):
    link = make_link(app)
    secret = link.rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.scalar(db.select(Invitation))
        assert stored.secret_hash != secret and len(stored.secret_hash) == 64
    later = signed_in_client(app).get(INVITE).text
    assert secret not in later and "Open until" in later


def test_the_invitee_becomes_a_signed_in_instructor(app):
    link = make_link(app)
    client = app.test_client()
    assert client.get(link).status_code == 200
    response = accept(client, link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/instructor/")
    assert client.get("/instructor/").status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="grace@example.org"))
        assert user.role == "instructor" and user.name == "Grace Hopper"
        assert user.check_password(NEW_PASSWORD)
        invitation = db.session.scalar(db.select(Invitation))
        assert invitation.used_at is not None and invitation.used_by_id == user.id
    assert "Used by grace@example.org" in signed_in_client(app).get(INVITE).text


def test_a_used_invitation_is_refused(app):
    link = make_link(app)
    assert accept(app.test_client(), link).status_code == 302
    again = app.test_client()
    assert again.get(link).status_code == 409
    response = accept(again, link, email="other@example.org")
    assert response.status_code == 409 and "already been used" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(User).filter_by(email="other@example.org")) is None


def test_an_expired_invitation_is_refused(app):
    link = make_link(app)
    with app.app_context():
        invitation = db.session.scalar(db.select(Invitation))
        invitation.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    response = accept(app.test_client(), link)
    assert response.status_code == 409 and "expired" in response.text
    assert "Expired" in signed_in_client(app).get(INVITE).text


@pytest.mark.parametrize("link", ["/invitations/not-a-real-one", "/invitations/" + "x" * 500])
def test_an_unknown_link_is_a_404(app, link):
    response = app.test_client().get(link)
    assert response.status_code == 404 and "not valid" in response.text


@pytest.mark.parametrize("role", ["learner"])
def test_a_non_instructor_is_refused(app, role):
    client = signed_in_client(app, "learner@example.org", role)
    assert client.get(INVITE).status_code == 403
    assert client.post(INVITE, data={"submit": "1"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(Invitation)) is None


def test_an_anonymous_visitor_is_sent_to_sign_in(app):
    response = app.test_client().get(INVITE)
    assert response.status_code in (302, 401)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"confirm": "something else entirely"}, "The passwords differ."),
        ({"email": "teach@example.org"}, "There is already an account with this email."),
    ],
)
def test_bad_input_is_a_400_and_keeps_the_invitation(app, fields, message):
    link = make_link(app)
    response = accept(app.test_client(), link, **fields)
    assert response.status_code == 400 and message in response.text
    assert accept(app.test_client(), link).status_code == 302


def test_creating_an_invitation_needs_the_csrf_token(app):
    client = signed_in_client(app)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(INVITE, data={"submit": "1"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(Invitation)) is None
