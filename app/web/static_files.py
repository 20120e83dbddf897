"""Static files under fingerprinted URLs, cached by browsers and proxies for a year.

URLs are ``/static/<version>/<path>``, where the version is a hash of every file in the static
folder: a deploy that changes any file changes every URL, so a year-long ``immutable`` cache is
always safe, and ES modules' relative imports (``./dnd.js``) stay under the same version with
no build step. Any version is served (the current files), so pages rendered by an instance that
is one deploy behind, during a rolling deploy behind one proxy, still get their styles.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, send_from_directory

ONE_YEAR = 31536000


def static_version(folder: Path) -> str:
    """A short hash of every file's path and bytes (deterministic on every instance)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def init_app(app: Flask, folder: Path) -> None:
    version = static_version(folder)
    app.config["STATIC_VERSION"] = version

    def static(version: str, filename: str) -> Response:
        response = send_from_directory(folder, filename, max_age=ONE_YEAR)
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        return response

    app.add_url_rule("/static/<version>/<path:filename>", endpoint="static", view_func=static)

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static":
            values.setdefault("version", version)
