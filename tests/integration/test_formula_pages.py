"""Formulas on the lesson page, in the content check and in the editor's preview."""

from __future__ import annotations

import re

import pytest

from app.learning.lesson_queries import require_published_content
from tests.content_helpers import body_line, lesson_text, make_content
from tests.lessons import COURSE, build_lesson
from tests.users import signed_in_staff

BODY = """\
An introduction.

## One {#one}

The area is $`a \\times b`$ square inches. A plain $5 stays a price.

```math
\\text{DIM weight} = \\frac{L \\times W \\times H}{\\text{divisor}}
```

## Two {#two .deep-dive}

More text.
"""
WORDS = "DIM weight equals L times W times H, divided by divisor"


def test_the_lesson_page_shows_mathml_named_by_its_words_inside_sentences(app, tmp_path):
    built = build_lesson(app, tmp_path / "content", BODY)
    page = app.test_client().get(built.url).text
    inline = re.search(
        r'<span class="s" id="(s-one-\d+)" data-s="\1">The area is <math ([^>]*)>', page
    )
    assert inline and 'alttext="a times b" aria-label="a times b" display="inline"' in inline.group(
        2
    )
    assert '<div class="formula"><span class="s" id="s-one-' in page
    assert f'<math alttext="{WORDS}" aria-label="{WORDS}" display="block">' in page
    assert "A plain $5 stays a price." in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_speech_script_reads_the_formulas_in_words(app, tmp_path):
    build_lesson(app, tmp_path / "content", BODY)
    with app.app_context():
        lesson = require_published_content("a-lesson")
    spoken = [s.spoken for section in lesson.speech for s in section.sentences]
    assert "The area is a times b square inches." in spoken
    assert WORDS in spoken


def test_content_check_reports_a_malformed_formula_at_its_line(runner, tmp_path):
    text = lesson_text(BODY.replace("\\frac{L", "\\frac{{L"))
    root = make_content(tmp_path / "content", {"01.md": text})
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 1
    line = body_line(text, "```math")
    assert f"01.md:{line}: formula " in result.output and "never closed" in result.output


@pytest.fixture
def editing(app, tmp_path):
    app.config["WTF_CSRF_ENABLED"] = False
    build_lesson(app, tmp_path / "content", BODY)
    return signed_in_staff(app, course=COURSE)


def test_the_editor_preview_lists_a_malformed_formula_and_never_fails(editing):
    source = lesson_text(BODY.replace("a \\times b", "a \\timez b"), id="a-lesson")
    response = editing.post("/instructor/lessons/a-lesson/preview", json={"source": source})
    assert response.status_code == 200
    assert [e["message"] for e in response.json["errors"]] == [
        "formula 'a \\timez b': unknown command '\\timez'"
    ]
