"""NUL characters are refused before any view sees them.

No address, form field or JSON string of the platform ever holds a NUL (U+0000). PostgreSQL
cannot store one in text at all (SQLite can), so a NUL that reached a query would fail there
with a 500 on one database and not the other. They are refused up front with the same clear 4xx
on both: 404 for an address (no page has such a name), 400 for what a request sends.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, abort, request

NUL = "\x00"
MESSAGE = "The request contains a NUL character, which no field accepts."


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _json_holds_nul() -> bool:
    raw = request.get_data(cache=True)
    if b"\\u0000" not in raw:  # the only way JSON text can carry a NUL
        return False
    try:
        return _holds_nul(json.loads(raw))
    except ValueError:
        return False  # not JSON after all: the view's own check answers that


def refuse_nul() -> None:
    if NUL in request.path:
        abort(404, description="There is no page at this address.")
    if any(NUL in k or NUL in v for k, v in request.args.items(multi=True)):
        abort(400, description=MESSAGE)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.is_json:
        if _json_holds_nul():
            abort(400, description=MESSAGE)
    elif any(NUL in k or NUL in v for k, v in request.form.items(multi=True)):
        abort(400, description=MESSAGE)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul)
