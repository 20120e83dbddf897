"""The common authoring mistakes, each with the checker's message and the line it points at.

Every row is a broken lesson file built from a valid one: the snippet replaces the first section's
activity, and the error must be reported (alone) at the line holding ``needle``.
"""

from __future__ import annotations

import pytest

from app.core.content import ContentErrors, load_catalog, parse_lesson
from tests.content_helpers import body_line, lesson_text, make_content
from tests.images import GIF


def body(snippet: str, first_heading: str = "## Section one {#one}") -> str:
    return (
        f"{first_heading}\n\nSome text.\n\n{snippet}\n## Section two {{#two .deep-dive}}\n\nMore.\n"
    )


def quiz(question: str) -> str:
    return (
        f"```quiz\nid: q\nprompt: Check.\nobjectives: [first, second]\nquestions:\n{question}```\n"
    )


SHORT = """\
  - id: s
    type: short
    prompt: How many?
    review: one
    feedback: Count again.
"""
MATCHING = """\
  - id: m
    type: matching
    prompt: Match.
    review: one
    feedback: Look again.
    pairs:
"""
REFLECTION = "```reflection\nid: r\nprompt: {prompt}\nobjectives: [first, second]\n```\n"
TABLE = """\
```exercise
id: t
type: comparison-table
prompt: Compare.
objectives: [first, second]
columns: [{id: x, label: X}, {id: y, label: Y}]
rows:
  - id: weight
    label: Weight
    kind: text
    cells:
      x: {answer: "12", explanation: Light.}
      y: {answer: 13, explanation: Heavy.}
```
"""
CARDS = """\
```exercise
id: t
type: comparison-table
prompt: Compare.
objectives: [first, second]
columns: [{id: x, label: X}, {id: y, label: Y}]
rows:
  - {id: pros, label: Pros, kind: cards}
cards:
  - {id: a, text: Cheap, cells: []}
```
"""

CASES = [
    pytest.param(
        quiz(
            MATCHING + "      - {id: a, left: Stock, right: Held}\n"
            "      - {id: b, left: Drop, right: Held}\n"
        ),
        "pairs:",
        "question 'm': pairs 'a' and 'b' have the same right-hand text 'Held'",
        id="matching-same-right",
    ),
    pytest.param(
        quiz(
            MATCHING + "      - {id: a, left: Stock, right: Low cost, which can erode margins}\n"
            "      - {id: b, left: Drop, right: None held}\n"
        ),
        "which can erode",
        "'which can erode margins' reads as a field of its own: a comma inside { } or [ ] "
        "ends a value, so put the whole value in quotes",
        id="comma-in-flow-mapping",
    ),
    pytest.param(
        quiz(SHORT + "    accept: [13]\n"),
        "accept: [13]",
        "'accept' has the bare YAML number 13: text answers are compared as words, so put it "
        'in quotes ("13"), or use type: numeric',
        id="bare-number-short-answer",
    ),
    pytest.param(
        quiz(SHORT + '    accept: ["13 lb"]\n'),
        "accept:",
        "'accept': '13 lb' has a unit learners are unlikely to type: accept the number alone "
        'too ("13")',
        id="number-with-unit",
    ),
    pytest.param(
        TABLE,
        "y: {answer: 13",
        "cell weight/y: 'answer' has the bare YAML number 13",
        id="bare-number-table-cell",
    ),
    pytest.param(
        CARDS,
        "cells: []",
        "card: 'cells' is an empty list: write at least one value between the brackets",
        id="empty-cells",
    ),
    pytest.param(
        REFLECTION.format(prompt="Why: because"),
        "prompt: Why",
        "reflection block: invalid YAML: quote this value: it contains a colon followed by a space",
        id="yaml-colon",
    ),
    pytest.param(
        REFLECTION.format(prompt='"Pick" the item'),
        'prompt: "Pick',
        "invalid YAML: quote the whole value: text follows its closing quote or bracket",
        id="yaml-text-after-quote",
    ),
    pytest.param(
        "```reflection\nid: r\nprompt: Think.\nobjectives: [first, second\n```\n",
        "objectives: [first",
        "invalid YAML: a [ ] or { } value is not closed, or text inside it holds a comma, "
        "colon, bracket or '#', which ends a value there: close the bracket, or quote such text",
        id="yaml-unclosed-bracket",
    ),
    pytest.param(
        "```exercise\nid: p\ntype: procss-map\nprompt: Map it.\n```\n",
        "type: procss-map",
        "'procss-map' (did you mean 'process-map'?)",
        id="misspelt-type",
    ),
    pytest.param(
        "```reflection\nid: r\npromt: Think.\nobjectives: [first, second]\n```\n",
        "promt:",
        "reflection block: unknown field 'promt' (did you mean 'prompt'?)",
        id="misspelt-field",
    ),
    pytest.param(
        quiz("  - {id: s, type: shrot, prompt: P, review: one, feedback: F, accept: x}\n"),
        "type: shrot",
        "question 'type' must be one of single, multiple, true-false, short, matching, "
        "ordering, numeric (did you mean 'short'?)",
        id="misspelt-question-type",
    ),
    pytest.param(
        "```reflection\nid: r\nprompt: Think.\nobjectives: [frist, second]\n```\n",
        "objectives: [frist",
        "refers to objective 'frist', which the front matter does not declare "
        "(did you mean 'first'?)",
        id="misspelt-objective",
    ),
    pytest.param(
        "```reflection\nid: r\nprompt: Think.\nreview: onee\nobjectives: [first, second]\n```\n",
        "review: onee",
        "sends learners to section 'onee', which this lesson does not have (did you mean 'one'?)",
        id="misspelt-section-id",
    ),
    pytest.param(
        "```exercise\nid: p\ntype: process-map\nprompt: Map it.\nobjectives: [first, second]\n"
        "steps:\n  - {id: a, label: First}\n  - {id: b, label: Second}\n  - {id: c, label: Third}\n"
        "order: [a, b, cc]\n```\n",
        "order: [a, b, cc]",
        "'order' names 'cc', which is not one of the steps (did you mean 'c'?)",
        id="misspelt-step",
    ),
    pytest.param(
        "```reflection\nid: r\nprompt: Think.\nreview: One\nobjectives: [first, second]\n```\n",
        "review: One",
        "'review' has capital letters: ids are lowercase, write 'one'",
        id="capital-review",
    ),
]


@pytest.mark.parametrize(("snippet", "needle", "message"), CASES)
def test_each_mistake_is_one_clear_error_at_its_line(snippet, needle, message):
    text = lesson_text(body(snippet))
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "lesson.md")
    errors = caught.value.errors
    assert len(errors) == 1, [str(e) for e in errors]
    assert message in errors[0].message
    assert errors[0].line == body_line(text, needle)


def test_a_section_id_with_capitals_is_refused_with_its_lowercase_form():
    text = lesson_text(body(REFLECTION.format(prompt="Think."), "## Costs {#Costs}"))
    text = text.replace("sections: [one]", "sections: [costs]")
    errors = _errors(text)
    assert (
        f"lesson.md:{body_line(text, '{#Costs}')}: id 'Costs' has capital letters: write it "
        "as 'costs'" in errors
    )


def test_references_to_the_lowercase_spelling_of_a_capitalised_id_are_not_reported_again():
    text = lesson_text(
        body(REFLECTION.format(prompt="Think."), "## Costs {#Costs}")
        + "\nSee [the costs](#costs).\n"
    )
    text = text.replace("sections: [one]", "sections: [costs]")
    assert _errors(text) == [
        f"lesson.md:{body_line(text, '{#Costs}')}: id 'Costs' has capital letters: write it "
        "as 'costs'"
    ]


def _errors(text: str) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "lesson.md")
    return [str(e) for e in caught.value.errors]


def test_an_unclosed_block_is_named_once_with_its_line_and_hides_its_knock_ons():
    snippet = "::: tip Packing\nWrap it well.\n\n" + REFLECTION.format(prompt="Think.")
    text = lesson_text(body(snippet))
    errors = _errors(text)
    line = body_line(text, "::: tip")
    assert len(errors) == 1, errors
    assert errors[0].startswith(
        f"lesson.md:{line}: the '::: tip' block opened on line {line} is never closed: add a "
        f"line ':::' where it ends (before the section heading on line "
        f"{body_line(text, '## Section two')})"
    )


def test_an_unclosed_block_at_the_end_of_the_lesson_is_reported():
    text = lesson_text(body(REFLECTION.format(prompt="Think.")) + "\n::: note\nLast words.\n")
    assert [e.split(": ", 1)[1] for e in _errors(text)] == [
        "the '::: note' block opened on line "
        f"{body_line(text, '::: note')} is never closed: add a line ':::' where it ends"
    ]


def test_a_duplicate_section_id_is_one_root_cause_with_its_knock_ons_grouped():
    snippet = REFLECTION.format(prompt="Think.").replace("```\n", "review: two\n```\n", 1)
    snippet = snippet.replace("```reflection\n", "```reflection\n", 1)
    text = lesson_text(body(snippet)).replace("{#two .deep-dive}", "{#one .deep-dive}")
    errors = _errors(text)
    assert len(errors) == 1, errors
    assert errors[0] == (
        f"lesson.md:{body_line(text, 'Section two')}: duplicate id 'one' (first used on line "
        f"{body_line(text, 'Section one')}): two sections can't share an id; give this one its "
        "own; not listed until it is fixed: 1 reference(s) to sections it hides ('two')"
    )


def _warnings(text: str) -> list[str]:
    return [str(w) for w in parse_lesson(text, "lesson.md").warnings]


def test_an_objective_no_activity_assesses_is_a_warning():
    snippet = "```reflection\nid: r\nprompt: Think.\nobjectives: [first]\n```\n"
    text = lesson_text(body(snippet))
    assert _warnings(text) == [
        f"lesson.md:{body_line(text, 'id: second')}: warning: objective 'second' is not "
        "assessed by any activity (name it in an activity's or question's 'objectives')"
    ]


def test_an_objective_a_quiz_question_assesses_is_covered():
    question = SHORT.replace("    feedback", "    objectives: [second]\n    feedback")
    snippet = quiz(question + "    accept: [three]\n").replace("[first, second]", "[first]")
    assert _warnings(lesson_text(body(snippet))) == []


def test_an_objective_taught_only_in_the_deep_dive_is_a_warning():
    text = lesson_text(body(REFLECTION.format(prompt="Think."))).replace(
        "sections: [one]", "sections: [two]"
    )
    assert _warnings(text) == [
        f"lesson.md:{body_line(text, 'id: first')}: warning: objective 'first' is taught only "
        "in the optional deep dive (teach it in a core section too, or list one in its "
        "'sections')"
    ]


def test_a_missing_image_is_reported_and_a_present_one_is_not(tmp_path):
    text = lesson_text(
        body(REFLECTION.format(prompt="Think."))
        + "\n![A box with its length, width and height](images/box-dimensions.png)\n\n![A shipping label on a box](images/label.gif)\n"
    )
    root = make_content(tmp_path, {"01.md": text})
    (root / "a-course" / "images").mkdir()
    (root / "a-course" / "images" / "label.gif").write_bytes(GIF)
    catalog = load_catalog(root)
    assert [(e.line, e.message.split(":")[0]) for e in catalog.errors] == [
        (body_line(text, "box-dimensions"), "image 'images/box-dimensions.png'")
    ]
    assert "no file" in catalog.errors[0].message


def test_a_link_to_a_planned_lesson_is_refused_but_next_may_name_it(tmp_path):
    text = lesson_text(
        body(REFLECTION.format(prompt="Think.")) + "\nSee [later](lesson:later).\n",
        extra="next: later\n",
    )
    catalog = load_catalog(make_content(tmp_path, {"01.md": text}))
    assert [(e.line, e.message) for e in catalog.errors] == [
        (
            body_line(text, "lesson:later"),
            "broken link 'lesson:later': lesson is only planned: link to it once it is written "
            "('next:' may name a planned lesson, a link may not)",
        )
    ]


def test_a_misspelt_activity_in_completion_gets_a_did_you_mean():
    text = lesson_text(
        body(
            REFLECTION.format(prompt="Think.")
            .replace("```reflection", "```exercise", 1)
            .replace("prompt:", "type: free-text\nprompt:", 1)
            .replace("```\n", "criteria:\n  - {id: c, label: C, keywords: [x], missed: M}\n```\n")
        ),
        extra="completion:\n  activities: [rr]\n",
    )
    errors = _errors(text)
    assert errors == [
        f"lesson.md:{body_line(text, 'completion:')}: completion: no activity 'rr' "
        "(did you mean 'r'?)"
    ]


@pytest.mark.parametrize(
    "accept",
    ['["3pl", third-party logistics]', '["13 lb", "13"]', '["$4.50", "4.50"]', '["B2B"]'],
)
def test_text_answers_that_are_words_or_also_accept_the_bare_number_pass(accept):
    question = SHORT.replace("    feedback", "    objectives: [second]\n    feedback")
    snippet = quiz(question + f"    accept: {accept}\n").replace("[first, second]", "[first]")
    assert parse_lesson(lesson_text(body(snippet)), "lesson.md").activities["q"]
