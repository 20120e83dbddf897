"""New passwords must be long and not on the list of passwords attackers try first."""

from __future__ import annotations

import pytest

from app.web.auth.passwords import TOO_COMMON, TOO_SHORT, common_passwords, is_common, problem


def test_the_list_ships_hundreds_of_lowercase_passwords():
    listed = common_passwords()
    assert len(listed) >= 500
    assert all(p == p.lower() and p.strip() == p for p in listed)
    assert {"password", "123456", "qwerty", "iloveyou"} <= listed


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "Password123!",
        "P@ssw0rd2024",
        "qwertyuiop",
        "1234567890",
        "iloveyou2025",
        "Football123",
        "aaaaaaaaaaaa",
        "abababababab",
        "Welcome2024!!",
    ],
)
def test_common_passwords_and_trivial_variants_are_refused(password):
    assert is_common(password)
    assert problem(password) == TOO_COMMON


@pytest.mark.parametrize(
    "password", ["correct horse battery", "quiet violet harbour", "Tr4ms-at-dawn-9", "x7#Lq2!pRz0w"]
)
def test_uncommon_passwords_are_accepted(password):
    assert problem(password) is None


def test_short_passwords_are_refused_for_their_length_first():
    assert problem("abc") == TOO_SHORT


def test_overlong_passwords_are_refused():
    assert "at most" in problem("x" * 150 + "y" * 60)
