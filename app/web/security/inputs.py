"""Text no view can use is refused before any view sees it: NUL characters, JSON nested too
deep, and lone surrogates, in the address, the query string, form fields or a JSON body.

- **NUL (U+0000).** No address, field or JSON string of the platform ever holds one. PostgreSQL
  cannot store one in text at all (SQLite can), so a NUL that reached a query failed there with
  a 500 on one database and not the other: 404 for an address (no page has such a name), 400 for
  what a request sends.
- **Deep nesting and lone surrogates.** JSON nested past Python's recursion limit made
  ``json.loads`` (and every walk over the result) raise ``RecursionError``, and a lone surrogate
  (``"\\ud800"`` in JSON) got as far as the database driver or the YAML parser before failing: a
  500 either way. The rules, and why these limits, are in :mod:`app.core.untrusted`. Form fields
  and query strings can't carry a surrogate through Werkzeug's UTF-8 decoding today; they are
  checked anyway, cheaply, so a change of decoder can't let one through.

One guard, so each request's values are read once: surrogates and nesting are checked before
NULs (a JSON body is parsed for NULs only when it spells one, and only once it is known to parse).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, abort, request

from app.core.untrusted import SURROGATE_MESSAGE, has_lone_surrogate, json_problem

NUL = "\x00"
NUL_MESSAGE = "The request contains a NUL character, which no field accepts."
BODILESS = ("GET", "HEAD", "OPTIONS")


def _message(problem: str) -> str:
    return f"The request {problem}."


def _pairs_hold_surrogate(pairs) -> bool:
    return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in pairs)


def _pairs_hold_nul(pairs) -> bool:
    return any(NUL in k or NUL in v for k, v in pairs)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _json_holds_nul(raw: bytes) -> bool:
    if b"\\u0000" not in raw:  # the only way JSON text can carry a NUL
        return False
    try:
        return _holds_nul(json.loads(raw))
    except ValueError:
        return False  # not JSON after all: the view's own check answers that


def refuse_unusable_input() -> None:
    # No query string (most requests): nothing to parse.
    args = list(request.args.items(multi=True)) if request.query_string else []
    if _pairs_hold_surrogate(args):
        abort(400, description=_message(SURROGATE_MESSAGE))
    if NUL in request.path:
        abort(404, description="There is no page at this address.")
    if _pairs_hold_nul(args):
        abort(400, description=NUL_MESSAGE)
    if request.method in BODILESS:
        return
    known = request.url_rule is not None  # an unknown address gets its 404 without its body
    if request.is_json:
        raw = request.get_data(cache=True)
        problem = json_problem(raw) if known else None
        if problem is not None:
            abort(400, description=_message(problem))
        if _json_holds_nul(raw):
            abort(400, description=NUL_MESSAGE)
        return
    form = list(request.form.items(multi=True))
    if known and _pairs_hold_surrogate(form):
        abort(400, description=_message(SURROGATE_MESSAGE))
    if _pairs_hold_nul(form):
        abort(400, description=NUL_MESSAGE)


def init_app(app: Flask) -> None:
    app.before_request(refuse_unusable_input)
