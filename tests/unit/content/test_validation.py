"""Each kind of authoring mistake is reported as ``file:line: message``."""

from __future__ import annotations

import pytest

from app.core.content import ContentErrors, load_catalog, parse_lesson
from tests.content_helpers import body_line, lesson_text, make_content


def errors_of(text: str) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "lesson.md")
    return [str(e) for e in caught.value.errors]


def single_error(text: str) -> str:
    errors = errors_of(text)
    assert len(errors) == 1, errors
    return errors[0]


def test_missing_front_matter():
    assert single_error("# Just Markdown\n") == (
        "lesson.md:1: the file must start with front matter: a line '---', YAML, then '---'"
    )


def test_unclosed_front_matter():
    assert "front matter is not closed" in single_error("---\nid: x\n")


def test_bad_yaml_reports_the_line_in_the_file():
    text = lesson_text().replace("duration: 20", "duration: [20")
    error = single_error(text)
    assert error.startswith("lesson.md:")
    assert "invalid YAML" in error
    line = int(error.split(":")[1])
    assert line in (body_line(text, "duration: [20"), body_line(text, "duration: [20") + 1)


@pytest.mark.parametrize("field", ["id", "title", "course", "position", "duration", "objectives"])
def test_missing_required_field(field):
    text = lesson_text()
    lines = text.splitlines(keepends=True)
    start = body_line(text, f"{field}:") - 1
    end = start + 1
    if field == "objectives":  # the field and its items
        end = body_line(text, "text: Do the second thing.")
    text = "".join(lines[:start] + lines[end:])
    text = text.replace("    sections: [one]\n", "")
    # reported at the first line of the front matter
    assert single_error(text) == f"lesson.md:2: front matter: missing required field '{field}'"


def test_wrong_field_type_points_at_the_field():
    text = lesson_text().replace("position: 1", "position: first")
    assert single_error(text) == (
        f"lesson.md:{body_line(text, 'position:')}: front matter: 'position' must be a whole "
        "number of at least 1"
    )


def test_unknown_field_suggests_the_known_one():
    text = lesson_text(extra="nxet: later\n")
    assert single_error(text) == (
        f"lesson.md:{body_line(text, 'nxet')}: front matter: unknown field 'nxet' "
        "(did you mean 'next'?)"
    )


def test_unknown_block_type():
    text = lesson_text("## One {#one}\n\n::: calout\nx\n:::\n")
    error = single_error(text)
    assert error.startswith(
        f"lesson.md:{body_line(text, '::: calout')}: unknown block type '::: calout'"
    )
    assert error.endswith(
        "known: note, tip, warning, example, takeaways, next-steps, further-learning, figure"
    )


def test_misspelt_activity_fence_is_an_unknown_block_type():
    text = lesson_text("## One {#one}\n\n```exercize\nid: x\n```\n")
    assert single_error(text) == (
        f"lesson.md:{body_line(text, '```exercize')}: unknown block type 'exercize' "
        "(did you mean 'exercise'?)"
    )


def test_unknown_exercise_type():
    text = lesson_text("## One {#one}\n\n```exercise\nid: x\ntype: crossword\nprompt: p\n```\n")
    assert single_error(text).startswith(
        f"lesson.md:{body_line(text, 'type: crossword')}: exercise block: 'type' must be one of"
    )


def test_bad_yaml_in_an_activity_reports_the_file_line():
    text = lesson_text("## One {#one}\n\n```exercise\nid: x\ntype: [free-text\nprompt: p\n```\n")
    error = single_error(text)
    assert "exercise block: invalid YAML" in error
    line = int(error.split(":")[1])
    assert body_line(text, "type: [free-text") <= line <= body_line(text, "prompt: p")


def test_activity_missing_its_prompt():
    text = lesson_text("## One {#one}\n\n```reflection\nid: x\n```\n")
    assert single_error(text) == (
        f"lesson.md:{body_line(text, 'id: x')}: reflection block: missing required field 'prompt'"
    )


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("## One {#one}\n\n## Again {#one}\n", "## Again"),
        ("## One {#one}\n\n```reflection\nid: one\nprompt: p\n```\n", "id: one"),
        (
            "## One {#one}\n\n```reflection\nid: r\nprompt: p\n```\n\n"
            "```reflection\nid: r\nprompt: q\n```\n",
            "prompt: q",
        ),
    ],
)
def test_duplicate_ids(body, needle):
    text = lesson_text(body)
    error = single_error(text)
    assert "duplicate id" in error
    expected = body_line(text, needle) - (1 if needle.startswith("prompt") else 0)
    assert error.startswith(f"lesson.md:{expected}:")


def test_duplicate_objective_id():
    text = lesson_text().replace("id: second", "id: first")
    assert "duplicate objective id 'first'" in single_error(text)


def test_objective_referenced_but_not_declared():
    text = lesson_text(
        "## One {#one}\n\n```reflection\nid: r\nobjectives: [third]\nprompt: p\n```\n"
    )
    assert single_error(text) == (
        f"lesson.md:{body_line(text, 'objectives: [third]')}: activity 'r' refers to objective "
        "'third', which the front matter does not declare"
    )


def test_objective_naming_a_missing_section():
    text = lesson_text().replace("sections: [one]", "sections: [nowhere]")
    assert "objective 'first' names section 'nowhere'" in single_error(text)


def test_broken_anchor_link():
    text = lesson_text("## One {#one}\n\nSee [there](#nowhere).\n")
    assert single_error(text) == (
        f"lesson.md:{body_line(text, '[there]')}: broken link '#nowhere': no such id in this lesson"
    )


def test_level_one_heading_is_refused():
    text = lesson_text("# Title\n\n## One {#one}\n")
    assert "level-1 heading" in single_error(text)


def test_unknown_section_class():
    text = lesson_text("## One {#one .optional}\n")
    assert "unknown section class '.optional' (known: .deep-dive)" in single_error(text)


def test_reserved_page_ids_are_refused():
    text = lesson_text("## One {#one}\n\n### Two {#page-main}\n")
    assert "id 'page-main' is reserved" in errors_of(text)[0]


def test_activity_outside_a_section():
    text = lesson_text("```reflection\nid: r\nprompt: p\n```\n\n## One {#one}\n")
    assert "must be inside a section" in single_error(text)


def test_every_problem_is_reported_at_once():
    text = lesson_text("## One {#one}\n\n::: bogus\n:::\n\n[x](#missing)\n", extra="colour: red\n")
    assert len(errors_of(text)) == 3


# -- checks across files -------------------------------------------------------------------


def catalog_errors(tmp_path, lessons, **kwargs):
    return [str(e) for e in load_catalog(make_content(tmp_path, lessons, **kwargs)).errors]


def test_a_valid_folder_has_no_errors(tmp_path):
    assert catalog_errors(tmp_path, {"01.md": lesson_text(extra="next: later\n")}) == []


def test_duplicate_lesson_id_across_files(tmp_path):
    errors = catalog_errors(
        tmp_path, {"01.md": lesson_text(), "02.md": lesson_text(title="Another", position=2)}
    )
    assert len(errors) == 1
    assert "a-course/02.md:2: duplicate lesson id 'a-lesson' (also in " in errors[0]


def test_next_lesson_must_exist(tmp_path):
    text = lesson_text(extra="next: nowhere\n")
    errors = catalog_errors(tmp_path, {"01.md": text})
    assert len(errors) == 1
    assert errors[0].endswith(
        f"01.md:{body_line(text, 'next: nowhere')}: next lesson 'nowhere' is neither a lesson "
        "nor planned in a course"
    )


def test_broken_link_to_another_lesson(tmp_path):
    text = lesson_text("## One {#one}\n\nSee [that](lesson:ghost).\n")
    errors = catalog_errors(tmp_path, {"01.md": text})
    assert len(errors) == 1
    assert errors[0].endswith(
        f"01.md:{body_line(text, '[that]')}: broken link 'lesson:ghost': lesson does not exist"
    )


def test_link_to_a_missing_anchor_of_another_lesson(tmp_path):
    first = lesson_text("## One {#one}\n\nSee [that](lesson:b-lesson#nope).\n")
    second = lesson_text(id="b-lesson", position=2)
    errors = catalog_errors(tmp_path, {"01.md": first, "02.md": second})
    assert len(errors) == 1 and "lesson 'b-lesson' has no id 'nope'" in errors[0]


def test_lesson_in_the_wrong_course_folder(tmp_path):
    errors = catalog_errors(tmp_path, {"01.md": lesson_text(course="elsewhere")})
    assert len(errors) == 1 and "does not match this folder's course 'a-course'" in errors[0]


def test_two_lessons_in_one_position(tmp_path):
    errors = catalog_errors(tmp_path, {"01.md": lesson_text(), "02.md": lesson_text(id="b-lesson")})
    assert len(errors) == 1 and "position 1 is also used by lesson" in errors[0]


def test_bad_course_file(tmp_path):
    errors = catalog_errors(tmp_path, {}, course="id: A Course\n")
    assert len(errors) == 2
    assert errors[0].endswith("a-course/course.yaml:1: course: missing required field 'title'")
    assert errors[1].endswith(
        "a-course/course.yaml:1: course: 'id' must be an id of lowercase "
        "letters, digits and hyphens, like 'my-id'"
    )


def test_file_that_is_not_utf8(tmp_path):
    make_content(tmp_path, {})
    (tmp_path / "a-course" / "01.md").write_bytes(b"---\nid: caf\xe9\n---\n")
    errors = [str(e) for e in load_catalog(tmp_path).errors]
    assert len(errors) == 1 and "01.md:1: not UTF-8 text" in errors[0]
