"""A minimal tree for sanitised HTML: parse it, walk it, and write it back out.

The sentence marker needs to insert elements between text nodes without disturbing anything
else; the standard library parser is enough because the input has already been cleaned and
normalised by the sanitiser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID_TAGS = frozenset({"area", "br", "col", "hr", "img", "input", "wbr"})


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def text(self) -> str:
        """The element's text, with a line break counted as one space and a formula as its
        words (its ``alttext``), so a sentence with a formula is read as a teacher says it."""
        if self.tag == "br":
            return " "
        if self.tag == "math":
            return f" {self.attribute('alttext') or ''} "
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def attribute(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def start_tag(self) -> str:
        attrs = "".join(
            f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'
            for name, value in self.attrs
        )
        return f"<{self.tag}{attrs}>"

    def end_tag(self) -> str:
        return "" if self.tag in VOID_TAGS else f"</{self.tag}>"


Node = Element | str


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_fragment(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialise(node: Node) -> str:
    if isinstance(node, str):
        return escape(node, quote=False)
    inner = "".join(serialise(child) for child in node.children)
    if node.tag == "#root":
        return inner
    return node.start_tag() + inner + node.end_tag()
