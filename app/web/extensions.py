"""Flask extensions of the web layer, created unbound and initialised in :mod:`app.factory`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import flask_limiter
import flask_login
from flask import Flask, current_app, request, session
from flask.globals import request_ctx
from flask_limiter.util import get_remote_address
from flask_login.signals import user_accessed
from flask_migrate import Migrate
from flask_wtf import CSRFProtect


class LoginManager(flask_login.LoginManager):
    """Flask-Login, whose basic session protection looks only at sessions someone signed in with.

    The protection ("basic", the default) marks a signed-in session no longer fresh when it
    comes from another address or browser than the one that signed in. Flask-Login also did that
    to every anonymous session (one holding only a CSRF token): nothing reads freshness there,
    but the change made a response send the session cookie again. "strong" is left as it is.
    """

    def _load_user(self) -> None:
        """A visitor who is not signed in (no account in the session, no remember-me cookie,
        no other way to sign in) is anonymous: said so at once, without the look-ups Flask-Login
        makes to find that out (a few percent of a small page). Anything else is Flask-Login's."""
        app = current_app._get_current_object()
        config = app.config
        asked = request._get_current_object()
        if (
            "_user_id" not in session
            and config["SESSION_PROTECTION"] in ("basic", None, False)
            and self._request_callback is None
            and config["REMEMBER_COOKIE_NAME"] not in asked.cookies
            and config["AUTH_HEADER_NAME"] not in asked.headers
        ):
            user_accessed.send(app)
            return self._update_request_context_with_user()
        return super()._load_user()

    def _session_protection_failed(self) -> bool:
        if current_app.config["SESSION_PROTECTION"] == "basic" and "_user_id" not in session:
            return False
        return super()._session_protection_failed()


migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.signin"
login_manager.login_message = "Sign in to see that page."


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, looking for limits before a request only when some limit could apply to
    every request.

    Flask-Limiter looks before every request for the limits that apply to all of them (default,
    application and meta limits); a view's own limits are checked by its decorator when the view
    is called. The throttle (app.web.security.throttle) declares only views' own limits, so unless
    ``RATELIMIT_DEFAULT``, ``RATELIMIT_APPLICATION`` or ``RATELIMIT_META`` is configured that
    look finds nothing, at about a tenth of what a small page costs; it is then skipped.

    Likewise after the request: Flask-Limiter's hooks (headers, deductions, then forgetting the
    request's limits) make its per-request record before finding it empty. A request that
    checked no limit has none, so they are skipped for it.
    """

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        after = app.after_request_funcs.setdefault(None, [])
        for index, hook in enumerate(after):
            if isinstance(hook, partial) and hook.args == (self,):
                after[index] = self._when_checked(hook)
        teardown = app.teardown_request_funcs.setdefault(None, [])
        for index, hook in enumerate(teardown):
            if getattr(hook, "__self__", None) is self:
                teardown[index] = self._when_checked(hook)

    @staticmethod
    def _when_checked(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(value: Any) -> Any:
            if not hasattr(request_ctx._get_current_object(), CONTEXT):
                return value  # no limit was checked for this request: nothing to do
            return hook(value)

        return run

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and not self._limits_every_request():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _limits_every_request(self) -> bool:
        manager = self.limit_manager
        return bool(manager.default_limits or manager.application_limits or self._meta_limits)


CONTEXT = "_limiter_request_context"  # where Flask-Limiter keeps a request's limits

# Throttling (app.web.security.throttle): RATELIMIT_STORAGE_URI says where it counts.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
