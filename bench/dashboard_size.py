"""How the learner dashboard scales: ``python -m bench.dashboard_size [--database URL]``.

Two histories, each in a database of its own:

* **long history**: the shipped course and one signed-in learner with 2,000 attempts at its
  activities and about 12,000 statements (every answer's ``answered``, sections read again and
  again, thousands of ``progressed`` time statements, a reading position per lesson);
* **200 lessons**: a generated course of 200 lessons and a signed-in learner who has read,
  answered and spent time in most of them.

Each page is requested in-process (the Flask test client, signed in): a few warm-up requests,
then the median time of the rest, the size of the body and the SQL statements one request
sends (counted with SQLAlchemy's ``before_cursor_execute``). The parsed-lesson cache holds every
lesson (``CONTENT_CACHE_SIZE``), as a site with that many lessons would configure it. Without
``--database`` it runs on a SQLite file and on the PostgreSQL server of the tests (a schema of
its own, dropped after), and prints one markdown table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert
from sqlalchemy.exc import OperationalError

from app import create_app
from app.core.content import load_catalog
from app.core.rules import xapi
from app.learning.db import db
from app.learning.importer import import_catalog
from app.learning.models.accounts import User
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Learner, Position, Statement
from bench.seed import graded_answers
from bench.web import CONTENT
from tests.activity_blocks import block
from tests.content_helpers import lesson_text, make_content
from tests.databases import fresh_schema
from tests.users import signed_in_client

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
EMAIL = "long-history@example.org"
ATTEMPTS = 2000
SECTION_READS = 6000  # section-read statements, most of them repeats
TIME_STATEMENTS = 3900  # progressed (active time) statements
GENERATED_LESSONS = 200
START = datetime(2026, 9, 1, tzinfo=UTC)
WARM_UP = 3


@dataclass(frozen=True)
class Figure:
    database: str
    history: str
    page: str
    median_ms: float
    cpu_ms: float
    size: int
    statements: int


def _app(database: str, instance: Path):
    return create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": None,
            "AUDIO_ON_PUBLISH": False,
            "RATELIMIT_ENABLED": False,
            # Every lesson parsed once and kept: the figures are the pages' own work, not the
            # parsing of lessons a smaller cache would drop between requests.
            "CONTENT_CACHE_SIZE": GENERATED_LESSONS + 50,
        }
    )


class History:
    """Rows for one learner, numbered and timed as they would have been saved."""

    def __init__(self, learner_id: int, seed: int):
        self.learner_id = learner_id
        self.random = random.Random(seed)
        self.at = START
        self.statements: list[dict] = []
        self.attempts: list[dict] = []
        self.numbers: dict[tuple[int, str], int] = {}

    def later(self) -> datetime:
        self.at += timedelta(seconds=self.random.randrange(5, 90))
        return self.at

    def statement(self, lesson_id: int, verb: str, kind: str, object_id: str, result=None):
        at = self.later()
        self.statements.append(
            {
                "statement_id": str(uuid.uuid4()),
                "learner_id": self.learner_id,
                "lesson_id": lesson_id,
                "verb": verb,
                "object_type": kind,
                "object_id": object_id,
                "result": result,
                "timestamp": at,
                "stored": at,
            }
        )

    def attempt(self, lesson_id: int, revision_id: int, activity, graded) -> None:
        key = (lesson_id, activity.id)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        self.attempts.append(
            {
                "learner_id": self.learner_id,
                "lesson_id": lesson_id,
                "revision_id": revision_id,
                "activity_id": activity.id,
                "activity_type": activity.type,
                "attempt_number": self.numbers[key],
                "response": graded.response,
                "score": graded.score,
                "max_score": graded.max_score,
                "percent": graded.percent,
                "passed": graded.passed,
                "feedback": graded.feedback,
                "created_at": self.later(),
            }
        )
        result = (
            {"response": "saved"}
            if graded.score is None
            else {"score": graded.score, "max": graded.max_score, "success": bool(graded.passed)}
        )
        self.statement(lesson_id, xapi.ANSWERED, xapi.ACTIVITY, activity.id, result)

    def seconds(self, lesson_id: int, slug: str) -> None:
        result = {"seconds": self.random.randint(5, 120)}
        self.statement(lesson_id, xapi.PROGRESSED, xapi.LESSON, slug, result)

    def save(self, lessons: dict[int, str]) -> None:
        """Insert the rows, a reading position in every lesson named, and commit."""
        db.session.execute(insert(Statement), self.statements)
        if self.attempts:
            db.session.execute(insert(Attempt), self.attempts)
        for lesson_id, section_id in lessons.items():
            db.session.add(
                Position(
                    learner_id=self.learner_id,
                    lesson_id=lesson_id,
                    kind="reading",
                    section_id=section_id,
                    updated_at=self.later(),
                )
            )
        db.session.commit()


def _signed_in_learner(app) -> tuple[object, int]:
    """A client signed in as the bench's learner, and that account's learner id."""
    client = signed_in_client(app, EMAIL, "learner")
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).filter_by(email=EMAIL))
        learner = Learner(user_id=user_id)
        db.session.add(learner)
        db.session.commit()
        return client, learner.id


def _published(app) -> list[tuple[int, int, str]]:
    """Each published lesson's id, revision id and slug, in outline order."""
    with app.app_context():
        query = (
            db.select(Lesson.id, LessonRevision.id, Lesson.slug)
            .join(LessonRevision, LessonRevision.id == Lesson.published_revision_id)
            .order_by(Lesson.course_id, Lesson.position)
        )
        return [tuple(row) for row in db.session.execute(query)]


def long_history(app) -> tuple[object, str]:
    """The shipped course, and a learner who answered 2,000 times: (client, a lesson's slug)."""
    catalog = load_catalog(CONTENT)
    with app.app_context():
        import_catalog(catalog)
        db.session.commit()
    client, learner_id = _signed_in_learner(app)
    lessons = _published(app)
    history = History(learner_id, seed=18)
    rnd = history.random
    answers = {slug: graded_answers(catalog.lessons[slug]) for _, _, slug in lessons}
    for n in range(ATTEMPTS):
        lesson_id, revision_id, slug = lessons[n % len(lessons)]
        content = catalog.lessons[slug]
        activity = rnd.choice(list(content.activities.values()))
        kind = rnd.choices((0, 1, 2), (1, 2, 3))[0]
        graded = rnd.choice(answers[slug][activity.id][kind])
        history.attempt(lesson_id, revision_id, activity, graded)
    for n in range(SECTION_READS):
        lesson_id, _, slug = lessons[n % len(lessons)]
        section = rnd.choice(catalog.lessons[slug].sections)
        history.statement(lesson_id, xapi.EXPERIENCED, xapi.SECTION, section.id)
    for n in range(TIME_STATEMENTS):
        lesson_id, _, slug = lessons[n % len(lessons)]
        history.seconds(lesson_id, slug)
    with app.app_context():
        history.save({i: catalog.lessons[s].sections[-1].id for i, _, s in lessons})
    return client, lessons[0][2]


def generated_course(root: Path, lessons: int) -> Path:
    """A course of ``lessons`` small lessons: two sections, a quiz and a process map each."""
    body = (
        "An introduction.\n\n## Section one {#one}\n\nSome text.\n\n"
        + block("quiz", "quiz-1", "objectives: [first]\n", parts=2)
        + "\n"
        + block("process-map", "process-map-1", "objectives: [first]\n", parts=2)
        + "\n## Section two {#two}\n\nMore text.\n"
    )
    files = {
        f"{n:03}-lesson-{n:03}.md": lesson_text(
            body, id=f"lesson-{n:03}", title=f"Lesson {n}", course="many", position=n
        )
        for n in range(1, lessons + 1)
    }
    return make_content(root, files, "id: many\ntitle: A course of many lessons\n", "many")


def many_lessons(app, folder: Path) -> tuple[object, str]:
    """A course of 200 lessons and a learner with some progress in most of them."""
    catalog = load_catalog(generated_course(folder / "content", GENERATED_LESSONS))
    with app.app_context():
        import_catalog(catalog)
        db.session.commit()
    client, learner_id = _signed_in_learner(app)
    lessons = _published(app)
    history = History(learner_id, seed=19)
    rnd = history.random
    answers = {}
    started = {}
    for lesson_id, revision_id, slug in lessons:
        if rnd.random() < 0.2:
            continue  # not started
        content = catalog.lessons[slug]
        if not answers:
            answers = graded_answers(content)  # every generated lesson has the same activities
        for section in content.sections[: rnd.randint(1, 2)]:
            for _ in range(rnd.randint(1, 3)):
                history.statement(lesson_id, xapi.EXPERIENCED, xapi.SECTION, section.id)
        for activity in content.activities.values():
            for _ in range(rnd.randint(0, 3)):
                graded = rnd.choice(answers[activity.id][rnd.randint(0, 2)])
                history.attempt(lesson_id, revision_id, activity, graded)
        for _ in range(rnd.randint(1, 10)):
            history.seconds(lesson_id, slug)
        started[lesson_id] = content.sections[0].id
    with app.app_context():
        history.save(started)
    return client, lessons[0][2]


@contextmanager
def counting(app) -> Iterator[list[str]]:
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


def measure(app, client, url: str, repeat: int) -> tuple[float, float, int, int]:
    """Median milliseconds after warm-up (wall clock, and this process's CPU: on a shared
    machine the second varies less), bytes, and SQL statements of one request."""
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200, url
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with counting(app) as sent:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    median = statistics.median
    return median(times) * 1000, median(cpu) * 1000, len(response.data), len(sent)


def pages(app, slug: str) -> list[tuple[str, str]]:
    """The dashboard, and a lesson's history where the app has one."""
    found = [("dashboard", "/dashboard")]
    if "progress.lesson_history" in app.view_functions:
        with app.test_request_context():
            from flask import url_for

            found.append(("lesson history", url_for("progress.lesson_history", slug=slug)))
    return found


def run(database: str, label: str, repeat: int) -> list[Figure]:
    figures = []
    for history, fill in (("2,000 attempts", long_history), ("200 lessons", many_lessons)):
        with _database(database) as url:
            folder = Path(tempfile.mkdtemp(prefix="learnwell-dashboard-"))
            app = _app(url.replace("{folder}", str(folder)), folder / "instance")
            with app.app_context():
                db.create_all()
            client, slug = fill(app) if fill is long_history else fill(app, folder)
            for page, url_path in pages(app, slug):
                figures.append(
                    Figure(label, history, page, *measure(app, client, url_path, repeat))
                )
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    return figures


@contextmanager
def _database(database: str) -> Iterator[str]:
    """A fresh SQLite file (``{folder}`` in the URL) or PostgreSQL schema per history."""
    if database == "sqlite":
        yield "sqlite:///{folder}/dashboard.db"
    else:
        with fresh_schema(database) as url:
            yield url


def table(figures: list[Figure]) -> str:
    lines = [
        "| database | history | page | median | CPU (this process) | size | SQL statements |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for f in figures:
        lines.append(
            f"| {f.database} | {f.history} | {f.page} | {f.median_ms:.1f} ms | {f.cpu_ms:.1f} ms "
            f"| {f.size / 1000:.1f} KB | {f.statements} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        help="'sqlite' (a new file) or a PostgreSQL server's URL (a new schema there); "
        "default: both, the server being the tests' own",
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
    args = parser.parse_args(argv)
    if args.database:
        targets = [(args.database, args.database.split(":")[0].split("+")[0])]
        if not args.database.startswith(("sqlite", "postgresql")):
            parser.error("--database: 'sqlite' or a postgresql:// URL")
    else:
        targets = [("sqlite", "sqlite"), (POSTGRES, "postgresql")]
    figures = []
    for database, label in targets:
        try:
            figures += run(database, label, args.repeat)
        except OperationalError as exc:
            print(f"{label}: skipped, no database ({exc.orig})", file=sys.stderr)
    print(table(figures))


if __name__ == "__main__":
    main()
