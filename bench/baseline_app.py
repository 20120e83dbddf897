"""The benchmark's baseline: a bare Flask app that answers each address with the bytes the real app
sent for it, and does nothing else.

`make bench` captures each page it measures from the real app (body, status, Content-Type and
Content-Encoding, once as sent to a browser that accepts gzip and once to one that doesn't) into
a folder, then runs this app from that folder under the same gunicorn settings
(``gunicorn -c gunicorn.conf.py 'bench.baseline_app:create_app()'``). It shares no code and no
process with the app, so a page's throughput as a ratio to it counts everything the app does per
request: its middleware as well as its view.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, request

MANIFEST = "responses.json"


@dataclass(frozen=True)
class Captured:
    status: int
    content_type: str
    content_encoding: str | None
    body: bytes

    def manifest_entry(self, body_file: str) -> dict[str, object]:
        return {
            "status": self.status,
            "content_type": self.content_type,
            "content_encoding": self.content_encoding,
            "body": body_file,
        }


def save(folder: Path, responses: dict[str, dict[str, Captured]]) -> None:
    """Write ``{path: {"plain" | "gzip": Captured}}`` where :func:`create_app` reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, object]] = {}
    for number, (path, variants) in enumerate(responses.items()):
        manifest[path] = {}
        for encoding, captured in variants.items():
            name = f"{number}-{encoding}.body"
            (folder / name).write_bytes(captured.body)
            manifest[path][encoding] = captured.manifest_entry(name)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def load(folder: Path) -> dict[str, dict[str, Captured]]:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return {
        path: {
            encoding: Captured(
                entry["status"],
                entry["content_type"],
                entry["content_encoding"],
                (folder / entry["body"]).read_bytes(),
            )
            for encoding, entry in variants.items()
        }
        for path, variants in manifest.items()
    }


def create_app(folder: str | Path | None = None) -> Flask:
    """The baseline for the responses captured in ``folder`` (default: ``BENCH_BASELINE_DIR``)."""
    responses = load(Path(folder or os.environ["BENCH_BASELINE_DIR"]))
    app = Flask(__name__)

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def captured(path: str) -> Response:
        variants = responses.get("/" + path)
        if variants is None:
            abort(404)
        gzip = "gzip" in request.headers.get("Accept-Encoding", "")
        found = variants["gzip" if gzip else "plain"]
        response = Response(found.body, status=found.status, content_type=found.content_type)
        if found.content_encoding:
            response.headers["Content-Encoding"] = found.content_encoding
        return response

    return app
