"""Where a request spends its time: ``python -m bench.profile [page|save|submit] [--text]``.

Runs repeated requests in-process (the Flask test client, CSRF on, as in production) by an
anonymous learner with saved progress, against a fresh SQLite file or, with
``BENCH_DATABASE_URL``/``TEST_DATABASE_URL`` and ``--postgresql``, a PostgreSQL schema. Prints the
SQL statements per request and the CPU time per request; ``--text`` adds a pyinstrument
profile. `make bench` calls :func:`summary` for the report's "Where the time goes".
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app import create_app
from app.core.content import load_catalog
from app.learning.db import db
from app.learning.importer import import_catalog
from bench import server
from bench.web import ACTIVITY, CONTENT, LESSON, activity_form

REQUESTS = 200


@dataclass
class Figures:
    request: str
    queries: float  # SQL statements per request
    cpu_ms: float  # process CPU time per request


@contextmanager
def _app(kind: str) -> Iterator[Flask]:
    with tempfile.TemporaryDirectory(prefix="learnwell-profile-") as tmp:
        folder = Path(tmp)
        (folder / "baseline.html").write_text("", encoding="utf-8")
        with server.database(kind, folder) as url:
            app = create_app(
                {
                    "SECRET_KEY": "profile",
                    "INSTANCE_PATH": str(folder),
                    "SQLALCHEMY_DATABASE_URI": url,
                    "REDIS_URL": None,
                    "AUDIO_ON_PUBLISH": False,
                    "BENCH_BASELINE_FILE": str(folder / "baseline.html"),
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


def _learner(client: FlaskClient) -> str:
    """A learner with one section read, as a browser makes one; returns its CSRF token."""
    html = client.get(f"/lessons/{LESSON}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    section = load_catalog(CONTENT).lessons[LESSON].sections[0].id
    event_ = {"id": str(uuid.uuid4()), "type": "section-read", "lesson": LESSON, "section": section}
    client.post("/progress/events", json={"events": [event_]}, headers={"X-CSRFToken": token})
    return token


def _requests(client: FlaskClient, token: str, baseline: Path) -> dict[str, Callable[[], object]]:
    html = client.get(f"/lessons/{LESSON}").get_data(as_text=True)
    baseline.write_text(html, encoding="utf-8")  # the same bytes, served with no work
    revision = re.search(r'name="revision" value="(\d+)"', html).group(1)
    form = activity_form(int(revision)) + "&csrf_token=" + token

    def base() -> object:
        return client.get("/bench/baseline", headers={"Accept-Encoding": "gzip"})

    def page() -> object:
        return client.get(f"/lessons/{LESSON}", headers={"Accept-Encoding": "gzip"})

    def save() -> object:
        body = {"events": [{"id": str(uuid.uuid4()), "type": "time", "lesson": LESSON}]}
        body["events"][0]["seconds"] = 5
        return client.post("/progress/events", json=body, headers={"X-CSRFToken": token})

    def submit() -> object:
        return client.post(
            f"/lessons/{LESSON}/activities/{ACTIVITY}",
            data=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )

    return {"baseline": base, "page": page, "save": save, "submit": submit}


def measure(kind: str, names: tuple[str, ...], text: bool = False) -> list[Figures]:
    figures = []
    with _app(kind) as app:
        client = app.test_client()
        token = _learner(client)
        calls = _requests(client, token, Path(app.config["BENCH_BASELINE_FILE"]))
        statements = [0]
        with app.app_context():
            engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_args: object) -> None:
            statements[0] += 1

        for name in names:
            call = calls[name]
            for _ in range(5):  # warm caches: parsed lesson, rendered parts
                assert call().status_code == 200
            statements[0] = 0
            started = time.process_time()
            if text:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005)
                with profiler:
                    for _ in range(REQUESTS):
                        call()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
            else:
                for _ in range(REQUESTS):
                    call()
            cpu = (time.process_time() - started) / REQUESTS * 1000
            figures.append(Figures(name, statements[0] / REQUESTS, cpu))
    return figures


def summary(kind: str = "sqlite") -> list[Figures]:
    return measure(kind, ("baseline", "page", "save", "submit"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("requests", nargs="*", default=["baseline", "page", "save", "submit"])
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--text", action="store_true", help="print pyinstrument profiles")
    args = parser.parse_args()
    kind = "postgresql" if args.postgresql else "sqlite"
    for f in measure(kind, tuple(args.requests), args.text):
        print(f"{kind} {f.request}: {f.queries:.1f} SQL statements, {f.cpu_ms:.2f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
