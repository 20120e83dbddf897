"""The editor page's server side: its style nonce, the preview's section lines that let the
preview follow the cursor, image Markdown without placeholder text, and the code editor loaded
on that page only."""

from __future__ import annotations

import io
import re

import pytest

from tests.images import PNG
from tests.lessons import SLUG

EDIT = f"/instructor/lessons/{SLUG}/edit"
PREVIEW = f"/instructor/lessons/{SLUG}/preview"


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def style_src(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return next(d for d in policy.split("; ") if d.startswith("style-src"))


def test_the_editor_page_allows_style_elements_by_a_fresh_nonce_it_gives_its_script(instructor):
    first, second = instructor.get(EDIT), instructor.get(EDIT)
    nonces = []
    for response in (first, second):
        assert response.status_code == 200
        match = re.fullmatch(r"style-src 'self' 'nonce-([\w-]{20,})'", style_src(response))
        assert match, style_src(response)
        assert f'nonce="{match[1]}" data-editor-script' in response.text
        assert "script-src 'self';" in response.headers["Content-Security-Policy"]
        nonces.append(match[1])
    assert nonces[0] != nonces[1]


def test_a_refused_save_keeps_the_nonce_policy(instructor):
    response = instructor.post(EDIT, data={"source": "", "save": "1"})
    assert response.status_code == 400
    assert "'nonce-" in style_src(response)


def test_other_pages_keep_the_policy_without_a_nonce(instructor, visitor):
    for response in (instructor.get("/instructor/"), visitor.get(f"/lessons/{SLUG}")):
        assert style_src(response) == "style-src 'self'"


def test_only_the_editor_page_loads_the_code_editor(instructor, visitor):
    assert "js/editor.js" in instructor.get(EDIT).text
    for page in (visitor.get(f"/lessons/{SLUG}").text, instructor.get("/instructor/").text):
        assert "editor.js" not in page and "codemirror" not in page


def test_the_preview_tells_the_line_each_section_starts_on(instructor, lesson):
    response = instructor.post(PREVIEW, json={"source": lesson.source})
    lines = lesson.source.splitlines()
    sections = response.json["sections"]
    assert [s["id"] for s in sections] == ["one", "two"]
    for section in sections:
        assert lines[section["line"] - 1].startswith("## ")
        assert lines[section["line"] - 1].endswith(("{#one}", "{#two .deep-dive}"))


def test_a_preview_that_fails_to_parse_has_no_sections(instructor):
    response = instructor.post(PREVIEW, json={"source": "no front matter at all"})
    assert response.status_code == 200
    assert response.json["sections"] == [] and response.json["errors"]


def upload(client, **fields):
    data = {"image": (io.BytesIO(PNG), "chart.png"), **fields}
    return client.post(
        "/instructor/media",
        data=data,
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},  # as the editor's script asks
    )


def test_an_image_without_a_description_gets_an_empty_one_not_a_placeholder(instructor):
    response = upload(instructor)
    assert response.status_code == 200
    assert response.json["markdown"] == f"![]({response.json['url']})"


@pytest.mark.parametrize(
    ("alt", "written"),
    [
        ("Orders by stage", "Orders by stage"),
        ("  A bar\nchart\t of returns ", "A bar chart of returns"),
        ("Stages [1] to [3]", r"Stages \[1\] to \[3\]"),
        ("ends with a backslash \\", "ends with a backslash \\\\"),
        ("](javascript:alert(1))", r"\](javascript:alert(1))"),
    ],
)
def test_an_image_description_is_written_on_one_line_and_cannot_end_the_link(
    instructor, alt, written
):
    response = upload(instructor, alt=alt)
    assert response.status_code == 200
    assert response.json["markdown"] == f"![{written}]({response.json['url']})"


def test_a_description_over_300_characters_is_refused_with_a_message(instructor):
    response = upload(instructor, alt="x" * 301)
    assert response.status_code == 400
    assert "300 characters" in response.json["message"]


def test_the_editor_page_policy_differs_from_the_sites_only_in_its_style_nonce(instructor):
    def directives(response) -> set[str]:
        policy = response.headers["Content-Security-Policy"]
        return {d for d in policy.split("; ") if not d.startswith("style-src")}

    assert directives(instructor.get(EDIT)) == directives(instructor.get("/instructor/"))
    assert "unsafe" not in instructor.get(EDIT).headers["Content-Security-Policy"]
