from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.content.anchors import RESERVED_PREFIX, Anchors, slugify
from app.core.content.fields import SLUG


@given(st.text())
def test_slugs_are_always_valid_ids(title):
    assert SLUG.match(slugify(title))


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
