"""Mastery of each learning objective, and what to do next, from a learner's attempts."""

from __future__ import annotations

from dataclasses import dataclass

from app.core import activity_types
from app.core.content.model import Lesson
from app.core.rules.completion import LessonProgress

MASTERED = 0.8  # mean score over the items tried…
EVIDENCE = 2  # …with at least this many items tried (or all of them, if fewer)


@dataclass(frozen=True)
class Mastery:
    objective_id: str
    text: str
    score: float | None  # 0..1 over the items tried; None before any
    tried: int
    total: int

    @property
    def status(self) -> str:
        if self.score is None:
            return "not-started"
        enough = self.tried >= min(EVIDENCE, self.total)
        return "mastered" if self.score >= MASTERED and enough else "learning"


@dataclass(frozen=True)
class Recommendation:
    kind: str  # revisit | try | next
    text: str
    anchor: str | None = None  # an id on the lesson page
    lesson_slug: str | None = None


def mastery(
    lesson: Lesson, best_percent: dict[str, int], question_points: dict[str, dict[str, float]]
) -> list[Mastery]:
    """Per objective: the mean best score of the activities and quiz questions tagged with it.

    ``best_percent`` maps activity ids to best percents; ``question_points`` maps quiz ids to
    the best points (0..1) per question.
    """
    result = []
    for objective in lesson.objectives:
        scores: list[float | None] = []
        for activity in lesson.activities.values():
            if not activity.graded:
                continue
            itemised = activity_types.get(activity.type).questions
            if objective.id in activity.objectives and not itemised:
                percent = best_percent.get(activity.id)
                scores.append(None if percent is None else percent / 100)
            if itemised:
                points = question_points.get(activity.id, {})
                for question in activity.spec.questions:
                    if objective.id in question.objectives or (
                        not question.objectives and objective.id in activity.objectives
                    ):
                        scores.append(points.get(question.id))
        tried = [s for s in scores if s is not None]
        score = sum(tried) / len(tried) if tried else None
        result.append(Mastery(objective.id, objective.text, score, len(tried), len(scores)))
    return result


def recommendations(
    lesson: Lesson,
    progress: LessonProgress,
    masteries: list[Mastery],
    tried: set[str],
    next_lesson: tuple[str, str, bool] | None,  # (slug, title, available)
) -> list[Recommendation]:
    sections = {s.id: s for s in lesson.sections}
    found: list[Recommendation] = []
    seen: set[str] = set()
    for m in masteries:
        if m.status != "learning":
            continue
        objective = next(o for o in lesson.objectives if o.id == m.objective_id)
        for section_id in objective.sections:
            if section_id in sections and section_id not in seen:
                seen.add(section_id)
                found.append(
                    Recommendation(
                        "revisit",
                        f"Revisit “{sections[section_id].title}” to strengthen: {m.text}",
                        section_id,
                    )
                )
    core = [a for a in lesson.activities.values() if a.graded and not a.bonus]
    bonus = [a for a in lesson.activities.values() if a.graded and a.bonus]
    for activity in core + bonus:
        if activity.id not in tried:
            label = activity.title or sections[activity.section_id].title
            extra = " (bonus)" if activity.bonus else ""
            found.append(Recommendation("try", f"Try “{label}”{extra}", activity.id))
    if progress.complete and next_lesson:
        slug, title, available = next_lesson
        text = f"Go on to the next lesson: {title}" + ("" if available else " (coming soon)")
        found.insert(0, Recommendation("next", text, None, slug if available else None))
    return found
