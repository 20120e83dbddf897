"""Objective coverage: every objective taught where all learners read and assessed somewhere.

These are warnings, not errors: a lesson whose objective is never assessed still works, but its
mastery figures say nothing about that objective, and an objective taught only in an optional
deep dive is one most learners never read about.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.content.model import Activity, Objective


def coverage_warnings(
    objectives: Iterable[Objective],
    objective_lines: dict[str, int],
    section_kinds: dict[str, str],
    activities: Iterable[Activity],
) -> list[tuple[int, str]]:
    """(line, message) for each objective no activity assesses or only a deep dive teaches."""
    assessed = set()
    for activity in activities:
        assessed.update(activity.objectives)
        assessed.update(objective_id for objective_id, _ in activity.objective_refs)
    found: list[tuple[int, str]] = []
    for objective in objectives:
        line = objective_lines.get(objective.id, 1)
        if objective.id not in assessed:
            found.append(
                (
                    line,
                    f"objective '{objective.id}' is not assessed by any activity "
                    "(name it in an activity's or question's 'objectives')",
                )
            )
        kinds = [section_kinds[s] for s in objective.sections if s in section_kinds]
        if kinds and all(kind == "deep-dive" for kind in kinds):
            found.append(
                (
                    line,
                    f"objective '{objective.id}' is taught only in the optional deep dive "
                    "(teach it in a core section too, or list one in its 'sections')",
                )
            )
    return found
