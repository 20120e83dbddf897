"""Order arithmetic shared by process maps and ordering questions.

An order is a sequence of groups: items of one group may come in any order among themselves,
and every item of a group comes before every item of the next. The distances below measure how
far a learner's sequence is from such an order; each is 0 for a sequence the order allows and
counts an item missing from the sequence as badly placed as it could be.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

Groups = Sequence[Sequence[str]]


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


def ranks(groups: Groups) -> dict[str, int]:
    """Each item's group number."""
    return {item: g for g, group in enumerate(groups) for item in group}


def allowed_positions(groups: Groups) -> dict[str, range]:
    """The positions (from 0) each item may take: the span of its group."""
    allowed, start = {}, 0
    for group in groups:
        for item in group:
            allowed[item] = range(start, start + len(group))
        start += len(group)
    return allowed


def in_order(sequence: Sequence[str], groups: Groups) -> set[str]:
    """The items of ``sequence`` that form a longest run consistent with the group order."""
    rank = ranks(groups)
    ranked = [item for item in sequence if item in rank]
    keep = longest_non_decreasing([rank[item] for item in ranked])
    return {ranked[i] for i in keep}


def out_of_run(sequence: Sequence[str], groups: Groups) -> int:
    """Items that would have to move (or be added) to put ``sequence`` in order: those outside
    a longest in-order run (the Ulam distance, for sequences of distinct items)."""
    return len(ranks(groups)) - len(in_order(sequence, groups))


def ordered_pairs(groups: Groups) -> int:
    """Pairs of items the order puts one before the other (items of one group make no pair)."""
    n = sum(len(group) for group in groups)
    return (n * (n - 1) - sum(len(group) * (len(group) - 1) for group in groups)) // 2


def misordered_pairs(sequence: Sequence[str], groups: Groups) -> int:
    """Of the :func:`ordered_pairs`, those ``sequence`` holds the wrong way round or lacks an
    item of (the Kendall tau distance, extended to missing items)."""
    rank = ranks(groups)
    position = {item: i for i, item in enumerate(sequence) if item in rank}
    right = 0
    items = sorted(position, key=position.__getitem__)  # the placed items, in the learner's order
    for i, first in enumerate(items):
        right += sum(rank[first] < rank[later] for later in items[i + 1 :])
    return ordered_pairs(groups) - right


def displacement(sequence: Sequence[str], groups: Groups) -> int:
    """How many places the items stand from positions their groups allow, added up (Spearman's
    footrule, with a group's span for a position); a missing item counts as far as a position
    of the order can be from its span."""
    allowed = allowed_positions(groups)
    last = len(allowed) - 1
    position = {item: i for i, item in enumerate(sequence) if item in allowed}
    total = 0
    for item, span in allowed.items():
        low, high = span.start, span.stop - 1
        if item in position:
            total += max(low - position[item], 0, position[item] - high)
        else:
            total += max(low, last - high)
    return total
