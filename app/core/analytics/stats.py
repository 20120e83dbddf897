"""Small statistics shared by the analytics modules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median


def median_or_none(values: Sequence[float]) -> int | None:
    """The median, rounded to a whole number; None without values."""
    return round(median(values)) if values else None


def median_of_counts(counts: Mapping[int, int]) -> int | None:
    """The median of values given as value → how many times (as a database groups them),
    rounded as :func:`median_or_none` rounds; None without values."""
    items = sorted((value, n) for value, n in counts.items() if n > 0)
    total = sum(n for _, n in items)
    if not total:
        return None
    low_index, high_index = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, n in items:
        if low is None and seen + n > low_index:
            low = value
        if seen + n > high_index:
            high = value
            break
        seen += n
    return round(median([low, high]))
