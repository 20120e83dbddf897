"""Analytics that stay fast with many learners: figures counted by the database agree with the
pure computation over every row, the written answers come a page at a time, and CSV tables are
streamed. Works on the lesson the ``lesson`` fixture builds (one activity of every type)."""

from __future__ import annotations

import copy
import csv
import io
import re
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from app.core import activity_types
from app.core.analytics.tables import TABLES, named_table, to_csv
from app.core.rules import xapi
from app.learning import review_entries, summaries
from app.learning.analytics import analytics_for, figures_for
from app.learning.db import db
from app.learning.lesson_queries import require_published_lesson
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Learner, Statement
from app.learning.review_queue import PER_PAGE
from tests import activity_answers as answers
from tests.lessons import SLUG

ANALYTICS = f"/instructor/lessons/{SLUG}/analytics"
START = datetime(2026, 10, 1, tzinfo=UTC)
ESSAY = "free-text-1"


def graded(activity, form) -> dict:
    """The columns ``record_attempt`` stores for this answer."""
    kind = activity_types.get(activity.type)
    fields = kind.answers(form)
    _, grade = kind.evaluate(activity.spec, fields)
    return {
        "response": fields,
        "percent": grade.percent if grade else None,
        "passed": (grade.percent >= activity.pass_mark) if grade else None,
        "feedback": grade.to_dict() if grade else None,
    }


def grades(content) -> dict[str, list[dict]]:
    """Wrong, partly right and right answers to every activity, graded once."""
    return {
        a.id: [graded(a, how(a)) for how in (answers.wrong, answers.partly, answers.right)]
        for a in content.activities.values()
    }


def ids(app) -> tuple[int, int]:
    with app.app_context():
        lesson_id = db.session.scalar(db.select(Lesson.id).filter_by(slug=SLUG))
        revision_id = db.session.scalar(db.select(LessonRevision.id).filter_by(lesson_id=lesson_id))
    return lesson_id, revision_id


def store(app, learners: int, statements: list[dict], attempts: list[dict]) -> None:
    """Replace every learner's history with this one, in bulk as ``bench.seed`` writes it."""
    with app.app_context():
        for model in (Attempt, Statement, Learner):
            db.session.execute(delete(model))
        rows = [
            {"id": i, "public_id": uuid.uuid4().hex, "created_at": START}
            for i in range(1, 1 + learners)
        ]
        db.session.execute(insert(Learner), rows)
        if statements:
            db.session.execute(insert(Statement), statements)
        if attempts:
            db.session.execute(insert(Attempt), attempts)
        summaries.rebuild()  # rows inserted in bulk bypass the use cases that keep them
        review_entries.rebuild()
        db.session.commit()


seconds = st.one_of(
    st.integers(-50, 900), st.floats(0, 900, allow_nan=False), st.booleans(), st.just("12")
)
statement_strategy = st.tuples(
    st.sampled_from(
        [
            (xapi.EXPERIENCED, xapi.SECTION, "one"),
            (xapi.EXPERIENCED, xapi.SECTION, "two"),
            (xapi.EXPERIENCED, xapi.SECTION, "gone"),
            (xapi.PROGRESSED, xapi.LESSON, SLUG),
            (xapi.COMPLETED, xapi.LESSON, SLUG),
            (xapi.ANSWERED, xapi.ACTIVITY, "quiz-1"),
        ]
    ),
    st.integers(0, 10**6),
    st.one_of(st.none(), seconds),
)
attempt_strategy = st.tuples(
    st.integers(0, 2),  # wrong, partly, right
    st.integers(0, 10**6),  # seconds after START; ties happen
    st.one_of(st.none(), st.integers(0, 100)),  # a reviewer's percent
    st.booleans(),  # flagged by the grader
)
history = st.lists(
    st.tuples(st.lists(statement_strategy, max_size=6), st.lists(attempt_strategy, max_size=6)),
    min_size=0,
    max_size=6,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=history, activities=st.data())
def test_database_counts_agree_with_the_pure_figures(app, lesson, history, activities):
    lesson_id, revision_id = ids(app)
    graded_answers = grades(lesson.content)
    activity_ids = list(lesson.content.activities)
    statements, attempts = [], []
    for learner_id, (said, did) in enumerate(history, start=1):
        for (verb, object_type, object_id), at, value in said:
            result = {"seconds": value} if verb == xapi.PROGRESSED and value is not None else None
            statements.append(
                {
                    "statement_id": str(uuid.uuid4()),
                    "learner_id": learner_id,
                    "lesson_id": lesson_id,
                    "verb": verb,
                    "object_type": object_type,
                    "object_id": object_id,
                    "result": result,
                    "timestamp": START + timedelta(seconds=at),
                    "stored": START,
                }
            )
        numbers: dict[str, int] = {}
        for how, at, override, flagged in did:
            activity_id = activities.draw(st.sampled_from(activity_ids))
            numbers[activity_id] = numbers.get(activity_id, 0) + 1
            row = copy.deepcopy(graded_answers[activity_id][how])
            if flagged and row["feedback"]:
                row["feedback"]["details"] = {**row["feedback"]["details"], "flag": "borderline"}
            reviewed = override is not None and row["percent"] is not None
            attempts.append(
                row
                | {
                    "learner_id": learner_id,
                    "lesson_id": lesson_id,
                    "revision_id": revision_id,
                    "activity_id": activity_id,
                    "activity_type": lesson.content.activities[activity_id].type,
                    "attempt_number": numbers[activity_id],
                    "created_at": START + timedelta(seconds=at),
                    "override_percent": override if reviewed else None,
                    "reviewed_at": START + timedelta(seconds=at + 60) if reviewed else None,
                }
            )
    store(app, len(history), statements, attempts)
    with app.test_request_context():
        page = require_published_lesson(SLUG)
        expected = figures_for(page)  # every row, in Python
        counted = analytics_for(page)
        assert counted.overview == expected.overview
        assert counted.funnel == expected.funnel
        assert counted.activities == expected.activities
        assert tuple(counted.per_learner) == expected.per_learner
        assert counted.questions == expected.questions
        assert counted.criteria == expected.criteria
        assert tuple(counted.reviews) == expected.reviews
        first = counted.review_page(1, flagged_only=False)
        assert (first.waiting, first.flagged) == (len(expected.waiting), len(expected.flagged))
        assert first.items == expected.reviews[:PER_PAGE]
        assert counted.review_page(1, flagged_only=True).items == expected.flagged[:PER_PAGE]
        for name in TABLES:
            assert to_csv(named_table(counted, name)) == to_csv(named_table(expected, name))


# The written answers, a page at a time


def essays(app, lesson, n: int, flagged: set[int]) -> list[int]:
    """``n`` learners' answers to the essay, one each, oldest first; the learners numbered in
    ``flagged`` were flagged by the grader. Returns the attempt ids."""
    lesson_id, revision_id = ids(app)
    answer = graded(
        lesson.content.activities[ESSAY], answers.partly(lesson.content.activities[ESSAY])
    )
    rows = []
    for learner in range(1, n + 1):
        row = copy.deepcopy(answer)
        if learner in flagged:
            row["feedback"]["details"] = {**row["feedback"]["details"], "flag": "borderline"}
        rows.append(
            row
            | {
                "learner_id": learner,
                "lesson_id": lesson_id,
                "revision_id": revision_id,
                "activity_id": ESSAY,
                "activity_type": "free-text",
                "attempt_number": 1,
                "created_at": START + timedelta(minutes=learner),
            }
        )
    store(app, n, [], rows)
    with app.app_context():
        return list(db.session.scalars(db.select(Attempt.id).order_by(Attempt.created_at)))


def shown(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article class="review" id="review-(\d+)"', html)]


def test_written_answers_come_a_page_at_a_time_flagged_first(app, lesson, instructor):
    n = 2 * PER_PAGE + 20
    attempt_ids = essays(app, lesson, n, flagged={30, n - 10})
    flagged = [attempt_ids[29], attempt_ids[n - 11]]
    rest = [i for i in attempt_ids if i not in flagged]
    first = instructor.get(ANALYTICS).text
    assert shown(first) == flagged + rest[: PER_PAGE - 2]
    assert f"Page 1 of 3 · answers 1–{PER_PAGE} of {n}" in first
    assert f'href="{ANALYTICS}?page=2#reviews"' in first
    second = instructor.get(f"{ANALYTICS}?page=2").text
    assert shown(second) == rest[PER_PAGE - 2 : 2 * PER_PAGE - 2]  # flagged ones stay on page 1
    assert f"Page 2 of 3 · answers {PER_PAGE + 1}–{2 * PER_PAGE} of {n}" in second
    assert shown(instructor.get(f"{ANALYTICS}?page=3").text) == rest[2 * PER_PAGE - 2 :]
    assert shown(instructor.get(f"{ANALYTICS}?page=99").text) == rest[2 * PER_PAGE - 2 :]


def test_the_flagged_list_is_paged_too(app, lesson, instructor):
    n = PER_PAGE + 5
    attempt_ids = essays(app, lesson, n + 5, flagged=set(range(1, n + 1)))
    html = instructor.get(f"{ANALYTICS}?flagged=1&page=2").text
    assert shown(html) == attempt_ids[PER_PAGE:n]
    assert f"Page 2 of 2 · answers {PER_PAGE + 1}–{n} of {n}" in html
    assert f'href="{ANALYTICS}?page=1&amp;flagged=1#reviews"' in html


def test_a_review_posts_back_to_the_page_it_was_made_on(app, lesson, instructor):
    attempt_ids = essays(app, lesson, 3 * PER_PAGE, flagged=set())
    target = attempt_ids[PER_PAGE + 10]  # on page 2
    html = instructor.get(f"{ANALYTICS}?page=2").text
    action = f"/instructor/lessons/{SLUG}/attempts/{target}/review?page=2"
    assert f'action="{action}"' in html
    tok = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    response = instructor.post(action, data={"percent": "90", "comment": "", "csrf_token": tok})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?page=2&saved={target}#review-{target}")
    back = instructor.get(response.headers["Location"]).text
    # Reviewed, it moved to the end of the list, and is still shown where it was reviewed.
    assert shown(back)[0] == target
    assert "now sees 90% and your comment" in back
    waiting = [i for i in attempt_ids if i != target]
    assert shown(back)[1:] == waiting[PER_PAGE : 2 * PER_PAGE]


# CSV tables, streamed


def test_csv_tables_are_streamed_and_match_the_pure_figures(app, lesson, instructor):
    essays(app, lesson, 3, flagged={2})
    with app.test_request_context():
        expected = figures_for(require_published_lesson(SLUG))
    for name in TABLES:
        response = instructor.get(f"{ANALYTICS}/{name}.csv")
        assert response.status_code == 200
        assert response.is_streamed
        assert response.text == to_csv(named_table(expected, name))
    reviews = list(csv.reader(io.StringIO(instructor.get(f"{ANALYTICS}/reviews.csv").text)))
    assert [row[1] for row in reviews[1:]] == ["Learner 2", "Learner 1", "Learner 3"]


def test_a_long_table_is_sent_in_pieces(app, lesson, instructor):
    essays(app, lesson, 1200, flagged=set())
    response = instructor.get(f"{ANALYTICS}/reviews.csv", buffered=False)
    pieces = [piece for piece in response.response if piece]
    response.close()
    assert len(pieces) >= 3  # 500 rows a piece
    assert b"".join(pieces).count(b"\r\n") == 1201
