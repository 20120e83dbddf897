"""Text no view can use is refused before any view sees it: JSON nested too deep, and lone
surrogates in JSON, form fields or the query string.

JSON nested past Python's recursion limit made ``json.loads`` (and every walk over the result)
raise ``RecursionError``, and a lone surrogate (``"\\ud800"`` in JSON) got as far as the database
driver or the YAML parser before failing: a 500 either way. The rules, and why these limits, are
in :mod:`app.core.untrusted`; here they are applied to every request, with a 400 that says what
is wrong (a page, or JSON for a JSON caller). Form fields and query strings can't carry a
surrogate through Werkzeug's UTF-8 decoding today; they are checked anyway, cheaply, so a change
of decoder can't let one through.
"""

from __future__ import annotations

from flask import Flask, abort, request

from app.core.untrusted import SURROGATE_MESSAGE, has_lone_surrogate, json_problem


def _message(problem: str) -> str:
    return f"The request {problem}."


def _pairs_hold_surrogate(pairs) -> bool:
    return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in pairs)


def refuse_unreadable_input() -> None:
    if _pairs_hold_surrogate(request.args.items(multi=True)):
        abort(400, description=_message(SURROGATE_MESSAGE))
    if request.method in ("GET", "HEAD", "OPTIONS") or request.url_rule is None:
        return  # no body is read (an unknown address gets its 404 without one)
    if request.is_json:
        problem = json_problem(request.get_data(cache=True))
        if problem is not None:
            abort(400, description=_message(problem))
    elif _pairs_hold_surrogate(request.form.items(multi=True)):
        abort(400, description=_message(SURROGATE_MESSAGE))


def init_app(app: Flask) -> None:
    app.before_request(refuse_unreadable_input)
