"""A lesson's analytics page, its tables as CSV, and reviews of written answers: for the staff
of the lesson's course and admins."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from app.core.analytics.charts import bar_chart
from app.core.analytics.scores import BUCKETS
from app.core.analytics.tables import TABLES, csv_chunks, named_table
from app.learning import staff
from app.learning.analytics import analytics_for, reviewable_attempt, revision_content
from app.learning.db import db
from app.learning.lesson_queries import LessonPage, require_published_lesson
from app.learning.lti.roster import contexts_of_lesson
from app.learning.models.learners import Learner
from app.learning.progress import note_completion
from app.learning.review_queue import PER_PAGE
from app.learning.reviews import record_review
from app.web.instructor import bp
from app.web.instructor.review_forms import MAX_COMMENT, ReviewForm


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


@bp.get("/lessons/<slug>/analytics")
def analytics(slug: str):
    """The figures and a page of the written answers to review; ``?flagged=1`` lists only the
    answers the grader flagged for a person that nobody has reviewed yet, ``?page=N`` the Nth
    page of the list."""
    page = _staff_lesson(slug)
    figures = analytics_for(page)
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


@bp.get("/lessons/<slug>/analytics/<table>.csv")
def analytics_csv(slug: str, table: str):
    """A table as CSV, sent as it is read: the first rows leave before the last are counted."""
    page = _staff_lesson(slug)
    data = named_table(analytics_for(page), table)
    if data is None:
        abort(404, description=f"There is no analytics table called “{table}”.")
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
