"""Error pages: a readable HTML page for browsers, JSON for API callers."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    default_exceptions,
)
from werkzeug.http import parse_accept_header

from app.learning.db import db
from app.learning.errors import LearningError
from app.web import error_pages
from app.web.error_pages import error_page

MAX_ACCEPTS = 256
_prefers_json: dict[str, bool] = {}


def accept_prefers_json(accept: str) -> bool:
    """Whether an Accept header prefers JSON to HTML: parsed once per header (a browser sends
    the same one with every request)."""
    found = _prefers_json.get(accept)
    if found is None:
        accepted = parse_accept_header(accept or None, MIMEAccept)
        best = accepted.best_match(["text/html", "application/json"])
        found = best == "application/json"
        if len(_prefers_json) >= MAX_ACCEPTS:
            _prefers_json.clear()
        _prefers_json[accept] = found
    return found


def wants_json() -> bool:
    return request.is_json or accept_prefers_json(request.headers.get("Accept", ""))


def _too_large(error: RequestEntityTooLarge) -> HTTPException:
    """Werkzeug's wording ("exceeds the capacity limit") says nothing a person can act on.

    The limit named is this request's: ``MAX_CONTENT_LENGTH``, or less where a view takes less.
    """
    limit = request.max_content_length
    if error.description == RequestEntityTooLarge.description and limit:
        error.description = (
            f"That was more than this site accepts in one request (at most "
            f"{limit // 1024:,} KB). Send less at a time, or a smaller file."
        )
    return error


def render_error(error: HTTPException):
    if isinstance(error, RequestEntityTooLarge):
        error = _too_large(error)
    code = error.code or 500
    # Keep what the error says about the resource: Content-Range on a 416, Allow on a 405.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if wants_json():
        return jsonify(error=error.name, message=error.description, status=code), code, headers
    return error_page(error, code), code, headers


def render_refusal(error: LearningError):
    """A use case's refusal, shown like the HTTP error of the same status; nothing it began is
    kept."""
    db.session.rollback()
    return render_error(default_exceptions[error.status](description=str(error)))


def register(app: Flask) -> None:
    error_pages.init_app(app)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(LearningError, render_refusal)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError())
