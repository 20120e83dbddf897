"""Images in lessons: sources from the course's images/ folder, alternative text that says
something, SVG with nothing active in it, and the rewrite to stored copies."""

from __future__ import annotations

import pytest

from app.core.content import ContentErrors, parse_lesson
from app.core.content.image_files import MAX_IMAGE_BYTES, check_image_file, image_kind_of
from app.core.content.images import alt_problem, resolve_images, source_problem, stored_images
from app.core.images import ImageRejected
from app.core.svg_images import check_svg
from tests.content_helpers import body_line, lesson_text
from tests.images import PNG

SRC = "images/fulfillment-stages.svg"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>T</title>'
    b'<style>.a { fill: currentColor }</style><defs><path id="p" d="M0 0h1"/></defs>'
    b'<rect class="a" width="1" height="1"/><use href="#p"/></svg>'
)


@pytest.mark.parametrize(
    "alt",
    [
        "",
        "   ",
        "image",
        "Image",
        "alt",
        "alt text",
        "picture",
        "photo",
        "Describe the image",
        "describe image here",
        "TODO",
        "todo: alt",
        "TBD",
        "placeholder",
        "IMG_0042",
        "image1",
        "screenshot 3",
        "fulfillment-stages.svg",
        "fulfillment-stages",
        "Fulfillment stages",
        "Insert alt text here",
    ],
)
def test_placeholder_alternative_text_is_refused(alt):
    assert alt_problem(alt, SRC) is not None


@pytest.mark.parametrize(
    "alt",
    [
        "The fulfillment stages in order: order placement, processing, picking and packing",
        "A parcel on a doorstep",
        "Chart of shipping costs by weight",
    ],
)
def test_alternative_text_that_describes_is_accepted(alt):
    assert alt_problem(alt, SRC) is None


@pytest.mark.parametrize(
    "src",
    [
        "images/a.svg",
        "images/a.PNG",
        "images/photo-2.jpeg",
        "/media/images/" + "0" * 32 + ".png",
        "/media/images/" + "0" * 32 + "/fulfillment-stages.svg",
    ],
)
def test_images_come_from_the_folder_or_the_media_store(src):
    assert source_problem(src) is None


@pytest.mark.parametrize(
    ("src", "problem"),
    [
        ("https://example.com/a.png", "lesson pages load nothing from other places"),
        ("//example.com/a.png", "lesson pages load nothing from other places"),
        ("images/../secret.png", "lesson pages load nothing from other places"),
        ("images/sub/a.png", "lesson pages load nothing from other places"),
        ("a.png", "lesson pages load nothing from other places"),
        ("images/a.bmp", "unsupported type"),
        ("images/a.html", "unsupported type"),
        ("/media/images/" + "0" * 32 + "/a.html", "lesson pages load nothing from other places"),
        ("/media/images/" + "0" * 32 + "/../a.png", "lesson pages load nothing from other places"),
    ],
)
def test_other_sources_are_refused(src, problem):
    assert problem in (source_problem(src) or "")


def test_image_problems_are_reported_at_their_lines():
    body = (
        "Intro.\n\n## One {#one}\n\nA paragraph\nwith ![Describe the image](images/a.png) in it.\n\n"
        "![](images/b.png)\n\n![A parcel](https://example.com/c.png)\n"
    )
    text = lesson_text(body)
    with pytest.raises(ContentErrors) as caught:
        parse_lesson(text, "l.md")
    lines = [(e.line, e.message.split(":")[0]) for e in caught.value.errors]
    assert lines == [
        (body_line(text, "Describe"), "image 'images/a.png'"),
        (body_line(text, "b.png"), "image 'images/b.png' has no alternative text"),
        (body_line(text, "c.png"), "image 'https"),
    ]


def test_a_lesson_lists_its_images():
    lesson = parse_lesson(lesson_text("Intro.\n\n## One {#one}\n\n![A parcel](images/a.png)\n"))
    assert [(i.src, i.alt) for i in lesson.images] == [("images/a.png", "A parcel")]


def test_a_plain_svg_drawing_is_accepted():
    check_svg(SVG)
    assert image_kind_of(SVG, "x.svg") == "svg"


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "<foreignObject>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x()"/></svg>', "links"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<use x:href="https://example.com/s.svg#a"/></svg>',
            "links",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="a.png"/></svg>', "<image>"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>',
            "@import",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://e/x)"/></svg>', "loads"),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>',
            "DOCTYPE",
        ),
        (b"<svg><rect/></svg>", "not SVG"),
        (b"<html><body>hi</body></html>", "not SVG"),
        (b"not xml at all", "not well-formed"),
    ],
)
def test_svg_with_anything_active_or_external_is_refused(svg, problem):
    with pytest.raises(ImageRejected, match=problem):
        check_svg(svg)


def test_a_file_whose_bytes_are_another_type_is_refused():
    with pytest.raises(ImageRejected, match="name says otherwise"):
        image_kind_of(PNG, "photo.jpg")
    with pytest.raises(ImageRejected):
        image_kind_of(PNG, "photo.svg")


def test_image_files_are_checked_in_the_course_folder(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "ok.png").write_bytes(PNG)
    (folder / "big.png").write_bytes(PNG + b"\0" * MAX_IMAGE_BYTES)
    (folder / "fake.png").write_bytes(b"<html>")
    (folder / "bad.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
    assert check_image_file(tmp_path, "images/ok.png") == (folder / "ok.png", None)
    assert "no file images/none.png" in check_image_file(tmp_path, "images/none.png")[1]
    assert "at most 1024 KB" in check_image_file(tmp_path, "images/big.png")[1]
    assert "Only PNG, JPEG" in check_image_file(tmp_path, "images/fake.png")[1]
    assert "<script>" in check_image_file(tmp_path, "images/bad.svg")[1]


def test_sources_are_pointed_at_the_stored_copies():
    source = (
        '![A](images/a.svg) ![B](images/a.svg "T") ![C](<images/a.svg>)\n'
        "[ref]: images/a.svg\n\nThe text images/a.svg stays, and images/a.svg.bak too.\n"
        "![D](images/a.svg.bak)\n"
    )
    assert resolve_images(source, {"images/a.svg": "/media/images/f.svg"}) == (
        '![A](/media/images/f.svg) ![B](/media/images/f.svg "T") ![C](</media/images/f.svg>)\n'
        "[ref]: /media/images/f.svg\n\nThe text images/a.svg stays, and images/a.svg.bak too.\n"
        "![D](images/a.svg.bak)\n"
    )


def test_imported_sources_are_pointed_back_at_the_folder_for_export():
    digest = "0123456789abcdef" * 2
    stored = f'![A](/media/images/{digest}/a.svg) ![B](/media/images/{digest}.png "T")\n'
    assert stored_images(stored) == (
        f'![A](images/a.svg) ![B](/media/images/{digest}.png "T")\n',
        {"a.svg": digest},
    )
