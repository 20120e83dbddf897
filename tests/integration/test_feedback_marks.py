"""Marks in place without scripts: after a plain form post and the redirect, the lesson page marks
every part of the answer where it is answered, says what to do next, and shows a passed activity
as done. Scripts receive the same markup (one template draws both)."""

from __future__ import annotations

import re

import pytest

from app.core import activity_types
from app.core.content import load_catalog
from app.core.grading.result import Feedback, Message
from tests import activity_answers as answers
from tests import feedback_goldens as goldens
from tests.conftest import SEED_CONTENT, SEED_LESSON

LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
URL = f"/lessons/{SEED_LESSON}"
ONE_OF_EACH = [
    "process-mapping",
    "method-comparison",
    "delay-email",
    "oms-checklist",
    "knowledge-check-quiz",
]
VERDICT = {"correct": "Correct", "partial": "Partly right", "wrong": "Not right"}
VERDICT["missing"] = VERDICT["wrong"]
_PART = re.compile(r'data-(question|card|cell)="([^"]*)"')


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def post(client, activity_id: str, fields, accept: str = "text/html"):
    return client.post(
        f"{URL}/activities/{activity_id}",
        data={"revision": "1", **fields},
        headers={"Accept": accept},
    )


def section(page: str, activity_id: str) -> str:
    start = page.rindex("<section", 0, page.index(f'data-activity="{activity_id}"'))
    return page[start : page.index("</section>", start) + len("</section>")]


def part_of(key: str) -> tuple[str, str]:
    """The element a key's mark belongs in: (data attribute, value)."""
    prefix, _, rest = key.partition(":")
    if prefix == "q":
        return "question", rest
    if prefix == "cell":
        return "cell", rest.replace(":", "/")
    return "card", rest  # process-map steps and comparison-table statement cards


def mark_at(html: str, key: str) -> tuple[int, str]:
    """Where the mark of ``key`` starts, and its text."""
    match = re.search(
        rf'<(div|li) class="mark [^"]*" data-mark="{re.escape(key)}">(.*?)</\1>', html, re.S
    )
    assert match, f"no mark for {key}"
    return match.start(), " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


@pytest.mark.parametrize("kind", ["partly", "wrong"])
@pytest.mark.parametrize("activity_id", ONE_OF_EACH)
def test_after_the_redirect_every_part_is_marked_where_it_is(client, activity_id, kind):
    activity = LESSON.activities[activity_id]
    fields = getattr(answers, kind)(activity)
    response = post(client, activity_id, fields)
    assert response.status_code == 302
    html = section(client.get(URL).text, activity_id)
    result_at = html.index("data-result")
    activity_type = activity_types.get(activity.type)
    _, grade = activity_type.evaluate(activity.spec, fields)
    judged = [item for item in grade.feedback if item.status != "info"]
    for item in judged:
        if not activity_type.marks_in_place and not item.messages:
            continue  # judged with nothing to say: left off the result's list
        at, text = mark_at(html, item.key)
        assert text.startswith(("✓", "◐", "✗")) and VERDICT[item.status] in text, item.key
        if activity_type.marks_in_place:
            assert at < result_at, item.key
            *_, nearest = _PART.finditer(html, 0, at)
            assert nearest.groups() == part_of(item.key), item.key
        else:
            assert at > result_at, item.key
    listed = activity_type.marks_in_place
    wrong = sum(item.status != "correct" and (listed or bool(item.messages)) for item in judged)
    one, several = activity_type.parts
    assert f"Fix the {wrong} marked {one if wrong == 1 else several} and check again" in html
    assert f"pass mark {activity.pass_mark}%" in html


def test_scripts_receive_the_activity_as_the_lesson_page_draws_it(client):
    activity_id = "knowledge-check-quiz"
    fields = answers.partly(LESSON.activities[activity_id])
    drawn = post(client, activity_id, fields, accept="application/json").json["activity_html"]
    page = section(client.get(URL).text, activity_id)
    assert goldens.normalised(drawn.strip()) == goldens.normalised(page)
    assert 'data-mark="q:' in drawn


def test_a_passed_activity_is_done_and_trying_again_is_the_lesser_choice(client):
    activity = LESSON.activities["process-mapping"]
    assert post(client, activity.id, answers.right(activity)).status_code == 302
    html = section(client.get(URL).text, activity.id)
    button = re.search(r'<button type="submit" class="([^"]*)">(.*?)</button>', html, re.S)
    assert "button--secondary" in button.group(1)
    assert re.sub(r"<[^>]+>", "", button.group(2)).strip() == "Done ✓ — try again"
    assert '<span aria-hidden="true"> ✓</span>' in button.group(2)  # named "Done — try again"
    assert "Check again" not in html
    assert "Done." in html and "Fix the" not in html
    ids = [s.id for s in LESSON.sections]
    following = LESSON.sections[ids.index(activity.section_id) + 1]
    assert f'Next: <a href="#{following.id}">' in html


@pytest.mark.parametrize(
    ("fields", "word"), [(answers.right, "Passed"), (answers.wrong, "Not passed yet")]
)
def test_the_outcome_is_summed_up_on_top_before_the_marked_answers(client, fields, word):
    activity = LESSON.activities["process-mapping"]
    html = section(client.get(URL).text, activity.id)
    assert "data-activity-status" not in html  # nothing to sum up before a check
    assert post(client, activity.id, fields(activity)).status_code == 302
    html = section(client.get(URL).text, activity.id)
    status = html.index("data-activity-status")
    assert html.index("activity__prompt") < status < html.index('class="activity__fields"')
    line = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html[status : html.index("</p>", status)]))
    assert f"{word}:" in line and f"(pass mark {activity.pass_mark}%)" in line
    assert f'href="#page-{activity.id}-result"' in html[status:]


def test_a_partly_right_pass_is_done_and_names_the_marks_left_to_fix(client):
    activity = LESSON.activities["knowledge-check-quiz"]
    first = f"q:{activity.spec.questions[0].id}"
    wrong = {
        k: v for k, v in answers.wrong(activity).items() if k.split(":")[:2] == first.split(":")
    }
    fields = answers.right(activity) | wrong
    response = post(client, activity.id, fields, accept="application/json").json
    assert response["passed"] and response["percent"] < 100
    assert "Done." in response["html"]
    assert "You can still fix the 1 marked question if you like." in response["html"]


def render_mark(app, item: Feedback) -> str:
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{% from "activities/_marks.html" import mark %}{{ mark(item) }}'
        )
        return template.render(item=item)


LONG = "This is why the step belongs <em>where it does</em>. " * 5


def step_out_of_place(author_html: str) -> Feedback:
    items = {"step": "Packing", "follows": ("Picking",), "precedes": ("Shipping",)}
    return Feedback("step:packing", "wrong", (Message("step-out-of-place", items, author_html),))


def test_a_long_explanation_folds_under_the_sentence(app):
    html = render_mark(app, step_out_of_place(LONG))
    sentence, folded = html.split('<details class="mark__why">')
    assert "is out of place" in sentence and "This is why" not in sentence
    assert folded.startswith("<summary>Why</summary>") and "This is why" in folded


def test_a_short_explanation_stays_in_the_sentence(app):
    html = render_mark(app, step_out_of_place("<p>Pack before you ship.</p>"))
    assert "<details" not in html
    assert "is out of place" in html and "Pack before you ship." in html


@pytest.mark.parametrize(
    ("status", "icon", "word"),
    [
        ("correct", "✓", "Correct"),
        ("partial", "◐", "Partly right"),
        ("wrong", "✗", "Not right"),
        ("missing", "✗", "Not right"),
    ],
)
def test_a_mark_says_its_verdict_in_an_icon_and_a_word(app, status, icon, word):
    html = render_mark(app, Feedback("q:one", status, (Message("question-unanswered"),)))
    assert f'class="mark mark--{status}"' in html
    assert f'<span class="mark__icon" aria-hidden="true">{icon}</span> {word}' in html


def test_a_right_cell_does_not_repeat_that_it_is_right(app):
    items = {"row": "Cost", "column": "In-house"}
    html = render_mark(
        app, Feedback("cell:cost:in-house", "correct", (Message("cell-right", items),))
    )
    assert "Correct" in html and "mark__message" not in html


def test_feedback_stored_as_markup_is_shown_whole(app):
    stored = Feedback.from_dict({"key": "q:one", "status": "wrong", "message_html": LONG})
    html = render_mark(app, stored)
    assert "<details" not in html and "This is why" in html
