"""After an answer: queue the learner's new lesson score for the LMSs that launched the lesson."""

from __future__ import annotations

from app.learning.lti import grades
from app.web.jobs import jobs


def send_scores(link_ids: list[int]) -> None:
    """Queue a post per changed grade link (call after the commit that stored the score)."""
    for link_id in link_ids:
        jobs().enqueue(grades.post_score, link_id)
