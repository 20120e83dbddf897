"""A lesson source built to hang or crash the checker is refused quickly, as ``file:line``.

Lesson sources reach the parser from instructors' browsers (every preview) as well as from files,
so whatever the text, checking ends soon with a lesson or with :class:`ContentErrors`: never a
``RecursionError``, a ``UnicodeEncodeError`` or minutes of work.
"""

from __future__ import annotations

import time
from itertools import count

import pytest

from app.core.content import ContentErrors, parse_lesson
from app.core.content.budget import Budget, OverBudget
from app.core.content.markdown import MARKDOWN
from app.core.content.sanitize import MAX_HTML_DEPTH
from app.core.content.yaml_source import MAX_NODES
from app.core.untrusted import MAX_DEPTH
from tests.activity_blocks import block
from tests.conftest import SEED_CONTENT
from tests.content_helpers import ANCHORS_REFUSED, LAUGHS, body_line, lesson_text

QUICK = 1.0  # seconds of processor time; the defences answer in milliseconds


def errors_of(text: str, budget: Budget | None = None) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "lesson.md", budget)
    return [str(e) for e in caught.value.errors]


def quickly(check, *args):
    """Run ``check(*args)`` and assert it used less than :data:`QUICK` of processor time."""
    started = time.thread_time()
    result = check(*args)
    assert time.thread_time() - started < QUICK
    return result


def test_the_billion_laughs_in_front_matter_is_refused_at_its_first_anchor():
    text = lesson_text(extra=LAUGHS)
    assert len(LAUGHS.encode()) < 350
    assert quickly(errors_of, text) == [f"lesson.md:{body_line(text, 'a: &a')}: {ANCHORS_REFUSED}"]


def test_the_billion_laughs_in_an_activity_block_is_refused_at_its_line():
    text = lesson_text(f"## One {{#one}}\n\n{block('quiz', 'q', extra=LAUGHS)}")
    assert quickly(errors_of, text) == [
        f"lesson.md:{body_line(text, 'a: &a')}: quiz block: {ANCHORS_REFUSED}"
    ]


@pytest.mark.parametrize(
    "yaml", ["colour: &c red\n", "colour: !!str &c red\n", "colours: &c [red]\n"]
)
def test_an_anchor_alone_is_refused_too(yaml):
    text = lesson_text(extra=yaml)
    assert errors_of(text) == [f"lesson.md:{body_line(text, 'colour')}: {ANCHORS_REFUSED}"]


def test_a_merge_key_needs_an_alias_and_is_refused_with_it():
    text = lesson_text(extra="base: &base {a: 1}\nmore:\n  <<: *base\n")
    assert errors_of(text) == [f"lesson.md:{body_line(text, 'base: &base')}: {ANCHORS_REFUSED}"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900], ids=["past-the-limit", "past-python"])
def test_yaml_nested_deeper_than_the_limit_is_refused_at_its_line(depth):
    text = lesson_text(extra="deep: " + "[" * depth + "]" * depth + "\n")
    assert quickly(errors_of, text) == [
        f"lesson.md:{body_line(text, 'deep:')}: this YAML nests data more than "
        f"{MAX_DEPTH} levels deep"
    ]


def test_yaml_nested_past_libyamls_own_limit_is_refused_at_its_line():
    text = lesson_text(extra="deep: " + "[" * 5000 + "]" * 5000 + "\n")
    assert quickly(errors_of, text) == [
        f"lesson.md:{body_line(text, 'deep:')}: invalid YAML: exceeded maximum nesting depth"
    ]


def test_yaml_nested_by_indentation_is_refused_at_the_line_that_goes_too_deep():
    lines = "".join("  " * level + f"k{level}:\n" for level in range(60))
    text = lesson_text(extra=lines + "  " * 60 + "end\n")
    assert errors_of(text) == [
        f"lesson.md:{body_line(text, f'k{MAX_DEPTH}:')}: this YAML nests data more than "
        f"{MAX_DEPTH} levels deep"
    ]


def test_yaml_nested_deep_in_an_activity_block_is_refused():
    deep = "deep: " + "{a: " * 900 + "1" + "}" * 900 + "\n"
    text = lesson_text(f"## One {{#one}}\n\n{block('quiz', 'q', extra=deep)}")
    assert errors_of(text) == [
        f"lesson.md:{body_line(text, 'deep:')}: quiz block: this YAML nests data more than "
        f"{MAX_DEPTH} levels deep"
    ]


def test_a_yaml_block_with_too_many_values_is_refused():
    text = lesson_text(extra="many: [" + ",".join(["1"] * (MAX_NODES + 1)) + "]\n")
    assert errors_of(text) == [
        f"lesson.md:{body_line(text, 'many:')}: more than {MAX_NODES:,} YAML values in one block"
    ]


def test_the_seed_lesson_is_well_inside_every_limit():
    source = next((SEED_CONTENT / "ecommerce-manager-cx").glob("01-*.md")).read_text("utf-8")
    quickly(parse_lesson, source, "seed.md", Budget(QUICK))


SURROGATE_HINT = block("quiz", "q", extra="hint: \udfff\n")


@pytest.mark.parametrize(
    "text",
    [
        lesson_text("## One {#one}\n\nA broken \ud800 character.\n"),
        lesson_text(extra='summary: "a \ud800"\n'),
        lesson_text("## One {#one}\n\n" + SURROGATE_HINT),
    ],
    ids=["body", "front-matter", "activity"],
)
def test_a_lone_surrogate_is_refused_at_its_line(text):
    needle = next(line for line in text.splitlines() if "\ud800" in line or "\udfff" in line)
    assert errors_of(text) == [
        f"lesson.md:{body_line(text, needle)}: this line contains a lone surrogate (half of a "
        "UTF-16 pair, such as \\ud800), which is not text"
    ]


def test_raw_html_nested_too_deep_is_refused_at_its_line_before_the_sanitiser_sees_it():
    text = lesson_text("## One {#one}\n\nFine.\n\n" + "<div>\n" * 50_000)
    assert quickly(errors_of, text) == [
        f"lesson.md:{body_line(text, '<div>')}: raw HTML here nests elements more than "
        f"{MAX_HTML_DEPTH} deep"
    ]


def test_raw_html_nested_too_deep_in_an_activity_prompt_is_refused_at_the_block():
    prompt = "prompt: '" + "<blockquote>" * (MAX_HTML_DEPTH + 1) + "'\n"
    quiz = block("quiz", "q").replace("prompt: Answer.\n", prompt)
    text = lesson_text(f"## One {{#one}}\n\n{quiz}")
    assert errors_of(text) == [
        f"lesson.md:{body_line(text, '```quiz')}: quiz block: raw HTML here nests elements "
        f"more than {MAX_HTML_DEPTH} deep"
    ]


def test_raw_html_within_the_depth_limit_is_kept():
    html = "<div>" * MAX_HTML_DEPTH + "deep" + "</div>" * MAX_HTML_DEPTH
    lesson = parse_lesson(lesson_text(f"## One {{#one}}\n\n{html}\n"))
    assert "deep" in lesson.sections[0].blocks[0].html


def ticking_clock():
    """A clock that moves one second each time it is read."""
    return count().__next__


SLOW_MARKDOWN = {
    "images": "![" * 50_000,  # link labels: the slowest inline Markdown found
    "brackets": "[" * 50_000,
    "emphasis": "*a" * 50_000,
    "table": "|a|b|\n|-|-|\n" + "|x|y|\n" * 20_000,  # one block rule call for every row
    "paragraph": "a\n" * 50_000,  # one block rule call for every line
}


@pytest.mark.parametrize("body", SLOW_MARKDOWN.values(), ids=SLOW_MARKDOWN.keys())
def test_markdown_parsing_itself_stops_when_the_budget_is_spent(body):
    with Budget(50, clock=ticking_clock()).applied(), pytest.raises(OverBudget):
        MARKDOWN.parse(body)


@pytest.mark.parametrize(
    "body", [*SLOW_MARKDOWN.values(), "## Same\n\n" * 20_000], ids=[*SLOW_MARKDOWN, "headings"]
)
def test_checking_stops_with_a_problem_when_the_budget_is_spent(body):
    text = lesson_text("Intro.\n\n## One {#one}\n\n" + body)
    (error,) = errors_of(text, Budget(50, clock=ticking_clock()))
    assert "checking stopped here: the lesson took more than 50 s to check" in error


def test_pathological_markdown_is_stopped_by_the_default_budget_in_about_a_second():
    text = lesson_text("## One {#one}\n\n" + "![" * 240_000)  # 480 KB: 7 s without the budget
    started = time.thread_time()
    (error,) = errors_of(text, Budget(1.0))
    assert time.thread_time() - started < 3
    assert "checking stopped here: the lesson took more than 1 s to check" in error
