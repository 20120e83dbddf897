"""Unanswered activities are rendered once per revision; answered ones for their learner."""

from __future__ import annotations

import re

from flask_wtf.csrf import generate_csrf

from app.learning.attempts import ActivityState
from app.learning.lesson_queries import published_lesson
from app.web.activities.fragments import TOKEN_PLACEHOLDER, _render, activity_html
from tests.conftest import SEED_LESSON


def test_a_cached_activity_is_the_html_a_fresh_render_gives_with_this_sessions_token(seeded):
    with seeded.test_request_context():
        page = published_lesson(SEED_LESSON)
        token = generate_csrf()
        for activity in page.content.activities.values():
            fresh = _render(page, activity, ActivityState())
            first = activity_html(page, activity, ActivityState())
            again = activity_html(page, activity, ActivityState())
            assert str(first) == str(again) == fresh, activity.id
            assert TOKEN_PLACEHOLDER not in fresh
            if activity_has_form := 'name="csrf_token"' in fresh:
                assert activity_has_form and token in fresh


def test_every_page_view_gets_its_own_sessions_token_in_cached_forms(seeded):
    pages = []
    for _ in range(2):
        client = seeded.test_client()
        html = client.get(f"/lessons/{SEED_LESSON}").text
        meta = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
        assert tokens == {meta}
        pages.append(meta)
    assert pages[0] != pages[1]
