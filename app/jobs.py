"""Background work (such as building audio after a lesson is published), off the request.

In-process by default: one worker thread per app process, so a long job never delays a page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app

from app.extensions import db

log = logging.getLogger(__name__)


class JobQueue:
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


def init_app(app: Flask) -> None:
    app.extensions["jobs"] = JobQueue(app)


def jobs() -> JobQueue:
    return current_app.extensions["jobs"]
