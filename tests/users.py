"""Accounts for tests: create a user, put one on a course's staff, and sign one in through the
test client or a browser."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from werkzeug.security import check_password_hash

from app.learning import staff
from app.learning.db import db
from app.learning.models import accounts
from app.learning.models.accounts import User, hash_password
from app.learning.models.courses import Course

PASSWORD = "correct horse battery"
INSTRUCTOR_EMAIL = "teach@example.org"
SEED_COURSE = "ecommerce-manager-cx"


@functools.cache
def stored_password(password: str) -> str:
    """The stored form of ``password``, made once per test process: hashing is slow on purpose
    (scrypt, about a tenth of a second), and accounts made for tests need no salt of their own."""
    stored = hash_password(password)
    STORED.add(stored)
    return stored


STORED: set[str] = set()  # the hashes stored_password made
CHECKED: dict[tuple[str, str], bool] = {}  # (one of those hashes, a password): scrypt's answer


def check_test_password(stored: str, password: str) -> bool:
    """``check_password_hash``, but a password checked against a test account's stored hash goes
    through scrypt only the first time: signing in, which most tests of signed-in pages do, and
    the throttling tests' wrong guesses took a tenth of a second of hashing each. Any other hash
    (accounts made by signing up or resetting a password, the unknown-account dummy, so the
    sign-in timing test) is checked in full every time."""
    if stored not in STORED:
        return check_password_hash(stored, password)
    key = (stored, password)
    if key not in CHECKED:
        CHECKED[key] = check_password_hash(stored, password)
    return CHECKED[key]


@contextmanager
def quick_test_sign_ins() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "check_password_hash", check_test_password)
        yield


def add_user(app, email: str, role: str = "learner", password: str = PASSWORD) -> None:
    """Create the account unless it exists already."""
    with app.app_context():
        if db.session.scalar(db.select(User).filter_by(email=email)) is not None:
            return
        user = User(email=email, role=role, password_hash=stored_password(password))
        db.session.add(user)
        db.session.commit()


def add_to_staff(
    app, email: str = INSTRUCTOR_EMAIL, role: str = "owner", course: str = SEED_COURSE
) -> None:
    """Put the (existing, instructor's) account on the course's staff: without it an instructor
    can't work on a course, and imported courses have no staff."""
    with app.app_context():
        course_row = db.session.scalar(db.select(Course).filter_by(slug=course))
        staff.add_staff(course_row, staff.teacher_by_email(email), role)
        db.session.commit()


def signed_in_client(app, email: str = INSTRUCTOR_EMAIL, role: str = "instructor"):
    """A test client signed in as a (new) user with this role; CSRF is left as the app has it."""
    add_user(app, email, role)
    client = app.test_client()
    was = app.config.get("WTF_CSRF_ENABLED", True)
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/signin", data={"email": email, "password": PASSWORD})
    app.config["WTF_CSRF_ENABLED"] = was
    assert response.status_code == 302, response.text
    return client


def signed_in_staff(
    app, email: str = INSTRUCTOR_EMAIL, role: str = "owner", course: str = SEED_COURSE
):
    """A test client signed in as an instructor on the course's staff (the shipped course's
    owner unless told otherwise)."""
    client = signed_in_client(app, email, "instructor")
    add_to_staff(app, email, role, course)
    return client


def sign_in_browser(page, base: str, email: str = INSTRUCTOR_EMAIL) -> None:
    """Sign in through the real form in a Playwright page and wait until the dashboard is shown."""
    page.goto(f"{base}/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
