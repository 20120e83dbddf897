"""The HTML allowlist applied to everything rendered from Markdown before it is marked safe.

Authors (instructors included) write prose, not code: scripts, event handlers, inline styles and
``javascript:`` URLs never survive, whatever raw HTML a lesson contains.

Raw HTML may not nest elements more than :data:`MAX_HTML_DEPTH` deep. The HTML parser behind
``nh3`` looks through every open element for each new block element, so its time grows with the
square of the nesting: 96,000 unclosed ``<div>`` (480,000 characters) took it 20 s. Markdown
itself nests at most 20 blocks (CommonMark's ``maxNesting``), and no lesson needs raw HTML five
times deeper than that.
"""

from __future__ import annotations

import re

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip

# MathML as latex2mathml writes it (app/core/formulas/mathml.py), presentation elements only:
# no <annotation-xml> (it can hold HTML), no href, style or colour attributes.
MATHML_TAGS = {
    "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "msub",
    "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose",
}  # fmt: skip
_MO = {"stretchy", "fence", "separator", "form", "lspace", "rspace", "largeop", "movablelimits",
       "symmetric", "minsize", "maxsize"}  # fmt: skip
MATHML_ATTRIBUTES = {
    "math": {"display", "alttext", "aria-label"},
    "mi": {"mathvariant"},
    "mn": {"mathvariant"},
    "mtext": {"mathvariant"},
    "mo": _MO,
    "mfrac": {"linethickness"},
    "mspace": {"width", "height", "depth"},
    "mstyle": {"displaystyle", "scriptlevel"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mtd": {"columnalign", "columnspan", "rowspan"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "menclose": {"notation"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
}

_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
    "th": {"class", "scope", "colspan", "rowspan"},
    "td": {"class", "colspan", "rowspan"},
    "div": {"class"},
    "figure": {"class", "id"},
    "p": {"class"},
    "span": {"class"},
    "code": {"class"},
    "ul": {"class"},
} | MATHML_ATTRIBUTES

_CLEANER = nh3.Cleaner(
    tags=_TAGS | MATHML_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    tag_attribute_values={"div": {"role": {"note"}}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


MAX_HTML_DEPTH = 100
# Elements that never hold others (void) or close themselves when a sibling opens (optional end
# tags): neither deepens the tree, whether or not the author closes them.
_FLAT = frozenset(
    "area base br col embed hr img input link meta source track wbr "
    "p li dt dd tr td th thead tbody tfoot caption colgroup option optgroup rb rp rt rtc".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


class MarkupTooDeep(ValueError):
    """Raw HTML nests elements deeper than :data:`MAX_HTML_DEPTH`."""


def nesting_after(html: str, depth: int = 0, limit: int = MAX_HTML_DEPTH) -> int:
    """How deep the elements open at the end of ``html`` are, counting from ``depth``; raise
    :class:`MarkupTooDeep` past ``limit``. Counted on the tags, in one pass, building nothing."""
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _FLAT:
            continue
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > limit:
                raise MarkupTooDeep(f"HTML elements nested more than {limit} deep")
    return depth


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the allowlist removed; raise
    :class:`MarkupTooDeep` for HTML nested too deep to parse in reasonable time."""
    nesting_after(html)
    return _CLEANER.clean(html)
