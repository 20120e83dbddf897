"""Defences that apply to every request: response headers and cookie flags."""

from __future__ import annotations

from flask import Flask

from app.security import headers, proxy


def init_app(app: Flask) -> None:
    proxy.init_app(app)
    headers.init_app(app)
