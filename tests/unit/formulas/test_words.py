"""Formulas read aloud: LaTeX in the words a teacher would say, and malformed LaTeX refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.formulas import FormulaError, spoken_words


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        (
            r"\text{DIM weight} = \frac{L \times W \times H}{\text{divisor}}",
            "DIM weight equals L times W times H, divided by divisor",
        ),
        (r"a \div b", "a divided by b"),
        (r"\frac{a}{b}", "a divided by b"),
        (r"x \approx 4.5", "x approximately equals 4.5"),
        (r"r^2", "r squared"),
        (r"r^3", "r cubed"),
        (r"2^{10}", "2 to the power of 10"),
        (r"x_1 + x_2", "x sub 1 plus x sub 2"),
        (r"a - b", "a minus b"),
        (r"(a + b) \cdot c", "open parenthesis a plus b close parenthesis times c"),
        (r"\left( a \right)", "open parenthesis a close parenthesis"),
        (r"x \le 10", "x is less than or equal to 10"),
        (r"x \geq 10", "x is greater than or equal to 10"),
        (r"x \ne y", "x does not equal y"),
        (r"15\%", "15 percent"),
        (r"\$5", "5 dollars"),
        (r"1{,}000", "1,000"),
        (r"\sqrt{a^2 + b^2}", "the square root of a squared plus b squared"),
        (r"\sqrt[3]{8}", "the cube root of 8"),
        (r"90^\circ", "90 degrees"),
        (r"\alpha + \Delta", "alpha plus delta"),
        (r"\text{Cost per unit} \times 12", "Cost per unit times 12"),
        (r"\mathrm{kg}", "kg"),
    ],
)
def test_latex_is_read_in_words(latex, words):
    assert spoken_words(latex) == words


@pytest.mark.parametrize(
    ("latex", "problem"),
    [
        (r"\frac{a}{b", "never closed"),
        (r"a}", "closes nothing"),
        (r"\fraac{a}{b}", r"unknown command '\fraac'"),
        (r"a^", "missing what it applies to"),
        (r"\frac{a}", "missing what it applies to"),
        (r"^2", "nothing before it"),
        (r"\text a", "in braces"),
        (r"\href{javascript:alert(1)}{x}", r"unknown command '\href'"),
        (r"\begin{matrix} a \end{matrix}", "not supported"),
    ],
)
def test_malformed_latex_is_refused_with_a_reason(latex, problem):
    with pytest.raises(FormulaError, match=problem.replace("\\", "\\\\")):
        spoken_words(latex)


@given(st.text(alphabet="\\{}^_ab12+=()[]frac text", max_size=40))
def test_any_input_gives_words_or_a_formula_error(latex):
    try:
        words = spoken_words(latex)
    except FormulaError:
        return
    assert isinstance(words, str)
