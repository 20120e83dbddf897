"""The image files a course folder holds for its lessons: present, of a type the site serves,
well-formed and small enough. Used by the catalog, so ``flask content check`` reports a missing,
wrong or oversized file at the line of the lesson that shows it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from app.core.content.images import IMAGE_FOLDER, IMAGE_TYPES, local_image
from app.core.images import NAMES, ImageRejected, image_kind
from app.core.svg_images import check_svg

MAX_IMAGE_BYTES = 1024 * 1024  # the same limit as the editor's uploads


def image_kind_of(data: bytes, name: str) -> str:
    """The kind ("png", "jpg", "gif", "webp", "svg") of a file called ``name``;
    :class:`ImageRejected` when the bytes are not an image of the type its name says."""
    expected = IMAGE_TYPES[PurePosixPath(name).suffix.lower().lstrip(".")]
    if expected == "svg":
        check_svg(data)
        return "svg"
    kind = image_kind(data)
    if kind != expected:
        raise ImageRejected(f"This file is a {NAMES[kind]} image but its name says otherwise.")
    return kind


def check_image_file(course_dir: Path, src: str) -> tuple[Path | None, str | None]:
    """``(the file, None)`` for a good ``images/<name>`` source, else ``(None, the problem)``."""
    name = local_image(src)
    if name is None:
        return None, None  # not from the folder: the lesson's own check reports it
    path = course_dir / IMAGE_FOLDER / name
    where = f"{IMAGE_FOLDER}/{name}"
    if not path.is_file():
        return None, f"image '{src}': no file {where} in the course folder {course_dir.name}/"
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return None, (
            f"image '{src}' is {size // 1024} KB; images can be at most "
            f"{MAX_IMAGE_BYTES // 1024} KB"
        )
    if size == 0:
        return None, f"image '{src}' is an empty file"
    try:
        image_kind_of(path.read_bytes(), name)
    except ImageRejected as exc:
        return None, f"image '{src}': {exc}"
    return path, None
