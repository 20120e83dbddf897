"""The units answers may carry, how they are spelt, and conversion between units of one kind.

Weights convert among g, kg, oz and lb; lengths among mm, cm, m, in and ft, and so do their
squares and cubes (in², cm³…). A currency is its own kind: dollars are only ever dollars, since
exchange rates change. Factors are exact (1 lb = 453.59237 g, 1 in = 25.4 mm by definition).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from app.core.quantities.arithmetic import CONTEXT


@dataclass(frozen=True)
class Unit:
    symbol: str  # as shown: "lb", "cm³", "USD", "%"
    name: str  # as read aloud: "pounds"
    kind: str  # units of one kind convert: "weight", "length", "area", "volume", "USD"…
    factor: Decimal  # its size in the kind's smallest unit here (g, mm, mm², mm³), else 1
    sign: str = ""  # a currency sign written before the number: "$"

    def show(self, number: str) -> str:
        """``number`` (already formatted) with this unit, the way people write it."""
        if self.sign:
            negative = number.startswith("-")
            return f"{'-' if negative else ''}{self.sign}{number.lstrip('-')}"
        return f"{number}%" if self.symbol == "%" else f"{number} {self.symbol}"


_UNITS: dict[str, Unit] = {}
_SPELLINGS: dict[str, list[Unit]] = {}


def _add(unit_: Unit, *spellings: str) -> None:
    _UNITS[unit_.symbol] = unit_
    for spelling in (unit_.symbol, *spellings):
        _SPELLINGS.setdefault(spelling.casefold(), []).append(unit_)


_add(Unit("g", "grams", "weight", Decimal(1)), "gram", "grams", "gramme", "grammes")
_add(
    Unit("kg", "kilograms", "weight", Decimal(1000)),
    *("kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
)
_add(Unit("oz", "ounces", "weight", Decimal("28.349523125")), "ounce", "ounces")
_add(Unit("lb", "pounds", "weight", Decimal("453.59237")), "lbs", "pound", "pounds")

# Lengths, and the areas and volumes made of them: (symbol, name, millimetres, spellings).
_LENGTHS = (
    ("mm", "millimetres", "1", ("millimeter", "millimeters", "millimetre", "millimetres")),
    ("cm", "centimetres", "10", ("centimeter", "centimeters", "centimetre", "centimetres")),
    ("m", "metres", "1000", ("meter", "meters", "metre", "metres")),
    ("in", "inches", "25.4", ("inch", "inches", '"', "″", "”")),
    ("ft", "feet", "304.8", ("foot", "feet", "'", "′", "’")),
)
for _symbol, _name, _mm, _words in _LENGTHS:
    _add(Unit(_symbol, _name, "length", Decimal(_mm)), *_words)
    _named = [w for w in _words if w.isalpha()]
    for _power, _kind, _sup, _prefixes in (
        (2, "area", "²", ("sq", "sq.", "square")),
        (3, "volume", "³", ("cu", "cu.", "cubic")),
    ):
        _add(
            Unit(f"{_symbol}{_sup}", f"{_prefixes[-1]} {_name}", _kind, Decimal(_mm) ** _power),
            f"{_symbol}{_power}",
            f"{_symbol}^{_power}",
            *(f"{p} {w}" for p in _prefixes for w in (_symbol, *_named)),
        )
_SPELLINGS["cc"] = [_UNITS["cm³"]]

_add(Unit("USD", "US dollars", "USD", Decimal(1), "$"), "$", "us$", "dollar", "dollars")
_add(Unit("EUR", "euros", "EUR", Decimal(1), "€"), "€", "euro", "euros")
_add(
    Unit("GBP", "pounds sterling", "GBP", Decimal(1), "£"),
    *("£", "pound", "pounds", "pound sterling", "pounds sterling"),
)
_add(Unit("%", "percent", "percent", Decimal(1)), "percent", "per cent", "pct")

# Written before the number: "$12.50", "USD 12.50".
CURRENCY_PREFIXES = ("us$", "$", "€", "£", "usd", "eur", "gbp")


def unit(symbol: str) -> Unit:
    """The unit with this symbol (as stored in answer keys)."""
    return _UNITS[symbol]


def find_unit(text: str, prefer: Unit | None = None) -> Unit | None:
    """The unit spelt ``text`` ("lbs", "Kilograms", "$"), or None. A spelling shared by two
    units ("pounds": weight or sterling) means the one of ``prefer``'s kind, else the first."""
    found = _SPELLINGS.get(" ".join(text.casefold().split()), [])
    if prefer is not None:
        found = sorted(found, key=lambda u: u.kind != prefer.kind)
    return found[0] if found else None


def symbols() -> list[str]:
    return list(_UNITS)


def convert(value: Decimal, source: Unit, target: Unit) -> Decimal:
    """``value`` in ``source`` units, expressed in ``target`` units (of the same kind)."""
    if source.kind != target.kind:
        raise ValueError(f"{source.symbol} does not convert to {target.symbol}")
    if source == target:
        return value
    with localcontext(CONTEXT):
        return value * source.factor / target.factor


def format_number(value: Decimal, decimals: int, decimal_comma: bool = False) -> str:
    """``value`` rounded to ``decimals`` places, thousands grouped: "1,234.50" or "1.234,50"."""
    with localcontext(CONTEXT):
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded.copy_abs() if rounded == 0 else rounded:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if decimal_comma else text
