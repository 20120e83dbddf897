"""Static files under fingerprinted URLs, cached by browsers and proxies for a year.

URLs are ``/static/<version>/<path>``, where the version is a hash of every file in the static
folder: a deploy that changes any file changes every URL, so a year-long ``immutable`` cache is
always safe, and ES modules' relative imports (``./dnd.js``) stay under the same version with
no build step. Any version is served (the current files), so pages rendered by an instance that
is one deploy behind, during a rolling deploy behind one proxy, still get their styles.

The files are read once, when the app starts (the version is a hash of those very bytes), and
text is compressed then, once; another app built in the same process (the tests build one per
test) reuses what was read while no file has changed its size or modification time. A plain GET
or HEAD of one of them is answered in front of Flask (:class:`StaticFiles`): no session, no
sign-in, no hooks, just the bytes and the same security headers as every other response.
Anything else under ``/static`` (a byte range, a query string, another method, a file that isn't
there) goes on to the Flask view, which answers as before.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, Response, send_from_directory
from werkzeug.utils import get_content_type

from app.web.compression import STATIC_LEVEL, TEXT_TYPES
from app.web.security.headers import HEADERS, HSTS

# Fonts get their registered types everywhere, whatever the system's mime.types says.
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")

ONE_YEAR = 31536000
CACHE_CONTROL = f"public, max-age={ONE_YEAR}, immutable"
PREFIX = "/static/"


def static_version(folder: Path) -> str:
    """A short hash of every file's path and bytes (deterministic on every instance)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Variant:
    """One encoding of a file: its body and every header but the security ones."""

    body: bytes
    etag: str
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StaticFile:
    plain: Variant
    packed: Variant | None  # gzip, when the file is text and compressing makes it smaller


def _variant(body: bytes, content_type: str, etag: str, encoding: str | None) -> Variant:
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Cache-Control", CACHE_CONTROL),
        ("ETag", etag),
        ("Vary", "Accept-Encoding"),
    ]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    else:
        headers.append(("Accept-Ranges", "bytes"))  # ranges go to the Flask view, which has them
    return Variant(body, etag, tuple(headers))


def read_file(path: Path) -> StaticFile:
    body = path.read_bytes()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    content_type = get_content_type(mimetype, "utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
    plain = _variant(body, content_type, etag, None)
    packed = None
    if mimetype.startswith(TEXT_TYPES):
        compressed = gzip.compress(body, STATIC_LEVEL, mtime=0)
        if len(compressed) < len(body):
            packed = _variant(compressed, content_type, f'"{etag[1:-1]}-gzip"', "gzip")
    return StaticFile(plain, packed)


def read_folder(folder: Path) -> dict[str, StaticFile]:
    return {
        path.relative_to(folder).as_posix(): read_file(path)
        for path in folder.rglob("*")
        if path.is_file()
    }


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


class StaticFiles:
    """WSGI middleware: answers plain GET and HEAD requests for the static files from memory,
    and hands every other request to the application."""

    def __init__(self, app: Callable, files: dict[str, StaticFile]) -> None:
        self.app = app
        self.files = files
        self.security = tuple(HEADERS.items())

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        found = self._find(environ)
        if found is None:
            return self.app(environ, start_response)
        wants_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower()
        variant = found.packed if wants_gzip and found.packed else found.plain
        headers = [*variant.headers, *self.security]
        if environ.get("wsgi.url_scheme") == "https":
            headers.append(("Strict-Transport-Security", HSTS))
        if _matches(environ.get("HTTP_IF_NONE_MATCH", ""), variant.etag):
            kept = ("Content-Type", "Content-Length", "Content-Encoding", "Accept-Ranges")
            start_response("304 Not Modified", [h for h in headers if h[0] not in kept])
            return []
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [variant.body]

    def _find(self, environ: dict[str, Any]) -> StaticFile | None:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return None
        if environ.get("QUERY_STRING") or "HTTP_RANGE" in environ:
            return None
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX):
            return None
        version, _, name = path[len(PREFIX) :].partition("/")
        if not version:
            return None
        try:
            name = name.encode("latin-1").decode()  # WSGI gives the path's bytes as latin-1
        except UnicodeError:
            return None
        return self.files.get(name)


def stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file's path, modification time and size: what changes when a file is edited."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        status = path.stat()
        found.append((path.relative_to(folder).as_posix(), status.st_mtime_ns, status.st_size))
    return tuple(found)


@functools.lru_cache(maxsize=4)
def _read(folder: Path, _stamp: tuple) -> tuple[str, dict[str, StaticFile]]:
    return static_version(folder), read_folder(folder)


def load(folder: Path) -> tuple[str, dict[str, StaticFile]]:
    """The folder's version and files, read again only when a file has changed since last time."""
    return _read(folder, stamp(folder))


def init_app(app: Flask, folder: Path) -> None:
    version, files = load(folder)
    app.config["STATIC_VERSION"] = version

    def static(version: str, filename: str) -> Response:
        response = send_from_directory(folder, filename, max_age=ONE_YEAR)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response

    app.add_url_rule("/static/<version>/<path:filename>", endpoint="static", view_func=static)
    app.wsgi_app = StaticFiles(app.wsgi_app, files)  # type: ignore[method-assign]

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static":
            values.setdefault("version", version)
