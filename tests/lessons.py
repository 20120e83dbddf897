"""A lesson built for one test: a content folder written to the test's own directory, checked and
imported like shipped content. For tests that need *a* lesson, not the shipped one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.content import load_catalog
from app.core.content.model import Lesson
from app.learning.db import db
from app.learning.importer import import_catalog
from tests.activity_blocks import block
from tests.content_helpers import lesson_text, make_content

SLUG = "a-lesson"
TYPES = ("process-map", "comparison-table", "free-text", "checklist", "quiz", "reflection")
COURSE = "a-course"  # the course tests/content_helpers.py writes, with one planned lesson


@dataclass(frozen=True)
class BuiltLesson:
    slug: str
    content: Lesson
    source: str = ""  # the lesson file's text
    root: Path | None = None  # the content folder it was imported from

    @property
    def url(self) -> str:
        return f"/lessons/{self.slug}"

    def activity(self, activity_id: str):
        return self.content.activities[activity_id]


def body_with(*blocks: str, intro: str = "An introduction.") -> str:
    """A lesson body whose first section holds these activity blocks (fenced text)."""
    activities = "\n".join(blocks)
    return (
        f"{intro}\n\n## Section one {{#one}}\n\nSome text.\n\n{activities}\n"
        "## Section two {#two .deep-dive}\n\nMore text.\n"
    )


def build_lesson(
    app, root: Path, body: str | None = None, *, slug: str = SLUG, **fields: str
) -> BuiltLesson:
    """Write, check and import a lesson (default: one activity of each of ``TYPES``, with ids like
    "quiz-1", of two parts each so answers can be right, partly right or wrong).

    ``fields`` go to :func:`tests.content_helpers.lesson_text` (``title``, ``extra`` front matter).
    """
    if body is None:
        body = body_with(*(block(t, f"{t}-1", parts=2) for t in TYPES))
    source = lesson_text(body, id=slug, **fields)
    folder = make_content(root, {f"01-{slug}.md": source})
    catalog = load_catalog(folder)
    with app.app_context():
        import_catalog(catalog)
        db.session.commit()
    return BuiltLesson(slug, catalog.lessons[slug], source, folder)
