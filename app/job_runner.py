"""The job queue's entry point in a worker process: import the job and run it in an app context.

RQ calls :func:`run_in_app` by name. Under ``flask jobs work`` an app context exists already; a
bare ``rq worker`` has none, so the app is built once per worker process. It lives beside the
factory, above the web layer, because it builds the app.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from flask import has_app_context

from app.learning.db import db

if TYPE_CHECKING:
    from flask import Flask

_worker_app: Flask | None = None


def run_in_app(target: str, *args: Any) -> Any:
    """Import ``module:function`` and call it inside an app context."""
    module, _, name = target.partition(":")
    func = getattr(import_module(module), name)
    if has_app_context():
        return func(*args)
    global _worker_app
    if _worker_app is None:
        from app.factory import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        try:
            return func(*args)
        finally:
            db.session.remove()
