"""Submitting the seed lesson's activities through the app: graded, stored, never leaked."""

from __future__ import annotations

import re
from html import unescape

import pytest

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.models.attempts import Attempt
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT, SEED_LESSON

LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
GRADED = sorted(a.id for a in LESSON.activities.values() if a.graded)
URL = f"/lessons/{SEED_LESSON}"
JSON = {"Accept": "application/json"}


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def submit(client, activity_id, fields, revision=1, headers=JSON):
    data = {"revision": str(revision), **fields}
    return client.post(f"{URL}/activities/{activity_id}", data=data, headers=headers)


def stored(app):
    with app.app_context():
        return list(db.session.scalars(db.select(Attempt).order_by(Attempt.id)))


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_right_answer_scores_full_marks(client, activity_id):
    response = submit(client, activity_id, answers.right(LESSON.activities[activity_id]))
    assert response.status_code == 200, response.json
    assert (response.json["percent"], response.json["passed"]) == (100, True)


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_partly_right_answer_scores_part_marks(client, activity_id):
    response = submit(client, activity_id, answers.partly(LESSON.activities[activity_id]))
    assert response.status_code == 200, response.json
    assert 0 < response.json["percent"] < 100


@pytest.mark.parametrize("activity_id", GRADED)
def test_a_wrong_answer_fails_with_feedback_pointing_to_a_section(client, activity_id):
    response = submit(client, activity_id, answers.wrong(LESSON.activities[activity_id]))
    assert response.status_code == 200, response.json
    assert response.json["passed"] is False
    assert 'class="review-link" href="#' in response.json["html"]


def test_reflections_are_saved_not_graded(seeded, client):
    response = submit(client, "shopping-experiences", {"answer": "Fast delivery won me over."})
    assert response.status_code == 200
    assert response.json["percent"] is None
    assert "Reflection saved." in response.json["html"]
    assert "Fast delivery won me over." in client.get(URL).text


def test_every_attempt_is_stored_with_learner_revision_response_and_feedback(seeded, client):
    fields = answers.wrong(LESSON.activities["process-mapping"])
    submit(client, "process-mapping", fields)
    submit(client, "process-mapping", answers.right(LESSON.activities["process-mapping"]))
    first, second = stored(seeded)
    assert first.learner_id == second.learner_id
    assert (first.activity_id, first.activity_type, first.revision_id) == (
        "process-mapping",
        "process-map",
        1,
    )
    assert first.response == fields
    assert first.feedback["max_score"] == second.max_score
    assert (first.passed, second.passed, second.percent) == (False, True, 100)
    assert first.created_at <= second.created_at


def test_the_first_save_gives_the_visitor_a_signed_httponly_cookie(client):
    response = submit(client, "delay-email", {"answer": "Sorry for the delay."})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("learner=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    again = submit(client, "delay-email", {"answer": "Sorry again."})
    assert "learner=" not in again.headers.get("Set-Cookie", "")


def test_a_forged_learner_cookie_starts_a_new_learner(seeded, client):
    submit(client, "delay-email", {"answer": "Sorry."})
    client.set_cookie("learner", "forged.value")
    submit(client, "delay-email", {"answer": "Sorry!"})
    first, second = stored(seeded)
    assert first.learner_id != second.learner_id


def test_without_scripts_the_form_posts_back_to_the_lesson_with_the_result(client):
    fields = answers.wrong(LESSON.activities["delay-email"])
    response = submit(client, "delay-email", fields, headers={"Accept": "text/html"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{URL}#delay-email")
    page = client.get(URL).text
    assert "not there yet (pass mark 70%)" in page
    assert "To work on" in page


def test_the_form_keeps_the_learners_answer(client):
    submit(client, "delay-email", {"answer": "Sorry <b>for</b> the wait."})
    page = client.get(URL).text
    assert "Sorry &lt;b&gt;for&lt;/b&gt; the wait.</textarea>" in page


def test_model_answer_is_shown_only_after_a_first_attempt(client):
    model = LESSON.activities["delay-email"].spec.model_answer_html[:60]
    assert model not in client.get(URL).text
    submit(client, "delay-email", {"answer": "Sorry."})
    assert model in client.get(URL).text


def test_learners_can_rate_their_own_answer(seeded, client):
    submit(client, "delay-email", {"answer": "Sorry."})
    response = client.post(
        f"{URL}/activities/delay-email/self-assessment", data={"rating": "3"}, headers=JSON
    )
    assert response.status_code == 200
    assert "You rated this answer: Mostly." in response.json["html"]
    assert stored(seeded)[-1].self_assessment == 3


def test_rating_before_answering_is_refused(client):
    response = client.post(
        f"{URL}/activities/delay-email/self-assessment", data={"rating": "3"}, headers=JSON
    )
    assert response.status_code == 409


def _page_text(client):
    return unescape(client.get(URL).text)


def _secrets(activity):
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


@pytest.mark.parametrize("activity_id", GRADED)
def test_answer_keys_never_reach_the_page_before_submitting(client, activity_id):
    page = _page_text(client)
    for secret in filter(None, _secrets(LESSON.activities[activity_id])):
        assert unescape(re.sub(r"<[^>]+>", "", secret)).strip() not in page


def test_the_page_gives_no_correctness_markers(client):
    page = client.get(URL).text
    for marker in ("correct", "data-answer", "accept"):
        assert not re.search(rf"\s(data-)?{marker}=", page)


def test_process_map_cards_are_not_shown_in_the_right_order(client):
    page = client.get(URL).text
    chunk = page[page.index('data-activity="process-mapping"') :]
    shown = re.findall(r'data-card="([^"]+)"', chunk)[
        : len(LESSON.activities["process-mapping"].spec.cards)
    ]
    assert [c for c in shown if c in LESSON.activities["process-mapping"].spec.main_steps] != list(
        LESSON.activities["process-mapping"].spec.main_steps
    )


@pytest.mark.parametrize(
    ("activity_id", "fields", "message"),
    [
        (
            "process-mapping",
            {"place:teleport": "1"},
            "'place:teleport' is not part of this activity",
        ),
        ("process-mapping", {"place:order-placement": "99"}, "must be a position from 1 to"),
        ("process-mapping", {"place:order-placement": "²"}, "must be a position from 1 to"),
        (
            "knowledge-check-quiz",
            {"q:stage-sequence:shipping": "²"},
            "positions in question 'stage-sequence' run from 1 to 5",
        ),
        ("method-comparison", {"cell:ghost:in-house": "low"}, "is not part of this activity"),
        ("knowledge-check-quiz", {"q:nope": "x"}, "is not part of this activity"),
        ("delay-email", {"answer": ""}, "'answer' is empty"),
        ("delay-email", {"answer": "x" * 10_001}, "too long"),
        ("delay-email", {"answer": "a\x00b"}, "NUL"),
        ("oms-checklist", {"items": "\n".join(f"i{n}" for n in range(40))}, "at most 30 items"),
    ],
)
def test_bad_responses_get_a_clear_400_and_are_not_stored(
    seeded, client, activity_id, fields, message
):
    response = submit(client, activity_id, fields)
    assert response.status_code == 400
    assert message in response.json["message"]
    assert stored(seeded) == []


def test_unknown_activities_are_404(client):
    assert submit(client, "nope", {}).status_code == 404


def test_a_missing_revision_is_a_400(seeded, client):
    response = client.post(f"{URL}/activities/delay-email", data={"answer": "Hi"}, headers=JSON)
    assert response.status_code == 400
    assert stored(seeded) == []


def test_an_answer_to_an_older_revision_is_refused_with_409(seeded, client):
    response = submit(client, "delay-email", {"answer": "Sorry."}, revision=7)
    assert response.status_code == 409
    assert "Reload the page" in response.json["message"]
    assert stored(seeded) == []


def test_oversized_requests_are_refused_with_413(client):
    response = submit(client, "delay-email", {"answer": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_posting_without_a_csrf_token_is_refused(seeded):
    seeded.config["WTF_CSRF_ENABLED"] = True
    response = submit(seeded.test_client(), "delay-email", {"answer": "Sorry."})
    assert response.status_code == 400
    assert "CSRF" in response.json["message"]
    assert stored(seeded) == []


ASSESSED = """\
## One {#one}

Text.

```quiz
id: final
prompt: Final check.
mode: assessment
max_attempts: 2
pass_mark: 100
questions:
  - id: q
    type: single
    prompt: Pick the right one.
    options:
      - {id: good, text: Right, correct: true}
      - {id: bad, text: Wrong, feedback: This is the secret reason.}
```
"""


@pytest.fixture
def assessed(app, tmp_path):
    from app.learning.importer import import_catalog
    from tests.content_helpers import lesson_text, make_content

    with app.app_context():
        import_catalog(
            load_catalog(make_content(tmp_path / "content", {"01.md": lesson_text(ASSESSED)}))
        )
        db.session.commit()
    return app.test_client()


def post_final(client, choice):
    return client.post(
        "/lessons/a-lesson/activities/final", data={"revision": "1", "q:q": choice}, headers=JSON
    )


def test_assessment_mode_hides_answers_until_the_last_attempt(assessed):
    first = post_final(assessed, "bad")
    assert first.json["attempts_left"] == 1 and first.json["can_attempt"] is True
    assert "This is the secret reason." not in first.json["html"]
    assert "0 of 1 questions right" in first.json["html"]
    last = post_final(assessed, "bad")
    assert last.json["attempts_left"] == 0 and last.json["can_attempt"] is False
    assert "This is the secret reason." in assessed.get("/lessons/a-lesson").text


def test_assessment_mode_refuses_attempts_beyond_the_limit(assessed):
    post_final(assessed, "bad")
    post_final(assessed, "bad")
    refused = post_final(assessed, "good")
    assert refused.status_code == 409
    assert "used all your attempts" in refused.json["message"]
    page = assessed.get("/lessons/a-lesson").text
    assert "0 of 2 attempts left" in page
    assert "Check again" not in page and "Check my answer" not in page


def test_assessment_mode_ends_once_passed(assessed):
    assert post_final(assessed, "good").json["can_attempt"] is False
    assert post_final(assessed, "good").status_code == 409
