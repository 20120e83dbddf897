"""Everything the platform keeps about a learner, as JSON they can download."""

from __future__ import annotations

from typing import Any

from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson
from app.learning.models.learners import Learner, Position, Statement
from app.learning.xapi_statements import as_xapi


def _iso(value) -> str:
    return value.isoformat()


def statements_for(learner: Learner | None, home_page: str) -> list[dict[str, Any]]:
    if learner is None:
        return []
    query = (
        db.select(Statement)
        .filter_by(learner_id=learner.id)
        .order_by(Statement.timestamp, Statement.id)
    )
    return as_xapi(((row, learner.public_id) for row in db.session.scalars(query)), home_page)


def export_for(learner: Learner | None, user, home_page: str = "/") -> dict[str, Any]:
    if learner is None:
        return {"learner": None, "account": None, "attempts": [], "positions": [], "statements": []}
    slugs = dict(db.session.execute(db.select(Lesson.id, Lesson.slug)).all())
    attempts = db.session.scalars(
        db.select(Attempt).filter_by(learner_id=learner.id).order_by(Attempt.created_at)
    )
    positions = db.session.scalars(db.select(Position).filter_by(learner_id=learner.id))
    return {
        "learner": {"id": learner.public_id, "created_at": _iso(learner.created_at)},
        "account": {"email": user.email, "created_at": _iso(user.created_at)} if user else None,
        "attempts": [
            {
                "lesson": slugs.get(a.lesson_id),
                "activity": a.activity_id,
                "type": a.activity_type,
                "number": a.attempt_number,
                "revision_id": a.revision_id,
                "response": a.response,
                "score": a.score,
                "max_score": a.max_score,
                "percent": a.percent,
                "passed": a.passed,
                "feedback": a.feedback,
                "self_assessment": a.self_assessment,
                "created_at": _iso(a.created_at),
                "review": (
                    {
                        "percent": a.override_percent,
                        "comment": a.override_comment,
                        "reviewed_at": _iso(a.reviewed_at) if a.reviewed_at else None,
                    }
                    if a.reviewed
                    else None
                ),
            }
            for a in attempts
        ],
        "positions": [
            {
                "lesson": slugs.get(p.lesson_id),
                "kind": p.kind,
                "section": p.section_id,
                "offset": p.offset,
                "updated_at": _iso(p.updated_at),
            }
            for p in positions
        ],
        "statements": statements_for(learner, home_page),
    }
