"""A large lesson's analytics figures, counted in the background and stored (``lesson_figures``).

Counting a lesson's figures reads every learner's work: fine for a few hundred learners, seconds
for a hundred thousand. Below ``ANALYTICS_LIVE_LEARNERS`` learners (counted from the summaries,
``lesson_learner``) the analytics are counted on each request, so every write shows at once.
From there on the page and the small CSVs read the figures stored here, however old: when they
are older than ``ANALYTICS_REFRESH_SECONDS`` or were counted for another revision, one count is
queued (``refresh_started_at`` is the claim: a second is not queued while one is pending, unless
it started so long ago that it must have died).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.core.analytics.criteria import CriterionFigures, WrittenCriteria
from app.core.analytics.figures import Overview, SectionStep
from app.core.analytics.questions import QuestionFigures, WrongAnswer
from app.core.analytics.scores import ActivityFigures
from app.learning.aggregates import _utc
from app.learning.db import db
from app.learning.models.courses import LessonRevision, utcnow
from app.learning.models.summaries import LessonLearner, StoredFigures
from app.learning.review_queue import QueueCounts

# A count claimed longer ago than this is taken for dead (a worker that stopped): another may
# start.
CLAIM_EXPIRES = timedelta(minutes=30)


@dataclass(frozen=True)
class Figures:
    """The figures a lesson's analytics page shows, as stored: the same attributes as
    ``LessonAnalytics`` for the template and the small CSV tables."""

    overview: Overview
    funnel: tuple[SectionStep, ...]
    activities: tuple[ActivityFigures, ...]
    questions: tuple[QuestionFigures, ...]
    criteria: tuple[WrittenCriteria, ...]
    queue: QueueCounts


@dataclass(frozen=True)
class Stored:
    """What ``lesson_figures`` holds for a lesson: figures (None before the first count), the
    revision they were counted for, when, and when a count now queued or running started."""

    figures: Figures | None
    source_hash: str | None
    computed_at: datetime | None
    refresh_started_at: datetime | None

    def stale(self, source_hash: str, now: datetime) -> bool:
        if self.figures is None or self.computed_at is None:
            return True
        if self.source_hash != source_hash:
            return True
        age = now - self.computed_at
        return age.total_seconds() > current_app.config["ANALYTICS_REFRESH_SECONDS"]


def encode(figures: Figures) -> dict[str, Any]:
    return asdict(figures)


def decode(data: dict[str, Any]) -> Figures:
    return Figures(
        overview=Overview(**data["overview"]),
        funnel=tuple(SectionStep(**s) for s in data["funnel"]),
        activities=tuple(
            ActivityFigures(**{**a, "buckets": tuple(a["buckets"])}) for a in data["activities"]
        ),
        questions=tuple(
            QuestionFigures(
                **{
                    **q,
                    "wrong_answers": tuple(
                        WrongAnswer(**{**w, "variants": tuple(w["variants"])})
                        for w in q["wrong_answers"]
                    ),
                }
            )
            for q in data["questions"]
        ),
        criteria=tuple(
            WrittenCriteria(
                **{**w, "criteria": tuple(CriterionFigures(**c) for c in w["criteria"])}
            )
            for w in data["criteria"]
        ),
        queue=QueueCounts(**data["queue"]),
    )


def learner_count(lesson_id: int) -> int:
    """Learners who started the lesson: its rows of the summaries (an index range)."""
    query = db.select(func.count()).select_from(LessonLearner).filter_by(lesson_id=lesson_id)
    return db.session.scalar(query)


def is_large(lesson_id: int) -> bool:
    """Whether the lesson's analytics are read from the stored figures."""
    return learner_count(lesson_id) >= current_app.config["ANALYTICS_LIVE_LEARNERS"]


def source_hash_of(revision_id: int) -> str:
    return db.session.scalar(db.select(LessonRevision.source_hash).filter_by(id=revision_id))


def stored(lesson_id: int) -> Stored:
    row = db.session.get(StoredFigures, lesson_id)
    if row is None:
        return Stored(None, None, None, None)
    return Stored(
        decode(row.figures) if row.figures is not None else None,
        row.source_hash,
        _utc(row.computed_at),
        _utc(row.refresh_started_at),
    )


def claim_refresh(lesson_id: int, now: datetime | None = None) -> bool:
    """Mark a count of the lesson's figures as started, unless one already is: True when this
    caller should queue it (and commit first, so the job sees the claim)."""
    now = now or utcnow()
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else None
    insert = insert or sqlite_insert
    db.session.execute(insert(StoredFigures).values(lesson_id=lesson_id).on_conflict_do_nothing())
    claimed = db.session.execute(
        update(StoredFigures)
        .where(
            StoredFigures.lesson_id == lesson_id,
            or_(
                StoredFigures.refresh_started_at.is_(None),
                StoredFigures.refresh_started_at < now - CLAIM_EXPIRES,
            ),
        )
        .values(refresh_started_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def save(lesson_id: int, source_hash: str, figures: Figures, now: datetime | None = None) -> None:
    """Store freshly counted figures and release the claim."""
    row = db.session.get(StoredFigures, lesson_id)
    if row is None:
        row = StoredFigures(lesson_id=lesson_id)
        db.session.add(row)
    row.source_hash = source_hash
    row.figures = encode(figures)
    row.computed_at = now or utcnow()
    row.refresh_started_at = None


def release(lesson_id: int) -> None:
    """Give the claim up without new figures (a count that failed)."""
    db.session.execute(
        update(StoredFigures)
        .where(StoredFigures.lesson_id == lesson_id)
        .values(refresh_started_at=None)
        .execution_options(synchronize_session=False)
    )
