"""Counting a large lesson's analytics in the background (queued by its analytics page), and
``flask analytics refresh`` to count them now (for cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.learning import figure_store
from app.learning.analytics import refresh_figures
from app.learning.db import db
from app.learning.lesson_queries import published_lesson
from app.learning.models.courses import Lesson
from app.learning.models.summaries import LessonLearner

analytics_cli = AppGroup("analytics", help="A lesson's analytics figures.")


def refresh_lesson_figures(slug: str) -> None:
    """Count a lesson's figures and store them; the claim goes with them, or with a failure."""
    page = published_lesson(slug)
    if page is None:  # unpublished since: its analytics page is gone too
        return
    lesson_id = page.lesson.id
    try:
        refresh_figures(page)
        db.session.commit()
    except Exception:
        db.session.rollback()
        figure_store.release(lesson_id)
        db.session.commit()
        raise


@analytics_cli.command("refresh")
@click.option("--lesson", "slug", help="only this lesson (by default every lesson large enough)")
def refresh(slug: str | None) -> None:
    """Count and store the analytics figures of large lessons (or of one lesson)."""
    if slug is not None:
        if published_lesson(slug) is None:
            raise click.BadParameter(
                f"there is no published lesson '{slug}'", param_hint="--lesson"
            )
        slugs = [slug]
    else:
        slugs = list(db.session.scalars(_large_lessons()))
    for name in slugs:
        refresh_lesson_figures(name)
        click.echo(f"Counted the analytics figures of '{name}'.")
    if not slugs:
        click.echo("No lesson has enough learners to keep its figures stored.")


def _large_lessons():
    threshold = current_app.config["ANALYTICS_LIVE_LEARNERS"]
    return (
        db.select(Lesson.slug)
        .join(LessonLearner, LessonLearner.lesson_id == Lesson.id)
        .where(Lesson.published_revision_id.is_not(None))
        .group_by(Lesson.id, Lesson.slug)
        .having(db.func.count() >= threshold)
        .order_by(Lesson.slug)
    )
