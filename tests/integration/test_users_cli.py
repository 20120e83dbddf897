"""``flask users create --password-stdin``: the password from a script, never on the command line."""

from __future__ import annotations

import pytest

from app.learning.db import db
from app.learning.models.accounts import User
from tests.users import PASSWORD


def create(app, stdin: str, *extra: str):
    args = ["users", "create", "--role", "instructor", "--password-stdin", *extra, "s@example.org"]
    return app.test_cli_runner().invoke(args=args, input=stdin)


def user(app):
    with app.app_context():
        return db.session.scalar(db.select(User).filter_by(email="s@example.org"))


def test_password_stdin_creates_the_account_from_the_first_line(app):
    result = create(app, f"{PASSWORD}\nignored\n")
    assert result.exit_code == 0, result.output
    assert "Created instructor s@example.org." in result.output
    assert user(app).check_password(PASSWORD)


def test_password_stdin_without_a_final_newline(app):
    assert create(app, PASSWORD).exit_code == 0
    assert user(app).check_password(PASSWORD)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "standard input held no password"),
        ("\n", "standard input held no password"),
        ("short\n", "Use at least 10 characters."),
    ],
)
def test_password_stdin_refuses_an_empty_or_weak_password(app, stdin, message):
    result = create(app, stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert user(app) is None


def test_password_and_password_stdin_together_are_refused(app):
    result = create(app, f"{PASSWORD}\n", "--password", PASSWORD)
    assert result.exit_code != 0 and "not both" in result.output
