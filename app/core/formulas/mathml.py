"""A formula as MathML the browser draws itself, with its words as the text alternative.

MathML is rendered on the server by latex2mathml (no script, nothing fetched by the page). An
author may set the words read aloud with a LaTeX comment, ``% said: …``: on a line of its own in
a display formula, at the end of an inline one. A comment is what LaTeX ignores, so the file
still renders the same on GitHub and in other Markdown tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from latex2mathml.converter import convert

from app.core.formulas.words import FormulaError, spoken_words

_SAID = re.compile(r"(?<!\\)%\s*said:(.*)$", re.MULTILINE)
_COMMENT = re.compile(r"(?<!\\)%.*$", re.MULTILINE)
# The converter copies text groups into <mtext> as they are: escape them first, so "a<b" is text.
_TEXT_GROUP = re.compile(r"(\\(?:text[a-z]*|mbox)\s*\{)([^{}]*)(\})")


@dataclass(frozen=True)
class Formula:
    latex: str  # without comments
    words: str  # what is read aloud and given as the text alternative
    html: str  # a <math> element, to be sanitised with the rest of the lesson


def split_said(source: str) -> tuple[str, str | None]:
    """``(latex without comments, the author's words or None)``."""
    said = _SAID.search(source)
    words = " ".join(said.group(1).split()) if said else None
    return _COMMENT.sub("", source).strip(), words or None


@lru_cache(maxsize=512)
def render_formula(source: str, display: bool) -> Formula:
    """Convert one formula; :class:`FormulaError` when it is empty or malformed."""
    latex, said = split_said(source)
    if not latex:
        raise FormulaError("the formula is empty")
    words = spoken_words(latex)  # also checks the LaTeX, more strictly than the converter
    try:
        escaped = _TEXT_GROUP.sub(lambda m: m[1] + escape(m[2], quote=False) + m[3], latex)
        mathml = convert(escaped, display="block" if display else "inline")
    except Exception as exc:  # the converter's errors share no base class worth naming
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(exc).__name__).lower()
        raise FormulaError(f"can't be read ({name.removesuffix(' error')})") from None
    words = said or words
    label = escape(words, quote=True)
    html = mathml.replace("<math ", f'<math alttext="{label}" aria-label="{label}" ', 1)
    return Formula(latex, words, html)
