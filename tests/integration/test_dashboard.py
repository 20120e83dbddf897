"""The learner dashboard and a lesson's history: a fixed number of SQL statements however long the
history and however many lessons, figures that agree with a plain recomputation from the stored
rows, and attempts a page at a time, each learner's own, through plain links.

Works on the lesson the ``lesson`` fixture builds (one activity of every type in section "one",
a deep-dive section "two"), or on a course of lessons written here.
"""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, insert

from app.core.content import load_catalog
from app.core.rules import xapi
from app.core.rules.completion import lesson_progress
from app.core.rules.mastery import mastery
from app.learning.dashboard import best_question_points, dashboard_for
from app.learning.db import db
from app.learning.history import PER_PAGE, lesson_history
from app.learning.importer import import_catalog
from app.learning.models.accounts import User
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Learner, Position, Statement
from tests.activity_blocks import block
from tests.content_helpers import lesson_text, make_content
from tests.lessons import SLUG
from tests.users import signed_in_client

START = datetime(2026, 10, 1, tzinfo=UTC)
HISTORY = f"/dashboard/lessons/{SLUG}"


def learner_of(app, email: str) -> int:
    """The id of the account's learner (made here: an account has none until it saves)."""
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).filter_by(email=email))
        learner = db.session.scalar(db.select(Learner).filter_by(user_id=user_id))
        if learner is None:
            learner = Learner(user_id=user_id)
            db.session.add(learner)
            db.session.commit()
        return learner.id


def lesson_ids(app, slug: str = SLUG) -> tuple[int, int]:
    with app.app_context():
        lesson_id = db.session.scalar(db.select(Lesson.id).filter_by(slug=slug))
        revision = db.session.scalar(db.select(LessonRevision.id).filter_by(lesson_id=lesson_id))
    return lesson_id, revision


def attempt_row(learner_id, lesson_id, revision_id, activity, number, at, **columns) -> dict:
    return {
        "learner_id": learner_id,
        "lesson_id": lesson_id,
        "revision_id": revision_id,
        "activity_id": activity.id,
        "activity_type": activity.type,
        "attempt_number": number,
        "response": {},
        "percent": columns.get("percent"),
        "passed": columns.get("passed"),
        "feedback": columns.get("feedback"),
        "override_percent": columns.get("override"),
        "created_at": at,
    }


def statement_row(learner_id, lesson_id, verb, object_type, object_id, at, result=None) -> dict:
    return {
        "statement_id": str(uuid.uuid4()),
        "learner_id": learner_id,
        "lesson_id": lesson_id,
        "verb": verb,
        "object_type": object_type,
        "object_id": object_id,
        "result": result,
        "timestamp": at,
        "stored": at,
    }


def busy_history(app, learner_id: int, content, slug: str, attempts: int) -> None:
    """``attempts`` answers spread over the lesson's activities, each with its statements, and
    sections read twice, time spent and a reading position."""
    lesson_id, revision_id = lesson_ids(app, slug)
    activities = list(content.activities.values())
    rows, statements = [], []
    for n in range(attempts):
        activity = activities[n % len(activities)]
        at = START + timedelta(minutes=n)
        number = n // len(activities) + 1
        rows.append(
            attempt_row(learner_id, lesson_id, revision_id, activity, number, at, percent=50 + n)
        )
        statements.append(
            statement_row(learner_id, lesson_id, xapi.ANSWERED, xapi.ACTIVITY, activity.id, at)
        )
        time = {"seconds": 30}
        statements.append(
            statement_row(learner_id, lesson_id, xapi.PROGRESSED, xapi.LESSON, slug, at, time)
        )
    for section in content.sections * 2:
        statements.append(
            statement_row(learner_id, lesson_id, xapi.EXPERIENCED, xapi.SECTION, section.id, START)
        )
    with app.app_context():
        db.session.execute(insert(Statement), statements)
        if rows:
            db.session.execute(insert(Attempt), rows)
        db.session.add(
            Position(
                learner_id=learner_id,
                lesson_id=lesson_id,
                kind="reading",
                section_id=content.sections[0].id,
                updated_at=START,
            )
        )
        db.session.commit()


@contextmanager
def counted(app):
    """The SQL statements sent while the block runs."""
    sent: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_for(app, client, path: str) -> int:
    assert client.get(path).status_code == 200  # parses and caches the lessons first
    with counted(app) as sent:
        assert client.get(path).status_code == 200
    return len(sent)


@pytest.mark.parametrize("path", ["/dashboard", HISTORY])
def test_the_statements_sent_do_not_grow_with_the_attempts(app, lesson, path):
    counts = []
    for n, attempts in enumerate((1, 50)):
        email = f"learner{n}@example.org"
        client = signed_in_client(app, email, "learner")
        busy_history(app, learner_of(app, email), lesson.content, SLUG, attempts)
        counts.append(statements_for(app, client, path))
    assert counts[0] == counts[1] > 0, counts


def course_of(app, root, course: str, first: int, lessons: int):
    """Course ``course`` with lessons ``first`` … ``first + lessons - 1``, each with a quiz and a
    process map in section one."""
    body = (
        "An introduction.\n\n## Section one {#one}\n\nSome text.\n\n"
        + block("quiz", "quiz-1", "objectives: [first]\n", parts=2)
        + "\n"
        + block("process-map", "process-map-1", "objectives: [first]\n", parts=2)
        + "\n## Section two {#two}\n\nMore text.\n"
    )
    files = {
        f"{n:02}-l{n}.md": lesson_text(
            body, id=f"l{n}", title=f"Lesson {n}", course=course, position=n
        )
        for n in range(first, first + lessons)
    }
    catalog = load_catalog(make_content(root, files, f"id: {course}\ntitle: {course}\n", course))
    with app.app_context():
        import_catalog(catalog)
        db.session.commit()
    return catalog


def test_the_dashboard_sends_as_many_statements_for_20_lessons_as_for_2(app, tmp_path):
    client = signed_in_client(app, "ada@example.org", "learner")
    learner_id = learner_of(app, "ada@example.org")
    counts = []
    for course, first, lessons, shown in (("few", 1, 2, 2), ("more", 3, 18, 20)):
        catalog = course_of(app, tmp_path / course, course, first, lessons)
        for slug, content in catalog.lessons.items():
            busy_history(app, learner_id, content, slug, 3)
        html = client.get("/dashboard").text
        assert html.count('<th scope="row">') == shown
        counts.append(statements_for(app, client, "/dashboard"))
    assert counts[0] == counts[1] > 0, counts


# A random history of one learner in the ``lesson`` fixture's lesson: attempts at its activities
# (and at one it no longer has), sections read (again, and one it no longer has), time spent.
QUESTIONS = ["q:q1", "q:q2"]
points = st.tuples(st.integers(0, 4), st.integers(0, 2)).map(lambda p: (p[0] / 2, float(p[1])))
attempt_strategy = st.tuples(
    st.sampled_from(["process-map-1", "quiz-1", "free-text-1", "reflection-1", "gone-1"]),
    st.integers(0, 50),  # minutes after START: ties happen
    st.one_of(st.none(), st.integers(0, 100)),  # the automatic percent (None: saved)
    st.one_of(st.none(), st.integers(0, 100)),  # a reviewer's percent
    st.one_of(st.none(), st.booleans()),  # passed
    st.lists(st.tuples(st.sampled_from(QUESTIONS), points), max_size=2),  # quiz items
)
statement_strategy = st.tuples(
    st.sampled_from(
        [
            (xapi.EXPERIENCED, xapi.SECTION, "one"),
            (xapi.EXPERIENCED, xapi.SECTION, "two"),
            (xapi.EXPERIENCED, xapi.SECTION, "gone"),
            (xapi.PROGRESSED, xapi.LESSON, SLUG),
            (xapi.ANSWERED, xapi.ACTIVITY, "quiz-1"),
        ]
    ),
    st.integers(0, 50),
    st.integers(1, 120),  # seconds, for time statements
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tried=st.lists(attempt_strategy, max_size=12),
    said=st.lists(statement_strategy, max_size=12),
    reading=st.sampled_from([None, "one", "two"]),
)
def test_the_figures_shown_agree_with_the_stored_rows(app, lesson, tried, said, reading):
    content = lesson.content
    lesson_id, revision_id = lesson_ids(app)
    with app.app_context():
        for model in (Attempt, Statement, Position, Learner):
            db.session.execute(delete(model))
        learner = Learner()
        db.session.add(learner)
        db.session.flush()
        numbers: dict[str, int] = {}
        for activity_id, minute, percent, override, passed, items in tried:
            numbers[activity_id] = numbers.get(activity_id, 0) + 1
            activity_type = "quiz" if activity_id == "quiz-1" else "free-text"
            feedback = None
            if activity_type == "quiz" and percent is not None:
                feedback = {
                    "score": 0,
                    "max_score": 2,
                    "feedback": [
                        {"key": key, "status": "info", "points": p, "max_points": most}
                        for key, (p, most) in items
                    ],
                    "details": {},
                }
            db.session.add(
                Attempt(
                    learner_id=learner.id,
                    lesson_id=lesson_id,
                    revision_id=revision_id,
                    activity_id=activity_id,
                    activity_type=activity_type,
                    attempt_number=numbers[activity_id],
                    response={},
                    percent=percent,
                    override_percent=override,
                    passed=passed,
                    feedback=feedback,
                    created_at=START + timedelta(minutes=minute),
                )
            )
        for (verb, object_type, object_id), minute, seconds in said:
            result = {"seconds": seconds} if verb == xapi.PROGRESSED else None
            at = START + timedelta(minutes=minute)
            db.session.execute(
                insert(Statement),
                [statement_row(learner.id, lesson_id, verb, object_type, object_id, at, result)],
            )
        if reading:
            db.session.add(
                Position(
                    learner_id=learner.id,
                    lesson_id=lesson_id,
                    kind="reading",
                    section_id=reading,
                    updated_at=START,
                )
            )
        db.session.commit()

        # The plain recomputation, from every stored row.
        attempts = list(
            db.session.scalars(
                db.select(Attempt).filter_by(learner_id=learner.id).order_by(Attempt.id)
            )
        )
        statements = list(db.session.scalars(db.select(Statement).filter_by(learner_id=learner.id)))
        read = {
            s.object_id
            for s in statements
            if s.verb == xapi.EXPERIENCED and s.object_type == xapi.SECTION
        }
        seconds = sum(s.result["seconds"] for s in statements if s.verb == xapi.PROGRESSED)
        best: dict[str, int] = {}
        for a in attempts:
            if a.final_percent is not None:
                best[a.activity_id] = max(best.get(a.activity_id, 0), a.final_percent)
        shown_best = [p for a, p in best.items() if a in content.activities]
        average = round(sum(shown_best) / len(shown_best)) if shown_best else None
        passed = {a.activity_id for a in attempts if a.passed}
        progress = lesson_progress(content, read, passed)

        (row,) = dashboard_for(learner, personalised=True).lessons
        assert row.attempts == len(attempts)
        assert row.seconds == seconds
        assert row.average == average
        assert row.progress == progress
        assert (row.reading.id if row.reading else None) == reading

        history = lesson_history(learner, SLUG, 1, personalised=True)
        assert history.total == len(attempts) and history.seconds == seconds
        assert history.progress == progress
        newest = sorted(attempts, key=lambda a: (a.created_at, a.id), reverse=True)
        assert [(a.activity_id, a.final_percent) for a in newest] == [
            (line.activity_id, line.percent) for line in history.attempts
        ]
        lines = {line.id: line.total for line in history.activities if line.total}
        assert set(lines) == {a.activity_id for a in attempts}
        for activity_id, total in lines.items():
            mine = [a for a in newest if a.activity_id == activity_id]
            assert total.attempts == len(mine)
            assert total.best == best.get(activity_id)
            assert total.passed == any(a.passed for a in mine)
            assert total.latest == mine[0].final_percent
        expected = mastery(content, best, best_question_points(attempts))
        assert [(m.objective_id, m.tried, m.total) for m in history.masteries] == [
            (m.objective_id, m.tried, m.total) for m in expected
        ]
        for mine, theirs in zip(history.masteries, expected, strict=True):
            assert mine.score == pytest.approx(theirs.score)


def answered(app, lesson, email: str, count: int) -> int:
    """The account's learner, with ``count`` attempts at the lesson's process map."""
    learner_id = learner_of(app, email)
    lesson_id, revision_id = lesson_ids(app)
    activity = lesson.activity("process-map-1")
    rows = [
        attempt_row(
            learner_id, lesson_id, revision_id, activity, n + 1, START + timedelta(minutes=n)
        )
        | {"percent": n % 101}
        for n in range(count)
    ]
    with app.app_context():
        db.session.execute(insert(Attempt), rows)
        db.session.commit()
    return learner_id


def attempts_shown(html: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)"', html)


def test_the_history_shows_attempts_a_page_at_a_time_through_plain_links(app, lesson):
    client = signed_in_client(app, "ada@example.org", "learner")
    answered(app, lesson, "ada@example.org", PER_PAGE * 2 + 7)
    first = client.get(HISTORY).text
    assert f"Attempts 1–{PER_PAGE} of {PER_PAGE * 2 + 7}, newest first" in first
    shown = attempts_shown(first)
    assert len(shown) == PER_PAGE and shown == sorted(shown, reverse=True)
    assert "Newer attempts" not in first
    seen = list(shown)
    page = first
    for _ in range(2):  # follow "Older attempts" as a browser without scripts would
        older = re.search(r'<a rel="next" href="([^"]+)">Older attempts</a>', page).group(1)
        page = client.get(older.replace("&amp;", "&")).text
        seen += attempts_shown(page)
    assert "Older attempts" not in page and 'rel="prev"' in page
    assert len(seen) == PER_PAGE * 2 + 7 == len(set(seen))
    assert seen == sorted(seen, reverse=True)
    assert "Page 3 of 3" in page


@pytest.mark.parametrize(
    "asked,shown", [("99", "Page 3 of 3"), ("0", "Page 1 of 3"), ("x", "Page 1 of 3")]
)
def test_a_page_number_out_of_range_gives_the_nearest_page(app, lesson, asked, shown):
    client = signed_in_client(app, "ada@example.org", "learner")
    answered(app, lesson, "ada@example.org", PER_PAGE * 2 + 7)
    response = client.get(f"{HISTORY}?page={asked}")
    assert response.status_code == 200 and shown in response.text


def test_a_history_shows_only_its_own_learners_attempts(app, lesson):
    ada = signed_in_client(app, "ada@example.org", "learner")
    answered(app, lesson, "ada@example.org", 3)
    bob = signed_in_client(app, "bob@example.org", "learner")
    assert len(attempts_shown(ada.get(HISTORY).text)) == 3
    for other in (bob, app.test_client()):
        page = other.get(HISTORY).text
        assert attempts_shown(page) == [] and "No attempts yet." in page


def test_the_history_of_a_lesson_that_is_not_published_is_a_404(app, lesson):
    client = signed_in_client(app, "ada@example.org", "learner")
    assert client.get("/dashboard/lessons/no-such-lesson").status_code == 404


@pytest.mark.parametrize("path", ["/dashboard", HISTORY])
def test_every_table_has_a_caption_and_header_cells(app, lesson, path):
    client = signed_in_client(app, "ada@example.org", "learner")
    answered(app, lesson, "ada@example.org", 3)
    html = client.get(path).text
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert tables and html.count("<h1>") == 1
    for table in tables:
        assert re.search(r"<caption>[^<]+", table), table[:200]
        assert '<th scope="col">' in table
