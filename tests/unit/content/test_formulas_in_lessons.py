"""Formulas in a lesson file: checked with file:line, and read aloud in words."""

from __future__ import annotations

import pytest

from app.core.content import ContentErrors, parse_lesson
from app.core.speech.marking import mark_lesson
from tests.activity_blocks import block
from tests.content_helpers import body_line, lesson_text

BODY = """\
An introduction.

## Section one {#one}

The weight is $`\\frac{a}{b}`$ kilograms. It costs $5.

```math
\\text{DIM weight} = \\frac{L \\times W \\times H}{\\text{divisor}}
% said: length times width times height, divided by the divisor
```

## Section two {#two .deep-dive}

More text.
"""


def test_malformed_formulas_are_problems_at_their_lines():
    text = lesson_text(
        BODY + "\nA long line\nthen $`\\fraac{x}`$ on the next.\n\n```math\nx^\n```\n"
    )
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "lesson.md")
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        f"lesson.md:{body_line(text, 'fraac')}: formula '\\fraac{{x}}': unknown command '\\fraac'",
        f"lesson.md:{body_line(text, 'x^') - 1}: formula 'x^': '^' is missing what it applies to",
    ]


def test_formulas_are_read_in_words_and_marked_as_one_sentence_piece():
    lesson = mark_lesson(parse_lesson(lesson_text(BODY)))
    sentences = lesson.speech[1].sentences[1:]  # after the heading
    assert [s.spoken for s in sentences] == [
        "The weight is a divided by b kilograms.",
        "It costs $5.",
        "length times width times height, divided by the divisor",
    ]
    html = "".join(block.html for block in lesson.sections[0].blocks)
    first = sentences[0].id
    assert f'<span class="s" id="{first}" data-s="{first}">The weight is <math' in html
    last = sentences[2].id
    assert f'<div class="formula"><span class="s" id="{last}" data-s="{last}"><math' in html


def test_a_malformed_formula_in_an_activity_prompt_is_a_problem_at_the_prompt():
    activity = block("process-map", "map-1", parts=2).replace(
        "prompt: ", "prompt: Work out $`\\frac{a}{b`$ first. ", 1
    )
    text = lesson_text(f"Intro.\n\n## One {{#one}}\n\n{activity}\n")
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "l.md")
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (
            body_line(text, "prompt: Work out"),
            "exercise block: prompt: formula '\\frac{a}{b': a '{' is never closed",
        )
    ]
