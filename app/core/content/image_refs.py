"""Images a lesson shows that don't exist.

A Markdown image with a relative address (``![Box](box-dimensions.png)``) would be looked for
next to the lesson's page address, where nothing is served: the learner sees a broken image.
Images are uploaded in the editor (``/media/images/…``) or, in a content folder, kept in the
course's ``images/`` folder; a relative address is reported unless the file is there.
Addresses on other sites and uploaded images are not checked here.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from app.core.content.errors import ContentError
from app.core.content.model import Lesson

IMAGES_FOLDER = "images"
CHECKED_ELSEWHERE = ("http://", "https://", "/media/", "data:")


def missing_image_errors(lesson: Lesson, course_folder: Path | None) -> list[ContentError]:
    """One error per image whose file is not in ``course_folder`` (or its ``images/``);
    with no folder (a lesson edited in the browser), every relative image is reported."""
    errors = []
    for image in lesson.images:
        src, line = image.src, image.line
        if not src or src.startswith(CHECKED_ELSEWHERE):
            continue
        relative = PurePosixPath(src.split("#", 1)[0].split("?", 1)[0])
        if course_folder is not None and _exists(course_folder, relative):
            continue
        where = (
            f"add the file to {course_folder / IMAGES_FOLDER}"
            if course_folder is not None
            else "upload it with the editor's image form and use the address it gives"
        )
        errors.append(ContentError(lesson.path, line, f"image '{src}' not found: {where}"))
    return errors


def _exists(folder: Path, relative: PurePosixPath) -> bool:
    if relative.is_absolute() or ".." in relative.parts:
        return False
    return any((base / relative).is_file() for base in (folder / IMAGES_FOLDER, folder))
