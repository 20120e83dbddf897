"""Formulas in the lesson dialect, as GitHub writes them: a fenced ```` ```math ```` block for a
display formula, `` $`…`$ `` inline. A plain ``$`` stays a dollar sign (lessons talk about prices).

The renderer draws whatever it is given; a formula it can't read is shown as its LaTeX in
``<code>``. The lesson parser checks every formula first (:func:`formula_problems`), so such a
lesson never passes the content check.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from app.core.formulas import FormulaError
from app.core.formulas.mathml import render_formula

MATH_FENCE = "math"
INLINE_OPEN, INLINE_CLOSE = "$`", "`$"


def is_math_fence(token: Token) -> bool:
    return token.type == "fence" and token.info.strip() == MATH_FENCE


def _inline_math(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith(INLINE_OPEN, start):
        return False
    end = state.src.find(INLINE_CLOSE, start + len(INLINE_OPEN), state.posMax + 1)
    if end == -1 or not state.src[start + 2 : end].strip():
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = state.src[start + 2 : end]
        token.markup = INLINE_OPEN
    state.pos = end + len(INLINE_CLOSE)
    return True


def _formula_html(source: str, display: bool) -> str:
    try:
        return render_formula(source, display).html
    except FormulaError:
        return f'<code class="formula-error">{escape(source)}</code>'


def _render_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return _formula_html(tokens[idx].content, display=False)


def formula_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("backticks", "math_inline", _inline_math)
    md.add_render_rule("math_inline", _render_inline)
    default_fence = md.renderer.rules["fence"]

    def render_fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any):
        if not is_math_fence(tokens[idx]):
            return default_fence(tokens, idx, options, env)
        return f'<div class="formula">{_formula_html(tokens[idx].content, True)}</div>\n'

    md.add_render_rule("fence", render_fence)


def formula_problems(token: Token) -> Iterator[tuple[int, str]]:
    """``(lines after the token's first line, message)`` for each formula in ``token`` (a math
    fence, or an inline token) that can't be read."""
    if is_math_fence(token):
        found = [(0, token.content, True)]
    elif token.type == "inline":
        found, searched = [], 0
        for child in token.children or ():
            if child.type == "math_inline":
                at = token.content.find(INLINE_OPEN + child.content, searched)
                searched = max(at, searched)
                found.append((token.content.count("\n", 0, max(at, 0)), child.content, False))
    else:
        return
    for offset, source, display in found:
        try:
            render_formula(source, display)
        except FormulaError as exc:
            yield offset, f"formula '{_short(source)}': {exc}"


def _short(source: str, limit: int = 40) -> str:
    text = " ".join(source.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
