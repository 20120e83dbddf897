from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from app.core.content.anchors import RESERVED_PREFIX, Anchors, slugify
from app.core.content.fields import SLUG


@given(st.text())
def test_slugs_are_always_valid_ids(title):
    assert SLUG.fullmatch(slugify(title))


@given(st.lists(st.text(), max_size=20))
def test_derived_anchors_are_unique_and_never_reserved(titles):
    anchors = Anchors()
    ids = [anchors.derive(title, line) for line, title in enumerate(titles)]
    assert len(set(ids)) == len(ids)
    assert not any(i.startswith(RESERVED_PREFIX) for i in ids)


def test_slugify_keeps_words_and_drops_punctuation():
    assert slugify("Accuracy, Timeliness, and Customer Experience") == (
        "accuracy-timeliness-and-customer-experience"
    )
    assert slugify("Café & Crème") == "cafe-creme"


def test_repeated_titles_are_numbered_in_order_around_taken_ids():
    anchors = Anchors()
    anchors.claim("same-3", 1)
    ids = [anchors.derive("Same", line) for line in range(2, 7)]
    assert ids == ["same", "same-2", "same-4", "same-5", "same-6"]


def test_many_headings_with_one_title_get_their_ids_in_linear_time():
    anchors = Anchors()
    started = time.thread_time()
    ids = [anchors.derive("Same", line) for line in range(50_000)]  # was minutes: 1.25e9 steps
    assert time.thread_time() - started < 1
    assert ids[:3] == ["same", "same-2", "same-3"] and ids[-1] == "same-50000"
