"""Defences that apply to every request: headers, cookie flags, body types and sizes, text no
view can use (deep nesting, lone surrogates, NUL characters), throttling, CSRF tokens."""

from __future__ import annotations

from flask import Flask

from app.web.security import bodies, csrf, headers, inputs, throttle


def init_app(app: Flask) -> None:
    """The proxy headers are believed by :func:`app.web.security.proxy.init_app`, which the
    factory calls last: its middleware has to run before every other one."""
    headers.init_app(app)
    bodies.init_app(app)
    inputs.init_app(app)
    throttle.init_app(app)
    csrf.init_app(app)  # after Flask-WTF's CSRFProtect (the factory binds it first)
