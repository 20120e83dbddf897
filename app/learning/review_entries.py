"""The written-answer review queue kept as learners answer and instructors review
(``review_entry``): one row per learner and written activity, pointing at their latest attempt.

An answer updates its row with one ``INSERT … ON CONFLICT DO UPDATE`` in the transaction that
stores it: one more attempt, and the new attempt becomes the latest unless one stored meanwhile
is later (by time, then id, the order the queue has always used). A review moves the row to the
reviewed state with one ``UPDATE``, when the reviewed attempt is the latest. Writes that move
rows in bulk (merging learners, ``bench.seed``, tests that insert rows directly) call
:func:`rebuild`, which reads the attempts again; deleting a learner, a lesson or an attempt
deletes its rows with it (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, case, delete, func, literal_column, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.core import activity_types
from app.core.grading.flags import BORDERLINE
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.summaries import ReviewEntry

ENTRY = ReviewEntry.__table__

FLAGGED, WAITING, REVIEWED = 0, 1, 2


def reviewable_types() -> list[str]:
    return [t.name for t in activity_types.all_types() if t.reviewable]


def note_attempt(attempt: Attempt, flagged: bool) -> None:
    """Make an attempt just stored its learner's latest at the activity, if its type is
    reviewed (one statement; none for other types)."""
    kind = activity_types.find(attempt.activity_type)
    if kind is None or not kind.reviewable:
        return
    values = {
        "lesson_id": attempt.lesson_id,
        "learner_id": attempt.learner_id,
        "activity_id": attempt.activity_id,
        "attempt_id": attempt.id,
        "attempts": 1,
        "state": FLAGGED if flagged else WAITING,
        "sort_at": attempt.created_at,
    }
    db.session.execute(_upsert(db.session.get_bind().dialect.name), values)


@cache
def _upsert(dialect: str):
    """Built once per dialect; SQLite (3.24 and later) and PostgreSQL run the same upsert."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ENTRY).values(
        {name: bindparam(name, type_=ENTRY.c[name].type) for name in ENTRY.c.keys()}
    )
    new, old = statement.excluded, ENTRY.c
    # The stored latest attempt's time, written out: SQLAlchemy does not correlate a subquery
    # in an upsert's SET to the row in conflict (it would read every row of review_entry).
    latest_at = literal_column(
        "(SELECT attempt.created_at FROM attempt WHERE attempt.id = review_entry.attempt_id)",
        type_=Attempt.created_at.type,
    )
    later = or_(
        new.sort_at > latest_at, and_(new.sort_at == latest_at, new.attempt_id > old.attempt_id)
    )
    return statement.on_conflict_do_update(
        index_elements=[old.learner_id, old.lesson_id, old.activity_id],
        set_={
            "attempts": old.attempts + new.attempts,
            "attempt_id": case((later, new.attempt_id), else_=old.attempt_id),
            "state": case((later, new.state), else_=old.state),
            "sort_at": case((later, new.sort_at), else_=old.sort_at),
        },
    )


def note_review(attempt_id: int, reviewed_at: datetime) -> None:
    """A review of this attempt: its row, if it is the learner's latest, is reviewed now."""
    db.session.execute(
        update(ReviewEntry)
        .where(ReviewEntry.attempt_id == attempt_id)
        .values(state=REVIEWED, sort_at=reviewed_at),
        execution_options={"synchronize_session": False},
    )


def rebuild(*, learner_id: int | None = None, lesson_id: int | None = None) -> None:
    """Read the rows again from the attempts: one learner's, one lesson's, or every one."""
    window = {"partition_by": (Attempt.learner_id, Attempt.lesson_id, Attempt.activity_id)}
    reviewed = Attempt.override_percent.is_not(None)
    flagged = Attempt.feedback[("details", "flag")].as_string() == BORDERLINE
    ranked = db.select(
        Attempt.lesson_id,
        Attempt.learner_id,
        Attempt.activity_id,
        Attempt.id.label("attempt_id"),
        func.count().over(**window).label("attempts"),
        case((reviewed, REVIEWED), (flagged, FLAGGED), else_=WAITING).label("state"),
        case(
            (reviewed, func.coalesce(Attempt.reviewed_at, Attempt.created_at)),
            else_=Attempt.created_at,
        ).label("sort_at"),
        func.row_number()
        .over(**window, order_by=(Attempt.created_at.desc(), Attempt.id.desc()))
        .label("rank"),
    ).where(Attempt.activity_type.in_(reviewable_types()))
    removed = delete(ReviewEntry)
    if learner_id is not None:
        ranked = ranked.where(Attempt.learner_id == learner_id)
        removed = removed.where(ReviewEntry.learner_id == learner_id)
    if lesson_id is not None:
        ranked = ranked.where(Attempt.lesson_id == lesson_id)
        removed = removed.where(ReviewEntry.lesson_id == lesson_id)
    ranked = ranked.subquery()
    names = ["lesson_id", "learner_id", "activity_id", "attempt_id", "attempts", "state", "sort_at"]
    latest = db.select(*(ranked.c[name] for name in names)).where(ranked.c.rank == 1)
    db.session.execute(removed, execution_options={"synchronize_session": False})
    db.session.execute(ENTRY.insert().from_select(names, latest))
