"""Order arithmetic shared by process maps and ordering questions."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def longest_non_decreasing(ranks: Sequence[int]) -> list[int]:
    """Indexes of a longest non-decreasing subsequence of ``ranks`` (O(n log n))."""
    tails: list[int] = []  # tails[k]: smallest tail rank of a subsequence of length k+1
    tail_index: list[int] = []
    previous = [-1] * len(ranks)
    for i, rank in enumerate(ranks):
        k = bisect_right(tails, rank)
        if k == len(tails):
            tails.append(rank)
            tail_index.append(i)
        else:
            tails[k] = rank
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k else -1
    result, i = [], tail_index[-1] if tail_index else -1
    while i != -1:
        result.append(i)
        i = previous[i]
    return result[::-1]


def in_order(sequence: Sequence[str], groups: Sequence[Sequence[str]]) -> set[str]:
    """The items of ``sequence`` that form a longest run consistent with the group order."""
    rank = {item: g for g, group in enumerate(groups) for item in group}
    ranked = [item for item in sequence if item in rank]
    keep = longest_non_decreasing([rank[item] for item in ranked])
    return {ranked[i] for i in keep}
