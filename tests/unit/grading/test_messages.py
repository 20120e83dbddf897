"""Feedback messages in words (templates/activities/_feedback.html): the markup graders once built.

Graders used to build each message as HTML. tests/unit/grading/message_cases.py answers activities
so that every message comes up, and its record holds the grades those graders gave. Today's
messages, put into words by the macro, must give the same markup; and the recorded grades, read
back as stored attempts are, must render exactly as they did.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader, UndefinedError
from markupsafe import escape

from app.core.grading import process_map
from app.core.grading.result import HTML, TEXT, Feedback, Grade, Message
from tests.feedback_goldens import normalised
from tests.unit.grading.helpers import activity
from tests.unit.grading.message_cases import CASES, recorded

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
MACROS = (
    Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    .get_template("activities/_feedback.html")
    .module
)
NAMES = sorted(CASES)
# Process maps have been scored and worded anew since the record was made (a flow put backwards
# earns nothing; where a step belongs is said in plain words): the same steps are judged, but
# their scores and words differ from the record on purpose. test_process_map.py and the tests
# below say what they are now. The written-answer grader was rewritten too: it quotes the
# learner's words and says what a criterion looks for (test_free_text.py), so its messages are
# new, not the old markup in words; its recorded grades must still render as they did.
REWORDED = {"process-map-scrambled", "process-map-reversed"}
REWRITTEN = ("free-text-",)
UNCHANGED = [name for name in NAMES if name not in REWORDED and not name.startswith(REWRITTEN)]


def words(item: Feedback) -> str:
    return str(MACROS.feedback_message(item))


def shown_before(item: dict[str, Any]) -> str:
    """What the templates made of a stored ``message_html``: notes escaped, the rest as it was."""
    html = item["message_html"]
    return str(escape(html)) if item["status"] == "info" else html


def verdicts(feedback: list[dict[str, Any]]) -> list[tuple]:
    return [(i["key"], i["status"], i["review"], i["points"], i["max_points"]) for i in feedback]


@pytest.mark.parametrize("name", [name for name in NAMES if not name.startswith(REWRITTEN)])
def test_the_same_parts_are_judged_as_when_graders_built_html(name):
    grade = json.loads(json.dumps(CASES[name]().grade().to_dict()))
    assert verdicts(grade["feedback"]) == verdicts(recorded()[name]["feedback"])


@pytest.mark.parametrize("name", UNCHANGED)
def test_messages_read_as_the_html_graders_built(name):
    before = recorded()[name]
    grade = CASES[name]().grade()
    stored = json.loads(json.dumps(grade.to_dict()))
    assert [normalised(words(item)) for item in grade.feedback] == [
        normalised(shown_before(item)) for item in before["feedback"]
    ]
    assert (stored["score"], stored["max_score"], stored["details"]) == (
        before["score"],
        before["max_score"],
        before["details"],
    )


@pytest.mark.parametrize("name", NAMES)
def test_grades_stored_with_message_html_render_exactly_as_they_did(name):
    before = recorded()[name]
    grade = Grade.from_dict(before)
    assert [words(item) for item in grade.feedback] == [
        shown_before(item) for item in before["feedback"]
    ]


OLD_FORMAT = {
    "score": 1.0,
    "max_score": 3.0,
    "details": {"words": 3},
    "feedback": [
        {
            "key": "step:pick",
            "status": "wrong",
            "message_html": "<strong>Pick &amp; pack</strong> is out of place. Items <em>first</em>.",
            "review": "one",
            "points": 0,
            "max_points": 1,
        },
        {
            "key": "step:ship",
            "status": "correct",
            "message_html": "",
            "review": None,
            "points": 1,
            "max_points": 1,
        },
        {
            "key": "length",
            "status": "info",
            "message_html": "Your answer has 3 words; aim for at least 5 & more.",
            "review": None,
            "points": 0.0,
            "max_points": 0.0,
        },
    ],
}


def test_a_grade_in_the_old_stored_format_reads_as_before():
    grade = Grade.from_dict(OLD_FORMAT)
    pick, ship, note = grade.feedback
    assert (pick.key, pick.status, pick.review, pick.points) == ("step:pick", "wrong", "one", 0)
    assert pick.messages == (Message(HTML, author_html=OLD_FORMAT["feedback"][0]["message_html"]),)
    assert words(pick) == OLD_FORMAT["feedback"][0]["message_html"]
    assert ship.messages == () and words(ship) == ""
    assert note.messages == (Message(TEXT, {"text": OLD_FORMAT["feedback"][2]["message_html"]}),)
    assert words(note) == "Your answer has 3 words; aim for at least 5 &amp; more."
    assert Grade.from_dict(json.loads(json.dumps(grade.to_dict()))) == grade


@pytest.mark.parametrize("name", NAMES)
def test_a_grade_reads_back_as_it_was_stored(name):
    grade = CASES[name]().grade()
    assert Grade.from_dict(json.loads(json.dumps(grade.to_dict()))) == grade


def test_the_learners_words_and_labels_are_escaped_and_the_authors_html_kept():
    message = Message("step-not-in-process", {"step": "<script>x</script>"}, "Not <em>here</em>.")
    assert words(Feedback("step:x", "wrong", (message,))) == (
        "<strong>&lt;script&gt;x&lt;/script&gt;</strong> is not part of this process. "
        "Not <em>here</em>."
    )


def test_a_step_with_no_neighbours_starts_the_process():
    message = Message("step-missing", {"step": "Begin", "follows": (), "precedes": ()})
    assert words(Feedback("step:a", "missing", (message,))) == (
        "<strong>Begin</strong> is missing from the process: it starts the process."
    )


MAP = """\
policy: position
steps:
  - {id: place, label: Order Placement}
  - {id: process, label: Order Processing}
  - {id: stock, label: Inventory}
  - {id: pick, label: Picking}
  - {id: ship, label: Shipping}
  - {id: deliver, label: Delivery}
order: [place, [process, stock], pick, ship, deliver]
"""
RIGHT = ["place", "process", "stock", "pick", "ship", "deliver"]


def said_about(step: str, main: list[str]) -> str:
    spec = activity("exercise process-map", MAP).spec
    fields = {f"place:{card}": [str(i + 1)] for i, card in enumerate(main)}
    return words(process_map.grade(spec, process_map.parse(spec, fields)).by_key()[f"step:{step}"])


@pytest.mark.parametrize(
    ("step", "main", "where"),
    [
        (
            "place",
            ["process", "place", "stock", "pick", "ship", "deliver"],
            "it should come first, before <strong>Order Processing</strong> and "
            "<strong>Inventory</strong>",
        ),
        (
            "ship",
            ["place", "process", "stock", "ship", "pick", "deliver"],
            "it should come between <strong>Picking</strong> and <strong>Delivery</strong>",
        ),
        (
            "deliver",
            ["place", "process", "stock", "pick", "deliver", "ship"],
            "it should come last, after <strong>Shipping</strong>",
        ),
        (
            "pick",
            ["place", "pick", "process", "stock", "ship", "deliver"],
            "it should come after <strong>Order Processing</strong> and <strong>Inventory</strong>, "
            "and before <strong>Shipping</strong>",
        ),
        (
            "process",
            ["process", "place", "stock", "pick", "ship", "deliver"],
            "it should come between <strong>Order Placement</strong> and <strong>Picking</strong>, "
            "in either order with <strong>Inventory</strong>",
        ),
    ],
    ids=["first", "middle", "last", "after-a-stage-of-two", "in-a-stage-of-two"],
)
def test_a_step_out_of_place_is_told_where_it_belongs(step, main, where):
    label = activity("exercise process-map", MAP).spec.steps[step].label
    assert said_about(step, main) == f"<strong>{label}</strong> is out of place: {where}."


def test_a_missing_last_step_should_come_last():
    assert said_about("deliver", RIGHT[:-1]) == (
        "<strong>Delivery</strong> is missing from the process: it should come last, after "
        "<strong>Shipping</strong>."
    )


def test_a_step_of_a_stage_of_three_may_come_in_any_order_with_the_other_two():
    items = {"step": "A", "follows": ("Z",), "precedes": (), "with": ("B", "C")}
    assert words(Feedback("step:a", "wrong", (Message("step-out-of-place", items),))) == (
        "<strong>A</strong> is out of place: it should come last, after <strong>Z</strong>, "
        "in any order with <strong>B</strong> and <strong>C</strong>."
    )


def test_a_message_stored_before_steps_named_their_stage_mates_still_reads_well():
    items = {"step": "Picking", "follows": ("Processing", "Inventory"), "precedes": ("Shipping",)}
    assert words(Feedback("step:pick", "wrong", (Message("step-out-of-place", items),))) == (
        "<strong>Picking</strong> is out of place: it should come after "
        "<strong>Processing</strong> and <strong>Inventory</strong>, and before "
        "<strong>Shipping</strong>."
    )


def test_several_messages_read_one_after_another():
    messages = (
        Message("question-unanswered"),
        Message("explanation", author_html="Orders start <em>online</em>."),
    )
    assert words(Feedback("q:a", "missing", messages)) == (
        "Not answered. Orders start <em>online</em>."
    )


def test_a_message_of_an_unknown_kind_is_an_error_not_silence():
    with pytest.raises(UndefinedError):
        words(Feedback("q:a", "wrong", (Message("no-such-kind"),)))
