"""Rubric criteria, answers the grader flagged for a person, and grouped wrong answers, through
the instructor's analytics page and its CSV — and the note a learner reads when their answer
was flagged.

On a lesson built for these tests (tests/lessons.py): a written exercise "Customer Email" whose
criteria are "Greets the reader" and "Apologises", and a quiz with a typed answer. Grades are
the grader's own; where a test needs what the grader change in progress stores (a partly met
criterion, a deduction, the borderline flag), it edits the stored grade as that grader would
write it.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from dataclasses import replace

import pytest

from app.core.content.specs.free_text import Criterion
from app.learning import analytics, review_entries
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.web.instructor import analytics_views
from tests import activity_answers as answers
from tests.activity_blocks import block
from tests.lessons import SLUG, body_with, build_lesson

ESSAY = "free-text-1"
QUIZ = """\
```quiz
id: quiz-1
title: Check
prompt: Answer.
questions:
  - id: acronym
    type: short
    prompt: What is a 3PL?
    accept: [warehousing partner]
    feedback: A company that stores and ships for you.
```
"""
ANALYTICS = f"/instructor/lessons/{SLUG}/analytics"
FLAGGED = f"{ANALYTICS}?flagged=1"
REASON = "65% is within 10 points of the pass mark"
NOTE = (
    "Your answer is close to the pass mark, so an instructor will look at it too. "
    "Your score may change."
)


@pytest.fixture
def lesson(app, tmp_path):
    body = body_with(block("free-text", ESSAY, "title: Customer Email\n", parts=2), QUIZ)
    return build_lesson(app, tmp_path / "content", body)


def token(client, path="/"):
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text).group(1)


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def answer(client, lesson, activity_id, how="right", **fields):
    fields = fields or getattr(answers, how)(lesson.activity(activity_id))
    data = {"revision": "1", "csrf_token": token(client), **fields}
    response = client.post(f"{lesson.url}/activities/{activity_id}", data=data)
    assert response.status_code == 302, response.text
    return latest_attempt(client.application)


def latest_attempt(app):
    with app.app_context():
        return db.session.scalars(db.select(Attempt).order_by(Attempt.id.desc())).first()


def edit_grade(app, attempt_id, change):
    """Store the attempt's grade as ``change`` rewrites it (a copy of the grade as a dict)."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        grade = copy.deepcopy(attempt.feedback)
        change(grade)
        attempt.feedback = grade
        db.session.flush()
        review_entries.rebuild()  # written behind the use cases: the queue is read again
        db.session.commit()


def flag(app, attempt_id, reason=REASON):
    edit_grade(
        app, attempt_id, lambda g: g["details"].update(flag="borderline", flag_reason=reason)
    )


def set_status(app, attempt_id, criterion, status):
    def change(grade):
        for item in grade["feedback"]:
            if item["key"] == f"criterion:{criterion}":
                item["status"] = status

    edit_grade(app, attempt_id, change)


def review(client, attempt_id, percent="80"):
    data = {"percent": percent, "comment": "", "csrf_token": token(client, ANALYTICS)}
    response = client.post(f"/instructor/lessons/{SLUG}/attempts/{attempt_id}/review", data=data)
    assert response.status_code == 302


def table(client, name):
    response = client.get(f"{ANALYTICS}/{name}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text)))


def review_ids(page):
    return [int(i) for i in re.findall(r'<article class="review" id="review-(\d+)"', page)]


@pytest.fixture
def essays(app, lesson):
    """Four learners' latest essays: one meets both criteria, one neither, one tried twice and
    now meets both, one met "Apologises" only partly."""
    learners = [app.test_client() for _ in range(4)]
    answer(learners[0], lesson, ESSAY, "right")
    answer(learners[1], lesson, ESSAY, "wrong")
    answer(learners[2], lesson, ESSAY, "wrong")
    answer(learners[2], lesson, ESSAY, "right")
    partly = answer(learners[3], lesson, ESSAY, "right")
    set_status(app, partly.id, "apology", "partial")
    return learners


# Per-criterion figures


def test_the_page_shows_how_each_criterion_fares_in_learners_latest_answers(essays, instructor):
    page = instructor.get(ANALYTICS).text
    assert '<li><a href="#criteria">Rubric criteria</a></li>' in page
    part = page[page.index('id="criteria"') : page.index('id="reviews"')]
    assert "<caption>Criteria of “Customer Email” in learners' latest answers (4 learners)" in part
    assert '<th scope="col" class="align-right">Latest answers judged</th>' in part
    assert '<th scope="row">Greets the reader</th>' in part
    # weight, judged, met, partly, missed, rate
    assert "Greets the reader 1 4 3 0 1 75%" in text(part)
    assert "Apologises 1 4 2 1 1 50%" in text(part)


def test_the_criteria_csv_counts_latest_answers(essays, instructor):
    header, *rows = table(instructor, "criteria")
    assert header[4:9] == ["latest answers judged", "met", "partly met", "missed", "percent met"]
    assert rows == [
        [ESSAY, "greet", "Greets the reader", "1", "4", "3", "0", "1", "75", "", ""],
        [ESSAY, "apology", "Apologises", "1", "4", "2", "1", "1", "50", "", ""],
    ]


def test_a_lesson_without_written_exercises_says_so(app, tmp_path, instructor):
    build_lesson(app, tmp_path / "other", body_with(QUIZ))  # the same lesson, republished
    assert "This lesson has no written exercise." in instructor.get(ANALYTICS).text


def with_deduction(content):
    """The lesson with a deduction added to the essay, as the grader change lets authors write."""
    essay = content.activities[ESSAY]
    blame = Criterion(
        "blame", "Blames the customer", keywords=(("your fault",),), weight=0.0, deduct=1.0
    )
    spec = replace(essay.spec, criteria=(*essay.spec.criteria, blame))
    return replace(content, activities={**content.activities, ESSAY: replace(essay, spec=spec)})


def test_deductions_are_shown_as_the_answers_they_applied_in(essays, app, instructor, monkeypatch):
    def deducting(page):
        return analytics.LessonAnalytics(with_deduction(page.content), page.lesson.id)

    monkeypatch.setattr(analytics_views, "analytics_for", deducting)  # the streamed tables
    monkeypatch.setattr(analytics, "analytics_for", deducting)  # the page and the small tables
    with app.app_context():
        ids = db.session.scalars(db.select(Attempt.id).order_by(Attempt.id)).all()
    for attempt_id, status in zip(ids[-2:], ("wrong", "correct"), strict=True):
        item = {"key": "criterion:blame", "status": status, "messages": [], "review": None}
        item |= {"points": -1.0 if status == "wrong" else 0.0, "max_points": 0.0}
        edit_grade(app, attempt_id, lambda g, item=item: g["feedback"].append(item))
    page = instructor.get(ANALYTICS).text
    part = page[page.index('id="criteria"') : page.index('id="reviews"')]
    assert "<caption>Deductions of “Customer Email” in learners' latest answers</caption>" in part
    assert "Blames the customer -1 2 Applied in 1 answer (50%)" in text(part)
    assert "Blames the customer" not in part[: part.index("Deductions of")]  # not a criterion
    reviews = text(page[page.index('id="reviews"') :])
    assert "Deduction applied: Blames the customer" in reviews
    assert "No deduction: Blames the customer" in reviews
    blame = next(r for r in table(instructor, "criteria") if r[1] == "blame")
    assert blame == [ESSAY, "blame", "Blames the customer", "-1", "2", "", "", "", "", "1", "50"]


# Flagged answers


@pytest.fixture
def flagged(app, lesson):
    """Two essays waiting for review: the older one plain, the newer one flagged."""
    older = answer(app.test_client(), lesson, ESSAY, "wrong")
    learner = app.test_client()
    newer = answer(learner, lesson, ESSAY, "partly")
    flag(app, newer.id)
    return {"plain": older.id, "flagged": newer.id, "learner": learner}


def test_flagged_answers_come_first_in_the_queue_marked_with_the_reason(flagged, instructor):
    page = instructor.get(ANALYTICS).text
    assert review_ids(page) == [flagged["flagged"], flagged["plain"]]
    first = text(page[page.index(f'id="review-{flagged["flagged"]}"') :])
    assert first.split(" Submitted")[0].endswith(f"Flagged: {REASON}")
    assert "Flagged:" not in text(page[page.index(f'id="review-{flagged["plain"]}"') :])
    assert "Written answers (2 to review, 1 flagged)" in text(page)


def test_the_page_counts_flagged_answers_and_links_to_them(flagged, instructor):
    page = instructor.get(ANALYTICS).text
    link = f'<a href="{ANALYTICS}?flagged=1#reviews">1 written answer flagged for review</a>'
    assert link in page
    assert "2 waiting for review, 1 of them flagged. Show only the flagged answers" in text(page)


def test_the_flagged_filter_lists_only_flagged_answers_waiting(flagged, instructor):
    page = instructor.get(FLAGGED).text
    assert review_ids(page) == [flagged["flagged"]]
    assert "Showing the 1 flagged answer waiting for review. Show all written answers" in text(page)
    assert f'<a href="{ANALYTICS}#reviews">Show all written answers</a>' in page


def test_a_reviewed_answer_leaves_the_flagged_list(flagged, instructor):
    review(instructor, flagged["flagged"])
    page = instructor.get(FLAGGED).text
    assert review_ids(page) == []
    assert "No flagged answers are waiting." in page
    assert "No written answers are flagged for review." in instructor.get(ANALYTICS).text
    reasons = {row[0]: row[-1] for row in table(instructor, "reviews")[1:]}
    assert reasons == {str(flagged["flagged"]): REASON, str(flagged["plain"]): ""}


@pytest.mark.parametrize("value", ["0", "yes", "", "1'"])
def test_any_other_filter_value_lists_every_answer(flagged, instructor, value):
    response = instructor.get(f"{ANALYTICS}?flagged={value}")
    assert response.status_code == 200
    assert review_ids(response.text) == [flagged["flagged"], flagged["plain"]]


# What the learner sees


def result_area(page):
    return text(page[page.index("data-result-summary") :])


def test_a_learner_whose_answer_was_flagged_is_told_an_instructor_will_look(flagged, lesson):
    page = flagged["learner"].get(lesson.url).text
    assert NOTE in result_area(page)
    assert "data-flagged" in page


def test_an_unflagged_answer_has_no_note(app, lesson):
    learner = app.test_client()
    answer(learner, lesson, ESSAY, "partly")
    assert "close to the pass mark" not in learner.get(lesson.url).text


def test_once_reviewed_the_note_gives_way_to_the_review(flagged, lesson, instructor):
    review(instructor, flagged["flagged"], "75")
    page = text(flagged["learner"].get(lesson.url).text)
    assert NOTE not in page
    assert "Reviewed by your instructor on" in page and "75% — well done, you passed" in page


# Grouped wrong answers


def test_typed_wrong_answers_differing_in_spelling_are_one_row(app, lesson, instructor):
    for typed in ("Third party logistic", "third-party logistic!", "Thrid party logistic"):
        answer(app.test_client(), lesson, "quiz-1", **{"q:acronym": [typed]})
    answer(app.test_client(), lesson, "quiz-1", **{"q:acronym": ["A shop"]})
    page = text(instructor.get(ANALYTICS).text)
    assert "Third party logistic and 2 variants (3 learners) A shop (1 learner)" in page
    rows = table(instructor, "wrong-answers")[1:]
    assert rows == [
        ["quiz-1", "acronym", "Third party logistic", "3", "2"]
        + ["Thrid party logistic; third-party logistic!"],
        ["quiz-1", "acronym", "A shop", "1", "0", ""],
    ]
