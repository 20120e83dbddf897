"""Which request bodies a view reads: JSON only where a view says it takes JSON.

Flask-WTF fills a form from a JSON body when one is sent, which lets a caller hand a form field a
list or an object where it expects text (and a top-level array breaks the form outright). Only a
few views read JSON; every other view gets a clear 415 for a JSON body before any form sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, current_app, request

View = TypeVar("View", bound=Callable)


def accepts_json(view: View) -> View:
    """Mark a view that reads a JSON body itself (and checks its shape)."""
    view.accepts_json = True  # type: ignore[attr-defined]
    return view


def refuse_unexpected_json() -> None:
    if not request.is_json or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and not getattr(view, "accepts_json", False):
        abort(415, description="This address takes a form submission, not JSON.")


def init_app(app: Flask) -> None:
    app.before_request(refuse_unexpected_json)
