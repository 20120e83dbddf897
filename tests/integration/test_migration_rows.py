"""Migrations keep every row: one step down and back up again, with real data in every table."""

from __future__ import annotations

import uuid

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.learning.cmi5 import claim_move_on
from app.learning.db import db
from app.learning.lti.keys import signing_key
from app.learning.lti.platforms import register_platform
from tests.lessons import COURSE, SLUG, build_lesson
from tests.lti_platform import ServedLms, login_redirect_query
from tests.users import PASSWORD as USERS_PASSWORD
from tests.users import add_to_staff, add_user

PASSWORD = "quiet violet harbour"


@pytest.fixture
def migrated(tmp_path):
    """A migrated SQLite database holding a lesson built for the test (and a planned one)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "database://",  # sign-up counts in rate_counter
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}",
            # Statements queued for an LRS (lrs_outbox) that never answers.
            "LRS_URL": "http://127.0.0.1:9/xAPI",
            "PUBLIC_URL": "https://learn.example.org",
        }
    )
    with app.app_context():
        upgrade()
    build_lesson(app, tmp_path / "content")
    yield app
    app.extensions["speech"].close()
    app.extensions["jobs"].cancel_timers()
    app.extensions["jobs"].wait()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def fill(app):
    """Data in every table, through the site: an account (and the throttle's counts of its
    sign-up), answers, events, a position."""
    client = app.test_client()
    data = {"email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/signup", data=data).status_code == 302
    events = [
        {"id": str(uuid.uuid4()), "type": "time", "lesson": SLUG, "seconds": 5},
        {
            "id": str(uuid.uuid4()),
            "type": "position",
            "lesson": SLUG,
            "section": "one",
            "offset": 1.5,
        },
    ]
    assert client.post("/progress/events", json={"events": events}).status_code == 200
    answer = {"answer": ["Sorry for the delay."], "revision": ["1"]}
    response = client.post(f"/lessons/{SLUG}/activities/reflection-1", data=answer)
    assert response.status_code == 302
    written = {"answer": ["We ship the order today and say sorry."], "revision": ["1"]}
    response = client.post(f"/lessons/{SLUG}/activities/free-text-1", data=written)
    assert response.status_code == 302  # a graded answer: its grade packed (grade_dictionary)
    add_user(app, "teach@example.org", "instructor")  # an instructor who owns a course
    add_to_staff(app, "teach@example.org", "owner", COURSE)
    teacher = app.test_client()  # who invites another instructor
    signed_in = {"email": "teach@example.org", "password": USERS_PASSWORD}
    assert teacher.post("/signin", data=signed_in).status_code == 302
    assert teacher.post("/instructor/invitations", data={"submit": "1"}).status_code == 200
    launch_from_an_lms(app)
    with app.app_context():  # a cmi5 launch's completed statement, claimed as it is sent
        assert claim_move_on(str(uuid.uuid4()), "https://lms.example.org/au/1", ["completed"])
    counted = app.test_cli_runner().invoke(args=["analytics", "refresh", "--lesson", SLUG])
    assert counted.exit_code == 0, counted.output  # the lesson's figures stored (lesson_figures)


def launch_from_an_lms(app):
    """An LMS registered and a launch with grade services: a row in every LTI table."""
    served = ServedLms()
    try:
        lms = served.lms
        with app.app_context():
            register_platform(**lms.registration())
            signing_key()
            db.session.commit()
        client = app.test_client()
        target = f"http://localhost/lessons/{SLUG}"
        start = client.post(
            "/lti/login",
            data={"iss": lms.issuer, "login_hint": "1", "target_link_uri": target},
        )
        query = login_redirect_query(start.location)
        token = lms.sign(lms.claims(query["nonce"], target))
        response = client.post("/lti/launch", data={"id_token": token, "state": query["state"]})
        assert response.status_code == 303
    finally:
        served.close()


def counts(app) -> dict[str, int]:
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        result = {
            t: db.session.scalar(db.select(db.func.count()).select_from(db.table(t)))
            for t in tables
        }
        db.session.remove()
        return result


@pytest.mark.parametrize("target", ["0007", "0004", "0003"])
def test_down_and_up_again_keeps_every_row(migrated, target):
    """Rows of the tables that stay are kept; a table the downgrade drops comes back empty, or
    refilled from the rows kept."""
    fill(migrated)
    before = counts(migrated)
    assert all(before.values()), before  # every table has rows
    with migrated.app_context():
        downgrade(revision=target)
        db.engine.dispose()
    during = counts(migrated)
    assert {t: before[t] for t in during} == during
    added_later = {"course_staff", "user_session", "rate_counter", "instructor_invitation"}
    added_later |= {"lti_platform", "lti_tool_key", "lti_login", "lti_account", "lti_grade_link"}
    added_later |= {"lti_context", "lti_context_lesson", "lrs_outbox", "grade_dictionary"}
    added_later |= {"cmi5_move_on", "lesson_figures"}
    summed = {"lesson_learner", "review_entry"}  # summed or read again from the rows that stay
    assert not (added_later | summed) & during.keys()
    with migrated.app_context():
        upgrade()
        db.engine.dispose()
    refilled = {"grade_dictionary"}  # upgrading packs the kept grades again
    kept = during.keys() | refilled | summed
    assert counts(migrated) == {t: before[t] if t in kept else 0 for t in before}
    assert migrated.test_client().get(f"/lessons/{SLUG}").status_code == 200


STEPS = [
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0017",
    "0018",
    "0019",
    "0020",
    "0021",
]


def test_upgrading_step_by_step_from_the_first_migration_keeps_every_row(tmp_path):
    from sqlalchemy import text

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}",
        }
    )
    with app.app_context():
        upgrade(revision="0001")
        db.session.execute(
            text(
                "INSERT INTO course (id, slug, title, summary, position) VALUES (1, 'c', 'C', '', 1)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO lesson (id, slug, course_id, title, summary, position, duration_minutes)"
                " VALUES (1, 'l', 1, 'L', '', 1, 10)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO lesson_revision (id, lesson_id, number, source, source_hash, origin,"
                " created_at) VALUES (1, 1, 1, 'text', 'hash', 'file', '2026-01-01 00:00:00')"
            )
        )
        db.session.execute(text("UPDATE lesson SET published_revision_id = 1"))
        db.session.commit()
        expected = {"course": 1, "lesson": 1, "lesson_revision": 1}
        for step in STEPS:
            upgrade(revision=step)
            if step == "0002":  # a learner and an attempt, from the step that adds them
                db.session.execute(
                    text(
                        "INSERT INTO learner (id, public_id, created_at) VALUES (1, 'p', '2026-01-01')"
                    )
                )
                db.session.execute(
                    text(
                        "INSERT INTO attempt (learner_id, lesson_id, revision_id, activity_id,"
                        " activity_type, response, created_at) VALUES (1, 1, 1, 'a', 'reflection',"
                        " '{}', '2026-01-01')"
                    )
                )
                db.session.commit()
                expected |= {"learner": 1, "attempt": 1}
            if step == "0008":  # an instructor who owns the course
                db.session.execute(
                    text(
                        'INSERT INTO "user" (id, email, password_hash, role, session_version,'
                        " created_at) VALUES (1, 't@example.org', 'x', 'instructor', 1,"
                        " '2026-01-01')"
                    )
                )
                db.session.execute(
                    text(
                        "INSERT INTO course_staff (course_id, user_id, role, added_at)"
                        " VALUES (1, 1, 'owner', '2026-01-01')"
                    )
                )
                db.session.commit()
                expected |= {"course_staff": 1}
            found = {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in expected}
            assert found == expected, step
            db.session.remove()
        assert db.session.scalar(text("SELECT published_revision_id FROM lesson")) == 1
        assert db.session.scalar(text("SELECT attempt_number FROM attempt")) == 1
        downgrade(revision="-1")
        assert db.session.scalar(text("SELECT count(*) FROM attempt")) == 1
        db.session.remove()
        db.engine.dispose()
    app.extensions["speech"].close()


# (learner, activity, created_at) of attempts stored before 0010, in insertion (id) order; learner
# 1's two "b" attempts share a timestamp, so their ids decide.
OLD_ATTEMPTS = [
    (1, "a", "2026-01-03 10:00:00"),
    (1, "a", "2026-01-01 10:00:00"),
    (2, "a", "2026-01-02 10:00:00"),
    (1, "b", "2026-01-05 10:00:00"),
    (1, "a", "2026-01-02 10:00:00"),
    (1, "b", "2026-01-05 10:00:00"),
    (2, "a", "2026-01-01 10:00:00"),
]


def test_0010_numbers_existing_attempts_per_learner_and_activity_oldest_first(
    tmp_path, empty_database_url
):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
        }
    )
    with app.app_context():
        upgrade(revision="0009")
        for statement in (
            "INSERT INTO course (id, slug, title, summary, position) VALUES (1, 'c', 'C', '', 1)",
            "INSERT INTO lesson (id, slug, course_id, title, summary, position) "
            "VALUES (1, 'l', 1, 'L', '', 1)",
            "INSERT INTO lesson_revision (id, lesson_id, number, source, source_hash, origin, "
            "created_at) VALUES (1, 1, 1, 'text', 'hash', 'file', '2026-01-01 00:00:00')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (1, 'p1', '2026-01-01')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (2, 'p2', '2026-01-01')",
        ):
            db.session.execute(text(statement))
        for id_, (learner, activity, at) in enumerate(OLD_ATTEMPTS, start=1):
            db.session.execute(
                text(
                    "INSERT INTO attempt (id, learner_id, lesson_id, revision_id, activity_id,"
                    " activity_type, response, created_at) VALUES (:id, :learner, 1, 1,"
                    " :activity, 'reflection', '{}', :at)"
                ),
                {"id": id_, "learner": learner, "activity": activity, "at": at},
            )
        db.session.commit()
        upgrade(revision="0010")
        numbers = dict(db.session.execute(text("SELECT id, attempt_number FROM attempt")).all())
        assert numbers == {1: 3, 2: 1, 3: 2, 4: 1, 5: 2, 6: 2, 7: 1}
        with pytest.raises(IntegrityError):  # the same number twice is refused from now on
            db.session.execute(
                text(
                    "INSERT INTO attempt (id, learner_id, lesson_id, revision_id, activity_id,"
                    " activity_type, attempt_number, response, created_at) VALUES (99, 1, 1, 1,"
                    " 'a', 'reflection', 3, '{}', '2026-02-01')"
                )
            )
        db.session.rollback()
        downgrade(revision="0009")
        assert db.session.scalar(text("SELECT count(*) FROM attempt")) == len(OLD_ATTEMPTS)
        db.session.remove()
        db.engine.dispose()
    app.extensions["speech"].close()


# A stored grade as versions before 0015 kept it, whole: a quiz with a wrong, a right and a
# partly right question, and the review flag.
WHOLE_GRADE = {
    "score": 1.5,
    "max_score": 3.0,
    "feedback": [
        {
            "key": "q:one",
            "status": "wrong",
            "messages": [
                {"kind": "option-feedback", "items": {"option": "B"}, "author_html": "No."}
            ],
            "review": "intro",
            "points": 0.0,
            "max_points": 1.0,
        },
        {
            "key": "q:two",
            "status": "correct",
            "messages": [],
            "review": None,
            "points": 1.0,
            "max_points": 1.0,
        },
        {
            "key": "q:three",
            "status": "partial",
            "messages": [],
            "review": None,
            "points": 0.5,
            "max_points": 1.0,
        },
    ],
    "details": {
        "answers": {"one": "b", "two": "a", "three": ["x"]},
        "flag": "borderline",
        "flag_reason": "close",
    },
}
BEFORE_0015 = "0014"


def test_0015_packs_each_grade_and_its_downgrade_restores_it(tmp_path, empty_database_url):
    import json

    from sqlalchemy import text

    from app.learning.models.attempts import Attempt

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
        }
    )
    with app.app_context():
        upgrade(revision=BEFORE_0015)
        for statement in (
            "INSERT INTO course (id, slug, title, summary, position) VALUES (1, 'c', 'C', '', 1)",
            "INSERT INTO lesson (id, slug, course_id, title, summary, position) "
            "VALUES (1, 'l', 1, 'L', '', 1)",
            "INSERT INTO lesson_revision (id, lesson_id, number, source, source_hash, origin, "
            "created_at) VALUES (1, 1, 1, 'text', 'hash', 'file', '2026-01-01 00:00:00')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (1, 'p1', '2026-01-01')",
        ):
            db.session.execute(text(statement))
        grades = [WHOLE_GRADE, None, {**WHOLE_GRADE, "score": 3.0}]
        for number, grade in enumerate(grades, start=1):
            db.session.execute(
                text(
                    "INSERT INTO attempt (id, learner_id, lesson_id, revision_id, activity_id,"
                    " activity_type, attempt_number, response, feedback, created_at)"
                    " VALUES (:n, 1, 1, 1, 'quiz', 'quiz', :n, '{}', :grade, '2026-01-02')"
                ),
                {"n": number, "grade": json.dumps(grade) if grade else None},
            )
        db.session.commit()
        upgrade(revision="0015")
        attempts = {a.id: a for a in db.session.scalars(db.select(Attempt))}
        assert [attempts[n].feedback for n in (1, 2, 3)] == grades
        assert attempts[1].stored_feedback == {  # what SQL reads, and no more
            "feedback": [  # questions with their points: the dashboard's mastery reads them
                {"key": "q:one", "status": "wrong", "points": 0.0, "max_points": 1.0},
                {"key": "q:two", "status": "correct", "points": 1.0, "max_points": 1.0},
                {"key": "q:three", "status": "partial", "points": 0.5, "max_points": 1.0},
            ],
            "details": {"answers": {"one": "b", "three": ["x"]}, "flag": "borderline"},
        }
        assert attempts[2].packed_feedback is None
        assert db.session.scalar(text("SELECT count(*) FROM grade_dictionary")) == 1
        db.session.remove()
        downgrade(revision=BEFORE_0015)
        stored = db.session.execute(text("SELECT id, feedback FROM attempt ORDER BY id")).all()
        restored = [json.loads(f) if isinstance(f, str) else f for _, f in stored]
        assert restored == grades
        db.session.remove()
        db.engine.dispose()
    app.extensions["speech"].close()


def test_0014_sums_each_learners_rows_per_lesson(tmp_path, empty_database_url):
    from sqlalchemy import text

    from app.learning import summaries

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
        }
    )
    statement = (
        "INSERT INTO statement (statement_id, learner_id, lesson_id, verb, object_type, object_id,"
        " result, timestamp, stored) VALUES (:id, :learner, :lesson, :verb, 'lesson', 'l',"
        " :result, :at, :at)"
    )
    with app.app_context():
        upgrade(revision="0013")
        for row in (
            "INSERT INTO course (id, slug, title, summary, position) VALUES (1, 'c', 'C', '', 1)",
            "INSERT INTO lesson (id, slug, course_id, title, summary, position) "
            "VALUES (1, 'l', 1, 'L', '', 1)",
            "INSERT INTO lesson_revision (id, lesson_id, number, source, source_hash, origin, "
            "created_at) VALUES (1, 1, 1, 'text', 'hash', 'file', '2026-01-01 00:00:00')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (1, 'p1', '2026-01-01')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (2, 'p2', '2026-01-01')",
            "INSERT INTO attempt (learner_id, lesson_id, revision_id, activity_id, activity_type,"
            " attempt_number, response, created_at) VALUES (1, 1, 1, 'a', 'reflection', 1, '{}',"
            " '2026-01-02 09:00:00')",
        ):
            db.session.execute(text(row))
        for n, (learner, lesson, verb, result, at) in enumerate(
            [
                (1, 1, "progressed", '{"seconds": 30.9}', "2026-01-02 10:00:00"),
                (1, 1, "progressed", '{"seconds": true}', "2026-01-02 10:01:00"),
                (1, 1, "completed", None, "2026-01-02 11:00:00"),
                (1, 1, "completed", None, "2026-01-02 10:30:00"),
                (2, 1, "progressed", '{"seconds": 12}', "2026-01-03 10:00:00"),
                (2, None, "progressed", '{"seconds": 99}', "2026-01-01 10:00:00"),
            ]
        ):
            values = {"id": f"s{n}", "learner": learner, "lesson": lesson, "verb": verb}
            db.session.execute(text(statement), values | {"result": result, "at": at})
        db.session.commit()
        upgrade(revision="0014")
        query = text(
            "SELECT learner_id, active_seconds, first_at IS NOT NULL, completed_at IS NOT NULL"
            " FROM lesson_learner ORDER BY learner_id"
        )
        assert db.session.execute(query).all() == [(1, 30, True, True), (2, 12, True, False)]
        backfilled = db.session.execute(text("SELECT * FROM lesson_learner")).all()
        summaries.rebuild()  # the migration sums exactly as the application does
        assert sorted(db.session.execute(text("SELECT * FROM lesson_learner")).all()) == sorted(
            backfilled
        )
        db.session.commit()
        downgrade(revision="0013")
        db.session.remove()
        db.engine.dispose()


def test_0021_fills_the_review_queue_from_the_attempts_stored(tmp_path, empty_database_url):
    from sqlalchemy import text

    from app.learning import review_entries

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
        }
    )
    attempt = (
        "INSERT INTO attempt (id, learner_id, lesson_id, revision_id, activity_id, activity_type,"
        " attempt_number, response, feedback, override_percent, reviewed_at, created_at)"
        " VALUES (:id, :learner, 1, 1, :activity, :type, :number, '{}', :feedback, :override,"
        " :reviewed_at, :at)"
    )
    flagged = '{"details": {"flag": "borderline"}}'
    with app.app_context():
        upgrade(revision="0020")
        for row in (
            "INSERT INTO course (id, slug, title, summary, position) VALUES (1, 'c', 'C', '', 1)",
            "INSERT INTO lesson (id, slug, course_id, title, summary, position) "
            "VALUES (1, 'l', 1, 'L', '', 1)",
            "INSERT INTO lesson_revision (id, lesson_id, number, source, source_hash, origin, "
            "created_at) VALUES (1, 1, 1, 'text', 'hash', 'file', '2026-01-01 00:00:00')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (1, 'p1', '2026-01-01')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (2, 'p2', '2026-01-01')",
            "INSERT INTO learner (id, public_id, created_at) VALUES (3, 'p3', '2026-01-01')",
        ):
            db.session.execute(text(row))
        for values in (
            # learner 1: two essays, the later one flagged (ids decide a tie of times)
            (1, 1, "essay", "free-text", 1, "{}", None, None, "2026-01-02 10:00:00"),
            (2, 1, "essay", "free-text", 2, flagged, None, None, "2026-01-02 10:00:00"),
            # learner 2: one essay, reviewed; and a quiz, which nobody reviews
            (3, 2, "essay", "free-text", 1, flagged, 80, "2026-01-05 09:00:00", "2026-01-03"),
            (4, 2, "quiz", "quiz", 1, "{}", None, None, "2026-01-03 10:00:00"),
            # learner 3: a reviewed essay, then a newer one nobody has reviewed
            (5, 3, "essay", "free-text", 1, "{}", 50, "2026-01-04 09:00:00", "2026-01-02"),
            (6, 3, "essay", "free-text", 2, "{}", None, None, "2026-01-06 10:00:00"),
        ):
            names = ("id", "learner", "activity", "type", "number", "feedback", "override")
            row = dict(zip(names, values[:7], strict=True))
            db.session.execute(text(attempt), row | {"reviewed_at": values[7], "at": values[8]})
        db.session.commit()
        upgrade(revision="0021")
        query = text(
            "SELECT learner_id, activity_id, attempt_id, attempts, state FROM review_entry"
            " ORDER BY learner_id"
        )
        assert db.session.execute(query).all() == [
            (1, "essay", 2, 2, 0),
            (2, "essay", 3, 1, 2),
            (3, "essay", 6, 2, 1),
        ]
        filled = db.session.execute(text("SELECT * FROM review_entry")).all()
        review_entries.rebuild()  # the migration fills it exactly as the application does
        assert sorted(db.session.execute(text("SELECT * FROM review_entry")).all()) == sorted(
            filled
        )
        db.session.commit()
        downgrade(revision="0020")
        db.session.remove()
        db.engine.dispose()
    app.extensions["speech"].close()
