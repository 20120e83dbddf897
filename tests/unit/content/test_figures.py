"""Figures: ``::: figure Caption {#id}`` around an image, an id feedback can point to, a caption
read aloud."""

from __future__ import annotations

import pytest

from app.core.content import ContentErrors, parse_lesson
from app.core.speech.marking import mark_lesson
from tests.activity_blocks import block
from tests.content_helpers import body_line, lesson_text

FIGURE = (
    "::: figure The stages of fulfillment {#stages}\n"
    "![Order placement, then processing, then shipping](images/stages.svg)\n"
    ":::\n"
)


def body(figure: str = FIGURE, activity: str = "") -> str:
    return f"Intro.\n\n## One {{#one}}\n\n{figure}\nText.\n\n{activity}\n"


def test_a_figure_has_its_id_its_image_and_its_caption_under_it():
    lesson = parse_lesson(lesson_text(body()))
    html = lesson.sections[0].blocks[0].html
    assert html.startswith('<figure class="figure" id="stages">\n<p><img src="images/stages.svg"')
    assert html.endswith(
        "<figcaption>The stages of fulfillment</figcaption>\n</figure>\n<p>Text.</p>\n"
    )
    assert lesson.figures == {"stages": "The stages of fulfillment"}
    assert "stages" in lesson.anchors


def test_a_figure_without_an_id_gets_one_from_its_caption():
    lesson = parse_lesson(lesson_text(body(FIGURE.replace(" {#stages}", ""))))
    assert lesson.figures == {"the-stages-of-fulfillment": "The stages of fulfillment"}


def test_a_figure_needs_a_caption_and_a_free_id():
    text = lesson_text(body(FIGURE.replace("The stages of fulfillment ", "") + FIGURE))
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "l.md")
    messages = [(e.line, e.message) for e in caught.value.errors]
    first = body_line(text, "::: figure")
    assert messages[0] == (first, "a figure needs a caption: ::: figure What it shows {#id}")
    assert messages[1][1] == f"duplicate id 'stages' (first used on line {first})"


def test_the_caption_is_read_aloud_and_the_image_is_not():
    lesson = mark_lesson(parse_lesson(lesson_text(body())))
    spoken = [s.spoken for s in lesson.speech[1].sentences]
    assert "The stages of fulfillment" in spoken
    assert not any("Order placement" in s for s in spoken)


def test_an_activity_may_point_its_feedback_to_a_figure():
    activity = block("process-map", "map-1", parts=2).replace(
        "type: process-map\n", "type: process-map\nfigure: stages\n"
    )
    lesson = parse_lesson(lesson_text(body(activity=activity)))
    assert lesson.activities["map-1"].figure == "stages"


def test_an_activity_pointing_to_a_missing_figure_is_a_problem_at_its_line():
    activity = block("process-map", "map-1", parts=2).replace(
        "type: process-map\n", "type: process-map\nfigure: nowhere\n"
    )
    text = lesson_text(body(activity=activity))
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "l.md")
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (
            body_line(text, "figure: nowhere"),
            "activity 'map-1' points to figure 'nowhere', which this lesson does not have "
            "(::: figure Caption {#id})",
        )
    ]
