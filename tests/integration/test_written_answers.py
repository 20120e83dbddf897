"""Written answers graded by their rubric, submitted through the lesson page's own form.

Each test builds a small lesson with one written activity (the rubric below, changed as the test
needs) and answers it as a learner does: without scripts, the form posts back and the lesson page
shows the result; with them, the answer is sent for JSON and the result area comes back. CSRF
protection stays on: every post carries the hidden fields of the form it came from. How the rubric
reads a sentence is tested directly in tests/unit/grading/test_free_text.py; these tests show that
what it decides reaches the stored attempt and the page.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from app.learning.db import db
from app.learning.models.attempts import Attempt
from tests.feedback_goldens import result_area
from tests.lessons import COURSE, SLUG, body_with, build_lesson
from tests.users import signed_in_staff

URL = f"/lessons/{SLUG}"
ACTIVITY = "email"
ANALYTICS = f"/instructor/lessons/{SLUG}/analytics"
RUBRIC = """\
min_words: 25
max_words: 80
model_answer: |
  Dear Sam, we are sorry that your order is late. Our courier lost a van on the motorway, so
  every parcel from our warehouse is running two days behind. Your new estimated delivery date
  is Friday, June 14, and the tracking link in this email shows each step. Please enjoy 15% off
  your next order as a thank you.
criteria:
  - id: apology
    label: Apologises for the delay
    keywords: [~apology]
    met: You own the problem.
    missed: Apologise first.
  - id: compensation
    label: Offers a discount on the next order
    keywords: [[~discount], [~future-order]]
    weight: 2
    missed: Offer something for the next order.
  - id: date
    label: Gives a new delivery date
    pattern: date
    near: [~new-date-cue]
    not_near: [~old-date-cue]
    missed: Say when it will arrive.
  - id: tone
    label: Blames the customer
    keywords: [~blame-customer, ~turn-away]
    deduct: 2
    missed: The delay is the store's problem, not the customer's.
"""
MODEL_ANSWER = "Our courier lost a van on the motorway"  # a line of the model answer
CLOSING = " We hope the rest of your week goes well."
# Meets every criterion (4 of 4 points) in 39 words.
GOOD = (
    "Dear Sam, we are sorry that your parcel is late. It will now arrive by June 14. "
    "Please enjoy a discount on your next order, with our thanks for waiting." + CLOSING
)
# Fifty-one more words of varied prose: GOOD + LONG is over the limit of 80.
LONG = (
    " Our team has checked every part of the order again this morning."
    " The box was packed with care and sealed with fresh tape."
    " We also added a small card with notes on looking after the product."
    " Many customers tell us that the first week is the best time to try it."
)
# Meets every criterion in 18 words, under the minimum of 25.
SHORT = "Sorry it is late. It will now arrive by June 14. Enjoy a discount on your next order."
# Apology and compensation: 3 of 4 points, 75%.
NO_DATE = (
    "Dear Sam, we are sorry that your parcel is late. Please enjoy a discount on your next "
    "order, with our thanks for waiting. We hope the rest of your week goes well and that it "
    "arrives soon."
)
# The apology alone: 1 of 4 points, 25%.
APOLOGY_ONLY = (
    "Dear Sam, we are sorry that your parcel is late. We know how much you were looking "
    "forward to it, and we hope the rest of your week goes well despite the wait."
)
# Prose about the parcel that meets no criterion: 0%, refused for nothing.
NOTHING_MET = (
    "Dear Sam, your parcel is on its way from our workshop. We hope the rest of your week "
    "goes well, and we thank you for choosing our small shop this spring."
)
STUFFED = {
    "a bare list": "sorry discount next order June 14 " * 4
    + "apology coupon voucher next purchase",
    "keywords strung together with a few small words": (
        "Sorry, we apologise, our apologies: discount on the next order, coupon for the next "
        "purchase, voucher for a future order, refund, store credit, by June 14, we regret it."
    ),
}


def written_lesson(app, tmp_path, *options: str):
    """A lesson whose one activity is the rubric above, with ``options`` (YAML lines) added."""
    head = "".join(f"{line}\n" for line in options)
    exercise = (
        f"```exercise\nid: {ACTIVITY}\ntype: free-text\ntitle: Delay email\n"
        f"prompt: Tell the customer their order is late.\nreview: one\n{head}{RUBRIC}```\n"
    )
    return build_lesson(app, tmp_path / "content", body_with(exercise))


def form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the form that posts to ``action`` (its CSRF token, its revision…)."""
    start = page.index(f'action="{action}"')
    form = page[start : page.index("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def words(html: str) -> str:
    """What a reader sees: the text without tags, its spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def answer(client, text: str, scripts: bool = False, url: str = URL, activity: str = ACTIVITY):
    """Type ``text`` into the activity's form and send it; the result area the learner reads."""
    action = f"{url}/activities/{activity}"
    data = {**form_fields(client.get(url).text, action), "answer": text}
    if scripts:
        response = client.post(action, data=data, headers={"Accept": "application/json"})
        assert response.status_code == 200, response.text
        return response.json["html"]
    response = client.post(action, data=data, headers={"Accept": "text/html"})
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith(f"{url}#{activity}")
    return result_area(client.get(url).text, activity)


def attempts(app) -> list[Attempt]:
    with app.app_context():
        return list(db.session.scalars(db.select(Attempt).order_by(Attempt.id)))


def latest(app) -> Attempt:
    return attempts(app)[-1]


@pytest.mark.parametrize("scripts", [False, True], ids=["form", "scripts"])
@pytest.mark.parametrize(
    ("text", "says"),
    [
        (GOOD + LONG, "Your answer has 90 words; keep it under 80."),
        (SHORT, "Your answer has 18 words; aim for at least 25."),
    ],
    ids=["too long", "too short"],
)
def test_an_answer_outside_the_word_limits_cannot_pass_whatever_it_meets(
    app, tmp_path, visitor, scripts, text, says
):
    written_lesson(app, tmp_path)
    shown = words(answer(visitor, text, scripts))
    attempt = latest(app)
    assert (attempt.percent, attempt.passed) == (100, False)
    assert "100% — not there yet (pass mark 70%)" in shown
    assert f"{says} Until it does, it can't pass, whatever else it gets right." in shown


def test_the_same_answer_within_the_limits_passes(app, tmp_path, visitor):
    written_lesson(app, tmp_path)
    shown = words(answer(visitor, GOOD))
    assert (latest(app).percent, latest(app).passed) == (100, True)
    assert "100% — well done, you passed" in shown and "can't pass" not in shown


def test_with_a_length_penalty_a_long_answer_passes_with_the_points_taken_off(
    app, tmp_path, visitor
):
    written_lesson(app, tmp_path, "length_penalty: 25")
    shown = words(answer(visitor, GOOD + LONG))
    attempt = latest(app)
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (3, 4, 75, True)
    assert "75% — well done, you passed" in shown
    assert "Your answer has 90 words; keep it under 80. That costs 25% of the points." in shown
    assert "can't pass" not in shown


def test_a_negated_offer_earns_nothing_and_the_page_quotes_the_negated_words(
    app, tmp_path, visitor
):
    written_lesson(app, tmp_path)
    text = (
        "Dear Sam, we are sorry that your parcel is late. It will now arrive by June 14. "
        "We will not offer a discount on your next order, as our prices are already low." + CLOSING
    )
    shown = words(answer(visitor, text))
    assert (latest(app).score, latest(app).percent) == (2, 50)
    assert (
        "Offers a discount on the next order: not found. Offer something for the next order. "
        "You wrote “not offer a discount”, which says the opposite, so it doesn't count."
    ) in shown


@pytest.mark.parametrize("text", list(STUFFED.values()), ids=list(STUFFED))
def test_keyword_stuffing_scores_nothing_and_is_asked_for_sentences(app, tmp_path, visitor, text):
    written_lesson(app, tmp_path)
    shown = words(answer(visitor, text))
    attempt = latest(app)
    assert (attempt.score, attempt.percent, attempt.passed) == (0, 0, False)
    assert attempt.feedback["details"]["refused"] == "not-prose"
    assert (
        "This reads as a list of keywords rather than sentences, so its keywords earn no credit. "
        "Write it as you would send it: in full sentences, each saying one thing."
    ) in shown


def test_a_near_copy_of_the_model_answer_scores_nothing_and_is_told_so(app, tmp_path, visitor):
    lesson = written_lesson(app, tmp_path)
    copy = lesson.activity(ACTIVITY).spec.model_answer_text.replace("Sam", "Alex")
    shown = words(answer(visitor, copy.replace("15%", "20%")))
    assert (latest(app).score, latest(app).percent) == (0, 0)
    assert re.search(
        r"Most of this answer \(\d+% of its phrases\) is the model answer, so it earns no "
        r"credit\. Write it in your own words",
        shown,
    )
    assert MODEL_ANSWER not in shown  # a copy earns no look at it either


def test_the_model_answer_waits_for_an_answer_that_meets_a_point_of_the_rubric(
    app, tmp_path, visitor
):
    written_lesson(app, tmp_path)
    shown = words(answer(visitor, "x"))
    assert MODEL_ANSWER not in shown and "Compare with a model answer" not in shown
    assert (
        "A model answer is shown once an answer of yours meets at least one point of the rubric."
        in shown
    )
    shown = words(answer(visitor, APOLOGY_ONLY))
    assert latest(app).percent == 25
    assert "Compare with a model answer" in shown and MODEL_ANSWER in shown
    assert "A model answer is shown once" not in shown


def test_the_model_answer_can_wait_for_a_pass(app, tmp_path, visitor):
    written_lesson(app, tmp_path, "model_answer_after: pass")
    shown = words(answer(visitor, APOLOGY_ONLY))
    assert MODEL_ANSWER not in shown and "A model answer is shown once you pass." in shown
    shown = words(answer(visitor, GOOD))
    assert latest(app).passed and MODEL_ANSWER in shown


def test_the_model_answer_can_wait_for_a_number_of_attempts(app, tmp_path, visitor):
    written_lesson(app, tmp_path, "model_answer_after: 2")
    shown = words(answer(visitor, GOOD))
    assert latest(app).passed
    assert MODEL_ANSWER not in shown and "A model answer is shown after 2 attempts." in shown
    shown = words(answer(visitor, "x"))
    assert MODEL_ANSWER in shown


@pytest.mark.parametrize(
    ("text", "percent", "flagged"),
    [(NO_DATE, 75, True), (APOLOGY_ONLY, 25, False), (GOOD, 100, False)],
    ids=["5 points from the pass mark", "45 points below it", "30 points above it"],
)
def test_answers_close_to_the_pass_mark_are_flagged_for_review(
    app, tmp_path, visitor, text, percent, flagged
):
    written_lesson(app, tmp_path, "review_band: 10")
    answer(visitor, text)
    attempt = latest(app)
    assert attempt.percent == percent
    details = attempt.feedback["details"]
    assert (details.get("flag") == "borderline") is flagged
    if flagged:
        assert details["flag_reason"] == "75% is within 10 points of the pass mark (70%)"


def test_a_refused_answer_is_never_flagged_even_within_the_band(app, tmp_path, visitor):
    # With this band every percent from 0 to 80 is close to the pass mark.
    written_lesson(app, tmp_path, "pass_mark: 40", "review_band: 40")
    answer(visitor, NOTHING_MET)
    answer(visitor, STUFFED["a bare list"])
    prose, stuffed = attempts(app)
    assert prose.percent == stuffed.percent == 0
    assert prose.feedback["details"]["flag"] == "borderline"
    assert "flag" not in stuffed.feedback["details"]


def test_a_deduction_shows_the_points_off_and_the_words_that_cost_them(app, tmp_path, visitor):
    written_lesson(app, tmp_path)
    blame = " It is your fault for ordering so late in the season."
    shown = words(answer(visitor, GOOD + blame))
    attempt = latest(app)
    assert (attempt.score, attempt.percent, attempt.passed) == (2, 50, False)
    assert (
        "Blames the customer (2 points off): you wrote “your fault”, in “It is your fault for "
        "ordering so late in the season”. The delay is the store's problem, not the customer's."
    ) in shown


def test_feedback_quotes_the_learners_words_and_says_what_a_missed_criterion_looks_for(
    app, tmp_path, visitor
):
    written_lesson(app, tmp_path)
    text = (
        "Dear Sam, we are sorry that your parcel is late. It will now arrive by June 14. "
        "We hope the rest of your week goes well, and thank you for choosing our small shop."
    )
    shown = words(answer(visitor, text))
    assert "✓ Correct Apologises for the delay: you wrote “sorry”" in shown
    assert "You own the problem." in shown
    assert "✓ Correct Gives a new delivery date: you wrote “June 14”" in shown
    assert (
        "✗ Not right Offers a discount on the next order: not found. Offer something for the "
        "next order. It looks for phrases such as “discount”, “coupon”, “% off”, “percent off”."
    ) in shown


def test_an_answer_in_french_is_told_to_write_in_english(app, tmp_path, visitor):
    written_lesson(app, tmp_path)
    text = (
        "Bonjour Sam, nous sommes désolés pour le retard de votre commande. Elle arrivera le 14 "
        "juin et nous vous offrons une remise de 10 % sur votre prochaine commande. Merci de "
        "votre patience."
    )
    shown = words(answer(visitor, text, scripts=True))
    assert (latest(app).score, latest(app).passed) == (0, False)
    assert (
        "This answer seems to be written in French; this exercise is checked in English. "
        "Please write your answer in English."
    ) in shown


def test_an_instructors_review_passes_an_answer_held_for_its_length(app, tmp_path, visitor):
    written_lesson(app, tmp_path)
    answer(visitor, GOOD + LONG)
    held = latest(app)
    assert (held.percent, held.passed) == (100, False)
    instructor = signed_in_staff(app, course=COURSE)
    action = f"/instructor/lessons/{SLUG}/attempts/{held.id}/review"
    data = {
        **form_fields(instructor.get(ANALYTICS).text, action),
        "percent": "90",
        "comment": "Long, but it says everything the customer needs.",
    }
    assert instructor.post(action, data=data).status_code == 302
    reviewed = latest(app)
    assert (reviewed.override_percent, reviewed.passed) == (90, True)
    shown = words(result_area(visitor.get(URL).text, ACTIVITY))
    assert "90% — well done, you passed" in shown
    assert "Long, but it says everything the customer needs." in shown
