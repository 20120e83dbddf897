"""Submitting activities through the app: graded, stored, never leaked.

The lesson is the ``lesson`` fixture's: one activity of every built-in type, of two parts each.
The shipped lesson's own activities are answered in test_shipped_activities.py.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from app.core import activity_types
from app.learning.db import db
from app.learning.models.attempts import Attempt
from tests import activity_answers as answers
from tests.lessons import SLUG, TYPES, build_lesson
from tests.users import PASSWORD, add_user, signed_in_client

GRADED = [f"{t}-1" for t in TYPES if activity_types.get(t).graded]
URL = f"/lessons/{SLUG}"
JSON = {"Accept": "application/json"}


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def submit(client, activity_id, fields, revision=1, headers=JSON, url=URL):
    data = {"revision": str(revision), **fields}
    return client.post(f"{url}/activities/{activity_id}", data=data, headers=headers)


def stored(app):
    with app.app_context():
        return list(db.session.scalars(db.select(Attempt).order_by(Attempt.id)))


def right_answer_scores_full_marks(client, activity, url=URL):
    response = submit(client, activity.id, answers.right(activity), url=url)
    assert response.status_code == 200, response.json
    assert (response.json["percent"], response.json["passed"]) == (100, True)


def partly_right_answer_scores_part_marks(client, activity, url=URL):
    response = submit(client, activity.id, answers.partly(activity), url=url)
    assert response.status_code == 200, response.json
    assert 0 < response.json["percent"] < 100


def wrong_answer_fails_with_feedback_pointing_to_a_section(client, activity, url=URL):
    response = submit(client, activity.id, answers.wrong(activity), url=url)
    assert response.status_code == 200, response.json
    assert response.json["passed"] is False
    assert 'class="review-link" href="#' in response.json["html"]


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_right_answer_scores_full_marks(lesson, visitor, activity_id):
    right_answer_scores_full_marks(visitor, lesson.activity(activity_id))


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_partly_right_answer_scores_part_marks(lesson, visitor, activity_id):
    partly_right_answer_scores_part_marks(visitor, lesson.activity(activity_id))


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_wrong_answer_fails_with_feedback_pointing_to_a_section(lesson, visitor, activity_id):
    wrong_answer_fails_with_feedback_pointing_to_a_section(visitor, lesson.activity(activity_id))


def test_reflections_are_saved_not_graded(lesson, visitor):
    response = submit(visitor, "reflection-1", {"answer": "Fast delivery won me over."})
    assert response.status_code == 200
    assert response.json["percent"] is None
    assert "Reflection saved." in response.json["html"]
    assert "Fast delivery won me over." in visitor.get(URL).text


def test_every_attempt_is_stored_with_learner_revision_response_and_feedback(app, lesson, visitor):
    fields = answers.wrong(lesson.activity("process-map-1"))
    submit(visitor, "process-map-1", fields)
    submit(visitor, "process-map-1", answers.right(lesson.activity("process-map-1")))
    first, second = stored(app)
    assert first.learner_id == second.learner_id
    assert (first.activity_id, first.activity_type, first.revision_id) == (
        "process-map-1",
        "process-map",
        1,
    )
    assert first.response == fields
    assert first.feedback["max_score"] == second.max_score
    assert (first.passed, second.passed, second.percent) == (False, True, 100)
    assert first.created_at <= second.created_at


def test_the_first_save_gives_the_visitor_a_signed_httponly_cookie(lesson, visitor):
    response = submit(visitor, "free-text-1", {"answer": "Sorry for the delay."})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("learner=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    again = submit(visitor, "free-text-1", {"answer": "Sorry again."})
    assert "learner=" not in again.headers.get("Set-Cookie", "")


def test_a_forged_learner_cookie_starts_a_new_learner(app, lesson, visitor):
    submit(visitor, "free-text-1", {"answer": "Sorry."})
    visitor.set_cookie("learner", "forged.value")
    submit(visitor, "free-text-1", {"answer": "Sorry!"})
    first, second = stored(app)
    assert first.learner_id != second.learner_id


def test_without_scripts_the_form_posts_back_to_the_lesson_with_the_result(lesson, visitor):
    fields = answers.wrong(lesson.activity("free-text-1"))
    response = submit(visitor, "free-text-1", fields, headers={"Accept": "text/html"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{URL}#free-text-1")
    page = visitor.get(URL).text
    assert "not there yet (pass mark 70%)" in page
    assert "To work on" in page


def test_the_form_keeps_the_learners_answer(lesson, visitor):
    submit(visitor, "free-text-1", {"answer": "Sorry <b>for</b> the wait."})
    page = visitor.get(URL).text
    assert "Sorry &lt;b&gt;for&lt;/b&gt; the wait.</textarea>" in page


def test_model_answer_is_shown_only_after_a_first_attempt(lesson, visitor):
    model = lesson.activity("free-text-1").spec.model_answer_html[:60]
    assert model not in visitor.get(URL).text
    submit(visitor, "free-text-1", {"answer": "Sorry."})
    assert model in visitor.get(URL).text


def test_learners_can_rate_their_own_answer(app, lesson, visitor):
    submit(visitor, "free-text-1", {"answer": "Sorry."})
    response = visitor.post(
        f"{URL}/activities/free-text-1/self-assessment", data={"rating": "3"}, headers=JSON
    )
    assert response.status_code == 200
    assert "You rated this answer: Mostly." in response.json["html"]
    assert stored(app)[-1].self_assessment == 3


def test_rating_before_answering_is_refused(lesson, visitor):
    response = visitor.post(
        f"{URL}/activities/free-text-1/self-assessment", data={"rating": "3"}, headers=JSON
    )
    assert response.status_code == 409


def secrets_of(activity):
    """Texts that would give answers away if they were on the page before submitting."""
    spec = activity.spec
    if activity.type == "comparison-table":
        return [c.explanation_html for c in spec.cells.values()] + [
            c.explanation_html for c in spec.cards.values()
        ]
    if activity.type == "process-map":
        return [s.feedback_html for s in spec.steps.values()]
    if activity.type == "free-text":
        return (
            [c.met_html for c in spec.criteria]
            + [c.missed_html for c in spec.criteria]
            + [spec.model_answer_html]
        )
    if activity.type == "checklist":
        return [r.why_html for r in spec.reference]
    if activity.type == "quiz":
        return [o.feedback_html for q in spec.questions for o in q.options] + [
            q.feedback_html for q in spec.questions
        ]
    return []


def answer_keys_never_reach_the_page_before_submitting(client, activity, url=URL):
    page = unescape(client.get(url).text)
    for secret in filter(None, secrets_of(activity)):
        assert unescape(re.sub(r"<[^>]+>", "", secret)).strip() not in page


@pytest.mark.parametrize("activity_id", GRADED)
def test_answer_keys_never_reach_the_page_before_submitting(lesson, visitor, activity_id):
    answer_keys_never_reach_the_page_before_submitting(visitor, lesson.activity(activity_id))


def test_the_page_gives_no_correctness_markers(lesson, visitor):
    page = visitor.get(URL).text
    for marker in ("correct", "data-answer", "accept"):
        assert not re.search(rf"\s(data-)?{marker}=", page)


def test_process_map_cards_are_not_shown_in_the_right_order(lesson, visitor):
    spec = lesson.activity("process-map-1").spec
    page = visitor.get(URL).text
    chunk = page[page.index('data-activity="process-map-1"') :]
    shown = re.findall(r'data-card="([^"]+)"', chunk)[: len(spec.cards)]
    assert [c for c in shown if c in spec.main_steps] != list(spec.main_steps)


@pytest.mark.parametrize(
    ("activity_id", "fields", "message"),
    [
        ("process-map-1", {"place:teleport": "1"}, "'place:teleport' is not part of this activity"),
        ("process-map-1", {"place:a": "99"}, "must be a position from 1 to"),
        ("process-map-1", {"place:a": "²"}, "must be a position from 1 to"),
        ("comparison-table-1", {"cell:ghost:x": "low"}, "is not part of this activity"),
        ("quiz-1", {"q:nope": "x"}, "is not part of this activity"),
        ("free-text-1", {"answer": ""}, "'answer' is empty"),
        ("free-text-1", {"answer": "x" * 10_001}, "too long"),
        ("free-text-1", {"answer": "a\x00b"}, "NUL"),
        ("checklist-1", {"items": "\n".join(f"i{n}" for n in range(40))}, "at most 30 items"),
    ],
)
def test_bad_responses_get_a_clear_400_and_are_not_stored(
    app, lesson, visitor, activity_id, fields, message
):
    response = submit(visitor, activity_id, fields)
    assert response.status_code == 400
    assert message in response.json["message"]
    assert stored(app) == []


def test_unknown_activities_are_404(lesson, visitor):
    assert submit(visitor, "nope", {}).status_code == 404


def test_a_missing_revision_is_a_400(app, lesson, visitor):
    response = visitor.post(f"{URL}/activities/free-text-1", data={"answer": "Hi"}, headers=JSON)
    assert response.status_code == 400
    assert stored(app) == []


def test_an_answer_to_an_older_revision_is_refused_with_409(app, lesson, visitor):
    response = submit(visitor, "free-text-1", {"answer": "Sorry."}, revision=7)
    assert response.status_code == 409
    assert "Reload the page" in response.json["message"]
    assert stored(app) == []


def test_oversized_requests_are_refused_with_413(lesson, visitor):
    response = submit(visitor, "free-text-1", {"answer": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_posting_without_a_csrf_token_is_refused(app, lesson):
    app.config["WTF_CSRF_ENABLED"] = True
    response = submit(app.test_client(), "free-text-1", {"answer": "Sorry."})
    assert response.status_code == 400
    assert "CSRF" in response.json["message"]
    assert stored(app) == []


ASSESSED = """\
## One {#one}

Text.

```quiz
id: final
prompt: Final check.
mode: assessment
max_attempts: 2
pass_mark: 100
EXTRA\
questions:
  - id: q
    type: single
    prompt: Pick the right one.
    options:
      - {id: good, text: Right, correct: true}
      - {id: bad, text: Wrong, feedback: This is the secret reason.}
```
"""
SECRET = "This is the secret reason."
LEARNER = "learner@example.org"


def import_assessed(app, root, extra: str = "") -> None:
    """The lesson ``a-lesson`` with the assessment ``final``; ``extra`` adds fields to it."""
    build_lesson(app, root / "content", ASSESSED.replace("EXTRA", extra))


@pytest.fixture
def assessed(app, tmp_path):
    """A signed-in learner's client; assessments are for learners with an account."""
    import_assessed(app, tmp_path)
    return signed_in_client(app, LEARNER, role="learner")


def post_final(client, choice, headers=JSON):
    return client.post(
        "/lessons/a-lesson/activities/final", data={"revision": "1", "q:q": choice}, headers=headers
    )


def test_assessment_mode_hides_answers_until_the_last_attempt(assessed):
    first = post_final(assessed, "bad")
    assert first.json["attempts_left"] == 1 and first.json["can_attempt"] is True
    assert SECRET not in first.json["html"]
    assert "0 of 1 question right" in first.json["html"]
    last = post_final(assessed, "bad")
    assert last.json["attempts_left"] == 0 and last.json["can_attempt"] is False
    assert SECRET in assessed.get("/lessons/a-lesson").text


def test_assessment_mode_marks_no_answer_until_it_shows_the_answers(assessed):
    first = post_final(assessed, "bad")
    assert "data-mark" not in first.json["activity_html"]
    assert "The answers are shown once you pass or use your last attempt." in first.json["html"]
    last = post_final(assessed, "bad")
    assert 'data-mark="q:q"' in last.json["activity_html"]
    assert "Not right" in last.json["activity_html"]


def test_assessment_mode_refuses_attempts_beyond_the_limit(assessed):
    post_final(assessed, "bad")
    post_final(assessed, "bad")
    refused = post_final(assessed, "good")
    assert refused.status_code == 409
    assert "used all your attempts" in refused.json["message"]
    page = assessed.get(URL).text
    assert "0 of 2 attempts left" in page
    assert "Check again" not in page and "Check my answer" not in page


def test_assessment_mode_ends_once_passed(assessed):
    assert post_final(assessed, "good").json["can_attempt"] is False
    assert post_final(assessed, "good").status_code == 409


def test_attempts_are_numbered_one_by_one_for_each_learner_and_activity(app, assessed):
    post_final(assessed, "bad")
    post_final(assessed, "bad")
    post_final(app.test_client(), "good")  # anonymous: refused, takes no number
    assert [a.attempt_number for a in stored(app)] == [1, 2]


def test_an_anonymous_learner_sees_an_invitation_to_sign_in_instead_of_the_assessment_form(
    app, tmp_path
):
    import_assessed(app, tmp_path)
    page = app.test_client().get("/lessons/a-lesson").text
    assert "Final check." in page  # the activity itself is there…
    assert "/activities/final" not in page and 'name="q:q"' not in page  # …without a form
    invitation = re.search(r"<div class=\"activity__account\".*?</div>", page, re.S).group(0)
    assert "This assessment is for learners with an account" in invitation
    assert '<a class="button" href="/signin?next=/lessons/a-lesson%23final">' in invitation
    assert '<a href="/signup?next=/lessons/a-lesson%23final">' in invitation


def test_signing_in_from_the_invitation_comes_back_to_a_working_assessment(app, tmp_path):
    import_assessed(app, tmp_path)
    add_user(app, LEARNER)
    client = app.test_client()
    back = client.post(
        "/signin?next=/lessons/a-lesson%23final", data={"email": LEARNER, "password": PASSWORD}
    )
    assert back.headers["Location"] == "/lessons/a-lesson#final"
    page = client.get("/lessons/a-lesson").text
    assert 'action="/lessons/a-lesson/activities/final"' in page and "Check my answer" in page
    assert "activity__account" not in page


def test_an_anonymous_answer_to_an_assessment_is_refused_with_403_and_not_stored(app, tmp_path):
    import_assessed(app, tmp_path)
    client = app.test_client()
    refused = post_final(client, "good")
    assert refused.status_code == 403
    assert refused.json["message"].startswith("Answers to this activity are kept only for")
    assert "Sign in, or create an account, to answer it." in refused.json["message"]
    page = post_final(client, "good", headers={"Accept": "text/html"})
    assert page.status_code == 403 and "Sign in, or create an account" in page.text
    assert stored(app) == []


def test_dropping_the_learner_cookie_gives_no_fresh_attempts_at_an_assessment(app, tmp_path):
    import_assessed(app, tmp_path)
    for _ in range(5):  # a new anonymous identity each time, as without the cookie
        assert post_final(app.test_client(), "bad").status_code == 403
    assert stored(app) == []


def test_an_anonymous_learner_out_of_attempts_is_not_shown_the_answers(app, tmp_path):
    import_assessed(app, tmp_path, "requires_account: false\n")
    client = app.test_client()
    assert post_final(client, "bad").status_code == 200
    last = post_final(client, "bad")
    assert last.json["can_attempt"] is False
    assert SECRET not in last.json["html"]
    page = client.get("/lessons/a-lesson").text
    assert SECRET not in page
    assert "Its answers are shown only to learners signed in to an account." in page


def test_signing_up_shows_the_answers_of_an_assessment_finished_anonymously(app, tmp_path):
    import_assessed(app, tmp_path, "requires_account: false\n")
    client = app.test_client()
    post_final(client, "bad")
    post_final(client, "bad")
    form = {"email": LEARNER, "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/signup", data=form).status_code == 302
    assert SECRET in client.get("/lessons/a-lesson").text


@pytest.mark.parametrize(
    ("reveal", "signed_in", "shown"),
    [
        ("after-last-attempt", False, True),
        ("after-last-attempt", True, True),
        ("to-signed-in", False, False),
        ("to-signed-in", True, True),
        ("never", False, False),
        ("never", True, False),
    ],
)
def test_reveal_answers_decides_who_sees_the_answers_after_the_last_attempt(
    app, tmp_path, reveal, signed_in, shown
):
    import_assessed(app, tmp_path, f"requires_account: false\nreveal_answers: {reveal}\n")
    client = signed_in_client(app, LEARNER, role="learner") if signed_in else app.test_client()
    post_final(client, "bad")
    last = post_final(client, "bad")
    assert last.status_code == 200 and last.json["can_attempt"] is False
    assert (SECRET in client.get("/lessons/a-lesson").text) is shown
    if reveal == "never":
        assert "This assessment does not show its answers." in last.json["html"]


def test_an_anonymous_learner_may_answer_an_assessment_whose_author_allows_it(app, tmp_path):
    import_assessed(app, tmp_path, "requires_account: false\n")
    client = app.test_client()
    page = client.get("/lessons/a-lesson").text
    assert 'action="/lessons/a-lesson/activities/final"' in page
    assert post_final(client, "good").status_code == 200
