"""Answers the grader asks a person to look at.

A grade may carry ``details["flag"] == "borderline"`` (with a short ``details["flag_reason"]``)
when its score is too close to the pass mark for the automatic check to settle alone. The flag
stays on the stored grade; an instructor's review answers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

BORDERLINE = "borderline"
DEFAULT_REASON = "close to the pass mark"
MAX_REASON = 200  # characters of the grader's reason shown to instructors


def flag_reason(grade: Mapping[str, Any] | None) -> str | None:
    """Why the grader flagged this stored grade (a Grade as a dict) for a person; None when it
    did not. A flag without a usable reason gets the general one."""
    details = (grade or {}).get("details") if isinstance(grade, Mapping) else None
    if not isinstance(details, Mapping) or details.get("flag") != BORDERLINE:
        return None
    reason = details.get("flag_reason")
    if not isinstance(reason, str) or not reason.strip():
        return DEFAULT_REASON
    reason = " ".join(reason.split())
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"


def flag_borderline(details: dict, percent: int, pass_mark: int, band: int) -> None:
    """Mark an answer within ``band`` points of the pass mark for an instructor to look at too.

    Answers refused outright (not prose, copied…) are not borderline, however they scored.
    """
    if band and not details.get("refused") and abs(percent - pass_mark) <= band:
        details["flag"] = BORDERLINE
        details["flag_reason"] = (
            f"{percent}% is within {band} points of the pass mark ({pass_mark}%)"
        )
