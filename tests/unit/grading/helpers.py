"""Specs for grading tests, read through the real content pipeline."""

from __future__ import annotations

import textwrap

from app.core.content import parse_lesson
from tests.content_helpers import lesson_text


def activity(kind_and_type: str, yaml: str):
    """Parse one activity (``"exercise process-map"``, ``"quiz"``…) and return it."""
    kind, _, activity_type = kind_and_type.partition(" ")
    head = "id: x\nprompt: Do it.\n" + (f"type: {activity_type}\n" if activity_type else "")
    body = f"## One {{#one}}\n\n```{kind}\n{head}{textwrap.dedent(yaml)}```\n"
    return parse_lesson(lesson_text(body)).activities["x"]
