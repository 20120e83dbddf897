"""Numbers as people write them: digits or words, with a sign, a currency and a unit.

Pure and self-contained, so the lesson reader (an author's answer key) and grading (a
learner's answer) read numbers the same way. Values are :class:`~decimal.Decimal`: what a
learner writes in decimal is compared exactly, and unit conversions use exact factors.
"""

from app.core.quantities.reading import Quantity, Unreadable, read_quantity
from app.core.quantities.units import Unit, convert, find_unit, format_number, unit

__all__ = [
    "Quantity",
    "Unit",
    "Unreadable",
    "convert",
    "find_unit",
    "format_number",
    "read_quantity",
    "unit",
]
