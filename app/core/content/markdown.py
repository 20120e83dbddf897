"""The Markdown dialect of lessons: CommonMark plus tables, strikethrough, ``:::`` directives,
``{#id .class}`` attributes on headings, ``lesson:`` links between lessons, and formulas
(:mod:`~app.core.content.formula_syntax`).

Parsing and rendering call the content :func:`~app.core.content.budget.checkpoint` as they go
(a rule that matches nothing, first in the block and inline rule chains, and between top-level
blocks when rendering), so a lesson checked under a budget stops when its time is spent, however
its Markdown is built. CommonMark's own ``maxNesting`` (20) bounds how deep blocks and inline
markup nest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from app.core.content.budget import checkpoint
from app.core.content.directives import DIRECTIVES, FIGURE, figure_params, split_params
from app.core.content.formula_syntax import formula_plugin

_HEADING_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*\Z")
LESSON_LINK_PREFIX = "lesson:"


def lesson_url(target: str) -> str:
    """The site URL of a ``lesson:id[#anchor]`` link."""
    lesson_id, _, anchor = target[len(LESSON_LINK_PREFIX) :].partition("#")
    return f"/lessons/{lesson_id}" + (f"#{anchor}" if anchor else "")


def _heading_attributes(state: StateCore) -> None:
    """Move a trailing ``{#id .class}`` from a heading's text onto the heading token."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        match = _HEADING_ATTRS.search(inline.content)
        if not match:
            continue
        inline.content = inline.content[: match.start()]
        classes, unknown = [], []
        for part in match.group(1).split():
            if part.startswith("#") and len(part) > 1:
                token.meta["explicit_id"] = part[1:]
            elif part.startswith(".") and len(part) > 1:
                classes.append(part[1:])
            else:
                unknown.append(part)
        token.meta["classes"] = classes
        token.meta["bad_attributes"] = unknown


def _render_directive(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    closing = env.setdefault("directive_closings", [])  # what each open directive ends with
    if token.nesting == -1:
        return closing.pop() if closing else "</div>\n"
    name, title = split_params(token.info)
    if name == FIGURE:
        caption, explicit = figure_params(title)
        anchor = token.meta.get("figure_id") or explicit
        inline = self._md_instance.renderInline(caption)  # type: ignore[attr-defined]
        closing.append(f"<figcaption>{inline}</figcaption>\n</figure>\n")
        id_attribute = f' id="{escape(anchor, quote=True)}"' if anchor else ""
        return f'<figure class="figure"{id_attribute}>\n'
    closing.append("</div>\n")
    directive = DIRECTIVES.get(name)
    if directive is None:
        return '<div class="directive">\n'
    role = f' role="{directive.role}"' if directive.role else ""
    html = f'<div class="{directive.css_class}"{role}>\n'
    title = title or directive.default_title
    if title:
        inline = self._md_instance.renderInline(title)  # type: ignore[attr-defined]
        html += f'<p class="block-title">{inline}</p>\n'
    return html


def _render_cell(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Table alignment as a class, not a ``style`` attribute (kept out by a strict CSP)."""
    token = tokens[idx]
    style = token.attrGet("style")
    if style:
        token.attrs.pop("style", None)
        align = style.rsplit(":", 1)[-1].strip()
        token.attrJoin("class", f"align-{align}")
    if token.tag == "th" and token.attrGet("scope") is None:
        token.attrSet("scope", "col")
    return self.renderToken(tokens, idx, options, env)


def _render_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith(LESSON_LINK_PREFIX):
        token.attrSet("href", lesson_url(href))
    return self.renderToken(tokens, idx, options, env)


def _block_checkpoint(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """Called where a block may start and, as a terminator, for every line of a paragraph,
    blockquote, list or table; never matches."""
    checkpoint()
    return False


def _inline_checkpoint(state: Any, silent: bool) -> bool:
    """Called at every step of inline parsing; never matches."""
    checkpoint()
    return False


def build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": False}).enable(["table", "strikethrough"])
    md.block.ruler.before(
        "table",
        "budget",
        _block_checkpoint,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.before("text", "budget", _inline_checkpoint)
    container_plugin(md, "directive", validate=lambda params, *args: True, render=_render_directive)
    md.core.ruler.after("block", "heading_attributes", _heading_attributes)
    md.add_render_rule("th_open", _render_cell)
    md.add_render_rule("td_open", _render_cell)
    md.add_render_rule("link_open", _render_link)
    formula_plugin(md)
    md.renderer._md_instance = md  # type: ignore[attr-defined]
    return md


MARKDOWN = build_markdown()


def render_tokens(tokens: Sequence[Token]) -> str:
    """Render block tokens, one top-level block at a time with a budget checkpoint between.

    A top-level block renders the same alone as among its neighbours: the renderer looks ahead
    only from an opening token, and back only at a hidden one (a paragraph of a tight list,
    never at the top level).
    """
    tokens = list(tokens)
    parts, start = [], 0
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting != 1:  # a top-level block ends here
            parts.append(MARKDOWN.renderer.render(tokens[start : index + 1], MARKDOWN.options, {}))
            start = index + 1
            checkpoint()
    parts.append(MARKDOWN.renderer.render(tokens[start:], MARKDOWN.options, {}))
    return "".join(parts)


def render_inline(text: str) -> str:
    return MARKDOWN.renderInline(text)
