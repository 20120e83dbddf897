"""Which request bodies a view reads: JSON only where a view says it takes JSON, and no more
bytes than it says it takes.

Flask-WTF fills a form from a JSON body when one is sent, which lets a caller hand a form field a
list or an object where it expects text (and a top-level array breaks the form outright). Only a
few views read JSON; every other view gets a clear 415 for a JSON body before any form sees it.

Sizes: every body is capped by ``MAX_CONTENT_LENGTH``, and a view may take less
(:func:`limits_body`). A body sent without a ``Content-Length`` (``Transfer-Encoding: chunked``)
has no header to check, which is how a chunked batch once passed the progress view's 64 KB check
of ``request.content_length``; the cap has to hold while the body is read. Werkzeug stops reading
such a body at ``max_content_length`` but then hands over the bytes read so far as if they were
the whole body (a form cut short is parsed as complete, cut-off JSON reads as invalid), so
:class:`Request` reads one byte past the cap and answers 413 when that byte comes. It also gives
each request the cap of the view it is for before anything reads the body: the CSRF check and
the guards read it before the view runs.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, TypeVar

import flask
from flask import Flask, abort, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import get_input_stream

View = TypeVar("View", bound=Callable)


def accepts_json(view: View) -> View:
    """Mark a view that reads a JSON body itself (and checks its shape)."""
    view.accepts_json = True  # type: ignore[attr-defined]
    return view


def limits_body(max_bytes: int) -> Callable[[View], View]:
    """Mark a view that takes at most ``max_bytes`` of body (less than ``MAX_CONTENT_LENGTH``)."""

    def mark(view: View) -> View:
        view.max_body = max_bytes  # type: ignore[attr-defined]
        return view

    return mark


class _Capped(io.RawIOBase):
    """A body stream that raises 413 as soon as more than ``limit`` bytes have come."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        self._count += len(data)
        if self._count > self._limit:
            raise RequestEntityTooLarge()
        buffer[: len(data)] = data
        return len(data)


class Request(flask.Request):
    """A request whose body is read up to the cap of the view it is for, with or without a
    ``Content-Length``, and refused with a 413 past it."""

    @cached_property
    def stream(self) -> IO[bytes]:
        limit = self.max_content_length
        if limit is None or self.content_length is not None or self.shallow:
            return super().stream  # Werkzeug checks a declared length against the cap itself
        # Streamed without a length: read one byte more than the cap, to tell a body of exactly
        # the cap from a longer one.
        raw = get_input_stream(self.environ, max_content_length=limit + 1)
        return io.BufferedReader(_Capped(raw, limit))

    @property
    def max_content_length(self) -> int | None:
        limit = super().max_content_length  # set on this request, else MAX_CONTENT_LENGTH
        if self._max_content_length is not None or self.url_rule is None or not current_app:
            return limit
        view = current_app.view_functions.get(self.url_rule.endpoint)
        own = getattr(view, "max_body", None)
        return own if own is not None and (limit is None or own < limit) else limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def refuse_unexpected_json() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.is_json:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and not getattr(view, "accepts_json", False):
        abort(415, description="This address takes a form submission, not JSON.")


def init_app(app: Flask) -> None:
    app.request_class = Request
    app.before_request(refuse_unexpected_json)
