"""Accounts made for tests (tests/users.py) hash their password once per test process, and sign
in like any other account."""

from __future__ import annotations

from app.learning.models import accounts
from tests.users import PASSWORD, add_user, signed_in_client, stored_password


def test_accounts_with_the_same_password_hash_it_once_and_can_sign_in(app, monkeypatch):
    stored_password(PASSWORD)  # made before counting starts, as by any earlier test
    hashed = []
    generate = accounts.generate_password_hash
    monkeypatch.setattr(
        accounts, "generate_password_hash", lambda p: hashed.append(p) or generate(p)
    )
    for email in ("ada@example.org", "grace@example.org", "alan@example.org"):
        add_user(app, email)
    assert hashed == []
    signed_in_client(app, "grace@example.org")  # asserts that the sign-in was accepted
