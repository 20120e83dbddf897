"""Units: spellings, exact conversions within a kind, and numbers shown as people write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.quantities import convert, find_unit, format_number, unit


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("2", "lb", "oz", "32"),
        ("1", "kg", "g", "1000"),
        ("1", "lb", "kg", "0.45359237"),
        ("1", "in", "cm", "2.54"),
        ("1", "ft", "in", "12"),
        ("1", "m", "mm", "1000"),
        ("1", "ft³", "in³", "1728"),
        ("1", "m²", "cm²", "10000"),
        ("12.50", "USD", "USD", "12.50"),
    ],
)
def test_units_of_one_kind_convert_exactly(value, source, target, expected):
    assert convert(Decimal(value), unit(source), unit(target)) == Decimal(expected)


def test_a_round_trip_through_another_unit_comes_back_within_the_precision():
    there = convert(Decimal("13"), unit("lb"), unit("kg"))
    assert abs(convert(there, unit("kg"), unit("lb")) - 13) < Decimal("1e-30")


@pytest.mark.parametrize(("source", "target"), [("kg", "cm"), ("USD", "EUR"), ("in", "in²")])
def test_units_of_different_kinds_do_not_convert(source, target):
    with pytest.raises(ValueError, match="does not convert"):
        convert(Decimal(1), unit(source), unit(target))


@pytest.mark.parametrize(
    ("spelling", "symbol"),
    [
        ("LBS", "lb"),
        ("Pounds", "lb"),
        ("kilos", "kg"),
        ("$", "USD"),
        ("us$", "USD"),
        ("sq ft", "ft²"),
        ("cc", "cm³"),
        ("per  cent", "%"),
        ("metres", "m"),
    ],
)
def test_units_are_found_by_their_spellings(spelling, symbol):
    assert find_unit(spelling).symbol == symbol


def test_an_unknown_spelling_is_no_unit():
    assert find_unit("lbss") is None


@pytest.mark.parametrize(
    ("value", "places", "comma", "shown"),
    [
        ("1234.5", 2, False, "1,234.50"),
        ("1234.5", 2, True, "1.234,50"),
        ("12.65", 1, False, "12.7"),  # half up, not to even
        ("-0.4", 0, False, "0"),
        ("8.633", 2, False, "8.63"),
    ],
)
def test_numbers_are_shown_rounded_and_grouped(value, places, comma, shown):
    assert format_number(Decimal(value), places, comma) == shown


@pytest.mark.parametrize(
    ("symbol", "number", "shown"),
    [("lb", "13", "13 lb"), ("USD", "12.50", "$12.50"), ("USD", "-5", "-$5"), ("%", "12", "12%")],
)
def test_a_unit_is_written_where_people_write_it(symbol, number, shown):
    assert unit(symbol).show(number) == shown
