"""About lesson 2's customer message (activity ``threshold-message``), answered through the
page's form: messages that announce the change well pass, ones that negate, stuff keywords, blame
customers or copy the model answer do not.

The grader's agreement with a teacher over many messages is measured on the labelled corpus
(tests/data/grading/threshold-message.yaml, test_grading_corpus.py); these are the cases a rubric
change must never get wrong, sent the way a learner sends them.
"""

from __future__ import annotations

import pytest

from app.core.content import load_catalog
from tests.conftest import SEED_CONTENT
from tests.integration.test_written_answers import answer, latest, words

LESSON = "shipping-strategies-and-costs"
URL = f"/lessons/{LESSON}"
ACTIVITY = "threshold-message"
SPEC = load_catalog(SEED_CONTENT).lessons[LESSON].activities[ACTIVITY].spec

GOOD = (
    "Hi everyone, from June 1 free shipping will start at $50 instead of $35. Our carriers "
    "raised their rates twice this year, and we would rather move the threshold than raise our "
    "prices. Local pickup at our shop stays free, and orders under $50 ship for a flat $4. "
    "Thank you for supporting our small shop. Best wishes, Rosa"
)
BRITISH = (
    "Dear customers, from 1 March free delivery will apply to orders over £50 rather than £35. "
    "Royal Mail and our courier have both put their prices up this year, and we can no longer "
    "absorb the extra postage. Click and collect from our Bristol shop remains free. Thank you "
    "ever so much for your continued support. Best wishes, Eleanor"
)
NEGATED = (
    "Hi, from June 1 free shipping starts at $50, not $35. We won't bore you with the reasons "
    "why. Please also note that local pickup will no longer be free, and we will not be offering "
    "a flat rate for smaller orders either, so every order under $50 pays the full carrier "
    "price. Regards, the shop"
)
STUFFED = (
    "free shipping threshold $50 $35 next month carrier rates increase local pickup free flat "
    "rate thank you free shipping threshold carrier rates increase pickup thanks free shipping "
    "threshold increase rates pickup flat rate thanks next month"
)
BLAMING = (
    "Hi, from April 1 free shipping starts at $50 instead of $35. Carrier rates went up and, "
    "honestly, you people keep placing tiny orders that cost us more to ship than they are "
    "worth. If you don't like it, feel free to shop somewhere else. Don't contact us about it. "
    "Management"
)


def send(client, text: str) -> str:
    return words(answer(client, text, url=URL, activity=ACTIVITY))


@pytest.mark.parametrize("text", [GOOD, BRITISH], ids=["a good message", "a British message"])
def test_a_good_message_passes(seeded, client, text):
    send(client, text)
    assert latest(seeded).passed is True


@pytest.mark.parametrize(
    "text",
    [NEGATED, STUFFED, BLAMING, SPEC.model_answer_text],
    ids=["negated options", "keywords", "blaming customers", "the model answer"],
)
def test_a_message_that_should_not_pass_does_not(seeded, client, text):
    send(client, text)
    assert latest(seeded).passed is False


def test_a_message_without_a_reason_is_told_to_give_an_honest_one(seeded, client):
    text = GOOD.replace(
        "Our carriers raised their rates twice this year, and we would rather move the "
        "threshold than raise our prices. ",
        "",
    )
    shown = send(client, text)
    assert "Give an honest reason, such as carriers raising their rates" in shown
