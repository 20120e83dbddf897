"""A lesson's analytics page, its tables as CSV, and reviews of written answers: for the staff
of the lesson's course and admins."""

from __future__ import annotations

from datetime import datetime

from flask import Response, abort, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from app.core.analytics.charts import bar_chart
from app.core.analytics.scores import BUCKETS
from app.core.analytics.tables import TABLES, csv_chunks, named_table
from app.learning import staff
from app.learning.analytics import (
    AnalyticsView,
    analytics_for,
    analytics_view,
    reviewable_attempt,
    revision_content,
)
from app.learning.db import db
from app.learning.figure_store import claim_refresh, is_large
from app.learning.lesson_queries import LessonPage, require_published_lesson
from app.learning.lti.roster import contexts_of_lesson
from app.learning.models.courses import utcnow
from app.learning.models.learners import Learner
from app.learning.progress import note_completion
from app.learning.review_queue import PER_PAGE
from app.learning.reviews import record_review
from app.web.instructor import bp
from app.web.instructor.analytics_jobs import refresh_lesson_figures
from app.web.instructor.review_forms import MAX_COMMENT, RefreshForm, ReviewForm
from app.web.jobs import jobs

# The tables read now whatever the lesson's size: one row per learner, streamed.
STREAMED = frozenset({"attempts", "reviews"})
COUNTING = (
    "This lesson's figures are being counted: they will be ready in a minute or two. "
    "Try the download again then."
)


def counted_ago(at: datetime | None, now: datetime) -> str:
    """How long ago the figures were counted, in words ("3 minutes ago")."""
    if at is None:
        return "not yet"
    seconds = max(0, int((now - at).total_seconds()))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return "just now"


def _staff_lesson(slug: str) -> LessonPage:
    """The published lesson (404 if none), if the signed-in user may author its course (403)."""
    page = require_published_lesson(slug)
    staff.require_can_edit(current_user, page.lesson.course)
    return page


def page_numbers(current: int, pages: int) -> list[int | None]:
    """The page links to show: the first, the last and two either side of the current one;
    None where numbers are left out."""
    wanted = {1, pages, *range(current - 2, current + 3)}
    shown: list[int | None] = []
    for n in sorted(n for n in wanted if 1 <= n <= pages):
        if shown and n - shown[-1] > 1:
            shown.append(None)
        shown.append(n)
    return shown


def _list_args() -> dict[str, int]:
    """Which page of the written answers is shown, and whether only the flagged ones."""
    args = {}
    if (number := request.args.get("page", type=int)) and number > 1:
        args["page"] = number
    if request.args.get("flagged") == "1":
        args["flagged"] = 1
    return args


def _analytics_view(page: LessonPage, slug: str) -> AnalyticsView:
    """The figures to show; when a new count of a large lesson's figures was claimed, it is
    committed (so the job sees the claim) and queued."""
    view = analytics_view(page)
    if view.refresh_claimed:
        db.session.commit()
        jobs().enqueue(refresh_lesson_figures, slug)
    return view


def _being_counted(page: LessonPage, view: AnalyticsView, slug: str):
    return render_template(
        "instructor/analytics_counting.html",
        page=page,
        slug=slug,
        started=view.stored.refresh_started_at if view.stored else None,
    )


@bp.get("/lessons/<slug>/analytics")
def analytics(slug: str):
    """The figures and a page of the written answers to review; ``?flagged=1`` lists only the
    answers the grader flagged for a person that nobody has reviewed yet, ``?page=N`` the Nth
    page of the list. A large lesson's figures are the stored ones, with their age."""
    page = _staff_lesson(slug)
    view = _analytics_view(page, slug)
    figures = view.analytics
    if figures is None:
        return _being_counted(page, view, slug)
    args = _list_args()
    flagged_only = "flagged" in args
    queue = figures.review_page(args.get("page", 1), flagged_only)
    saved = request.args.get("saved", type=int)
    shown = list(queue.items)
    if saved and saved not in {item.attempt.id for item in shown}:
        # A review moves the answer down the list: show it where it was reviewed from.
        item = figures.review_item(saved)
        shown = [item, *shown] if item else shown
    return render_template(
        "instructor/analytics.html",
        page=page,
        figures=figures,
        stored=view.stored,
        counted_ago=counted_ago(view.stored.computed_at, utcnow()) if view.stored else None,
        queue=queue,
        shown=shown,
        list_args=args,
        flagged_only=flagged_only,
        buckets=[label for label, _, _ in BUCKETS],
        bar_chart=bar_chart,
        tables=TABLES,
        max_comment=MAX_COMMENT,
        lms_courses=contexts_of_lesson(page.lesson.id),
        saved=saved,
        page_numbers=page_numbers,
        per_page=PER_PAGE,
    )


@bp.post("/lessons/<slug>/analytics/refresh")
def refresh_analytics(slug: str):
    """Count a large lesson's figures again now, in the background (one count at a time)."""
    page = _staff_lesson(slug)
    if not RefreshForm().validate():
        abort(400, description="The figures were not counted again: reload the page and retry.")
    # A small lesson's figures are counted on every visit: nothing to count in the background.
    if is_large(page.lesson.id) and claim_refresh(page.lesson.id):
        db.session.commit()
        jobs().enqueue(refresh_lesson_figures, slug)
    return redirect(url_for("instructor.analytics", slug=slug))


@bp.get("/lessons/<slug>/analytics/<table>.csv")
def analytics_csv(slug: str, table: str):
    """A table as CSV, sent as it is read: the first rows leave before the last are counted.
    A large lesson's small tables are its stored figures; the long lists are always read now."""
    page = _staff_lesson(slug)
    if table not in TABLES:
        abort(404, description=f"There is no analytics table called “{table}”.")
    if table in STREAMED:
        figures = analytics_for(page)
    else:
        view = _analytics_view(page, slug)
        if view.analytics is None:
            abort(503, description=COUNTING)
        figures = view.analytics
    data = named_table(figures, table)
    body = stream_with_context(chunk.encode() for chunk in csv_chunks(data))
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-{table}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/lessons/<slug>/attempts/<id:attempt_id>/review")
def review(slug: str, attempt_id: int):
    page = _staff_lesson(slug)
    attempt = reviewable_attempt(page.lesson.id, attempt_id)
    if attempt is None:
        abort(404, description=f"This lesson has no written answer numbered {attempt_id}.")
    form = ReviewForm()
    if not form.validate():
        problems = [f"{form[name].label.text}: {e}" for name, es in form.errors.items() for e in es]
        abort(400, description="The review was not saved. " + " ".join(problems))
    activity = revision_content(slug, attempt.revision_id).activities.get(attempt.activity_id)
    if activity is None:  # never expected: an attempt's revision always has its activity
        abort(404, description=f"This lesson has no activity “{attempt.activity_id}”.")
    record_review(
        attempt, activity.pass_mark, form.percent.data, form.comment.data or "", current_user.id
    )
    learner = db.session.get(Learner, attempt.learner_id)
    note_completion(learner, page.lesson.id, slug, page.content)  # a raised score may complete it
    db.session.commit()
    # Back to the answer just reviewed, which says so (a message at the top would be off screen).
    target = url_for("instructor.analytics", slug=slug, **_list_args(), saved=attempt.id)
    return redirect(f"{target}#review-{attempt.id}")
