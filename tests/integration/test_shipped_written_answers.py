"""About the shipped lesson: its delay email, answered through the page's form with the emails
learners and reviewers brought up — ones that should pass and ones that must not.

These tests are about the shipped content (content/…/01-order-management-fulfillment-basics.md,
activity ``delay-email``): a rubric change there that lets a rude or empty email through, or
fails a good one, fails here. How the rubric's rules reach the page in general is tested on a
lesson built for the test, in test_written_answers.py.
"""

from __future__ import annotations

import pytest

from app.core.rubric.passages import word_count
from tests.conftest import SEED_LESSON
from tests.integration.test_written_answers import answer, latest, words

URL = f"/lessons/{SEED_LESSON}"
ACTIVITY = "delay-email"

NEGATES_EVERYTHING = (
    "Dear Sam, we are not sorry about the wait and we will not apologise for it. There is no "
    "reason we can share with you about why your order is late. We cannot give you a new "
    "delivery date, and we will not offer a discount or any coupon on your next order. We will "
    "not send tracking details either, and there is no need to contact us about this order."
)
REPEATED_KEYWORDS = "sorry delay discount apology coupon tracking contact reason " * 6 + (
    "delay discount"
)
RUDE = (
    "Dear customer, sorry you're so impatient about your order. It is late because our "
    "supplier sent the parts late, and it will now arrive by June 14. We will give you a 10% "
    "discount on your next order, but only this once. Don't contact us again about this order, "
    "as we already got your messages and our team has nothing more to add. We have a lot of "
    "other orders to send out this week."
)
STORM = """\
Dear Sam,

Please accept our apologies: your order is running late. This is owing to a storm that closed \
the roads near our warehouse last week, so the courier could not collect any parcels for three \
days.

The roads are open again and your parcel is on its way: your new ETA is the 14th. To make up \
for the wait, we have added $10 in store credit to your account, which you can use on anything \
in the shop.

If anything else comes up, just drop us a line and our team will be glad to help.

Best wishes,
Priya
"""
BRITISH = """\
Dear Mrs Patel,

We apologise for the delay with your order. It has been held up owing to a shortage of \
packaging at our warehouse, which meant we could not dispatch anything for several days.

We expect your parcel to be with you by Friday 14 June. As a thank you for your patience, \
please enjoy 15% off your next order with the code SORRY15 at checkout.

If you have any questions in the meantime, do get in touch and we will be happy to help.

Kind regards,
Tom
"""
TYPOS = """\
Dear Sam,

We are so sory that your order is late. Our suplier sent the fabric a week late, so your \
dress could not be finished on time. It will now be delivred by June 14, and you can follow it \
with the tracking link in this email.

As a small thank you, here is a coupn for 15% off your next order. Please let us know if you \
have any questions.

Best wishes,
Anna
"""
REASON_JOINED_BY_SO = """\
Dear Sam,

We are very sorry that your necklace has not reached you yet. Our supplier shipped the clasps \
late, so we could only finish it yesterday. It is now on its way and should arrive by Friday, \
June 14; you can follow it with the tracking number 1Z55512.

To thank you for waiting, please take 10% off your next order with the code THANKS10. If you \
have any questions, just reply to this email.

Warm regards,
Lena
"""
# About something else entirely, though it gives reasons ("because", "due to").
ESSAY = (
    "Bees matter to farmers because they carry pollen from flower to flower. Many crops, such "
    "as apples and almonds, depend on them. In recent years the number of wild bees has fallen, "
    "due to the loss of meadows and the use of certain sprays. Scientists in several countries "
    "now follow hives with small sensors. Gardeners can help by planting lavender, leaving some "
    "grass uncut and avoiding harsh chemicals. A single hive can hold tens of thousands of bees, "
    "and each one visits hundreds of flowers on a sunny day."
)


def send(client, text: str) -> str:
    """The delay email sent through the shipped lesson's form; what the learner then reads."""
    return words(answer(client, text, url=URL, activity=ACTIVITY))


def status(attempt, criterion: str) -> str:
    (item,) = [i for i in attempt.feedback["feedback"] if i["key"] == f"criterion:{criterion}"]
    return item["status"]


@pytest.mark.parametrize(
    "text",
    [NEGATES_EVERYTHING, RUDE],
    ids=["an email that negates everything", "a rude email"],
)
def test_an_email_that_should_not_pass_does_not(seeded, client, text):
    send(client, text)
    assert latest(seeded).passed is False


def test_fifty_words_of_repeated_keywords_score_nothing(seeded, client):
    assert word_count(REPEATED_KEYWORDS) == 50
    send(client, REPEATED_KEYWORDS)
    attempt = latest(seeded)
    assert (attempt.score, attempt.passed) == (0, False)


@pytest.mark.parametrize(
    "text",
    [STORM, BRITISH, TYPOS, REASON_JOINED_BY_SO],
    ids=["a good email", "a British email", "an email with typos", "a reason joined by so"],
)
def test_a_good_email_passes(seeded, client, text):
    assert 50 <= word_count(text) <= 250
    send(client, text)
    assert latest(seeded).passed is True


def test_typos_do_not_hide_the_apology(seeded, client):
    shown = send(client, TYPOS)
    assert "Start with an apology" not in shown
    assert status(latest(seeded), "apology") == "correct"


def test_a_reason_joined_by_so_explains_the_delay(seeded, client):
    shown = send(client, REASON_JOINED_BY_SO)
    assert status(latest(seeded), "reason") == "correct"
    assert "✓ Correct Explains why the order is delayed" in shown


def test_an_off_topic_essay_is_not_praised_for_explaining_the_delay(seeded, client):
    shown = send(client, ESSAY)
    assert "You explain what happened" not in shown
    assert latest(seeded).passed is False
