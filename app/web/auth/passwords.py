"""Password strength: long enough, and not one of the passwords attackers try first.

Guessing attacks start from lists of leaked passwords, so a password on such a list (or one of
them with digits or symbols tacked on, or letters swapped for look-alikes) is refused whatever its
length. The list ships with the code (``common_passwords.txt``); nothing is looked up online.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from wtforms import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 200
TOO_SHORT = f"Use at least {MIN_LENGTH} characters."
TOO_COMMON = (
    "That password is too common: it is on lists of leaked passwords that attackers try first. "
    "Choose something less predictable, such as three or four unrelated words."
)
LIST_FILE = Path(__file__).with_name("common_passwords.txt")
LOOK_ALIKES = str.maketrans({"@": "a", "$": "s", "0": "o", "3": "e", "1": "i", "!": "i"})


@cache
def common_passwords() -> frozenset[str]:
    lines = LIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _variants(password: str) -> set[str]:
    lowered = password.strip().lower()
    base = lowered.rstrip("0123456789!@#$%^&*?.,_-+= ")
    variants = {lowered, base, lowered.translate(LOOK_ALIKES), base.translate(LOOK_ALIKES)}
    return {v for v in variants if v}


def is_common(password: str) -> bool:
    """Whether the password is (a trivial variation of) a very common one."""
    if len(set(password)) <= 2:  # "aaaaaaaaaa", "abababababab"
        return True
    listed = common_passwords()
    return any(v in listed for v in _variants(password))


def problem(password: str) -> str | None:
    """Why the password can't be used, or None when it can."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if is_common(password):
        return TOO_COMMON
    return None


def strong_password(form, field) -> None:
    """A WTForms validator for new passwords."""
    if field.data and (message := problem(field.data)):
        raise ValidationError(message)
