"""Images for lessons: uploaded (checked by their whole content, app/core/images.py) or imported
from a content folder, stored by content hash, served immutably with their image type and
``nosniff``. SVG (only ever imported, after app/core/svg_images.py) also gets a policy that lets
it run nothing and load nothing, should anyone open it on its own."""

from __future__ import annotations

from pathlib import PurePath

from flask import Blueprint, abort, send_from_directory

from app.core.content.image_files import MAX_IMAGE_BYTES
from app.core.content.images import IMAGE_FOLDER, IMAGE_TYPES, local_image
from app.core.images import ImageRejected, image_kind
from app.learning.image_store import images_dir, store_image_bytes

bp = Blueprint("media", __name__)

MIME = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
}
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def store_image(data: bytes) -> str:
    """Save an image; returns its file name (the hash of its bytes, so uploads dedupe)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRejected(f"Images can be at most {MAX_IMAGE_BYTES // 1024} KB.")
    if not data:
        raise ImageRejected("The file is empty.")
    return store_image_bytes(data, image_kind(data))


def _is_digest(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


@bp.get("/media/images/<digest>/<name>")
def named_image(digest: str, name: str):
    """An image imported from a content folder: its hash, then the name it had there."""
    extension = IMAGE_TYPES.get(PurePath(name).suffix.lower().lstrip("."))
    if not (_is_digest(digest) and extension and local_image(f"{IMAGE_FOLDER}/{name}")):
        abort(404, description="There is no such image.")
    return image(f"{digest}.{extension}")


@bp.get("/media/images/<name>")
def image(name: str):
    stem, _, extension = name.partition(".")
    if not (_is_digest(stem) and extension in MIME):
        abort(404, description="There is no such image.")
    response = send_from_directory(images_dir(), name, mimetype=MIME[extension], max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if extension == "svg":
        response.headers["Content-Security-Policy"] = SVG_POLICY
    return response
