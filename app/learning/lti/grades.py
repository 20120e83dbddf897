"""Assignment and Grade Services: a launched learner's lesson score, posted to the LMS line item.

A launch with a line item records a :class:`LtiGradeLink`. Whenever the learner's score in the
lesson changes, :func:`note_score` marks the link *pending* with the new score in the same
transaction as the answer, and the caller queues :func:`post_score`. The row is the outbox: a post
that fails stays pending (tries and the reason kept) and is tried again by the next change, by
`flask lti retry` or from the instructors' page, so a restart or an LMS that is down loses
nothing; after ``MAX_TRIES`` failures in a row it is *failed*, shown to instructors.
"""

from __future__ import annotations

import json
from typing import Any

from app.core.content.model import Lesson as LessonContent
from app.core.rules.lesson_score import lesson_score
from app.learning.attempts import lesson_states
from app.learning.db import db
from app.learning.lti.remote import RemoteError, post
from app.learning.lti.tokens import access_token
from app.learning.models.courses import utcnow
from app.learning.models.learners import Learner
from app.learning.models.lti import LtiAccount, LtiGradeLink

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
MAX_TRIES = 5


def remember_line_item(
    account: LtiAccount, lesson_id: int, grades: dict[str, Any], activity_id: str | None = None
) -> None:
    """Keep where this lesson's score (or, for a single activity placed in the LMS, that
    activity's best score) goes for the account (the launch's AGS claim)."""
    lineitem = grades.get("lineitem")
    scopes = grades.get("scope") or []
    if not isinstance(lineitem, str) or SCORE_SCOPE not in scopes:
        return
    link = db.session.scalar(
        db.select(LtiGradeLink).filter_by(
            account_id=account.id, lesson_id=lesson_id, lineitem=lineitem
        )
    )
    if link is None:
        db.session.add(
            LtiGradeLink(
                account_id=account.id,
                lesson_id=lesson_id,
                lineitem=lineitem,
                scopes=list(scopes),
                status="sent",
                activity_id=activity_id,
            )
        )
        db.session.flush()


def score_of(
    best: dict[str, int | None], content: LessonContent, activity_id: str | None = None
) -> float | None:
    """The lesson's score, or one activity's best percent (None, nothing to send, until the
    activity has a graded answer)."""
    if activity_id is not None:
        known = activity_id in content.activities and content.activities[activity_id].graded
        found = best.get(activity_id) if known else None
        return float(found) if found is not None else None
    required = [a for a in content.required_activities if content.activities[a].graded]
    return lesson_score(required, best)


def note_score(learner: Learner, lesson_id: int, content: LessonContent) -> list[int]:
    """Mark the learner's links for this lesson pending if the score changed; their ids."""
    if learner.user_id is None:
        return []
    links = db.session.scalars(
        db.select(LtiGradeLink)
        .join(LtiAccount, LtiAccount.id == LtiGradeLink.account_id)
        .where(LtiAccount.user_id == learner.user_id, LtiGradeLink.lesson_id == lesson_id)
    ).all()
    if not links:
        return []
    best = {a: s.best_percent for a, s in lesson_states(learner, lesson_id).items()}
    changed = []
    for link in links:
        score = score_of(best, content, link.activity_id)
        if score is None:
            continue
        if link.score_given != score or link.status != "sent":
            link.score_given, link.score_maximum = score, 100.0
            link.status, link.tries, link.updated_at = "pending", 0, utcnow()
            changed.append(link.id)
    db.session.flush()
    return changed


def scores_url(lineitem: str) -> str:
    """The line item's scores endpoint: ``/scores`` after its path, before any query."""
    path, _, query = lineitem.partition("?")
    return f"{path.rstrip('/')}/scores" + (f"?{query}" if query else "")


def post_score(link_id: int) -> str:
    """Send a pending score (a job); returns the link's status afterwards."""
    link = db.session.get(LtiGradeLink, link_id)
    if link is None or link.status != "pending" or link.score_given is None:
        return link.status if link else "gone"
    account = link.account
    body = {
        "userId": account.subject,
        "scoreGiven": link.score_given,
        "scoreMaximum": link.score_maximum or 100.0,
        "activityProgress": "Completed" if link.score_given >= 100 else "InProgress",
        "gradingProgress": "FullyGraded",
        "timestamp": utcnow().isoformat(),
    }
    try:
        bearer = access_token(account.platform, SCORE_SCOPE)
        post(
            scores_url(link.lineitem),
            json.dumps(body).encode(),
            {"Content-Type": SCORE_TYPE, "Authorization": f"Bearer {bearer}"},
        )
    except RemoteError as exc:
        link.tries += 1
        link.last_error = str(exc)[:2000]
        if link.tries >= MAX_TRIES:
            link.status = "failed"
    else:
        link.status, link.sent_at, link.last_error = "sent", utcnow(), None
    db.session.commit()
    return link.status


def waiting_links() -> list[LtiGradeLink]:
    """Posts not yet through, oldest first: pending ones and those that failed."""
    return list(
        db.session.scalars(
            db.select(LtiGradeLink)
            .where(LtiGradeLink.status.in_(("pending", "failed")))
            .order_by(LtiGradeLink.updated_at)
        )
    )


def retry(link: LtiGradeLink) -> None:
    link.status, link.tries = "pending", 0
    db.session.flush()
