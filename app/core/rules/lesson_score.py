"""One number for a lesson, as a gradebook wants it: the mean of the best percent of each graded
activity the lesson requires, counting an untried one as 0 (so the score only ever rises as a
learner works, and a lesson with nothing graded has no score)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def lesson_score(graded_required: Iterable[str], best: Mapping[str, int | None]) -> float | None:
    ids = list(graded_required)
    if not ids:
        return None
    return round(sum(best.get(i) or 0 for i in ids) / len(ids), 2)
