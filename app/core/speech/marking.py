"""Mark every sentence of a lesson's sanitised HTML with an id, and collect what is read aloud.

Marking runs once per lesson source (the lesson cache calls :func:`mark_lesson` after parsing),
never per request. Each sentence is wrapped in ``<span class="s" id="s-<section>-<n>"
data-s="…">``. Spans are only ever inserted around text and whole inline elements, so links,
``<strong>`` and ``<em>`` stay intact: a sentence that starts or ends inside inline markup is
wrapped in several spans that share ``data-s`` (the first one carries the ``id``).

What is read: headings, paragraphs, list items, callouts and activity prompts, and tables row by
row ("Cost: In-house high, Dropshipping low"), and formulas in words (their ``alttext``: "L times
W times H, divided by divisor"), and a figure's caption. Code blocks and images are not read.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable

from app.core.content.budget import checkpoint
from app.core.content.model import ActivityBlock, HtmlBlock, Lesson, Section
from app.core.speech.html_tree import Element, Node, parse_fragment, serialise
from app.core.speech.normalise import collapse_spaces, spoken_text
from app.core.speech.script import INTRO_SECTION, Sentence, SpeechSection
from app.core.speech.sentences import split_sentences

BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt figcaption figure footer h1 h2 h3 h4"
    " h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"
    .split()
)  # fmt: skip
UNREAD_TAGS = frozenset({"pre", "hr", "img", "audio", "video", "svg"})


def _text(node: Node) -> str:
    return node if isinstance(node, str) else node.text()


def _is_inline(node: Node) -> bool:
    return isinstance(node, str) or node.tag not in BLOCK_TAGS


def _span(sentence_id: str, children: list[Node], *, first: bool) -> Element:
    attrs: list[tuple[str, str | None]] = [("class", "s")]
    if first:
        attrs.append(("id", sentence_id))
    attrs.append(("data-s", sentence_id))
    return Element("span", attrs, children)


class SentenceMarker:
    """Marks the sentences of one section, numbering them in page order."""

    def __init__(self, section_id: str, taken_ids: Iterable[str] = ()) -> None:
        self.section_id = section_id
        self.taken = frozenset(taken_ids)
        self.sentences: list[Sentence] = []
        self._opened: set[str] = set()

    def mark(self, html: str) -> str:
        """``html`` with its sentences wrapped; their text is added to :attr:`sentences`."""
        root = parse_fragment(html)
        self._container(root)
        return serialise(root)

    # -- ids and sentences -------------------------------------------------------------------
    def _add(self, written: str, spoken: str) -> str:
        checkpoint()  # a preview marks under the budget of its check
        sentence_id = f"s-{self.section_id}-{len(self.sentences) + 1}"
        while sentence_id in self.taken:  # an author used this id for a heading: step aside
            sentence_id += "-s"
        self.sentences.append(Sentence(sentence_id, written, spoken))
        return sentence_id

    def _span(self, sentence_id: str, children: list[Node]) -> Element:
        first = sentence_id not in self._opened
        self._opened.add(sentence_id)
        return _span(sentence_id, children, first=first)

    # -- structure ---------------------------------------------------------------------------
    def _container(self, element: Element) -> None:
        children: list[Node] = []
        run: list[Node] = []
        for child in element.children:
            if _is_inline(child):
                run.append(child)
                continue
            children += self._phrasing(run)
            run = []
            assert isinstance(child, Element)
            if child.tag == "table":
                self._table(child)
            elif child.tag not in UNREAD_TAGS:
                self._container(child)
            children.append(child)
        children += self._phrasing(run)
        element.children = children

    def _table(self, table: Element) -> None:
        rows = [row for row in _descendants(table) if row.tag == "tr"]
        header: list[str] = []
        if rows and all(cell.tag == "th" for cell in _cells(rows[0])):
            header = [collapse_spaces(cell.text()) for cell in _cells(rows.pop(0))]
        for row in rows:
            cells = _cells(row)
            texts = [collapse_spaces(cell.text()) for cell in cells]
            spoken = spoken_text(_row_speech(header, texts))
            if not spoken:
                continue
            sentence_id = self._add(" ".join(t for t in texts if t), spoken)
            for cell, text in zip(cells, texts, strict=True):
                if text and all(_is_inline(child) for child in cell.children):
                    cell.children = [self._span(sentence_id, cell.children)]

    def _phrasing(self, nodes: list[Node]) -> list[Node]:
        text = "".join(_text(node) for node in nodes)
        marks: list[tuple[int, int, str]] = []
        for start, end in split_sentences(text):
            written = collapse_spaces(text[start:end])
            spoken = spoken_text(written)
            if spoken:
                marks.append((start, end, self._add(written, spoken)))
        return self._wrap(nodes, 0, marks) if marks else nodes

    def _wrap(self, nodes: list[Node], position: int, marks: list[tuple[int, int, str]]):
        """Wrap ``nodes`` (whose text starts at ``position``) in spans, one run per sentence."""
        out: list[Node] = []
        open_span: Element | None = None

        def put(node: Node, sentence_id: str | None) -> None:
            nonlocal open_span
            if sentence_id is None:
                open_span = None
                out.append(node)
            elif open_span is not None and open_span.attrs[-1][1] == sentence_id:
                open_span.children.append(node)
            else:
                open_span = self._span(sentence_id, [node])
                out.append(open_span)

        ends = [m[1] for m in marks]  # marks are in order and don't overlap: ends are sorted
        for node in nodes:
            start, end = position, position + len(_text(node))
            position = end
            first = bisect_right(ends, start)  # the first mark that ends after this node starts
            last = first
            while last < len(marks) and marks[last][0] < end:
                last += 1
            overlapping = marks[first:last]
            if isinstance(node, str):
                cut = start
                for m_start, m_end, sentence_id in overlapping:
                    if m_start > cut:
                        put(node[cut - start : m_start - start], None)
                    piece_end = min(m_end, end)
                    put(node[max(m_start, cut) - start : piece_end - start], sentence_id)
                    cut = piece_end
                if cut < end:
                    put(node[cut - start :], None)
            elif len(overlapping) <= 1 or node.tag == "math":  # a formula is never cut
                put(node, overlapping[0][2] if overlapping else None)
            else:  # a sentence boundary falls inside this element: mark inside it
                open_span = None
                children = self._wrap(node.children, start, overlapping)
                out.append(Element(node.tag, node.attrs, children))
        return out


def _descendants(element: Element) -> Iterable[Element]:
    for child in element.children:
        if isinstance(child, Element):
            yield child
            if child.tag != "table":  # rows of a nested table belong to that table
                yield from _descendants(child)


def _cells(row: Element) -> list[Element]:
    return [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]


def _row_speech(header: list[str], texts: list[str]) -> str:
    """``Cost: In-house high, Dropshipping low.`` — each value read with its column's name."""
    if not any(texts):
        return ""
    if not header:
        return ", ".join(t for t in texts if t) + "."
    label, values = texts[0], texts[1:]
    pairs = [f"{name} {value}" for name, value in zip(header[1:], values, strict=False) if value]
    if not label:
        return ", ".join(pairs) + "."
    return f"{label}: {', '.join(pairs)}." if pairs else f"{label}."


def mark_lesson(lesson: Lesson) -> Lesson:
    """A copy of ``lesson`` with sentence-marked HTML and its speech script in ``speech``."""
    taken = lesson.anchors
    intro = SentenceMarker(INTRO_SECTION, taken)
    intro_html = intro.mark(lesson.intro_html)
    speech = [SpeechSection(INTRO_SECTION, "Introduction", tuple(intro.sentences))]
    activities = dict(lesson.activities)
    sections: list[Section] = []
    for section in lesson.sections:
        marker = SentenceMarker(section.id, taken)
        title_html = marker.mark(section.title_html)
        blocks: list[HtmlBlock | ActivityBlock] = []
        for block in section.blocks:
            if isinstance(block, HtmlBlock):
                blocks.append(HtmlBlock(marker.mark(block.html)))
            else:
                activity = activities[block.activity_id]
                activities[block.activity_id] = dataclasses.replace(
                    activity, prompt_html=marker.mark(activity.prompt_html)
                )
                blocks.append(block)
        sections.append(dataclasses.replace(section, title_html=title_html, blocks=tuple(blocks)))
        speech.append(SpeechSection(section.id, section.title, tuple(marker.sentences)))
    return dataclasses.replace(
        lesson,
        intro_html=intro_html,
        sections=tuple(sections),
        activities=activities,
        speech=tuple(s for s in speech if s.sentences),
    )
