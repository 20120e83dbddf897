"""Finding an author's phrase in a learner's sentence (app/core/rubric/phrases.py): which words
are forms of the author's word, and what a negation reaches."""

from __future__ import annotations

import pytest

from app.core.rubric.passages import sentences
from app.core.rubric.phrases import find


def hits(phrase: str, text: str):
    (sentence,) = sentences(text)
    return find(phrase, sentence)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("custom*", "Our customers feel safe buying from us."),
        ("custom", "Every customer gets a call."),
        ("text*", "The velvet has a soft texture."),
        ("install*", "Customers can pay in three installments."),
        ("busy", "Our business is small."),
    ],
)
def test_a_word_the_stem_or_star_confuses_with_another_is_not_found(phrase, text):
    assert hits(phrase, text) == ()


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("custom*", "Every piece is custom-made."),
        ("custom*", "Customised pieces can't be resold."),
        ("customer*", "Our customers feel safe."),
        ("text*", "We text the customer."),
        ("install*", "The crew installs the cabinet."),
    ],
)
def test_the_author_s_word_is_still_found_in_its_own_forms(phrase, text):
    assert len(hits(phrase, text)) == 1


@pytest.mark.parametrize(
    ("phrase", "text", "quote"),
    [
        ("freight*", "That avoids paying a freight company.", "avoids paying a freight"),
        ("packaging", "The crew takes away the packaging.", "takes away the packaging"),
        ("packaging", "They remove all packaging.", "remove all packaging"),
        ("crate*", "We ship in cardboard instead of crates.", "instead of crates"),
        ("courier*", "We use freight rather than a courier.", "rather than a courier"),
    ],
)
def test_avoiding_removing_or_replacing_something_negates_it(phrase, text, quote):
    (hit,) = hits(phrase, text)
    assert hit.negated
    assert hit.quote == quote


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("free shipping", "Spend $50 instead of $35 to get free shipping."),
        ("crating", "We avoid damage by crating every piece."),
        ("foam", "We remove the risk with foam corners."),
    ],
)
def test_such_a_negation_reaches_only_its_object(phrase, text):
    (hit,) = hits(phrase, text)
    assert not hit.negated


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("It costs me next to nothing.", True),
        ("It costs me almost nothing.", True),
        ("It costs me forty dollars a month.", False),
    ],
)
def test_costing_next_to_nothing_denies_the_cost(text, negated):
    (hit,) = hits("costs me", text)
    assert hit.negated is negated


def test_what_follows_nothing_is_not_denied():
    (hit,) = hits("sorry", "We are sorry nothing arrived on Friday.")
    assert not hit.negated
