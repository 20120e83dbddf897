"""The decimal arithmetic numbers are compared with, and the sizes it accepts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow

# Enough digits for any value in range at 10 decimals, converted; errors raise, never round away.
CONTEXT = Context(
    prec=40, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)

# Values are refused outside 10⁻¹² ≤ |value| < 10¹⁵ (and 0): no answer needs more, and the
# limits keep every rounding and conversion exact within CONTEXT.
LARGEST_EXPONENT = 14
SMALLEST_EXPONENT = -12
MAX_DECIMALS = 10


def in_range(value: Decimal) -> bool:
    """Finite, and zero or of a size answers have."""
    if not value.is_finite():
        return False
    return value == 0 or SMALLEST_EXPONENT <= value.adjusted() <= LARGEST_EXPONENT
