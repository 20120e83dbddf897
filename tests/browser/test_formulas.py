"""A lesson with formulas and a figure in a real browser: MathML drawn by Chromium with its words
as the accessible name, valid HTML, no axe violations on either theme, and the browser voice
reading a formula in words while the sentence around it is highlighted."""

from __future__ import annotations

import pytest

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.importer import import_catalog
from tests.browser.axe import violations
from tests.browser.vnu import check
from tests.content_helpers import lesson_text, make_content

pytestmark = pytest.mark.ui

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40"><title>Two boxes</title>'
    b'<rect width="100" height="40" fill="#fff"/><rect x="10" y="10" width="30" height="20"/></svg>'
)
SAID = "length times width times height, divided by the divisor"
BODY = f"""\
An introduction.

## Dimensional weight {{#one}}

Carriers charge by size as well as weight. The area is $`a \\times b`$ square inches; it costs $5.

```math
\\text{{DIM weight}} = \\frac{{L \\times W \\times H}}{{\\text{{divisor}}}}
% said: {SAID}
```

::: figure Two boxes of different sizes {{#boxes}}
![A small box beside a large, light box](images/boxes.svg)
:::

## Later {{#two .deep-dive}}

More text.
"""


@pytest.fixture
def formula_page(seeded, live_server, tmp_path):
    root = make_content(tmp_path / "content", {"01-formulas.md": lesson_text(BODY, id="formulas")})
    (root / "a-course" / "images").mkdir()
    (root / "a-course" / "images" / "boxes.svg").write_bytes(SVG)
    with seeded.app_context():
        import_catalog(load_catalog(root))
        db.session.commit()
    return live_server + "/lessons/formulas"


def test_formulas_are_named_by_their_words(page, formula_page):
    page.goto(formula_page)
    assert page.get_by_role("math", name="a times b").is_visible()
    display = page.get_by_role("math", name=SAID)
    assert display.is_visible()
    assert display.bounding_box()["height"] > 30  # drawn as a fraction, not one line of text
    assert page.get_by_role("img", name="A small box beside a large, light box").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_lesson_with_formulas_and_a_figure_passes_axe(browser, formula_page, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(formula_page)
    found = violations(page)
    context.close()
    assert found == []


def test_a_lesson_with_formulas_is_valid_html(page, formula_page, tmp_path):
    page.goto(formula_page)
    assert check({formula_page: page.content()}, tmp_path / "markup") == []


def test_the_browser_voice_reads_formulas_in_words_and_highlights_them(page, formula_page):
    page.goto(formula_page)
    sentences = page.evaluate(
        """async () => {
          const base = document.querySelector('script[src*="/js/theme.js"]').src;
          const m = await import(base.replace("theme.js", "listen-sentences.js"));
          const found = m.sectionSentences("one");
          const withFormula = found.find((s) => s.text.includes("divided by"));
          m.highlight(withFormula.id);
          const lit = document.querySelector(".s--current math");
          return { found, lit: lit && lit.getAttribute("alttext") };
        }"""
    )
    texts = [s["text"] for s in sentences["found"]]
    assert "The area is a times b square inches; it costs $5." in texts
    assert SAID in texts
    assert not any("×" in t for t in texts)
    assert sentences["lit"] == SAID
