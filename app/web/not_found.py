"""The 404 for an address no view answers, sent in front of Flask when nothing could change it.

Every mistyped address and every robot's guess is a 404, and Flask answered each one with all of
its per-request machinery: a request context, the session, the hooks before and after the
request (none of which does anything for an address no view answers), the error handler, the
response object. That cost three times what the page itself does. For a plain GET or HEAD of
such an address, :class:`QuickNotFound` sends the very response Flask would send: the same page
(the kept frame of :mod:`app.web.error_pages`, filled with this session's CSRF token and the
address), the same headers (type, length, ``Vary``, the security headers of
:mod:`app.web.security.headers`, HSTS over HTTPS), and no cookie, as Flask sends none when the
session is unchanged.

Anything that could make Flask's answer differ goes to Flask, which answers as before: another
method, a query string, a NUL in the address, an address a view answers (or would redirect), a
caller that prefers JSON, a visitor who is signed in (or could be: a remember-me cookie, an
``Authorization`` header), a session without a CSRF token yet (Flask makes one and sends the
cookie), with flashed messages, framed by an LMS, or permanent and refreshed on every request, a
frame not built yet, or an application whose hooks are not the ones this module knows do nothing
for such a request (:data:`KNOWN_HOOKS`; a new hook turns the quick answer off until it is
looked at here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Request

from app.web.error_pages import Frames, fill, frame_key
from app.web.errors import accept_prefers_json
from app.web.lessons.shell import Visitor
from app.web.security import csrf
from app.web.security.headers import FRAMED_BY, secure_headers

ANONYMOUS = Visitor(False, False)
# The hooks of the application, by where they are defined, whose work for a GET of an address
# no view answers, by an anonymous visitor with an unchanged session, is nothing: the CSRF check
# (GET), JSON bodies (GET), unusable input (checked here: no query string, no NUL), the limiter
# (no limit for every request; its after and teardown hooks only after a limit was checked),
# remembered sign-ins, identities (pages only), Flask-Login's remember cookie, compression
# (200 only; Vary added here), the account's last-seen time, the learner cookie; and the
# security headers, added here.
KNOWN_HOOKS = {
    "before": {
        "flask_wtf.csrf:CSRFProtect.init_app.<locals>.csrf_protect",
        "app.web.security.bodies:refuse_unexpected_json",
        "app.web.security.inputs:refuse_unusable_input",
        "app.web.extensions:Limiter._check_request_limit",
        "app.web.auth.session:_renew_remembered",
        "app.web.identity:_hand_out_identity",
    },
    "after": {
        "app.web.security.headers:add_headers",
        "app.web.extensions:Limiter._when_checked.<locals>.run",  # Flask-Limiter's, wrapped
        "flask_login.login_manager:LoginManager._update_remember_cookie",
        "app.web.compression:compress",
        "app.web.auth.session:_note_seen",
        "app.web.identity:_update_cookie",
    },
    "teardown": {"app.web.extensions:Limiter._when_checked.<locals>.run"},
}
MAX_VIEW_ADDRESSES = 4096
SIGNALS = ("request_started", "request_finished", "request_tearing_down", "appcontext_pushed")


def _name(function: Callable) -> str:
    return f"{getattr(function, '__module__', '?')}:{getattr(function, '__qualname__', '?')}"


def hooks_known(app: Flask) -> bool:
    """Whether every hook that runs for an address no view answers is one of KNOWN_HOOKS, and
    nothing else (a signal receiver, a handler of its own for 404) could add to the answer."""
    import flask

    found = {
        "before": app.before_request_funcs.get(None, []),
        "after": app.after_request_funcs.get(None, []),
        "teardown": app.teardown_request_funcs.get(None, []),
    }
    if any(not {_name(f) for f in funcs} <= KNOWN_HOOKS[kind] for kind, funcs in found.items()):
        return False
    if app.url_value_preprocessors.get(None):
        return False
    if any(getattr(flask, signal).receivers for signal in SIGNALS):
        return False
    handlers = app.error_handler_spec.get(None, {})
    by_class = handlers.get(None, {})
    if 404 in handlers or NotFound in by_class:
        return False
    return _name(by_class.get(HTTPException, _name)) == "app.web.errors:render_error"


class QuickNotFound:
    """WSGI middleware: the 404 Flask would send, for requests where nothing could change it."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.flask = app
        self.app = wsgi_app
        self._known: bool | None = None  # checked on the first request, once every hook is in
        # Addresses a view answers (the map of addresses never changes once the app serves).
        self._views: set[tuple[str | None, ...]] = set()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        answer = self.answer(environ)
        if answer is None:
            return self.app(environ, start_response)
        headers, body = answer
        start_response("404 NOT FOUND", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def answer(self, environ: dict[str, Any]) -> tuple[list[tuple[str, str]], bytes] | None:
        """The headers and body of the 404, or None: Flask answers."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
            return None
        app = self.flask
        if self._known is None:
            self._known = hooks_known(app)
        if not self._known:
            return None
        where = (environ.get("HTTP_HOST"), environ.get("SCRIPT_NAME"), environ.get("PATH_INFO"))
        if where in self._views:
            return None  # a view's address, seen before: no need to match it again
        request = Request(environ)
        path = request.path
        if "\x00" in path or request.is_json:
            return None
        if accept_prefers_json(request.headers.get("Accept", "")):
            return None
        try:
            app.create_url_adapter(request).match()  # type: ignore[arg-type, union-attr]
        except NotFound:
            pass
        except HTTPException:  # a redirect (a missing slash) or another method's address
            return None
        else:  # a view answers
            if len(self._views) >= MAX_VIEW_ADDRESSES:
                self._views.clear()
            self._views.add(where)
            return None
        token = self._token(request)
        if token is None:
            return None
        frames: Frames = app.extensions["error_pages"]
        frame = frames.get(frame_key(NotFound(), 404, ANONYMOUS, None, None, request.script_root))
        if not frame:
            return None  # not built yet (Flask builds it), or not one that can be kept
        body = fill(frame, token, path).encode()
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Vary", "Accept-Encoding, Cookie"),
            *secure_headers(request.is_secure),
        ]
        return headers, body

    def _token(self, request: Request) -> str | None:
        """This anonymous visitor's CSRF token, if the session already holds one and nothing
        else in it or in the request would make Flask answer otherwise."""
        app = self.flask
        config = app.config
        cookies = request.cookies
        login = app.login_manager  # type: ignore[attr-defined]
        if (
            config["REMEMBER_COOKIE_NAME"] in cookies
            or config["AUTH_HEADER_NAME"] in request.headers
            or config["SESSION_PROTECTION"] not in ("basic", None, False)
            or login._request_callback is not None
            or "WTF_CSRF_SECRET_KEY" in config
        ):
            return None
        data = app.session_interface.read(app, cookies.get(config["SESSION_COOKIE_NAME"]))  # type: ignore[attr-defined]
        if not data or "_user_id" in data or data.get("_flashes") or data.get(FRAMED_BY):
            return None
        if data.get("_permanent") and config["SESSION_REFRESH_EACH_REQUEST"]:
            return None
        raw = data.get(config["WTF_CSRF_FIELD_NAME"])
        if not isinstance(raw, str):
            return None
        return csrf.signed_now(app.secret_key, raw)  # type: ignore[arg-type]


def init_app(app: Flask) -> None:
    app.wsgi_app = QuickNotFound(app, app.wsgi_app)  # type: ignore[method-assign]
