"""Jobs for the queue tests: module-level, so an RQ worker can import them by name."""

from __future__ import annotations

from flask import current_app

from app.learning.db import db
from app.learning.models.courses import Lesson


def count_lessons(label: str) -> str:
    """Proves the job ran inside the app: it reads configuration and the database."""
    count = db.session.scalar(db.select(db.func.count()).select_from(Lesson))
    return f"{label}: {count} lessons, site {current_app.config['SITE_NAME']}"
