"""What the hosted lesson tells the package about a learner: completion, progress, score and
where they are, for a package of one lesson or of a course's lessons.

The score is the mean of the lessons' scores (app.core.rules.lesson_score, 0-100), so a package of
a course scores as a gradebook averaging its lessons would. Success is "passed" once everything
required is done: completing a lesson means passing each activity it requires at its pass mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.rules.completion import LessonProgress


@dataclass(frozen=True)
class LessonStatus:
    progress: LessonProgress
    score: float | None  # 0-100, None: nothing graded


def package_status(lessons: Sequence[LessonStatus], location: str | None) -> dict[str, Any]:
    complete = bool(lessons) and all(s.progress.complete for s in lessons)
    percent = round(sum(s.progress.percent for s in lessons) / len(lessons)) if lessons else 0
    scores = [s.score for s in lessons if s.score is not None]
    score = None
    if scores:
        raw = round(sum(scores) / len(scores), 2)
        score = {"raw": raw, "min": 0, "max": 100, "scaled": round(raw / 100, 4)}
    return {
        "type": "learnwell:progress",
        "complete": complete,
        "percent": percent,
        "score": score,
        "success": "passed" if complete and score else "unknown",
        "location": location,
    }
