"""Reading numbers as learners write them: digits or words, a sign, a currency, a unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.quantities import Unreadable, format_number, read_quantity, unit

READ = [
    ("13", "13", None),
    ("13.0", "13.0", None),
    ("  13  ", "13", None),
    ("+13", "13", None),
    ("-13", "-13", None),
    ("−13", "-13", None),  # the minus sign, not a hyphen
    ("13.5", "13.5", None),
    (".5", "0.5", None),
    ("1,234.5", "1234.5", None),
    ("1,234,567", "1234567", None),
    ("1 234", "1234", None),
    ("1 234.5", "1234.5", None),
    ("1.5e3", "1500", None),
    ("1/2", "0.5", None),
    ("1 1/2", "1.5", None),
    ("1½", "1.5", None),
    ("thirteen", "13", None),
    ("Twenty-One", "21", None),
    ("twenty one", "21", None),
    ("one hundred", "100", None),
    ("one hundred and five", "105", None),
    ("nine hundred ninety-nine", "999", None),
    ("minus five", "-5", None),
    ("nine hundred billion", "900000000000", None),
    ("13lb", "13", "lb"),
    ("13 lb", "13", "lb"),
    ("13 lbs.", "13", "lb"),
    ("13 pounds", "13", "lb"),
    ("thirteen pounds", "13", "lb"),
    ("5.9 kg", "5.9", "kg"),
    ("5.9 Kilograms", "5.9", "kg"),
    ("30 in", "30", "in"),
    ('30"', "30", "in"),
    ("76.2 cm", "76.2", "cm"),
    ("2 ft", "2", "ft"),
    ("1,200 in³", "1200", "in³"),
    ("1200 cubic inches", "1200", "in³"),
    ("1200 cu in", "1200", "in³"),
    ("$12.50", "12.50", "USD"),
    ("$ 12.50", "12.50", "USD"),
    ("-$5", "-5", "USD"),
    ("$-5", "-5", "USD"),
    ("12.50 dollars", "12.50", "USD"),
    ("12.50 USD", "12.50", "USD"),
    ("USD 12.50", "12.50", "USD"),
    ("usd12.50", "12.50", "USD"),
    ("$12.50 USD", "12.50", "USD"),
    ("€12.50", "12.50", "EUR"),
    ("12.50€", "12.50", "EUR"),
    ("£8", "8", "GBP"),
    ("12%", "12", "%"),
    ("12 percent", "12", "%"),
]


@pytest.mark.parametrize(("text", "value", "symbol"), READ)
def test_a_number_is_read_with_its_unit(text, value, symbol):
    read = read_quantity(text)
    assert read.value == Decimal(value)
    assert (read.unit.symbol if read.unit else None) == symbol


REFUSED = [
    ("", "empty", ""),
    ("   ", "empty", ""),
    ("x" * 101, "too-long", ""),
    ("abc", "no-number", ""),
    ("nan", "no-number", ""),
    ("NaN", "no-number", ""),
    ("inf", "no-number", ""),
    ("-inf", "no-number", ""),
    ("Infinity", "no-number", ""),
    ("o", "no-number", ""),  # the words library alone would read a lone "o" as zero
    ("thirteenn", "no-number", ""),
    ("13 lbss", "unit", "lbss"),
    ("13 ft 2 in", "unit", "ft 2 in"),
    ("13 lb (rounded)", "unit", "lb (rounded)"),
    ("$12 lb", "two-units", ""),
    ("13,5", "decimal-point", "13.5"),
    ("1.234,5", "decimal-point", "1,234.5"),
    ("1 234,5", "decimal-point", "1 234.5"),
    ("1,23,456", "grouping", "1,234,567"),
    ("12 3", "grouping", "1,234,567"),
    ("1,234e5", "grouping", "1,234,567"),
    ("3/0", "zero-division", ""),
    ("1e999", "range", ""),
    ("1e-999", "range", ""),
    ("1e" + "9" * 90, "range", ""),
    ("1" * 16, "range", ""),
]


@pytest.mark.parametrize(("text", "reason", "detail"), REFUSED)
def test_text_that_is_no_number_is_refused_saying_why(text, reason, detail):
    with pytest.raises(Unreadable) as refused:
        read_quantity(text)
    assert (refused.value.reason, refused.value.detail) == (reason, detail)


def test_the_reason_is_said_in_words_for_authors():
    with pytest.raises(Unreadable, match="'lbss' is not a unit we know"):
        read_quantity("13 lbss")


@pytest.mark.parametrize(
    ("text", "value"),
    [("13,5", "13.5"), ("1.234,5", "1234.5"), ("1 234,5", "1234.5"), ("1.234", "1234")],
)
def test_with_decimal_commas_the_comma_marks_decimals(text, value):
    assert read_quantity(text, decimal_comma=True).value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "detail"), [("13.5", "13,5"), ("1,234.5", "1.234,5"), ("12,345,678.5", "12.345.678,5")]
)
def test_with_decimal_commas_a_decimal_point_is_refused_with_the_comma_way(text, detail):
    with pytest.raises(Unreadable) as refused:
        read_quantity(text, decimal_comma=True)
    assert (refused.value.reason, refused.value.detail) == ("decimal-comma", detail)


def test_a_spelling_two_units_share_means_the_unit_of_the_answer():
    assert read_quantity("12 pounds").unit == unit("lb")
    assert read_quantity("12 pounds", prefer=unit("GBP")).unit == unit("GBP")
    assert read_quantity("12 pounds", prefer=unit("kg")).unit == unit("lb")


def test_the_decimals_written_are_counted():
    assert [read_quantity(t).decimals for t in ("13", "13.0", "12.50", "thirteen", "1/3")] == [
        0,
        1,
        2,
        0,
        None,
    ]


@given(
    st.decimals(min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=3),
    st.integers(0, 4),
    st.booleans(),
)
def test_a_number_as_answers_show_it_reads_back_as_that_number(value, places, comma):
    shown = format_number(value, places, comma)  # "-1,234.500" or "-1.234,500"
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert read_quantity(shown, decimal_comma=comma).value == rounded


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_never_anything_else(text):
    try:
        read = read_quantity(text)
    except Unreadable:
        return
    assert read.value.is_finite()
