"""Does a course cost more as it grows? ``python -m bench.course_size --lessons 200``.

Writes a content folder with one course of N generated lessons (two to five sections each, some
deep dives, activities of every type in turn, a ``next`` link to the following lesson), imports
it into a fresh database (a SQLite file, or a schema of its own on the PostgreSQL server that
``--database URL`` names), and times in-process, through Flask's test client, the median of
several requests after a warm-up: the course page (an anonymous learner with progress, and a
signed-in learner), the home page and a lesson page; then ``flask content import`` again with
nothing changed. SQL statements are counted per request (SQLAlchemy's
``before_cursor_execute``); beside the wall time, the CPU time of this process (less disturbed
by other work on the machine; the database server's time is not in it). Prints a Markdown
table; ``--lessons`` may be given several times (default: 2 and 200).
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import normalise_database_url
from app.learning.db import db
from tests.activity_blocks import block
from tests.content_helpers import lesson_text, make_content
from tests.users import signed_in_client

COURSE = "a-course"
TYPES = ("process-map", "comparison-table", "free-text", "checklist", "quiz", "reflection")
REQUESTS = 9  # timed requests per page (the median is reported)
WARM_UP = 2
IMPORTS = 3  # timed imports of the unchanged folder


def slug(number: int) -> str:
    return f"lesson-{number:03d}"


def lesson_body(number: int) -> str:
    """A lesson of 2–5 sections, the last a deep dive in every third lesson, with one or two
    activities (types in turn) and some ordinary Markdown in every section."""
    sections = 2 + number % 4
    parts = ["An introduction to this lesson, with *some* emphasis and a [link](#one).\n"]
    for index in range(sections):
        anchor = "one" if index == 0 else f"s{index + 1}"
        deep = " .deep-dive" if index == sections - 1 and number % 3 == 0 else ""
        parts.append(f"## Section {index + 1} of lesson {number} {{#{anchor}{deep}}}\n")
        parts.append(
            "A paragraph that explains a point in a few sentences. It goes on a little. "
            "Then it stops.\n\n- a first item\n- a second item with **bold** text\n"
        )
        if index < 2:
            kind = TYPES[(number * 2 + index) % len(TYPES)]
            parts.append(block(kind, f"{kind}-{index + 1}", parts=2))
    return "\n".join(parts)


def write_course(root: Path, lessons: int) -> Path:
    files = {}
    for number in range(1, lessons + 1):
        extra = f"next: {slug(number + 1)}\n" if number < lessons else ""
        files[f"{number:03d}-{slug(number)}.md"] = lesson_text(
            lesson_body(number),
            id=slug(number),
            title=f"Lesson {number}",
            position=number,
            extra=extra,
        )
    return make_content(root, files)


@contextmanager
def database(url: str | None, folder: Path) -> Iterator[str]:
    """A fresh SQLite file, or a schema of its own on the PostgreSQL server (dropped after)."""
    if not url or make_url(url).get_backend_name() == "sqlite":
        yield url or f"sqlite:///{folder / 'course.db'}"
        return
    server = normalise_database_url(url)
    schema = f"course_size_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}{'&' if '?' in server else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Statements:
    """SQL statements sent to the database, counted."""

    def __init__(self, app: Flask) -> None:
        self.count = 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


@dataclass
class Row:
    what: str
    status: int
    statements: int
    median_ms: float
    cpu_ms: float  # this process's CPU time (the database server's is not in it)


def measure(
    statements: Statements, what: str, call: Callable[[], int], repeat: int = REQUESTS
) -> Row:
    for _ in range(WARM_UP):
        call()
    times, cpu, counts, status = [], [], [], 0
    for _ in range(repeat):
        before = statements.count
        started, cpu_started = time.perf_counter(), time.process_time()
        status = call()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        counts.append(statements.count - before)
    median = statistics.median
    return Row(what, status, max(counts), median(times) * 1000, median(cpu) * 1000)


def with_progress(app: Flask, client, lesson: str) -> None:
    """Read the first section of ``lesson`` as a browser does (the learner cookie, CSRF)."""
    html = client.get(f"/lessons/{lesson}").get_data(as_text=True)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    read = {"id": str(uuid.uuid4()), "type": "section-read", "lesson": lesson, "section": "one"}
    response = client.post(
        "/progress/events", json={"events": [read]}, headers={"X-CSRFToken": csrf}
    )
    assert response.status_code < 300, response.status_code


def run(lessons: int, url: str | None) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="learnwell-course-size-") as tmp:
        folder = Path(tmp)
        content = write_course(folder / "content", lessons)
        with database(url, folder) as database_url:
            app = create_app(
                {
                    "SECRET_KEY": "course-size",
                    "INSTANCE_PATH": str(folder),
                    "SQLALCHEMY_DATABASE_URI": database_url,
                    "REDIS_URL": None,
                    "AUDIO_ON_PUBLISH": False,
                    "RATELIMIT_ENABLED": False,
                    "MEDIA_DIR": str(folder / "media"),
                }
            )
            try:
                return _measure_app(app, content, lessons)
            finally:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()


def _measure_app(app: Flask, content: Path, lessons: int) -> list[Row]:
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["content", "import", str(content)])
    assert first.exit_code == 0, first.output
    statements = Statements(app)
    anonymous, member = app.test_client(), signed_in_client(app, "learner@example.org", "learner")
    for client in (anonymous, member):
        with_progress(app, client, slug(1))

    def get(client, path: str) -> Callable[[], int]:
        return lambda: client.get(path).status_code

    def import_again() -> int:
        result = runner.invoke(args=["content", "import", str(content)])
        assert f"{lessons} unchanged" in result.output, result.output
        return result.exit_code

    course = f"/courses/{COURSE}"
    rows = [
        measure(statements, "course page, anonymous with progress", get(anonymous, course)),
        measure(statements, "course page, signed in", get(member, course)),
        measure(statements, "home page, anonymous with progress", get(anonymous, "/")),
        measure(statements, "lesson page, anonymous", get(anonymous, f"/lessons/{slug(1)}")),
    ]
    rows.append(measure(statements, "`flask content import`, unchanged", import_again, IMPORTS))
    return rows


def table(results: dict[tuple[str, int], list[Row]]) -> str:
    lines = [
        "| Database | Lessons | Request | Status | SQL statements | Median ms | CPU ms |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for (backend, lessons), rows in results.items():
        for row in rows:
            lines.append(
                f"| {backend} | {lessons} | {row.what} | {row.status} | {row.statements} "
                f"| {row.median_ms:.1f} | {row.cpu_ms:.1f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, action="append", help="lessons in the course")
    parser.add_argument("--database", help="a SQLAlchemy URL (default: a new SQLite file)")
    args = parser.parse_args(argv)
    backend = make_url(args.database).get_backend_name() if args.database else "sqlite"
    results = {(backend, n): run(n, args.database) for n in args.lessons or [2, 200]}
    print(table(results))


if __name__ == "__main__":
    main()
