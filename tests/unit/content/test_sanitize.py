"""Lesson Markdown can't carry scripts onto the page, whoever wrote it."""

from __future__ import annotations

import pytest

from app.core.content import parse_lesson
from app.core.content.sanitize import sanitize_html
from tests.content_helpers import lesson_text

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<p onclick="alert(1)">text</p>',
    "[click](javascript:alert(1))",
    '<iframe src="https://example.org"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<div style="position:fixed">x</div>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<style>body{display:none}</style>",
]


def rendered_section(markdown: str) -> str:
    lesson = parse_lesson(lesson_text(f"## One {{#one}}\n\n{markdown}\n"))
    return "".join(block.html for block in lesson.section("one").blocks)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_markup_is_removed_from_lesson_text(payload):
    html = rendered_section(payload).lower()
    for marker in (
        "<script",
        "onerror=",
        "onclick=",
        "onload=",
        'href="javascript:',
        "<iframe",
        "style=",
        "<style",
        "<svg",
    ):
        assert marker not in html


def test_script_content_is_dropped_not_shown_as_text():
    assert "alert" not in rendered_section("<script>alert(1)</script>")


def test_activity_prompts_are_sanitised_too():
    body = (
        "## One {#one}\n\n```reflection\nid: r\nprompt: |\n"
        '  Think <script>alert(1)</script><b onmouseover="x()">hard</b>\n```\n'
    )
    prompt = parse_lesson(lesson_text(body)).activities["r"].prompt_html
    assert "<script" not in prompt and "onmouseover" not in prompt
    assert "<b>hard</b>" in prompt


def test_section_titles_are_sanitised():
    lesson = parse_lesson(lesson_text('## Hi <img src=x onerror="alert(1)"> {#one}\n'))
    assert "onerror" not in lesson.section("one").title_html


@pytest.mark.parametrize(
    "html",
    [
        '<p>A <a href="https://example.org/x">link</a> and <strong>bold</strong></p>',
        '<div class="callout callout-tip" role="note"><p>Tip</p></div>',
        '<table><thead><tr><th class="align-left" scope="col">a</th></tr></thead></table>',
        '<h3 id="part">Part</h3>',
    ],
)
def test_ordinary_lesson_markup_survives(html):
    cleaned = sanitize_html(html)
    for fragment in (
        'href="https://example.org/x"',
        'class="callout callout-tip"',
        'role="note"',
        'scope="col"',
        'id="part"',
    ):
        if fragment in html:
            assert fragment in cleaned
