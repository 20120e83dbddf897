"""The HTML of an activity nobody has answered yet, rendered once per revision and reused.

Rendering the activity forms was most of a lesson page's time (the profile in
docs/benchmarks.md). For a learner with no attempt at an activity its HTML depends only on the
published revision, except for the CSRF token: it is rendered once with a placeholder that
each request replaces with its own token. Activities the learner has answered are rendered
afresh, as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import current_app, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.core.content.model import Activity
from app.learning.attempts import ActivityState

# A marker replaced by each request's CSRF token, not a secret.
TOKEN_PLACEHOLDER = "csrf-token-placeholder-5b9e07d3"  # nosec B105
MAX_FRAGMENTS = 2048


class FragmentCache:
    def __init__(self, max_size: int = MAX_FRAGMENTS) -> None:
        self.max_size = max_size
        self._items: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
            return html

    def put(self, key: tuple, html: str) -> None:
        with self._lock:
            self._items[key] = html
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)


def _render(page, activity: Activity, state: ActivityState, **extra) -> str:
    return render_template(
        "activities/activity.html",
        a=activity,
        state=state,
        page=page,
        lesson=page.content,
        preview=False,
        **extra,
    )


def activity_html(page, activity: Activity, state: ActivityState) -> Markup:
    """The activity as this learner sees it (``page`` is the request's ``LessonPage``)."""
    if state.count:
        # render_template's output, already escaped by Jinja's autoescaping.
        return Markup(_render(page, activity, state))  # nosec B704
    cache: FragmentCache = current_app.extensions["activity_fragments"]
    key = (page.revision_id, activity.id)
    html = cache.get(key)
    if html is None:
        html = _render(page, activity, state, csrf_token=lambda: TOKEN_PLACEHOLDER)
        cache.put(key, html)
    # Escaped template output; the token is URL-safe base64 with a signature.
    return Markup(html.replace(TOKEN_PLACEHOLDER, generate_csrf()))  # nosec B704
