"""Error pages rendered once for each kind of error and visitor, then filled in for each request.

An error page (a 404 above all: every mistyped address, every robot looking for files that were
never here) is the same for every request asking for it but in two things: the CSRF token (in
the page's meta element, and in the sign-out form of a signed-in visitor) and, for a visitor who
is not signed in, the address asked for, which the sign-in and sign-up links lead back to.
Rendering the layout for each request cost more than everything else a 404 does.

So the page is rendered once per *frame key* (the error, the kind of visitor, the endpoint and
blueprint the navigation marks as current, where the site is mounted) with random placeholders
for the token and the address, made for that frame, and cut where they are. Each request joins
the pieces with its own token and its own address, encoded for the query string as ``url_for``
encodes it (checked against ``url_for`` when a frame is made) and escaped as Jinja escapes it.
Like the lesson page's shell, a frame is rendered knowing only the kind of visitor
(:class:`app.web.lessons.shell.Visitor`), never who. A frame whose address placeholder shows up
anywhere but as a link's ``next=`` value is not kept (the page is rendered in full for every
request, as before), and neither is a page with flashed messages.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from flask import Flask, current_app, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from app.web.lessons.shell import Visitor
from app.web.security.csrf import csrf_token

TEMPLATE = "errors/error.html"
MAX_FRAMES = 256
QUERY_SAFE = "!$'()*,/:;?@"  # what Werkzeug leaves as it is in a query string's values
SAMPLEPATH = "/a b/é?x=1&y='\"<%>#+"
TOKEN, PATH = object(), object()  # the holes in a frame


@dataclass(frozen=True)
class Frame:
    pieces: tuple[str | object, ...]  # text, TOKEN or PATH
    has_token: bool
    has_path: bool


class _AskedFor:
    """The request as the layout sees it while a frame is rendered: its path is the placeholder."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __getattr__(self, name: str) -> Any:
        return getattr(request, name)


class Frames:
    def __init__(self, max_size: int = MAX_FRAMES) -> None:
        self.max_size = max_size
        self._items: OrderedDict[Hashable, Frame | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Frame | None | bool:
        """The frame, None if the key's page can't be kept, False if none was made yet."""
        with self._lock:
            if key not in self._items:
                return False
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, frame: Frame | None) -> None:
        with self._lock:
            self._items[key] = frame
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def _visitor() -> Visitor:
    user = current_user._get_current_object()
    signed_in = bool(user.is_authenticated)
    return Visitor(signed_in, signed_in and bool(user.can_teach))


def frame_key(
    error: HTTPException,
    code: int,
    visitor: Visitor,
    endpoint: str | None,
    blueprint: str | None,
    script_root: str,
) -> Hashable:
    return (code, error.name, error.description, visitor, endpoint, blueprint, script_root)


def _build(error: HTTPException, code: int, visitor: Visitor) -> Frame | None:
    token = f"csrf-token-{secrets.token_hex(16)}"
    path = f"/path-{secrets.token_hex(16)}"
    html = render_template(
        TEMPLATE,
        error=error,
        code=code,
        csrf_token=lambda: token,
        request=_AskedFor(path),
        current_user=visitor,  # the kind of visitor only: the frame is shared by all of that kind
        get_flashed_messages=lambda **_: [],
    )
    if html.count(path) != html.count(f"next={path}"):
        return None  # the address is shown some other way: not something to fill in here
    if path in html and not _encodes_as_url_for():
        return None
    pieces: list[str | object] = []
    for n, part in enumerate(html.split(token)):
        if n:
            pieces.append(TOKEN)
        for m, text in enumerate(part.split(path)):
            if m:
                pieces.append(PATH)
            if text:
                pieces.append(text)
    return Frame(tuple(pieces), TOKEN in pieces, PATH in pieces)


def query_value(path: str) -> str:
    """``path`` as a query string value, encoded as Werkzeug encodes ``url_for``'s values."""
    return quote_plus(path, safe=QUERY_SAFE)


def _encodes_as_url_for() -> bool:
    """Whether :func:`query_value` still encodes as ``url_for`` does (checked per frame)."""
    return url_for("auth.signin", next=SAMPLEPATH).endswith("next=" + query_value(SAMPLEPATH))


def error_page(error: HTTPException, code: int) -> str:
    """The HTML error page for this request."""
    if session.get("_flashes"):
        return render_template(TEMPLATE, error=error, code=code)
    frames: Frames = current_app.extensions["error_pages"]
    visitor = _visitor()
    key = frame_key(error, code, visitor, request.endpoint, request.blueprint, request.script_root)
    frame = frames.get(key)
    if frame is False:
        frame = _build(error, code, visitor)
        frames.put(key, frame)
    if frame is None:
        return render_template(TEMPLATE, error=error, code=code)
    return fill(frame, csrf_token() if frame.has_token else "", request.path)


def fill(frame: Frame, token: str, path: str) -> str:
    """The frame's page with this request's token, and its address as a ``next=`` value."""
    address = str(escape(query_value(path))) if frame.has_path else ""
    return "".join(
        token if piece is TOKEN else address if piece is PATH else piece  # type: ignore[misc]
        for piece in frame.pieces
    )


def init_app(app: Flask) -> None:
    app.extensions["error_pages"] = Frames()
