"""Where a request spends its time: ``python -m bench.profile [page|save|…] [--text|--functions]``.

Runs repeated requests in-process, each one a call of the WSGI application with the environ a
server would pass (every middleware and hook included, CSRF on, as in production), by an
anonymous learner with saved progress, against a fresh SQLite file or, with
``BENCH_DATABASE_URL``/``TEST_DATABASE_URL`` and ``--postgresql``, a PostgreSQL schema. Prints
the SQL statements per request and the CPU time per request, beside a bare Flask app serving the
lesson page's bytes (:mod:`bench.baseline_app`); ``--text`` adds a pyinstrument profile and
``--functions`` the functions that take the most time (cProfile, by cumulative time). `make bench`
calls :func:`summary` and :func:`functions` for the report's "Where the time goes".
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import sysconfig
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from werkzeug.test import EnvironBuilder

from app import create_app
from app.core.content import load_catalog
from app.learning.db import db
from app.learning.importer import import_catalog
from bench import baseline_app, server
from bench.web import ACTIVITY, CONTENT, COURSE, LESSON, STATIC, activity_form

REQUESTS = 200
# CPU time per request is the least of this many runs: other processes only ever add to it.
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PROFILED_REQUESTS = 500
TOP_FUNCTIONS = int(os.environ.get("BENCH_TOP", "25"))
SITE_PACKAGES = sysconfig.get_paths()["purelib"]
REQUEST_NAMES = ("baseline", "page", "home", "course", "404", "static", "save", "submit")


@dataclass
class Figures:
    request: str
    queries: float  # SQL statements per request
    cpu_ms: float  # process CPU time per request


@dataclass
class Function:
    name: str  # where it is defined, and its name
    calls: float  # per request
    cumulative_ms: float  # per request, its callees included (cProfile's own overhead too)
    own_ms: float  # per request, in the function itself


@contextmanager
def _app(kind: str) -> Iterator[Flask]:
    with tempfile.TemporaryDirectory(prefix="learnwell-profile-") as tmp:
        folder = Path(tmp)
        with server.database(kind, folder) as url:
            app = create_app(
                {
                    "SECRET_KEY": "profile",
                    "INSTANCE_PATH": str(folder),
                    "SQLALCHEMY_DATABASE_URI": url,
                    "REDIS_URL": None,
                    "AUDIO_ON_PUBLISH": False,
                }
            )
            with app.app_context():
                db.create_all()
                import_catalog(load_catalog(CONTENT))
                db.session.commit()
            try:
                yield app
            finally:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()


def _call(app: Callable, environ: dict[str, Any]) -> tuple[str, bytes]:
    """One request through the WSGI application, as a server makes it."""
    status: list[str] = []

    def start_response(line: str, _headers: list, _exc_info: object = None) -> None:
        status.append(line)

    body = app(environ, start_response)
    try:
        data = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return status[0], data


class Browser:
    """Cookies kept from one response to the next, as a browser keeps them."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()

    def cookie(self) -> str:
        return "; ".join(f"{c.key}={c.value}" for c in self.client._cookies.values())

    def learner(self) -> str:
        """Become a learner with one section read, as a browser does; returns the CSRF token."""
        html = self.client.get(f"/lessons/{LESSON}").get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        section = load_catalog(CONTENT).lessons[LESSON].sections[0].id
        event_ = {
            "id": str(uuid.uuid4()),
            "type": "section-read",
            "lesson": LESSON,
            "section": section,
        }
        self.client.post(
            "/progress/events", json={"events": [event_]}, headers={"X-CSRFToken": token}
        )
        return token


def _environs(browser: Browser, token: str) -> dict[str, Callable[[], dict[str, Any]]]:
    """For each kind of request, a function that makes a fresh environ for it."""
    cookie = browser.cookie()
    html = browser.client.get(f"/lessons/{LESSON}").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', html).group(1)
    static = re.search(rf'"(/static/[^/"]+/{re.escape(STATIC)})"', html).group(1)
    form = activity_form(int(revision)) + "&csrf_token=" + token
    gzip = {"Cookie": cookie, "Accept-Encoding": "gzip"}

    def get(path: str) -> Callable[[], dict[str, Any]]:
        return lambda: EnvironBuilder(path=path, headers=gzip).get_environ()

    def save() -> dict[str, Any]:
        body = {"events": [{"id": str(uuid.uuid4()), "type": "time", "lesson": LESSON}]}
        body["events"][0]["seconds"] = 5
        headers = {"Cookie": cookie, "X-CSRFToken": token}
        return EnvironBuilder(
            path="/progress/events", method="POST", json=body, headers=headers
        ).get_environ()

    def submit() -> dict[str, Any]:
        return EnvironBuilder(
            path=f"/lessons/{LESSON}/activities/{ACTIVITY}",
            method="POST",
            data=form,
            content_type="application/x-www-form-urlencoded",
            headers={"Cookie": cookie, "Accept": "application/json"},
        ).get_environ()

    return {
        "page": get(f"/lessons/{LESSON}"),
        "home": get("/"),
        "course": get(f"/courses/{COURSE}"),
        "404": get("/no-such-page"),
        "static": get(static),
        "save": save,
        "submit": submit,
    }


def _baseline(app: Flask, make: Callable[[], dict[str, Any]], folder: Path) -> Flask:
    """The bare app serving the lesson page's bytes, as `make bench` runs it."""
    status, body = _call(app, make())
    captured = baseline_app.Captured(int(status.split()[0]), "text/html", "gzip", body)
    baseline_app.save(folder, {f"/lessons/{LESSON}": {"plain": captured, "gzip": captured}})
    return baseline_app.create_app(folder)


@contextmanager
def _prepared(kind: str) -> Iterator[tuple[Flask, dict[str, tuple[Callable, Callable]]]]:
    """The app with a learner, and for each request name: (WSGI app, environ maker)."""
    with _app(kind) as app, tempfile.TemporaryDirectory() as tmp:
        browser = Browser(app)
        makers = _environs(browser, browser.learner())
        calls = {name: (app, make) for name, make in makers.items()}
        base = _baseline(app, makers["page"], Path(tmp))
        calls["baseline"] = (base, makers["page"])
        yield app, calls


def _warm(target: Callable, make: Callable[[], dict[str, Any]]) -> None:
    for _ in range(5):  # warm caches: parsed lesson, rendered parts, compressed files
        status, _body = _call(target, make())
        assert status[0] in "23" or status.startswith("404"), status


COUNTED_REQUESTS = 20


def _statements_per_request(engine: Any, target: Callable, make: Callable) -> float:
    """SQL statements per request, counted on requests of their own: a listener on the engine's
    statements sends the lesson page's through SQLAlchemy (app/learning/lesson_read.py), so it
    is not there while CPU time is measured."""
    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    environs = [make() for _ in range(COUNTED_REQUESTS)]
    event.listen(engine, "before_cursor_execute", count)
    try:
        for environ in environs:
            _call(target, environ)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements[0] / COUNTED_REQUESTS


def measure(kind: str, names: tuple[str, ...], text: bool = False) -> list[Figures]:
    figures = []
    with _prepared(kind) as (app, calls):
        with app.app_context():
            engine = db.engine
        for name in names:
            target, make = calls[name]
            _warm(target, make)
            queries = _statements_per_request(engine, target, make)
            cpu = []
            for _run in range(1 if text else RUNS):
                environs = [make() for _ in range(REQUESTS)]
                started = time.process_time()
                if text:
                    from pyinstrument import Profiler

                    profiler = Profiler(interval=0.0005)
                    with profiler:
                        for environ in environs:
                            _call(target, environ)
                    print(profiler.output_text(unicode=False, color=False, show_all=False))
                else:
                    for environ in environs:
                        _call(target, environ)
                cpu.append((time.process_time() - started) / REQUESTS * 1000)
            figures.append(Figures(name, queries, min(cpu)))
    return figures


def _where(filename: str, line: int, function: str) -> str:
    if filename.startswith(SITE_PACKAGES):
        filename = filename[len(SITE_PACKAGES) + 1 :]
    elif filename.startswith(str(server.ROOT)):
        filename = filename[len(str(server.ROOT)) + 1 :]
    elif filename == "~":
        return function  # a built-in
    return f"{filename}:{line} {function}"


def functions(
    kind: str = "sqlite", name: str = "page", requests: int = PROFILED_REQUESTS
) -> list[Function]:
    """The functions a whole request (middleware included) spends most time in, by cumulative
    time: cProfile over ``requests`` calls of the WSGI application."""
    with _prepared(kind) as (_app_, calls):
        target, make = calls[name]
        _warm(target, make)
        environs = [make() for _ in range(requests)]
        profiler = cProfile.Profile()
        profiler.enable()
        for environ in environs:
            _call(target, environ)
        profiler.disable()
    rows = []
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (filename, line, function), (_cc, calls_, own, cumulative, _callers) in stats.items():
        if filename == __file__ or function == "<method 'disable' of '_lsprof.Profiler' objects>":
            continue
        rows.append(
            Function(
                _where(filename, line, function),
                calls_ / requests,
                cumulative / requests * 1000,
                own / requests * 1000,
            )
        )
    rows.sort(key=lambda f: f.cumulative_ms, reverse=True)
    return rows[:TOP_FUNCTIONS]


def summary(kind: str = "sqlite") -> list[Figures]:
    return measure(kind, REQUEST_NAMES)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("requests", nargs="*", default=list(REQUEST_NAMES))
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--text", action="store_true", help="print pyinstrument profiles")
    parser.add_argument(
        "--functions", action="store_true", help="print the top functions (cProfile)"
    )
    args = parser.parse_args()
    kind = "postgresql" if args.postgresql else "sqlite"
    if args.functions:
        for name in args.requests:
            print(f"{kind} {name}: cumulative ms, own ms, calls per request")
            for f in functions(kind, name):
                print(f"  {f.cumulative_ms:7.3f} {f.own_ms:7.3f} {f.calls:6.1f}  {f.name}")
        return 0
    for f in measure(kind, tuple(args.requests), args.text):
        print(f"{kind} {f.request}: {f.queries:.1f} SQL statements, {f.cpu_ms:.3f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
