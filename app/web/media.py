"""Images uploaded for lessons: checked by their whole content (app/core/images.py), stored by
content hash, served immutably with their image type and ``nosniff``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

from app.core.images import ImageRejected, image_kind

bp = Blueprint("media", __name__)

MAX_IMAGE_BYTES = 1024 * 1024
MIME = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def images_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"]) / "images"  # load_config fills it in when unset


def store_image(data: bytes) -> str:
    """Save an image; returns its file name (the hash of its bytes, so uploads dedupe)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRejected(f"Images can be at most {MAX_IMAGE_BYTES // 1024} KB.")
    if not data:
        raise ImageRejected("The file is empty.")
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.{image_kind(data)}"
    folder = images_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        temporary = target.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(target)
    return name


@bp.get("/media/images/<name>")
def image(name: str):
    stem, _, extension = name.partition(".")
    if not (len(stem) == 32 and all(c in "0123456789abcdef" for c in stem) and extension in MIME):
        abort(404, description="There is no such image.")
    response = send_from_directory(images_dir(), name, mimetype=MIME[extension], max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
