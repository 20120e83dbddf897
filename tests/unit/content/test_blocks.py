"""Every block an author can write parses into the lesson model."""

from __future__ import annotations

import pytest

from app.core.content import parse_lesson
from app.core.content.model import ActivityBlock, HtmlBlock
from tests.activity_blocks import block
from tests.content_helpers import lesson_text


def html_of(lesson, section_id):
    return "".join(b.html for b in lesson.section(section_id).blocks if isinstance(b, HtmlBlock))


def test_front_matter_fields_are_read():
    lesson = parse_lesson(lesson_text(extra="next: later\nsummary: Short.\n"))
    assert (lesson.id, lesson.title, lesson.course) == ("a-lesson", "A lesson", "a-course")
    assert (lesson.position, lesson.duration_minutes, lesson.next_lesson) == (1, 20, "later")
    assert lesson.summary == "Short."
    assert [o.id for o in lesson.objectives] == ["first", "second"]
    assert lesson.objectives[0].sections == ("one",)


def test_summary_defaults_to_the_first_paragraph_as_plain_text():
    lesson = parse_lesson(lesson_text("A *first*\nparagraph.\n\n## One {#one}\n\nx\n"))
    assert lesson.summary == "A first paragraph."
    assert "<em>first</em>" in lesson.intro_html


def test_level_two_headings_start_sections_with_stable_anchors():
    lesson = parse_lesson(lesson_text())
    assert [(s.id, s.title, s.kind) for s in lesson.sections] == [
        ("one", "Section one", "core"),
        ("two", "Section two", "deep-dive"),
    ]
    assert lesson.sections[1].optional


def test_headings_without_an_id_get_one_from_their_title():
    body = "## One {#one}\n\n### Picking & Packing (2024)\n\n### Picking & Packing (2024)\n"
    lesson = parse_lesson(lesson_text(body))
    headings = lesson.section("one").headings
    assert [h.id for h in headings] == ["picking-packing-2024", "picking-packing-2024-2"]
    assert 'id="picking-packing-2024"' in html_of(lesson, "one")


@pytest.mark.parametrize(
    ("name", "css_class", "title"),
    [
        ("note", "callout callout-note", None),
        ("tip", "callout callout-tip", "Tip"),
        ("warning", "callout callout-warning", "Watch out"),
        ("example", "callout callout-example", "Example"),
        ("takeaways", "takeaways", None),
        ("next-steps", "next-steps", None),
        ("further-learning", "further-learning", None),
    ],
)
def test_directives_render_as_styled_blocks(name, css_class, title):
    body = f"## One {{#one}}\n\n::: {name}\nInside the block.\n:::\n"
    html = html_of(parse_lesson(lesson_text(body)), "one")
    assert f'<div class="{css_class}"' in html
    assert "<p>Inside the block.</p>" in html
    if title:
        assert f'<p class="block-title">{title}</p>' in html


def test_a_directive_title_overrides_the_default():
    body = "## One {#one}\n\n::: example A *t-shirt* order\nText.\n:::\n"
    html = html_of(parse_lesson(lesson_text(body)), "one")
    assert '<p class="block-title">A <em>t-shirt</em> order</p>' in html


def test_further_learning_items_keep_their_titles():
    body = "## One {#one}\n\n::: further-learning\n- **A guide** — what it offers.\n:::\n"
    html = html_of(parse_lesson(lesson_text(body)), "one")
    assert "<li><strong>A guide</strong> — what it offers.</li>" in html


EXERCISE = """\
## One {#one}

Before.

```exercise
id: map-it
type: process-map
title: Map the process
objectives: [first]
prompt: |
  Put the **steps** in order.
policy: pairs
steps: [{id: a, label: A}, {id: b, label: B}]
order: [a, b]
```

After.
"""


def test_exercise_blocks_become_activities_in_place():
    lesson = parse_lesson(lesson_text(EXERCISE))
    blocks = lesson.section("one").blocks
    assert [type(b) for b in blocks] == [HtmlBlock, ActivityBlock, HtmlBlock]
    activity = lesson.activities["map-it"]
    assert (activity.kind, activity.type, activity.title) == (
        "exercise",
        "process-map",
        "Map the process",
    )
    assert activity.prompt_html == "<p>Put the <strong>steps</strong> in order.</p>\n"
    assert activity.objectives == ("first",)
    assert activity.spec.policy == "pairs" and activity.spec.main_steps == ("a", "b")
    assert activity.mode == "practice" and not activity.bonus
    assert activity.pass_mark == 70 and activity.max_attempts is None


def test_activity_titles_appear_in_the_table_of_contents():
    lesson = parse_lesson(lesson_text(EXERCISE))
    assert [(h.id, h.title) for h in lesson.section("one").headings] == [
        ("map-it", "Map the process")
    ]


@pytest.mark.parametrize(
    "exercise_type", ["process-map", "comparison-table", "free-text", "checklist"]
)
def test_every_exercise_type_parses(exercise_type):
    body = "## One {#one}\n\n" + block(exercise_type)
    activity = parse_lesson(lesson_text(body)).activities["x"]
    assert activity.type == exercise_type
    assert activity.spec is not None


def test_quiz_and_reflection_blocks_parse():
    body = (
        "## One {#one}\n\n"
        + block("quiz", "check", "title: Knowledge check\nmode: assessment\n")
        + "\n"
        + block("reflection", "think")
    )
    lesson = parse_lesson(lesson_text(body))
    quiz = lesson.activities["check"]
    assert (quiz.type, quiz.mode, quiz.max_attempts) == ("quiz", "assessment", 2)
    assert [q.id for q in quiz.spec.questions] == ["q1"]
    assert lesson.activities["think"].kind == "reflection"
    assert lesson.activities["think"].spec is None


def activity_with(extra: str):
    return parse_lesson(lesson_text("## One {#one}\n\n" + block("quiz", "x", extra))).activities[
        "x"
    ]


def test_assessments_are_for_learners_with_an_account_and_practice_is_for_everyone():
    assessment, practice = activity_with("mode: assessment\n"), activity_with("")
    assert (assessment.requires_account, practice.requires_account) == (True, False)
    assert assessment.reveal_answers == "to-signed-in"


@pytest.mark.parametrize(
    ("extra", "requires_account", "reveal_answers"),
    [
        ("mode: assessment\nrequires_account: false\n", False, "to-signed-in"),
        ("mode: assessment\nreveal_answers: never\n", True, "never"),
        ("mode: assessment\nreveal_answers: after-last-attempt\n", True, "after-last-attempt"),
        ("requires_account: true\n", True, "to-signed-in"),
    ],
)
def test_authors_choose_who_may_answer_and_who_sees_the_answers(
    extra, requires_account, reveal_answers
):
    activity = activity_with(extra)
    assert (activity.requires_account, activity.reveal_answers) == (
        requires_account,
        reveal_answers,
    )


def test_activities_in_deep_dive_sections_are_bonus():
    body = "## Extra {#one .deep-dive}\n\n" + block("checklist")
    assert parse_lesson(lesson_text(body)).activities["x"].bonus


def test_tables_align_with_classes_not_inline_styles():
    body = "## One {#one}\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n"
    html = html_of(parse_lesson(lesson_text(body)), "one")
    assert 'class="align-center"' in html and 'class="align-right"' in html
    assert "style=" not in html
    assert '<th class="align-center" scope="col">a</th>' in html


def test_lesson_links_point_at_the_lesson_page():
    body = "## One {#one}\n\nSee [the next one](lesson:other#part) and [above](#one).\n"
    lesson = parse_lesson(lesson_text(body))
    assert 'href="/lessons/other#part"' in html_of(lesson, "one")
    assert [link.target for link in lesson.links] == ["lesson:other#part", "#one"]


def test_ordinary_code_fences_stay_code():
    body = "## One {#one}\n\n```python\nprint('hi')\n```\n"
    lesson = parse_lesson(lesson_text(body))
    assert "<pre><code" in html_of(lesson, "one")
    assert lesson.activities == {}


def test_the_source_hash_changes_with_the_text():
    assert (
        parse_lesson(lesson_text()).source_hash
        != parse_lesson(lesson_text() + "\nMore.\n").source_hash
    )
