"""The benchmark's baseline route, mounted only when ``BENCH_BASELINE_FILE`` is configured.

`make bench` saves the bytes of a lesson page to that file and serves them from
``/bench/baseline`` in the same server, so a page's throughput can be given as a ratio to the
cheapest possible response of the same size: the figures then mean the same on any machine.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response


def register(app: Flask) -> None:
    path = app.config["BENCH_BASELINE_FILE"]
    if not path:
        return
    body: list[bytes] = []

    @app.get("/bench/baseline")
    def bench_baseline() -> Response:
        if not body:  # read on first use: the file is written after the server starts
            body.append(Path(path).read_bytes())
        return Response(body[0], mimetype="text/html")
