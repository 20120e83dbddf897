"""Every journey, collected in one module: one worker runs them all against the one server.

The journeys' server takes most of a minute to set up (conftest.py), and pytest-xdist hands out
work a file at a time (`--dist loadfile`): with a file per journey, each worker built a server of
its own. The journeys themselves live in a module each.
"""

from __future__ import annotations

from tests.browser.journeys.instructor import (
    test_an_instructor_edits_previews_and_publishes_and_a_learner_sees_it,
)
from tests.browser.journeys.keyboard import test_a_keyboard_user_learns_without_a_mouse
from tests.browser.journeys.newcomer import (
    test_a_newcomer_learns_signs_up_finishes_and_is_shown_the_next_lesson,
)
from tests.browser.journeys.touch import test_a_phone_user_taps_through_the_activities

__all__ = [
    "test_an_instructor_edits_previews_and_publishes_and_a_learner_sees_it",
    "test_a_keyboard_user_learns_without_a_mouse",
    "test_a_newcomer_learns_signs_up_finishes_and_is_shown_the_next_lesson",
    "test_a_phone_user_taps_through_the_activities",
]
