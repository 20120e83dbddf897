"""Reading one number as a person writes it, with its unit: "13", "13.0", "13lb", "13 lbs.",
"thirteen pounds", "1,234.5", "1 234", "-$12.50", "12.50 USD", "USD 12.50", "5.9 kg", "12%",
"1 1/2 in".

Decimals are written with a point and thousands may be grouped with commas or spaces; with
``decimal_comma`` it is the other way round ("13,5", "1.234,5"). A comma (or point) that could
only be a decimal mark written the other way is refused with the right way to write it, never
guessed. Whole numbers may be words ("twenty-one", "one hundred and five"). Exponents ("1.5e3"),
fractions ("3/4", "1 1/2", "½") and a sign are read; NaN and infinities are not numbers, and
values out of :func:`~app.core.quantities.arithmetic.in_range` are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, localcontext

from text_to_num import text2num

from app.core.quantities.arithmetic import CONTEXT, in_range
from app.core.quantities.units import CURRENCY_PREFIXES, Unit, find_unit

MAX_LENGTH = 100  # characters
MAX_WORDS = 8  # number words ("nine hundred and ninety-nine thousand" is six)

# Why a text is not a number; the feedback template words the same reasons for learners.
REASONS = {
    "empty": "it is empty",
    "too-long": f"it is longer than {MAX_LENGTH} characters",
    "no-number": "it does not start with a number in digits or words",
    "unit": "'{detail}' is not a unit we know",
    "two-units": "it has two units",
    "decimal-point": "decimals are written with a point, as in {detail}",
    "decimal-comma": "decimals are written with a comma, as in {detail}",
    "grouping": "digits are grouped in threes, as in {detail}, or not at all",
    "zero-division": "it divides by zero",
    "range": "it is too large or too small to compare",
}


class Unreadable(ValueError):
    """Text that is not a number with a unit. ``reason`` is a key of :data:`REASONS`;
    ``detail`` the text it names (the unknown unit, the right way to write the number)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(REASONS[reason].format(detail=detail))
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: Unit | None
    decimals: int | None  # digits written after the decimal mark (None: a fraction)


_MINUS = str.maketrans({"−": "-", "–": "-", "‒": "-", "⁄": "/"})
_NUMERAL = re.compile(
    r"(?P<whole>\d+) (?P<top>\d+)/(?P<bottom>\d+)"  # 1 1/2
    r"|(?P<over>\d+)/(?P<under>\d+)"  # 3/4
    r"|(?P<digits>(?:\d+|(?=[.,]\d))(?:[ .,]\d+)*)(?P<exponent>e[+-]?\d+)?"
)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_SIGN = re.compile(r"([+-]|minus |negative ) ?")


def _tidy(text: str) -> str:
    """One case, one kind of space and minus; "1½" as "1 1/2" (NFKC alone would make "11/2")."""
    text = "".join(
        f" {unicodedata.normalize('NFKC', c)}"
        if unicodedata.decomposition(c).startswith("<fraction>")
        else c
        for c in text
    )
    text = unicodedata.normalize("NFKC", text).translate(_MINUS).casefold()
    return " ".join(text.split())


def read_quantity(
    text: str, *, decimal_comma: bool = False, prefer: Unit | None = None
) -> Quantity:
    """The number (and unit, if any) written in ``text``, or :class:`Unreadable` saying why not.

    ``prefer`` settles a spelling two units share ("pounds" with a key in GBP means sterling).
    """
    rest = _tidy(text)
    if not rest:
        raise Unreadable("empty")
    if len(rest) > MAX_LENGTH:
        raise Unreadable("too-long")
    negative, rest = _sign(rest)
    before, rest = _currency(rest)
    if before is not None and not negative:
        negative, rest = _sign(rest)  # "$-5" as well as "-$5"
    value, decimals, rest = _number(rest, decimal_comma)
    unit = _unit(rest.rstrip(".").strip(), before, prefer)
    if negative:
        value = -value
    if not in_range(value):
        raise Unreadable("range")
    return Quantity(value, unit, decimals)


def _sign(text: str) -> tuple[bool, str]:
    match = _SIGN.match(text)
    if not match:
        return False, text
    return match.group(1) != "+", text[match.end() :]


def _currency(text: str) -> tuple[Unit | None, str]:
    for prefix in CURRENCY_PREFIXES:
        if text.startswith(prefix):
            rest = text[len(prefix) :].lstrip()
            if prefix.isalpha() and rest[:1].isalpha():
                continue  # a word that only starts like a currency code
            return find_unit(prefix), rest
    return None, text


def _number(text: str, decimal_comma: bool) -> tuple[Decimal, int | None, str]:
    """The number at the start of ``text``, its decimals, and the text after it."""
    match = _NUMERAL.match(text)
    if match is None or not match.group(0):
        return _words(text)
    rest = text[match.end() :].strip()
    with localcontext(CONTEXT):
        if match.group("digits") is None:
            whole, top, bottom = (
                match.group("whole") or "0",
                match.group("top") or match.group("over"),
                match.group("bottom") or match.group("under"),
            )
            if int(bottom) == 0:
                raise Unreadable("zero-division")
            return Decimal(whole) + Decimal(top) / Decimal(bottom), None, rest
        exponent = match.group("exponent") or ""
        digits = _plain_digits(match.group("digits"), decimal_comma, bool(exponent))
        if len(exponent) > 5:  # "1e999999": far out of range, and too large for Decimal
            raise Unreadable("range")
        value = Decimal(digits + exponent)
    return value, max(0, -int(value.as_tuple().exponent)), rest


def _plain_digits(written: str, decimal_comma: bool, exponent: bool) -> str:
    """``written`` ("1,234.5", "1 234,5") as Python reads decimals ("1234.5"), or Unreadable."""
    point, group = (",", ".") if decimal_comma else (".", ",")
    parts = re.split(r"([ .,])", written)
    groups, marks = parts[0::2], parts[1::2]
    decimals = ""
    if marks and marks[-1] == point:
        decimals, groups, marks = groups[-1], groups[:-1], marks[:-1]
    # A second decimal mark, or a group of other than three digits after the last group mark
    # ("13,5"; "13.5" with decimal commas): decimals written the other way round.
    if point in marks or (marks and marks[-1] == group and len(groups[-1]) != 3):
        swapped = written.translate(str.maketrans(",.", ".,"))
        raise Unreadable("decimal-comma" if decimal_comma else "decimal-point", swapped)
    if marks and (exponent or not _grouped(groups, marks)):
        raise Unreadable("grouping", f"1{group}234{group}567")
    whole = "".join(groups) or "0"
    return f"{whole}.{decimals}" if decimals else whole


def _grouped(groups: list[str], marks: list[str]) -> bool:
    """Thousands grouped alike: one to three digits, then threes."""
    return (
        len(set(marks)) == 1 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    )


def _words(text: str) -> tuple[Decimal, int | None, str]:
    """A whole number in words at the start of ``text`` ("twenty-one pounds")."""
    tokens = text.split(" ")
    for count in range(min(len(tokens), MAX_WORDS), 0, -1):
        head = tokens[:count]
        if head == ["o"] or not all(_WORD.fullmatch(t) for t in head):
            continue  # the number library reads a lone "o" as zero
        try:
            number = text2num(" ".join(head), "en")
        except ValueError:
            continue
        return Decimal(number), 0, " ".join(tokens[count:])
    raise Unreadable("no-number")


def _unit(written: str, before: Unit | None, prefer: Unit | None) -> Unit | None:
    if not written:
        return before
    after = find_unit(written, prefer or before)
    if after is None:
        raise Unreadable("unit", written)
    if before is not None and after != before:
        raise Unreadable("two-units")
    return after
