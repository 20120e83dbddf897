"""Formulas as MathML: drawn by the browser, with their words as the text alternative."""

from __future__ import annotations

import pytest

from app.core.content.markdown import MARKDOWN
from app.core.content.sanitize import sanitize_html
from app.core.formulas import FormulaError
from app.core.formulas.mathml import render_formula, split_said


def rendered(markdown: str) -> str:
    return sanitize_html(MARKDOWN.render(markdown))


def test_inline_formula_is_mathml_with_its_words_as_text_alternative():
    html = rendered("Area: $`a \\times b`$ here.")
    assert '<math alttext="a times b" aria-label="a times b" display="inline">' in html
    assert "<mo>×</mo>" in html


def test_math_fence_is_a_display_formula():
    html = rendered("```math\n\\frac{a}{b}\n```\n")
    assert html.startswith('<div class="formula"><math alttext="a divided by b"')
    assert 'display="block"' in html and "<mfrac>" in html


def test_a_plain_dollar_stays_a_currency_sign():
    html = rendered("It costs $5, or $7 with gift wrap.")
    assert html == "<p>It costs $5, or $7 with gift wrap.</p>\n"
    assert "<math" not in html


def test_other_fences_stay_code():
    assert "<pre><code" in rendered("```python\nx = 1\n```\n")


def test_author_words_replace_the_generated_ones():
    formula = render_formula("L \\times W % said: length times width", display=False)
    assert formula.words == "length times width"
    assert 'alttext="length times width"' in formula.html


def test_said_line_in_a_display_formula():
    latex, said = split_said("% said: the DIM weight\n\\frac{a}{b}\n")
    assert (latex, said) == ("\\frac{a}{b}", "the DIM weight")


def test_an_escaped_percent_is_not_a_comment():
    assert split_said("15\\% % said: fifteen percent") == ("15\\%", "fifteen percent")
    assert render_formula("15\\%", display=False).words == "15 percent"


def test_text_in_a_formula_is_escaped_not_markup():
    html = rendered("$`\\text{a<b onclick=x>}`$")
    assert "onclick=x&gt;</mtext>" in html
    assert "<b" not in html


@pytest.mark.parametrize("latex", ["", "% said: nothing", "\\left( x"])
def test_unreadable_formulas_raise(latex):
    with pytest.raises(FormulaError):
        render_formula(latex, display=True)


def test_an_unreadable_formula_renders_as_its_code():
    assert rendered("See $`\\frac{a}{b`$.") == (
        '<p>See <code class="formula-error">\\frac{a}{b</code>.</p>\n'
    )


def test_nothing_scriptable_survives_in_mathml():
    html = sanitize_html(
        '<math><mi href="javascript:x" onclick="y" style="color:red">x</mi>'
        '<annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml>'
        "<mtext><script>alert(1)</script></mtext></math>"
    )
    for banned in ("href", "onclick", "style", "annotation", "onerror", "script"):
        assert banned not in html
    assert "<mi>x</mi>" in html
