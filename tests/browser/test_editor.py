"""The lesson editor is a code editor: line numbers, highlighting, soft wrap, find and replace,
problems that jump to their line, a preview that follows the cursor, image uploads without
placeholder descriptions; it passes axe under the strict policy, and lets keyboard users leave."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.core.content import load_catalog
from tests.browser.axe import violations
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.images import PNG
from tests.users import add_to_staff, add_user, sign_in_browser

pytestmark = pytest.mark.ui

LESSON = load_catalog(SEED_CONTENT).lessons[SEED_LESSON]
EDIT = f"/instructor/lessons/{SEED_LESSON}/edit"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture
def editor_page(seeded, live_server, open_page):
    """Opens the seed lesson's editor for a signed-in course owner (``editor_page(**options)``),
    recording policy violations, and waits until the code editor and the preview are there."""
    add_user(seeded, "teach@example.org", "instructor")
    add_to_staff(seeded, "teach@example.org")

    def open_(**options):
        page = open_page(**({"viewport": {"width": 1280, "height": 900}} | options))
        page.add_init_script(RECORD_VIOLATIONS)
        sign_in_browser(page, live_server)
        page.goto(live_server + EDIT)
        page.locator(".cm-content").wait_for()
        page.locator("[data-preview] [data-section-id]").first.wait_for()
        return page

    return open_


def code(page):
    return page.get_by_role("textbox", name="Lesson Markdown")


def cursor_line(page) -> int:
    """The line the cursor is on, as the editor's gutter shows it (the active line's number)."""
    return int(page.locator(".cm-activeLineGutter").inner_text())


def test_the_code_editor_replaces_the_textarea_with_line_numbers(editor_page):
    page = editor_page()
    expect(code(page)).to_be_visible()
    expect(page.locator("textarea#source")).to_be_hidden()
    numbers = page.locator(".cm-lineNumbers .cm-gutterElement")
    expect(numbers.filter(has_text="1").first).to_be_visible()
    assert page.locator(".cm-lineNumbers").is_visible()
    assert page.js_errors == []


def test_front_matter_blocks_and_markdown_are_highlighted(editor_page):
    page = editor_page()
    content = page.locator(".cm-content")
    expect(content.locator(".tok-key", has_text="title").first).to_be_visible()  # front matter
    page.locator(".cm-scroller").evaluate("(el) => el.scrollTop = 0")
    code(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(
        "\n\n## Wrap-up {#wrap-up}\n\n::: tip Packing *well*\nText.\n:::\n\n"
        "```quiz\nid: wrap-quiz\nquestions: []\n```\n"
    )
    expect(content.locator(".tok-heading", has_text="Wrap-up")).to_be_visible()
    expect(content.locator(".tok-block-name", has_text="tip")).to_be_visible()
    expect(content.locator(".tok-block-title", has_text="Packing")).to_be_visible()
    expect(content.locator(".tok-key", has_text="questions")).to_be_visible()  # quiz YAML


def test_typing_updates_the_form_field_and_the_draft_saves(editor_page):
    page = editor_page()
    code(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\nA closing sentence typed in the code editor.")
    assert (
        page.locator("#source")
        .input_value()
        .endswith("\nA closing sentence typed in the code editor.")
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".flash")).to_contain_text("saved")
    page.locator(".cm-content").wait_for()
    assert "typed in the code editor" in page.locator("#source").input_value()
    assert page.evaluate("window.__violations") == []


def test_ctrl_f_opens_find_and_replace_and_escape_returns_to_the_text(editor_page):
    page = editor_page()
    code(page).click()
    page.keyboard.press("Control+f")
    find = page.get_by_role("textbox", name="Find")
    expect(find).to_be_focused()
    find.fill("Order Management")
    page.keyboard.press("Enter")
    expect(page.locator(".cm-searchMatch").first).to_be_visible()
    page.get_by_role("textbox", name="Replace").fill("Order Handling")
    page.get_by_role("button", name="replace all").click()
    assert "Order Management" not in page.locator("#source").input_value()
    page.get_by_role("textbox", name="Find").focus()
    page.keyboard.press("Escape")
    expect(find).to_have_count(0)
    expect(code(page)).to_be_focused()


def test_the_find_button_opens_the_search_panel(editor_page):
    page = editor_page()
    page.get_by_role("button", name="Find and replace").click()
    expect(page.get_by_role("textbox", name="Find")).to_be_focused()


def test_a_problem_moves_the_cursor_to_its_line_and_focuses_the_editor(editor_page):
    page = editor_page()
    text = page.locator("#source").input_value()
    line = text.splitlines().index("::: example") + 1
    page.get_by_role("button", name="Find and replace").click()
    page.get_by_role("textbox", name="Find").fill("::: example")
    page.get_by_role("textbox", name="Replace").fill("::: exampel")
    replace = page.get_by_role("button", name="replace", exact=True)
    replace.click()  # selects the first match
    replace.click()  # replaces it
    problems = page.locator("[data-problems]")
    problems.get_by_text("unknown block type '::: exampel'").wait_for()
    expect(page.locator(".cm-problem-line").first).to_be_attached()
    code(page).click()
    page.keyboard.press("Control+Home")
    problems.get_by_role("button", name=f"line {line}").click()
    expect(code(page)).to_be_focused()
    assert cursor_line(page) == line
    assert page.locator(".cm-activeLine").inner_text() == "::: exampel"


SECTION_AT_TOP = """(id) => {
  const section = document.querySelector(`[data-preview] [data-section-id="${id}"]`);
  const pane = document.querySelector(".preview-pane");
  const offset = section.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  const atEnd = pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 2;
  return Math.abs(offset) < 40 || (atEnd && offset > 0 && offset < pane.clientHeight);
}"""


def test_the_preview_follows_the_section_the_cursor_is_in(editor_page):
    page = editor_page()
    last, middle = LESSON.sections[-1], LESSON.sections[len(LESSON.sections) // 2]
    code(page).click()
    page.keyboard.press("Control+End")
    page.wait_for_function(SECTION_AT_TOP, arg=last.id)
    expect(page.locator(f'[data-preview] [data-section-id="{last.id}"]')).to_have_class(
        re.compile(r"\bis-current\b")
    )

    page.keyboard.press("Control+Alt+g")  # go to a line inside the middle section
    page.get_by_role("textbox", name="Go to line").fill(str(middle.line + 1))
    page.keyboard.press("Enter")
    assert cursor_line(page) == middle.line + 1
    page.wait_for_function(SECTION_AT_TOP, arg=middle.id)
    assert page.locator("[data-preview] .is-current").count() == 1

    page.keyboard.press("Control+Home")  # the front matter: the preview's top
    page.wait_for_function("() => document.querySelector('.preview-pane').scrollTop === 0")
    assert page.locator("[data-preview] .is-current").count() == 0


def test_tab_leaves_the_editor_and_shift_tab_comes_back(editor_page):
    page = editor_page()
    code(page).click()
    before = page.locator("#source").input_value()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.cm-editor') === null")
    assert page.locator("#source").input_value() == before  # no tab character was typed
    page.keyboard.press("Shift+Tab")
    expect(code(page)).to_be_focused()


def test_soft_wrap_is_on_by_default_and_the_choice_is_remembered(editor_page):
    page = editor_page()
    wrap = page.get_by_role("checkbox", name="Wrap long lines")
    expect(wrap).to_be_checked()
    expect(page.locator(".cm-content")).to_have_class("cm-content cm-lineWrapping")
    wrap.uncheck()
    expect(page.locator(".cm-content")).to_have_class("cm-content")
    page.reload()
    page.locator(".cm-content").wait_for()
    expect(page.get_by_role("checkbox", name="Wrap long lines")).not_to_be_checked()
    expect(page.locator(".cm-content")).to_have_class("cm-content")


def test_an_uploaded_image_leaves_the_cursor_in_its_empty_description(editor_page):
    page = editor_page()
    code(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.get_by_label("Add an image").set_input_files(
        {"name": "chart.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-upload-result]")).to_contain_text("between the square brackets")
    expect(code(page)).to_be_focused()
    page.keyboard.type("Orders by stage")
    source = page.locator("#source").input_value()
    assert "Describe the image" not in source
    assert "![Orders by stage](/media/" in source


def test_an_image_uploaded_with_a_description_is_inserted_with_it(editor_page):
    page = editor_page()
    page.get_by_label("Add an image").set_input_files(
        {"name": "chart.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_label("Image description (alt text)").fill("A [bar] chart")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-upload-result]")).to_contain_text("Image added")
    assert "![A \\[bar\\] chart](/media/" in page.locator("#source").input_value()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_editor_passes_axe_with_the_find_panel_open(editor_page, scheme):
    page = editor_page(color_scheme=scheme)
    assert violations(page) == []
    page.get_by_role("button", name="Find and replace").click()
    assert violations(page) == []


def test_the_editor_runs_under_the_policy_without_violations(editor_page):
    page = editor_page()
    code(page).click()
    page.keyboard.press("Control+f")
    page.keyboard.press("Escape")
    # The edit's preview round trip (the request, then its HTML put on the page), however long
    # the server takes: a fixed 600 ms pause could end before the preview had arrived.
    with page.expect_response(lambda r: r.request.method == "POST" and "preview" in r.url):
        page.keyboard.type("x")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    assert page.evaluate("window.__violations") == []
    assert page.js_errors == []
    # CodeMirror's stylesheet is a <style> element admitted by the page's nonce, which the
    # policy names; without the nonce the editor would have no layout.
    assert page.locator("style[nonce]").count() >= 1
    assert page.locator(".cm-gutters").evaluate("(el) => getComputedStyle(el).display") == "flex"


def test_with_javascript_off_the_textarea_still_saves(seeded, live_server, open_page):
    add_user(seeded, "teach@example.org", "instructor")
    add_to_staff(seeded, "teach@example.org")
    page = open_page(viewport={"width": 1280, "height": 900})
    sign_in_browser(page, live_server)
    nojs = page.context.browser.new_context(
        java_script_enabled=False, storage_state=page.context.storage_state()
    )
    plain = nojs.new_page()
    plain.goto(live_server + EDIT)
    source = plain.get_by_label("Lesson Markdown")
    assert plain.locator(".cm-editor").count() == 0
    source.fill(source.input_value() + "\nSaved without scripts.\n")
    plain.get_by_role("button", name="Save draft").click()
    expect(plain.locator(".flash")).to_contain_text("saved")
    assert "Saved without scripts." in plain.get_by_label("Lesson Markdown").input_value()
    nojs.close()


def test_when_the_code_editor_cannot_load_the_textarea_keeps_the_live_preview(
    seeded, live_server, open_page
):
    add_user(seeded, "teach@example.org", "instructor")
    add_to_staff(seeded, "teach@example.org")
    page = open_page(viewport={"width": 1280, "height": 900})
    sign_in_browser(page, live_server)
    page.route("**/vendor/codemirror/editor.bundle.js", lambda route: route.abort())
    page.goto(live_server + EDIT)
    source = page.get_by_label("Lesson Markdown")
    page.locator("[data-preview] [data-section-id]").first.wait_for()
    expect(source).to_be_visible()
    assert page.locator(".cm-editor").count() == 0
    expect(page.locator("[data-editor-toolbar]")).to_be_hidden()
    text = source.input_value()
    source.fill(text.replace("::: example", "::: exampel", 1))
    line = text.splitlines().index("::: example") + 1
    page.locator("[data-problems]").get_by_role("button", name=f"line {line}").click()
    expect(source).to_be_focused()
