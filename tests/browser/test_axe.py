"""The axe helper every accessibility check uses finds what axe finds, however often it runs.

Which pages pass axe: test_every_page.py (every page, and each lesson answered), and the tests of
each widget in its own states."""

from __future__ import annotations

import pytest

from tests.browser.axe import violations

pytestmark = pytest.mark.rendering

UNLABELLED = '<!doctype html><html lang="en"><title>t</title><main><input id="q"></main></html>'


def test_axe_reports_a_violation_again_in_the_same_page_and_after_navigating(page):
    """axe is injected once per document: a second run reuses it, a new document gets it anew."""
    for _ in range(2):
        page.set_content(UNLABELLED)
        for _ in range(2):
            assert [v.split(" ")[0] for v in violations(page)] == ["label"]
