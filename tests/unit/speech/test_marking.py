"""Sentence marking: every sentence read aloud has an id on the page, and nothing else changes."""

from __future__ import annotations

import re
import time

import pytest

from app.core.content import parse_lesson
from app.core.speech.html_tree import parse_fragment
from app.core.speech.marking import SentenceMarker, mark_lesson
from tests.content_helpers import lesson_text


def mark(html: str, section: str = "sec", taken=()) -> tuple[str, list]:
    marker = SentenceMarker(section, taken)
    return marker.mark(html), marker.sentences


def text_of(html: str) -> str:
    return parse_fragment(html).text()


def pieces(html: str, sentence_id: str) -> str:
    """The text of every element marked with ``sentence_id``, in order, joined."""
    root = parse_fragment(html)
    found: list[str] = []

    def walk(node):
        if isinstance(node, str):
            return
        if ("data-s", sentence_id) in node.attrs:
            found.append(node.text())
            return
        for child in node.children:
            walk(child)

    walk(root)
    return "".join(found)


def test_each_sentence_of_a_paragraph_gets_a_span_with_an_id():
    html, sentences = mark("<p>One thing. Another thing!</p>")
    assert html == (
        '<p><span class="s" id="s-sec-1" data-s="s-sec-1">One thing.</span> '
        '<span class="s" id="s-sec-2" data-s="s-sec-2">Another thing!</span></p>'
    )
    assert [(s.id, s.text, s.spoken) for s in sentences] == [
        ("s-sec-1", "One thing.", "One thing."),
        ("s-sec-2", "Another thing!", "Another thing!"),
    ]


def test_inline_markup_inside_a_sentence_stays_whole():
    html, _ = mark('<li><strong>Shipping:</strong> Use a <a href="/x">carrier</a>.</li>')
    assert html == (
        '<li><span class="s" id="s-sec-1" data-s="s-sec-1"><strong>Shipping:</strong> Use a '
        '<a href="/x">carrier</a>.</span></li>'
    )


def test_a_sentence_crossing_inline_markup_is_marked_in_pieces_sharing_its_id():
    html, sentences = mark("<p><em>First ends. Second starts</em> and ends here.</p>")
    assert [s.text for s in sentences] == ["First ends.", "Second starts and ends here."]
    assert html == (
        '<p><em><span class="s" id="s-sec-1" data-s="s-sec-1">First ends.</span> '
        '<span class="s" id="s-sec-2" data-s="s-sec-2">Second starts</span></em>'
        '<span class="s" data-s="s-sec-2"> and ends here.</span></p>'
    )
    assert pieces(html, "s-sec-2") == "Second starts and ends here."
    assert html.count('id="s-sec-2"') == 1


def test_links_are_never_broken_by_a_sentence_boundary_inside_them():
    html, _ = mark('<p><a href="/a?x=1&amp;y=2">Read this. Then that</a> now.</p>')
    assert html.count("<a ") == 1 and html.count("</a>") == 1
    assert '<a href="/a?x=1&amp;y=2">' in html
    assert text_of(html) == "Read this. Then that now."


def test_marking_keeps_escaped_text_escaped():
    html, sentences = mark("<p>Use &lt;script&gt; &amp; &quot;quotes&quot; carefully.</p>")
    assert "&lt;script&gt; &amp;" in html
    assert "<script>" not in html
    assert sentences[0].text == 'Use <script> & "quotes" carefully.'


def test_code_blocks_and_images_are_not_read():
    html, sentences = mark(
        '<p>Run it.</p><pre><code>print("Hello. World.")</code></pre><img src="/a.png" alt="A.">'
    )
    assert [s.text for s in sentences] == ["Run it."]
    assert '<pre><code>print("Hello. World.")</code></pre>' in html


def test_callouts_and_nested_lists_are_read_in_page_order():
    html, sentences = mark(
        '<div class="callout"><p class="block-title">Tip</p><p>Pack well.</p></div>'
        "<ul><li>Outer item.<ul><li>Inner item.</li></ul></li></ul>"
    )
    assert [s.text for s in sentences] == ["Tip", "Pack well.", "Outer item.", "Inner item."]


def test_tables_are_read_row_by_row_with_their_column_names():
    html, sentences = mark(
        "<table><thead><tr><th>Factor</th><th>In-house</th><th>Dropshipping</th></tr></thead>"
        "<tbody><tr><td>Cost</td><td>high</td><td>low</td></tr>"
        "<tr><td>Control</td><td><strong>full</strong></td><td>little</td></tr></tbody></table>"
    )
    assert [s.spoken for s in sentences] == [
        "Cost: In-house high, Dropshipping low.",
        "Control: In-house full, Dropshipping little.",
    ]
    assert sentences[0].text == "Cost high low"
    assert '<td><span class="s" id="s-sec-1" data-s="s-sec-1">Cost</span></td>' in html
    assert '<td><span class="s" data-s="s-sec-1">high</span></td>' in html
    assert '<span class="s" data-s="s-sec-2"><strong>full</strong></span>' in html
    assert "<th>Factor</th>" in html  # the header is read with every row, not on its own


def test_a_table_without_a_header_reads_its_cells_in_order():
    _, sentences = mark("<table><tr><td>a</td><td>b</td></tr></table>")
    assert [s.spoken for s in sentences] == ["a, b."]


def test_sentence_ids_step_aside_from_ids_authors_chose():
    _, sentences = mark("<p>One. Two.</p>", taken={"s-sec-1"})
    assert [s.id for s in sentences] == ["s-sec-1-s", "s-sec-2"]


def test_a_long_paragraph_with_inline_markup_is_marked_in_linear_time():
    html = "<p>" + 'Go <em>now</em>. Then <a href="#x">read</a>. ' * 10_000 + "</p>"
    started = time.thread_time()
    marked, said = mark(html)
    assert time.thread_time() - started < 3  # minutes when every node scanned every sentence
    assert len(said) == 20_000
    assert pieces(marked, "s-sec-20000") == "Then read."


def test_text_with_nothing_to_say_is_left_unmarked():
    html, sentences = mark("<p>—</p>")
    assert html == "<p>—</p>" and sentences == []


LESSON = """\
Welcome to the lesson. It is short.

## Section one {#one}

The first section. It has *emphasis
that crosses. A line* break.

```exercise
id: try-it
type: free-text
prompt: |
  Write an email. Keep it short.
criteria:
  - {id: short, label: Short, max_words: 100, missed: Keep it short.}
```

## Section two {#two .deep-dive}

| Factor | In-house | 3PL |
| --- | --- | --- |
| Cost | high | medium |
"""


@pytest.fixture
def marked():
    return mark_lesson(parse_lesson(lesson_text(LESSON)))


def test_a_marked_lesson_reads_section_by_section(marked):
    assert [(s.id, s.title) for s in marked.speech] == [
        ("page-intro", "Introduction"),
        ("one", "Section one"),
        ("two", "Section two"),
    ]
    one = marked.speech[1]
    assert [s.text for s in one.sentences] == [
        "Section one",
        "The first section.",
        "It has emphasis that crosses.",
        "A line break.",
        "Write an email.",
        "Keep it short.",
    ]
    assert marked.speech[2].sentences[1].spoken == "Cost: In-house high, 3PL medium."


def test_headings_intro_blocks_and_activity_prompts_carry_the_ids(marked):
    section = marked.sections[0]
    assert section.title_html == '<span class="s" id="s-one-1" data-s="s-one-1">Section one</span>'
    assert 'id="s-page-intro-2"' in marked.intro_html
    assert 'id="s-one-5"' in marked.activities["try-it"].prompt_html
    html = (
        "".join(b.html for b in section.blocks if hasattr(b, "html"))
        + marked.activities["try-it"].prompt_html
    )
    for sentence in marked.speech[1].sentences[1:]:
        assert f'id="{sentence.id}"' in html


def test_sentence_ids_are_unique_and_valid_html_ids(marked):
    ids = [s.id for section in marked.speech for s in section.sentences]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"s-[a-z0-9-]+-\d+", i) for i in ids)
    assert not set(ids) & marked.anchors


def test_marking_changes_nothing_but_the_spans(marked):
    original = parse_lesson(lesson_text(LESSON))
    for before, after in zip(original.sections, marked.sections, strict=True):
        for a, b in zip(before.blocks, after.blocks, strict=True):
            if hasattr(a, "html"):
                assert text_of(a.html) == text_of(b.html)
                stripped = re.sub(r'<span class="s"[^>]*>|</span>', "", b.html)
                assert stripped == re.sub(r"</?span[^>]*>", "", a.html)
