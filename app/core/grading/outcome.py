"""What an attempt finally scores and whether it passes — the one rule, used by every caller.

An instructor's review of an attempt replaces its automatic percent; the attempt passes when that
final percent reaches the activity's pass mark. Completion, the learner's pages and analytics all
read the outcome this rule produces (stored as ``Attempt.passed``), never the raw grade.
"""

from __future__ import annotations


def final_percent(percent: int | None, override_percent: int | None) -> int | None:
    """The reviewer's percent once there is one, else the automatic one (None: ungraded)."""
    return override_percent if override_percent is not None else percent


def attempt_passes(
    percent: int | None, override_percent: int | None, pass_mark: int, held: bool = False
) -> bool | None:
    """Whether the attempt counts as passed; None for ungraded work (reflections).

    ``held``: the grader refused the pass whatever the percent (a written answer outside its word
    limits); a reviewer's percent decides regardless.
    """
    final = final_percent(percent, override_percent)
    if final is None:
        return None
    if held and override_percent is None:
        return False
    return final >= pass_mark


def is_held(feedback: dict | None) -> bool:
    """Whether a stored grade refused the pass (see :func:`attempt_passes`)."""
    return bool(feedback and feedback.get("details", {}).get("held"))
