"""Every public page describes itself in a <meta name="description"> for search results and
link previews: plain text on one line, at most 160 characters."""

from __future__ import annotations

import html
import re

import pytest

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.importer import import_catalog
from tests.content_helpers import BODY, lesson_text, make_content
from tests.lessons import COURSE, SLUG, build_lesson

LONG_SUMMARY = "Learn to pick, pack and ship every order on time. " * 6


def description(page: str) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', page)
    assert len(found) == 1, found
    return html.unescape(found[0])


def assert_sane(text: str) -> None:
    assert 20 <= len(text) <= 160, text
    assert text == " ".join(text.split())
    assert "<" not in text and "*" not in text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "Short, practical lessons you can read, listen to and practise"),
        (f"/courses/{COURSE}", "A course: a course on Learnwell"),
        ("/signin", "Sign in to Learnwell"),
        ("/signup", "Sign up free to Learnwell"),
    ],
)
def test_public_pages_have_a_description(lesson, visitor, url, expected):
    text = description(visitor.get(url).text)
    assert_sane(text)
    assert text.startswith(expected)


def test_lesson_description_is_its_first_paragraph_as_plain_text(app, tmp_path, visitor):
    build_lesson(app, tmp_path / "content", "Pack *every* order\nwith care.\n\n" + BODY)
    assert description(visitor.get(f"/lessons/{SLUG}").text) == "Pack every order with care."


def test_lesson_description_is_its_summary_cut_to_fit(app, tmp_path, visitor):
    build_lesson(app, tmp_path / "content", extra=f"summary: {LONG_SUMMARY}\n")
    text = description(visitor.get(f"/lessons/{SLUG}").text)
    assert_sane(text)
    assert text.endswith(" Learn to…")  # whole words only, up to 160 characters
    assert LONG_SUMMARY.startswith(text.removesuffix("…"))


def test_lesson_without_an_introduction_is_described_by_its_first_section(app, tmp_path, visitor):
    build_lesson(app, tmp_path / "content", "## One {#one}\n\nOrders arrive all day long.\n")
    text = description(visitor.get(f"/lessons/{SLUG}").text)
    assert text == "Orders arrive all day long."


def test_course_description_is_its_summary_on_one_line(app, tmp_path, visitor):
    course = f"id: {COURSE}\ntitle: A course\nsummary: >\n  Orders, returns\n  and refunds.\n"
    catalog = load_catalog(make_content(tmp_path / "content", {"01-a.md": lesson_text()}, course))
    with app.app_context():
        import_catalog(catalog)
        db.session.commit()
    assert description(visitor.get(f"/courses/{COURSE}").text) == "Orders, returns and refunds."
