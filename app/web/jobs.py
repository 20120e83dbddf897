"""Background work (such as building audio after a lesson is published), off the request.

In-process by default: one worker thread per app process, so a long job never delays a page and
a single machine needs nothing else. With ``REDIS_URL`` set, jobs go to an RQ queue on Redis
instead, so any number of app instances share one queue and `flask jobs work` processes (on any
machine) run them, each job once.

A job is a module-level function (RQ names it by its import path) run inside an app context.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from flask import Flask, current_app

from app.learning.db import db

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    def enqueue(self, func: Callable[..., Any], *args: Any) -> Any: ...

    def wait(self) -> None: ...


class InProcessQueue:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs")
        self._futures: list[Future] = []

    def enqueue(self, func: Callable[..., Any], *args: Any) -> Future:
        future = self._executor.submit(self._run, func, args)
        self._futures.append(future)
        return future

    def _run(self, func: Callable[..., Any], args: tuple) -> Any:
        with self.app.app_context():
            try:
                return func(*args)
            except Exception:
                log.exception("Background job %s%r failed", func.__name__, args)
                raise
            finally:
                db.session.remove()

    def wait(self) -> None:
        """Block until every job so far has finished (for commands and tests)."""
        for future in list(self._futures):
            future.exception()
        self._futures.clear()


class RedisQueue:
    """Jobs on an RQ queue; run by `flask jobs work` (or any RQ worker that can import the app)."""

    def __init__(self, url: str, name: str) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(url)
        self.queue = Queue(name, connection=self.connection)

    def enqueue(self, func: Callable[..., Any], *args: Any) -> Any:
        # Named, not imported: the entry point sits above the web layer (it builds the app).
        target = f"{func.__module__}:{func.__qualname__}"
        return self.queue.enqueue("app.job_runner.run_in_app", target, *args)

    def wait(self) -> None:
        """Jobs run in other processes; there is nothing to wait for here."""


def init_app(app: Flask) -> None:
    url = app.config["REDIS_URL"]
    if url:
        app.extensions["jobs"] = RedisQueue(url, app.config["JOBS_QUEUE"])
    else:
        app.extensions["jobs"] = InProcessQueue(app)


def jobs() -> JobQueue:
    return current_app.extensions["jobs"]
