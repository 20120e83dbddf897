"""A sign-in with an unknown email checks the password against a hash as costly as a real one."""

from __future__ import annotations

from werkzeug.security import check_password_hash

from app.learning.accounts import NO_ACCOUNT_HASH
from app.learning.models.accounts import hash_password


def method_and_parameters(stored: str) -> str:
    return stored.split("$", 1)[0]  # "scrypt:32768:8:1"


def test_the_dummy_hash_is_made_the_way_passwords_are_hashed_today():
    assert method_and_parameters(NO_ACCOUNT_HASH) == method_and_parameters(hash_password("x"))


def test_the_dummy_hash_matches_no_password_anyone_would_send():
    assert not check_password_hash(NO_ACCOUNT_HASH, "")
    assert not check_password_hash(NO_ACCOUNT_HASH, "correct horse battery")
