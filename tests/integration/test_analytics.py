"""Lesson analytics for instructors and reviews of written answers, through the app.

CSRF protection stays on: every form is posted with the token a page gave the client. Every test
works on the lesson below, built for the test: three core sections, titled activities, a quiz whose
first question is a single choice, and a deep dive with bonus work.
"""

from __future__ import annotations

import csv
import io
import re
import uuid

import pytest

from app.core.content import parse_lesson
from app.learning.db import db
from app.learning.models.accounts import User
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Statement
from tests import activity_answers as answers
from tests.activity_blocks import block
from tests.content_helpers import lesson_text
from tests.lessons import SLUG, build_lesson
from tests.users import PASSWORD, signed_in_client

QUIZ = """\
```quiz
id: quiz-1
title: Knowledge Check
prompt: Answer.
objectives: [first]
questions:
  - id: a-stage
    type: single
    prompt: Which stage comes after checking the order?
    options:
      - {id: picking, text: Picking, correct: true}
      - {id: shipping, text: Shipping, feedback: Shipping comes after packing.}
  - id: b-sky
    type: true-false
    prompt: The sky is green.
    answer: false
    feedback: It is blue.
```
"""
BODY = (
    "An introduction.\n\n"
    "## Picking and packing {#one}\n\nHow orders are picked and packed.\n\n"
    + block("process-map", "process-map-1", "objectives: [first]\n", parts=2)
    + "\n"
    + block("comparison-table", "comparison-table-1", "objectives: [first]\n", parts=2)
    + "\n## Writing to customers {#two}\n\nHow to tell a customer about a delay.\n\n"
    + block("free-text", "free-text-1", "title: Customer Email\n", parts=2)
    + "\n"
    + QUIZ
    + "\n## Wrap-up {#three}\n\nWhat to remember.\n"
    + "\n## Going further {#further .deep-dive}\n\nMore to read.\n\n"
    + block("checklist", "checklist-1", parts=2)
)
LESSON = parse_lesson(lesson_text(BODY))
URL = f"/lessons/{SLUG}"
ANALYTICS = f"/instructor/lessons/{SLUG}/analytics"
FORMULA = '=HYPERLINK("http://example.com","Click")'


def token(client, path="/"):
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text).group(1)


def sign_up(client, email):
    tok = token(client, "/signup")
    data = {"email": email, "password": PASSWORD, "confirm": PASSWORD, "csrf_token": tok}
    assert client.post("/signup", data=data).status_code == 302


@pytest.fixture(autouse=True)
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", BODY)


def answer(client, activity_id, how="right", **fields):
    fields = fields or getattr(answers, how)(LESSON.activities[activity_id])
    data = {"revision": "1", "csrf_token": token(client), **fields}
    response = client.post(f"{URL}/activities/{activity_id}", data=data)
    assert response.status_code == 302, response.text
    return response


def events(client, *items):
    headers = {"X-CSRFToken": token(client)}
    response = client.post("/progress/events", json={"events": list(items)}, headers=headers)
    assert response.status_code == 200, response.text


def read(section):
    return {
        "id": str(uuid.uuid4()),
        "type": "section-read",
        "lesson": SLUG,
        "section": section,
    }


def spent(seconds):
    return {"id": str(uuid.uuid4()), "type": "time", "lesson": SLUG, "seconds": seconds}


def review(client, attempt_id, percent="80", comment="", tok=None):
    data = {"percent": percent, "comment": comment, "csrf_token": tok or token(client, ANALYTICS)}
    return client.post(f"/instructor/lessons/{SLUG}/attempts/{attempt_id}/review", data=data)


def attempts(app, **filters):
    with app.app_context():
        query = db.select(Attempt).filter_by(**filters).order_by(Attempt.id)
        return list(db.session.scalars(query))


def table(client, name):
    response = client.get(f"{ANALYTICS}/{name}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text)))


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def history(app):
    """Ada (signed up) read every required section and passed all but her written answer; Bob
    read one section and wrote a formula; Cy only took the quiz, partly right (its first question
    wrong)."""
    ada, bob, cy = app.test_client(), app.test_client(), app.test_client()
    sign_up(ada, "ada@example.org")
    events(ada, *[read(s) for s in LESSON.required_sections], spent(90), spent(60))
    for activity in ("process-map-1", "comparison-table-1", "quiz-1"):
        answer(ada, activity, "right")
    answer(ada, "free-text-1", "wrong")
    events(bob, read("one"), spent(30))
    answer(bob, "quiz-1", "wrong")
    answer(bob, "free-text-1", answer=[FORMULA])
    answer(cy, "quiz-1", "partly")
    return {"ada": ada, "bob": bob, "cy": cy}


@pytest.fixture
def written(app):
    """One anonymous learner's poor written answer (and a quiz), for tests of reviewing alone."""
    learner = app.test_client()
    answer(learner, "free-text-1", "wrong")
    answer(learner, "quiz-1", "wrong")
    return learner


def essay_saying(app, words):
    (essay,) = [
        a for a in attempts(app, activity_id="free-text-1") if a.response["answer"] == [words]
    ]
    return essay


def poor_essay(app):
    return essay_saying(app, "No.")


def test_the_instructor_home_links_to_each_published_lessons_analytics(instructor):
    page = instructor.get("/instructor/").text
    assert f'href="{ANALYTICS}"' in page


def test_the_page_shows_figures_from_a_known_history(history, instructor):
    page = text(instructor.get(ANALYTICS).text)
    assert "Learners who started 3" in page
    assert "Learners who completed 0 (0%)" in page
    assert "Median active time 1 min over 2 learners" in page  # 150 s and 30 s
    assert "Written answers (2 to review)" in page
    assert "Picking and packing 2 67%" in page  # Ada and Bob
    assert "Wrap-up 1 33%" in page


def test_the_page_draws_accessible_charts_with_their_numbers_in_tables(history, instructor):
    page = instructor.get(ANALYTICS).text
    charts = re.findall(
        r'<svg class="chart" role="img" aria-labelledby="([\w-]+)-title \1-desc"', page
    )
    assert "chart-funnel" in charts and "chart-scores-free-text-1" in charts
    assert "chart-questions-quiz-1" in charts
    assert page.count('<details class="chart-data">') >= len(charts) - 1  # questions: a table below
    assert "style=" not in page and "<script>" not in page


def test_csv_tables_from_a_known_history(history, instructor):
    overview = dict(table(instructor, "overview")[1:])
    assert overview["learners started"] == "3" and overview["learners completed"] == "0"
    assert overview["median active seconds"] == "90"
    sections = table(instructor, "sections")
    assert sections[1] == ["1", "one", "Picking and packing", "2"]
    header, *rows = table(instructor, "activities")
    quiz = dict(zip(header, next(r for r in rows if r[0] == "quiz-1"), strict=True))
    assert (quiz["learners"], quiz["attempts"], quiz["learners passed"]) == ("3", "3", "1")
    assert (quiz["best 0-19%"], quiz["best 80-100%"]) == ("1", "1")
    questions = {r[1]: r for r in table(instructor, "questions")[1:]}
    assert questions["a-stage"][4:] == ["3", "1", "0", "2", "0", "33"]
    wrong = table(instructor, "wrong-answers")
    # option ids become the option texts learners saw
    assert ["quiz-1", "a-stage", "Shipping", "2", "0", ""] in wrong


def test_csv_downloads_are_attachments_with_formulas_escaped(history, instructor):
    essay = poor_essay(instructor.application)
    review(instructor, essay.id, "60", "@Ada: add a delivery date")
    response = instructor.get(f"{ANALYTICS}/reviews.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{SLUG}-reviews.csv"'
    header, *rows = csv.reader(io.StringIO(response.text))
    assert header == [
        "attempt",
        "learner",
        "activity",
        "submitted at",
        "attempts",
        "answer",
        "automatic percent",
        "reviewed percent",
        "comment",
        "reviewed at",
        "flag reason",
    ]
    answers_given = {row[5] for row in rows}
    assert "'" + FORMULA in answers_given and FORMULA not in answers_given
    assert "'@Ada: add a delivery date" in {row[8] for row in rows}


@pytest.mark.parametrize(
    "url",
    [
        f"{ANALYTICS}/passwords.csv",
        "/instructor/lessons/nowhere/analytics",
        "/instructor/lessons/nowhere/analytics/overview.csv",
    ],
)
def test_unknown_tables_and_lessons_are_404(instructor, url):
    assert instructor.get(url).status_code == 404


def test_a_review_is_shown_to_the_learner_on_the_lesson_page_and_dashboard(history, instructor):
    essay = poor_essay(instructor.application)
    response = review(
        instructor, essay.id, "85", "Good start.\nNext time, say when the parcel arrives."
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#review-{essay.id}"
    )
    back = text(instructor.get(response.headers["Location"]).text)
    assert f"Review saved: Learner {essay.learner_id} now sees 85% and your comment." in back
    ada = history["ada"]
    lesson = text(ada.get(URL).text)
    assert "85% — well done, you passed" in lesson
    assert (
        f"Score from your instructor's review; the automatic check gave {essay.percent}%" in lesson
    )
    assert (
        "Reviewed by your instructor on" in lesson
        and "Next time, say when the parcel arrives." in lesson
    )
    dashboard = text(ada.get("/dashboard").text)
    assert "Feedback from your instructor Customer Email : 85% · passed · reviewed" in dashboard
    assert "Good start. Next time, say when the parcel arrives." in dashboard
    lesson_history = text(ada.get(f"/dashboard/lessons/{SLUG}").text)
    assert "Customer Email 85% · passed · reviewed" in lesson_history  # attempts table
    assert ada.get("/me/export.json").json["attempts"][-1]["review"]["percent"] == 85
    assert "Next time" not in history["bob"].get(URL).text


def test_anonymous_learners_see_their_review_on_the_dashboard_too(history, instructor):
    essay = essay_saying(instructor.application, FORMULA)
    review(instructor, essay.id, "10", "Please answer the customer.")
    assert "Please answer the customer." in history["bob"].get("/dashboard").text


def test_a_review_that_raises_a_score_can_complete_the_lesson(history, instructor):
    ada = history["ada"]
    assert "Lesson complete" not in ada.get(URL).text
    review(instructor, poor_essay(instructor.application).id, "70")
    assert "Lesson complete" in ada.get(URL).text
    with instructor.application.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count()).select_from(Statement).filter_by(verb="completed")
            )
            == 1
        )
    assert "Learners who completed 1 (33%)" in text(instructor.get(ANALYTICS).text)


def test_a_review_that_lowers_a_score_takes_the_pass_away(app, instructor):
    learner = app.test_client()
    answer(learner, "free-text-1", "right")
    (essay,) = attempts(app)
    assert essay.passed and essay.percent == 100
    review(instructor, essay.id, "50", "Copied from the model answer.")
    (essay,) = attempts(app)
    assert (essay.percent, essay.override_percent, essay.passed) == (100, 50, False)
    assert "50% — not there yet (pass mark 70%)" in text(learner.get(URL).text)


def test_a_second_review_replaces_the_first(written, instructor):
    essay = poor_essay(instructor.application)
    review(instructor, essay.id, "40", "First look.")
    review(instructor, essay.id, "90", "")
    (essay,) = attempts(instructor.application, id=essay.id)
    assert (essay.override_percent, essay.override_comment, essay.passed) == (90, None, True)
    with instructor.application.app_context():
        reviewer = db.session.scalar(db.select(User.id).filter_by(email="teach@example.org"))
    assert essay.reviewed_by == reviewer and essay.reviewed_at is not None


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("learner", 403), ("instructor not on the course's staff", 403)],
)
def test_reviews_are_refused_to_everyone_but_the_courses_staff(written, app, role, status):
    essay = poor_essay(app)
    client = written  # an anonymous learner
    if role == "learner":
        client = app.test_client()
        sign_up(client, "eve@example.org")
    elif role.startswith("instructor"):
        client = signed_in_client(app, "other@example.org")
    response = review(client, essay.id, "100", "Self-promotion.", tok=token(client))
    assert response.status_code == status
    if status == 302:
        assert "/signin" in response.headers["Location"]
    (after,) = attempts(app, id=essay.id)
    assert after.override_percent is None and not after.passed


@pytest.mark.parametrize(
    ("percent", "comment", "message"),
    [
        ("", "", "Give a score from 0 to 100."),
        ("abc", "", "Not a valid integer value."),
        ("50.5", "", "Not a valid integer value."),
        ("-1", "", "The score must be from 0 to 100."),
        ("101", "", "The score must be from 0 to 100."),
        ("80", "x" * 2001, "Keep the comment under 2000 characters."),
    ],
)
def test_bad_review_input_is_refused_and_changes_nothing(
    written, instructor, percent, comment, message
):
    essay = poor_essay(instructor.application)
    response = review(instructor, essay.id, percent, comment)
    assert response.status_code == 400
    assert "The review was not saved." in response.text and message in response.text
    (after,) = attempts(instructor.application, id=essay.id)
    assert (after.override_percent, after.override_comment, after.passed) == (None, None, False)


def test_a_review_comment_with_a_nul_is_refused_before_the_form_and_changes_nothing(
    written, instructor
):
    essay = poor_essay(instructor.application)
    response = review(instructor, essay.id, "80", "bad\x00byte")
    assert response.status_code == 400 and "NUL character" in response.text
    (after,) = attempts(instructor.application, id=essay.id)
    assert (after.override_percent, after.override_comment, after.passed) == (None, None, False)


def test_a_review_without_a_csrf_token_is_refused(written, instructor):
    essay = poor_essay(instructor.application)
    response = instructor.post(
        f"/instructor/lessons/{SLUG}/attempts/{essay.id}/review", data={"percent": "90"}
    )
    assert response.status_code == 400
    assert attempts(instructor.application, id=essay.id)[0].override_percent is None


def other_lessons_attempt(app):
    """A written answer to another lesson, with the same activity id."""
    essay = poor_essay(app)
    with app.app_context():
        this = db.session.get(Lesson, essay.lesson_id)
        other = Lesson(slug="other", course_id=this.course_id, title="Other", position=9)
        db.session.add(other)
        db.session.flush()
        revision = LessonRevision(lesson_id=other.id, number=1, source="", source_hash="0" * 64)
        db.session.add(revision)
        db.session.flush()
        attempt = Attempt(
            learner_id=essay.learner_id,
            lesson_id=other.id,
            revision_id=revision.id,
            activity_id="free-text-1",
            activity_type="free-text",
            attempt_number=1,
            response={"answer": ["Elsewhere."]},
            percent=0,
            passed=False,
        )
        db.session.add(attempt)
        db.session.commit()
        return attempt.id


@pytest.mark.parametrize("which", ["unknown", "other lesson", "a quiz"])
def test_reviewing_anything_but_a_written_answer_of_this_lesson_is_404(written, instructor, which):
    app = instructor.application
    attempt_id = {
        "unknown": lambda: 9999,
        "other lesson": lambda: other_lessons_attempt(app),
        "a quiz": lambda: attempts(app, activity_id="quiz-1")[0].id,
    }[which]()
    response = review(instructor, attempt_id, "90", "x")
    assert response.status_code == 404
    assert (
        attempts(app, id=attempt_id) == []
        or attempts(app, id=attempt_id)[0].override_percent is None
    )


def test_admins_review_too(written, app):
    admin = signed_in_client(app, "admin@example.org", "admin")
    essay = poor_essay(app)
    assert review(admin, essay.id, "75").status_code == 302
    assert attempts(app, id=essay.id)[0].passed
