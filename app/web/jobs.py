"""Background work (such as building audio after a lesson is published), off the request.

In-process by default: one worker thread per app process, so a long job never delays a page and
a single machine needs nothing else. With ``REDIS_URL`` set, jobs go to an RQ queue on Redis
instead, so any number of app instances share one queue and `flask jobs work` processes (on any
machine) run them, each job once.

A job is a module-level function (RQ names it by its import path) run inside an app context.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any, Protocol

from flask import Flask, current_app

from app.learning.db import db

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    def enqueue(self, func: Callable[..., Any], *args: Any) -> Any: ...

    def enqueue_in(self, seconds: float, func: Callable[..., Any], *args: Any) -> Any: ...

    def wait(self) -> None: ...

    def cancel_timers(self) -> None: ...


class InProcessQueue:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs")
        self._futures: list[Future] = []
        self._timers: list[threading.Timer] = []

    def enqueue(self, func: Callable[..., Any], *args: Any) -> Future:
        future = self._executor.submit(self._run, func, args)
        self._futures.append(future)
        return future

    def enqueue_in(self, seconds: float, func: Callable[..., Any], *args: Any) -> threading.Timer:
        """Queue the job once ``seconds`` have passed (lost if the process ends before)."""
        timer = threading.Timer(seconds, self.enqueue, (func, *args))
        timer.daemon = True
        self._timers = [t for t in self._timers if t.is_alive()] + [timer]
        timer.start()
        return timer

    def cancel_timers(self) -> None:
        """Drop the jobs queued for later (an app being shut down, a test ending)."""
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

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

    def enqueue_in(self, seconds: float, func: Callable[..., Any], *args: Any) -> Any:
        """Run by a worker with RQ's scheduler (`flask jobs work` starts one) once due."""
        target = f"{func.__module__}:{func.__qualname__}"
        return self.queue.enqueue_in(
            timedelta(seconds=seconds), "app.job_runner.run_in_app", target, *args
        )

    def wait(self) -> None:
        """Jobs run in other processes; there is nothing to wait for here."""

    def cancel_timers(self) -> None:
        """Jobs queued for later are in Redis, not in this process."""


def init_app(app: Flask) -> None:
    url = app.config["REDIS_URL"]
    if url:
        app.extensions["jobs"] = RedisQueue(url, app.config["JOBS_QUEUE"])
    else:
        app.extensions["jobs"] = InProcessQueue(app)


def jobs() -> JobQueue:
    return current_app.extensions["jobs"]
