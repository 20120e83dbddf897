"""How the pages grow with the learners: ``python -m bench.growth --learners 0,10000,100000
[--database URL] [--explain]``.

For each number of learners, a database that ``bench.seed`` filled (once: SQLite files and
PostgreSQL schemas are kept between runs, named by the number of learners) is measured
in-process with the Flask test client: the analytics page and a later page of its written
answers, every CSV table, the review queue (the flagged answers) and the reviews CSV, saving one
review, and the lesson page for an anonymous visitor and for a typical seeded learner. Each
request is made once to warm up and then three times; the table gives the medians of the time to
the first byte and to the last, the size, the SQL statements and the process's resident memory
before and after the three (streamed bodies are read a chunk at a time, as a server sends them).
``--explain`` prints the database's plan for the slowest statements of the analytics page and
the CSVs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, event, func, select, text

from app import create_app
from app.core.analytics.tables import TABLES
from app.learning import review_entries, summaries
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner
from app.learning.models.summaries import LessonLearner, ReviewEntry
from app.learning.review_queue import review_page
from app.web import identity
from app.web.instructor.analytics_jobs import refresh_lesson_figures
from bench import seed
from bench.web import LESSON
from tests.users import signed_in_client

SECRET_KEY = "growth"
CACHE = Path(os.environ.get("BENCH_GROWTH_CACHE", tempfile.gettempdir()))
REPEAT = 3
EXPLAINED = 4  # slowest statements whose plans --explain prints


@dataclass
class Measured:
    request: str
    first_ms: float
    total_ms: float
    size: int
    statements: float
    rss_before: int  # bytes
    rss_after: int


@dataclass
class Statement:
    sql: str
    parameters: object
    seconds: float
    request: str


def rss() -> int:
    """This process's resident memory now (not its peak), in bytes."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def database_for(base: str, learners: int) -> str:
    """The cached database of this many learners: a file beside the others, or a schema."""
    if base.startswith("sqlite"):
        return f"sqlite:///{CACHE / f'learnwell-growth-{learners}.db'}"
    schema = f"growth_{learners}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def make_app(url: str) -> Flask:
    folder = Path(tempfile.mkdtemp(prefix="learnwell-growth-"))
    return create_app(
        {
            "SECRET_KEY": SECRET_KEY,
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": url,
            "REDIS_URL": None,
            "AUDIO_ON_PUBLISH": False,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            # Counted once before measuring: no count queued while the requests are timed.
            "ANALYTICS_REFRESH_SECONDS": 10**9,
        }
    )


def learner_count(url: str) -> int | None:
    """How many seeded learners the database holds (others come and go as it is measured);
    None when it has no tables yet."""
    engine = create_engine(url)
    query = select(func.count()).select_from(Learner).where(Learner.created_at == seed.START)
    try:
        with engine.connect() as connection:
            return connection.scalar(query)
    except Exception:  # noqa: BLE001 - no table: not seeded yet
        return None
    finally:
        engine.dispose()


def prepared(base: str, learners: int) -> str:
    """The database of this many learners, seeded now unless an earlier run did."""
    url = database_for(base, learners)
    if learner_count(url) != learners:
        if url.startswith("sqlite"):
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        else:
            engine = create_engine(url)
            with engine.begin() as connection:
                schema = connection.scalar(text("SELECT current_schema()"))
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            engine.dispose()
        seed.seed(url, learners)
    _summarised(url)
    return url


def _summarised(url: str) -> None:
    """Sum the summaries of a database seeded before they were kept, and count the lesson's
    stored analytics figures as `flask analytics refresh` does (timed: the background job)."""
    app = make_app(url)
    with app.app_context():
        db.create_all()
        for index in Attempt.__table__.indexes:  # added since the database was seeded
            index.create(db.engine, checkfirst=True)
        if db.session.scalar(db.select(func.count()).select_from(LessonLearner)) == 0:
            summaries.rebuild()
            db.session.commit()
        if db.session.scalar(db.select(func.count()).select_from(ReviewEntry)) == 0:
            review_entries.rebuild()  # the review queue, kept on write since migration 0021
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                db.session.execute(text("ANALYZE review_entry"))
                db.session.commit()
        started = time.perf_counter()
        refresh_lesson_figures(LESSON)
        print(f"Counted the stored figures in {time.perf_counter() - started:.1f} s", flush=True)
        db.session.remove()
        db.engine.dispose()


@contextmanager
def counted(app: Flask, log: list[Statement], name: list[str]) -> Iterator[None]:
    """Every SQL statement the app runs, with its time, under the request named last."""
    with app.app_context():
        engine = db.engine

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        seconds = time.perf_counter() - conn.info["started"].pop()
        log.append(Statement(statement, parameters, seconds, name[0]))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def timed(request: Callable) -> tuple[float, float, int]:
    """Seconds to the first byte and to the last, and the body's size, for one request."""
    started = time.perf_counter()
    response = request()
    chunks = iter(response.response)
    first = next(chunks, b"")
    first_at = time.perf_counter() - started
    size = len(first) + sum(len(chunk) for chunk in chunks)
    response.close()
    assert response.status_code < 400, response.status_code
    return first_at, time.perf_counter() - started, size


def requests(app: Flask) -> dict[str, Callable]:
    """Each request measured, as a function that makes it once."""
    admin = signed_in_client(app, "growth-bench@example.org", "admin")
    anonymous = app.test_client()
    learner = app.test_client()
    with app.app_context():
        # A learner from the middle of the seeded ones (the newest when there are none).
        count = db.session.scalar(db.select(func.count()).select_from(Learner))
        middle = db.select(Learner.public_id).order_by(Learner.id).offset(count // 2).limit(1)
        public_id = db.session.scalar(middle)
        figures = _analytics(app)
        waiting = review_page(figures.content, figures.lesson_id).items
        to_review = waiting[0].attempt.id if waiting else None
    if public_id:
        cookie = URLSafeTimedSerializer(SECRET_KEY, salt=identity.SALT).dumps(public_id)
        learner.set_cookie(identity.COOKIE, cookie)
    base = f"/instructor/lessons/{LESSON}/analytics"
    made: dict[str, Callable] = {
        "analytics page": lambda: admin.get(base, buffered=False),
        "analytics page 2": lambda: admin.get(base + "?page=2", buffered=False),
        "review queue (flagged)": lambda: admin.get(base + "?flagged=1", buffered=False),
    }
    for name in TABLES:
        made[f"{name}.csv"] = lambda name=name: admin.get(f"{base}/{name}.csv", buffered=False)
    if to_review:
        url = f"/instructor/lessons/{LESSON}/attempts/{to_review}/review"
        form = {"percent": "80", "comment": "Clear and complete."}
        made["save a review"] = lambda: admin.post(url, data=form, buffered=False)
    made["lesson page (anonymous)"] = lambda: anonymous.get(f"/lessons/{LESSON}", buffered=False)
    if public_id:
        made["lesson page (learner)"] = lambda: learner.get(f"/lessons/{LESSON}", buffered=False)
    return made


def _analytics(app: Flask):
    from app.learning.analytics import analytics_for
    from app.learning.lesson_queries import require_published_lesson

    return analytics_for(require_published_lesson(LESSON))


def measure(
    url: str,
    repeat: int = REPEAT,
    done: Callable[[Measured], None] = lambda m: None,
    only: str = "",
) -> tuple[list[Measured], list[Statement]]:
    """Every request's figures (each passed to ``done`` as soon as it is measured) and the
    statements they ran."""
    app = make_app(url)
    log: list[Statement] = []
    name = [""]
    results = []
    made = {name: r for name, r in requests(app).items() if only in name}
    with counted(app, log, name):
        for request_name, request in made.items():
            name[0] = "warm-up"
            timed(request)
            name[0] = request_name
            before_rss, start = rss(), len(log)
            runs = [timed(request) for _ in range(repeat)]
            after_rss = rss()
            results.append(
                Measured(
                    request_name,
                    statistics.median(r[0] for r in runs) * 1000,
                    statistics.median(r[1] for r in runs) * 1000,
                    int(statistics.median(r[2] for r in runs)),
                    (len(log) - start) / repeat,
                    before_rss,
                    after_rss,
                )
            )
            done(results[-1])
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return results, log


def size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


HEADER = (
    "| Database | Learners | Request | First byte | Last byte | Size | SQL | RSS delta |\n"
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
)


def row(dialect: str, learners: int, m: Measured) -> str:
    """One request's line of the markdown table."""
    delta = (m.rss_after - m.rss_before) / 2**20
    return (
        f"| {dialect} | {learners:,} | {m.request} | {m.first_ms:.0f} ms "
        f"| {m.total_ms:.0f} ms | {size(m.size)} | {m.statements:g} | {delta:+.1f} MB |"
    )


def explain(url: str, log: list[Statement], count: int = EXPLAINED) -> str:
    """The plans of the slowest distinct statements. Each is run again and read to its last row
    to time it (SQLite does most of a query's work as its rows are fetched, after the time the
    log records)."""
    distinct: dict[str, Statement] = {}
    for s in log:
        if s.request != "warm-up" and s.sql.lstrip().upper().startswith(("SELECT", "WITH")):
            distinct.setdefault(s.sql, s)
    engine = create_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    out = []
    with engine.connect() as connection:
        for s in distinct.values():
            started = time.perf_counter()
            connection.exec_driver_sql(s.sql, s.parameters).all()
            s.seconds = time.perf_counter() - started
        for s in sorted(distinct.values(), key=lambda s: -s.seconds)[:count]:
            prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
            rows = connection.exec_driver_sql(prefix + s.sql, s.parameters).all()
            if sqlite:  # (id, parent, notused, detail): indent each step under its parent
                depth: dict[int, int] = {0: -1}
                plan = []
                for node, parent, _, detail in rows:
                    depth[node] = depth.get(parent, -1) + 1
                    plan.append("  " * depth[node] + detail)
            else:
                plan = [row[0] for row in rows]
            sql = " ".join(s.sql.split())
            out.append(f"-- {s.request}: {s.seconds * 1000:.0f} ms\n{sql}\n" + "\n".join(plan))
    engine.dispose()
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", default="0,10000,100000")
    parser.add_argument("--database", default="sqlite://", help="sqlite:// or a PostgreSQL URL")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--explain", action="store_true", help="print the slowest plans")
    parser.add_argument("--only", default="", help="measure only requests whose name has this")
    args = parser.parse_args(argv)
    dialect = "sqlite" if args.database.startswith("sqlite") else "postgresql"
    print(HEADER, flush=True)  # rows follow as they are measured: 100,000 learners take a while
    plans = []
    for learners in (int(n) for n in args.learners.split(",")):
        url = prepared(args.database, learners)
        _, log = measure(
            url,
            args.repeat,
            lambda m, n=learners: print(row(dialect, n, m), flush=True),
            args.only,
        )
        if args.explain:
            plans.append(
                f"\n## Plans, {dialect}, {learners:,} learners\n\n```\n{explain(url, log)}\n```"
            )
    print("\n".join(plans))


if __name__ == "__main__":
    main()
