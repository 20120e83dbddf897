"""Images beside the lesson files: checked by ``flask content check`` with file:line, imported by
content hash, shown at a fingerprinted URL and served cached, typed and with ``nosniff``."""

from __future__ import annotations

import hashlib
import re

import pytest

from app.core.content import load_catalog
from app.learning.db import db
from app.learning.importer import import_catalog
from app.learning.models.courses import Lesson
from tests.content_helpers import body_line, lesson_text, make_content
from tests.images import PNG

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Boxes</title>'
    b'<rect width="5" height="5" fill="currentColor"/></svg>'
)
BODY = (
    "Intro.\n\n## One {#one}\n\n![Two boxes side by side](images/boxes.svg)\n\n"
    "![A parcel on a doorstep](images/parcel.png)\n"
)


def folder_with(tmp_path, body=BODY, files=None):
    root = make_content(tmp_path / "content", {"01.md": lesson_text(body)})
    images = root / "a-course" / "images"
    images.mkdir()
    for name, data in (
        files if files is not None else {"boxes.svg": SVG, "parcel.png": PNG}
    ).items():
        (images / name).write_bytes(data)
    return root


def import_folder(app, root):
    with app.app_context():
        report = import_catalog(load_catalog(root))
        db.session.commit()
    return report


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def fingerprinted(data: bytes, name: str) -> str:
    """The URL an imported image is shown at: the hash of its bytes, then its name."""
    return f"/media/images/{digest(data)}/{name}"


def test_imported_images_are_shown_at_fingerprinted_urls_and_served_cached(app, tmp_path):
    import_folder(app, folder_with(tmp_path))
    page = app.test_client().get("/lessons/a-lesson")
    assert page.status_code == 200
    for data, name, mime in ((SVG, "boxes.svg", "image/svg+xml"), (PNG, "parcel.png", "image/png")):
        url = fingerprinted(data, name)
        assert f'src="{url}"' in page.text
        for address in (url, f"/media/images/{digest(data)}.{name.rsplit('.')[-1]}"):
            served = app.test_client().get(address)
            assert served.status_code == 200 and served.data == data
            assert served.mimetype == mime
            assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert 'src="images/' not in page.text


def test_svg_is_served_under_a_policy_that_runs_and_loads_nothing(app, tmp_path):
    import_folder(app, folder_with(tmp_path))
    served = app.test_client().get(fingerprinted(SVG, "boxes.svg"))
    policy = served.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script" not in policy


def test_a_changed_image_publishes_a_new_revision_and_the_same_files_do_not(app, tmp_path):
    root = folder_with(tmp_path)
    assert import_folder(app, root).new_revisions == 1
    assert import_folder(app, root).unchanged == 1
    changed = SVG.replace(b'width="5"', b'width="6"')
    (root / "a-course" / "images" / "boxes.svg").write_bytes(changed)
    assert import_folder(app, root).new_revisions == 1
    with app.app_context():
        source = db.session.scalar(db.select(Lesson).filter_by(slug="a-lesson")).published_revision
        assert fingerprinted(changed, "boxes.svg") in source.source
        assert source.source_path.endswith("01.md")


@pytest.mark.parametrize(
    ("files", "needle", "problem"),
    [
        (
            {"parcel.png": PNG},
            "boxes.svg",
            "no file images/boxes.svg in the course folder a-course/",
        ),
        (
            {"boxes.svg": PNG, "parcel.png": PNG},
            "boxes.svg",
            "image 'images/boxes.svg': This file is not well-formed SVG",
        ),
        (
            {
                "boxes.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "parcel.png": PNG,
            },
            "boxes.svg",
            "contains <script>",
        ),
        (
            {"boxes.svg": SVG, "parcel.png": PNG + b"\0" * (1024 * 1024)},
            "parcel.png",
            "at most 1024 KB",
        ),
        ({"boxes.svg": SVG, "parcel.png": SVG}, "parcel.png", "Only PNG, JPEG, GIF and WebP"),
    ],
    ids=["missing", "not svg", "svg with a script", "too large", "wrong type"],
)
def test_content_check_reports_image_files_at_the_line_that_shows_them(
    runner, tmp_path, files, needle, problem
):
    root = folder_with(tmp_path, files=files)
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 1
    line = body_line(lesson_text(BODY), needle)
    assert re.search(rf"01\.md:{line}: .*{re.escape(problem)}", result.output), result.output


def test_checking_one_lesson_file_checks_its_images_too(runner, tmp_path):
    root = folder_with(tmp_path, files={"parcel.png": PNG})
    result = runner.invoke(args=["content", "check", str(root / "a-course" / "01.md")])
    assert result.exit_code == 1 and "no file images/boxes.svg" in result.output


def test_placeholder_alternative_text_fails_the_check(runner, tmp_path):
    root = folder_with(tmp_path, BODY.replace("A parcel on a doorstep", "Describe the image"))
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 1
    assert "'Describe the image' is a placeholder" in result.output


def test_nothing_is_imported_when_an_image_is_missing(app, runner, tmp_path):
    root = folder_with(tmp_path, files={"parcel.png": PNG})
    result = runner.invoke(args=["content", "import", str(root)])
    assert result.exit_code == 1 and "Nothing was imported." in result.output


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/" + "0" * 32 + "/boxes.svg",  # no such file
        "/media/images/" + "g" * 32 + "/boxes.svg",
        "/media/images/" + "0" * 31 + "/boxes.svg",
        "/media/images/" + "0" * 32 + "/boxes.html",
        "/media/images/" + "0" * 32 + "/..svg",
    ],
)
def test_other_image_addresses_are_not_found(app, tmp_path, path):
    import_folder(app, folder_with(tmp_path))
    assert app.test_client().get(path).status_code == 404


def test_export_puts_the_images_back_and_the_folder_imports_unchanged(app, tmp_path):
    root = folder_with(tmp_path)
    import_folder(app, root)
    exported = tmp_path / "exported"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["content", "export", str(exported)]).exit_code == 0
    course = exported / "a-course"
    assert (course / "01.md").read_text() == (root / "a-course" / "01.md").read_text()
    assert (course / "images" / "boxes.svg").read_bytes() == SVG
    assert (course / "images" / "parcel.png").read_bytes() == PNG
    assert import_folder(app, exported).unchanged == 1
