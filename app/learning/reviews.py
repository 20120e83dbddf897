"""Recording an instructor's review of an attempt. Callers commit."""

from __future__ import annotations

from datetime import datetime

from app.learning import review_entries
from app.learning.models.attempts import Attempt
from app.learning.models.courses import utcnow


def record_review(
    attempt: Attempt,
    pass_mark: int,
    percent: int,
    comment: str,
    reviewer_id: int,
    at: datetime | None = None,
) -> None:
    """Replace the attempt's score with the reviewer's and settle whether it now passes.

    The automatic grade stays as it was (``percent``, ``feedback``), so the learner and later
    reviewers can see both; reviewing again replaces the earlier review.
    """
    attempt.override_percent = percent
    attempt.override_comment = comment.strip() or None
    attempt.reviewed_by = reviewer_id
    attempt.reviewed_at = at or utcnow()
    attempt.settle(pass_mark)
    review_entries.note_review(attempt.id, attempt.reviewed_at)
