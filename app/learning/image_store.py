"""Images kept in the media folder under the hash of their bytes: the editor's uploads and the
images imported with a content folder. A name changes exactly when the bytes do, so the files are
served as immutable and the same image stored twice is one file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

IMAGES_URL = "/media/images/"


def images_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"]) / "images"  # load_config fills it in when unset


def store_image_bytes(data: bytes, kind: str, folder: Path | None = None) -> str:
    """Save checked image bytes of ``kind`` ("png", "svg", …); return the file's name."""
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.{kind}"
    folder = folder or images_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        temporary = target.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(target)  # readers never see half a file
    return name
