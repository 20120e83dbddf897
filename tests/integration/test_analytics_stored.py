"""A large lesson's analytics come from figures counted in the background (``lesson_figures``):
a count stores what the live computation gives, the switch from live to stored happens at
``ANALYTICS_LIVE_LEARNERS``, old or missing figures queue one count, an instructor can ask for
one, and ``flask analytics refresh`` counts them from the command line."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import delete, update

from app.core.rules import xapi
from app.learning import figure_store
from app.learning.analytics import figures_for, refresh_figures
from app.learning.attempts import NoAttemptsLeft, record_attempt
from app.learning.db import db
from app.learning.figure_store import Figures
from app.learning.lesson_queries import require_published_lesson
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Learner
from app.learning.models.summaries import StoredFigures
from app.learning.progress import merge_learners, record_statement
from app.learning.review_queue import QueueCounts
from app.learning.reviews import record_review
from app.web.instructor.analytics_views import counted_ago
from tests import activity_answers as answers
from tests.lessons import SLUG
from tests.users import signed_in_client

ANALYTICS = f"/instructor/lessons/{SLUG}/analytics"
REFRESH = f"{ANALYTICS}/refresh"
BASE = datetime(2026, 1, 1, tzinfo=UTC)
VERBS = (
    (xapi.EXPERIENCED, xapi.SECTION, "one"),
    (xapi.EXPERIENCED, xapi.SECTION, "two"),
    (xapi.PROGRESSED, xapi.LESSON, SLUG),
    (xapi.COMPLETED, xapi.LESSON, SLUG),
)
ANSWERS = (answers.wrong, answers.partly, answers.right)


def expected_figures(page) -> Figures:
    """The stored figures as the Python reference computes them from every row."""
    every = figures_for(page)
    queue = QueueCounts(len(every.reviews), len(every.waiting), len(every.flagged))
    return Figures(
        every.overview, every.funnel, every.activities, every.questions, every.criteria, queue
    )


def lesson_ids(app) -> tuple[int, int]:
    with app.app_context():
        lesson_id = db.session.scalar(db.select(Lesson.id).filter_by(slug=SLUG))
        revision_id = db.session.scalar(db.select(LessonRevision.id).filter_by(lesson_id=lesson_id))
    return lesson_id, revision_id


def test_stored_figures_equal_the_figures_from_every_row_after_any_writes(app, lesson):
    lesson_id, revision_id = lesson_ids(app)
    activities = list(lesson.content.activities.values())

    class Writes(RuleBasedStateMachine):
        learners = Bundle("learners")

        def __init__(self):
            super().__init__()
            with app.app_context():
                db.session.execute(delete(Learner))
                db.session.commit()

        @rule(target=learners)
        def new_learner(self):
            with app.app_context():
                learner = Learner()
                db.session.add(learner)
                db.session.commit()
                return learner.id

        @rule(learner=learners, verb=st.sampled_from(VERBS), minute=st.integers(0, 500))
        def statement(self, learner, verb, minute):
            with app.app_context():
                if (who := db.session.get(Learner, learner)) is None:
                    return  # merged away
                kind, object_type, object_id = verb
                result = {"seconds": minute} if kind == xapi.PROGRESSED else None
                at = BASE + timedelta(minutes=minute)
                record_statement(
                    who, lesson_id, kind, object_type, object_id, result=result, timestamp=at
                )
                db.session.commit()

        @rule(learner=learners, activity=st.sampled_from(activities), how=st.sampled_from(ANSWERS))
        def attempt(self, learner, activity, how):
            with app.app_context():
                if (who := db.session.get(Learner, learner)) is None:
                    return
                try:
                    record_attempt(who, lesson_id, revision_id, activity, how(activity))
                except NoAttemptsLeft:
                    db.session.rollback()
                    return
                db.session.commit()

        @rule(learner=learners, percent=st.integers(0, 100))
        def review(self, learner, percent):
            with app.app_context():
                latest = db.session.scalar(
                    db.select(Attempt)
                    .filter_by(learner_id=learner, activity_type="free-text")
                    .order_by(Attempt.id.desc())
                )
                if latest is not None:
                    record_review(latest, 60, percent, "Reviewed.", reviewer_id=None)
                    db.session.commit()

        @rule(source=learners, into=learners)
        def merge(self, source, into):
            with app.app_context():
                one, other = db.session.get(Learner, source), db.session.get(Learner, into)
                if one is not None and other is not None:
                    merge_learners(one, other)
                    db.session.commit()

        @invariant()
        def stored_figures_after_a_count_equal_the_reference(self):
            with app.test_request_context():
                page = require_published_lesson(SLUG).plain()
                refresh_figures(page)
                db.session.commit()  # and read back from the database
                saved = figure_store.stored(lesson_id)
                assert saved.figures == expected_figures(page)
                assert saved.refresh_started_at is None

    Writes.TestCase.settings = settings(
        max_examples=10,
        stateful_step_count=8,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Writes.TestCase().runTest()


# The switch from live figures to stored ones


def learners_started(app, n: int) -> None:
    """``n`` learners who each read the first section."""
    lesson_id, _ = lesson_ids(app)
    with app.app_context():
        for _ in range(n):
            learner = Learner()
            db.session.add(learner)
            db.session.flush()
            record_statement(learner, lesson_id, xapi.EXPERIENCED, xapi.SECTION, "one")
        db.session.commit()


def started_shown(html: str) -> int:
    return int(re.search(r"<dt>Learners who started</dt><dd>(\d+)</dd>", html).group(1))


def stored_row(app) -> StoredFigures | None:
    lesson_id, _ = lesson_ids(app)
    with app.app_context():
        row = db.session.get(StoredFigures, lesson_id)
        if row is not None:
            db.session.expunge(row)
        return row


def test_a_lesson_below_the_threshold_shows_each_write_at_once(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 3
    learners_started(app, 2)
    assert started_shown(instructor.get(ANALYTICS).text) == 2
    learners_started(app, 0)
    assert stored_row(app) is None  # nothing counted in the background, nothing queued


def test_a_large_lesson_shows_its_stored_figures_and_how_old_they_are(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 3
    learners_started(app, 3)
    with app.test_request_context():
        refresh_figures(require_published_lesson(SLUG))
        db.session.commit()
    learners_started(app, 2)  # not counted yet
    html = instructor.get(ANALYTICS).text
    assert started_shown(html) == 3
    assert "Counted just now" in html
    assert f'action="{REFRESH}"' in html
    assert instructor.get(f"{ANALYTICS}/overview.csv").text.splitlines()[1] == "learners started,3"
    assert len(instructor.get(f"{ANALYTICS}/attempts.csv").text.splitlines()) == 1  # no attempts


def test_old_figures_are_served_and_one_count_is_queued(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 3
    learners_started(app, 3)
    lesson_id, _ = lesson_ids(app)
    with app.test_request_context():
        refresh_figures(require_published_lesson(SLUG))
        db.session.execute(
            update(StoredFigures).values(computed_at=datetime.now(UTC) - timedelta(minutes=10))
        )
        db.session.commit()
    learners_started(app, 1)
    queued = []
    jobs = app.extensions["jobs"]
    enqueue = jobs.enqueue
    jobs.enqueue = lambda func, *args: queued.append((func.__name__, args))
    try:
        html = instructor.get(ANALYTICS).text
        assert started_shown(html) == 3  # the old figures, at once
        assert "Counted 10 minutes ago; counting again since" in html
        assert started_shown(instructor.get(ANALYTICS).text) == 3
        instructor.get(f"{ANALYTICS}/overview.csv")
    finally:
        jobs.enqueue = enqueue
    assert queued == [("refresh_lesson_figures", (SLUG,))]  # one, however many requests
    assert stored_row(app).refresh_started_at is not None
    enqueue(*_job(queued[0]))
    jobs.wait()
    assert started_shown(instructor.get(ANALYTICS).text) == 4
    assert stored_row(app).refresh_started_at is None


def _job(queued):
    from app.web.instructor.analytics_jobs import refresh_lesson_figures

    return refresh_lesson_figures, *queued[1]


def test_figures_for_another_revision_are_counted_again(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 1
    learners_started(app, 1)
    with app.test_request_context():
        refresh_figures(require_published_lesson(SLUG))
        db.session.execute(update(StoredFigures).values(source_hash="an earlier revision"))
        db.session.commit()
    instructor.get(ANALYTICS)
    app.extensions["jobs"].wait()
    lesson_id, revision_id = lesson_ids(app)
    with app.app_context():
        current = figure_store.source_hash_of(revision_id)
    assert stored_row(app).source_hash == current


def test_without_stored_figures_the_page_says_they_are_being_counted(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 2
    learners_started(app, 2)
    jobs = app.extensions["jobs"]
    enqueue = jobs.enqueue
    queued = []
    jobs.enqueue = lambda func, *args: queued.append((func, args))
    try:
        response = instructor.get(ANALYTICS)
        csv_response = instructor.get(f"{ANALYTICS}/overview.csv")
    finally:
        jobs.enqueue = enqueue
    assert response.status_code == 200
    assert "The figures are being counted" in response.text
    assert re.search(r"started \d\d:\d\d UTC\)\. Reload in a minute", response.text)
    assert f'href="{ANALYTICS}">Reload</a>' in response.text
    assert 'http-equiv="refresh"' not in response.text
    assert csv_response.status_code == 503
    assert "being counted" in csv_response.text
    assert len(queued) == 1
    func, args = queued[0]
    enqueue(func, *args)
    jobs.wait()
    assert started_shown(instructor.get(ANALYTICS).text) == 2


def test_an_instructor_can_ask_for_a_count_now(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 1
    learners_started(app, 1)
    with app.test_request_context():
        refresh_figures(require_published_lesson(SLUG))
        db.session.commit()
    learners_started(app, 1)
    html = instructor.get(ANALYTICS).text
    assert started_shown(html) == 1
    response = instructor.post(REFRESH, data={"csrf_token": csrf_of(html)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(ANALYTICS)
    app.extensions["jobs"].wait()
    assert started_shown(instructor.get(ANALYTICS).text) == 2


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_the_count_button_needs_a_csrf_token(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 1
    learners_started(app, 1)
    instructor.get(ANALYTICS)  # queues the first count
    app.extensions["jobs"].wait()
    response = instructor.post(REFRESH, data={})
    assert response.status_code == 400
    assert stored_row(app).refresh_started_at is None  # nothing queued


@pytest.mark.parametrize("who", ["anonymous", "learner", "outsider"])
def test_only_the_course_staff_may_ask_for_a_count(app, lesson, who):
    app.config["WTF_CSRF_ENABLED"] = False  # past the token, to the permission
    if who == "anonymous":
        client = app.test_client()
    else:
        role = "learner" if who == "learner" else "instructor"
        client = signed_in_client(app, f"{who}@example.org", role)
    response = client.post(REFRESH, data={})
    if who == "anonymous":
        assert response.status_code == 302
        assert "/signin" in response.headers["Location"]
    else:
        assert response.status_code == 403
    assert stored_row(app) is None


def test_the_command_counts_a_lesson(app, lesson, runner):
    learners_started(app, 2)
    result = runner.invoke(args=["analytics", "refresh", "--lesson", SLUG])
    assert result.exit_code == 0, result.output
    assert f"Counted the analytics figures of '{SLUG}'." in result.output
    with app.test_request_context():
        page = require_published_lesson(SLUG)
        assert figure_store.stored(page.lesson.id).figures == expected_figures(page)


def test_the_command_counts_only_large_lessons_by_default(app, lesson, runner):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 5
    learners_started(app, 2)
    result = runner.invoke(args=["analytics", "refresh"])
    assert result.exit_code == 0, result.output
    assert "No lesson has enough learners" in result.output
    assert stored_row(app) is None


def test_the_command_refuses_an_unknown_lesson(app, lesson, runner):
    result = runner.invoke(args=["analytics", "refresh", "--lesson", "no-such-lesson"])
    assert result.exit_code != 0
    assert "there is no published lesson 'no-such-lesson'" in result.output


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0, "just now"), (59, "just now"), (60, "1 minute ago"), (180, "3 minutes ago")]
    + [(7200, "2 hours ago"), (86400, "1 day ago")],
)
def test_the_age_of_the_figures_in_words(seconds, said):
    now = datetime(2026, 1, 2, tzinfo=UTC)
    assert counted_ago(now - timedelta(seconds=seconds), now) == said


def test_a_small_lesson_has_nothing_to_count_in_the_background(app, lesson, instructor):
    app.config["ANALYTICS_LIVE_LEARNERS"] = 5
    learners_started(app, 1)
    html = instructor.get(ANALYTICS).text
    assert "Count again now" not in html
    assert instructor.post(REFRESH, data={"csrf_token": csrf_of(html)}).status_code == 302
    app.extensions["jobs"].wait()
    assert stored_row(app) is None
