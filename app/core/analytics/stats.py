"""Small statistics shared by the analytics modules."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median


def median_or_none(values: Sequence[float]) -> int | None:
    """The median, rounded to a whole number; None without values."""
    return round(median(values)) if values else None
