"""Audio figures: whole-lesson build time and real-time factor per engine, bytes per minute of
MP3, and the time from a cold request to the first byte of a section's audio.

Every run starts from an empty media store, so nothing is served from an earlier run.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import make_server

from app import create_app
from app.core.content import load_catalog
from app.core.speech.engines import EngineUnavailable
from app.core.speech.marking import mark_lesson
from app.core.speech.service import SpeechService, SpeechSettings
from app.core.speech.store import MediaStore
from app.learning.db import db
from app.learning.importer import import_catalog
from bench.report import Section, Table

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LESSON = "order-management-fulfillment-basics"
TARGETS = {"build": 10.0, "neural_rtf": 0.2, "kb_per_minute": 360.0}


@dataclass
class Build:
    engine: str
    voice: str
    seconds: float  # wall clock, engine start included
    synthesis_seconds: float  # the same without starting the engine
    audio_seconds: float
    mp3_bytes: int
    sections: int
    sentences: int

    @property
    def real_time_factor(self) -> float:
        return self.synthesis_seconds / self.audio_seconds

    @property
    def kb_per_minute(self) -> float:
        return self.mp3_bytes / 1000 / (self.audio_seconds / 60)


def seed_lesson():
    return mark_lesson(load_catalog(CONTENT).lessons[LESSON])


def build_lesson(settings: SpeechSettings) -> Build:
    """Synthesise every section of the seed lesson into an empty store."""
    lesson = seed_lesson()
    with tempfile.TemporaryDirectory() as folder:
        service = SpeechService(settings, MediaStore(folder))
        started = time.perf_counter()
        service.engine()
        engine_ready = time.perf_counter()
        keys = [service.ensure(section, settings.voice) for section in lesson.speech]
        finished = time.perf_counter()
        service.close()
        audio = sum(json.loads(service.store.path(k, "json").read_text())["duration"] for k in keys)
        size = sum(service.store.path(k, "mp3").stat().st_size for k in keys)
    return Build(
        settings.engine,
        settings.voice,
        finished - started,
        finished - engine_ready,
        audio,
        size,
        len(lesson.speech),
        sum(len(s.sentences) for s in lesson.speech),
    )


def command_build_seconds() -> tuple[float, float]:
    """Wall time of `flask audio build` on an empty store, then again with everything built."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "FLASK_APP": "wsgi.py", "FLASK_MEDIA_DIR": folder}
        times = []
        for _ in range(2):
            started = time.perf_counter()
            subprocess.run(
                [str(Path(sys.executable).with_name("flask")), "audio", "build"],
                cwd=ROOT, env=env, check=True, capture_output=True,
            )  # fmt: skip
            times.append(time.perf_counter() - started)
    return times[0], times[1]


def first_byte_seconds(sections: list[str], runs: int = 3) -> dict[str, dict[str, float]]:
    """Time to the first byte of a section's MP3, for a fresh app whose store is empty ("cold":
    the engine process starts too), then a section not yet built ("engine warm"), then a
    section already built ("cached"). Medians of ``runs`` fresh apps."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log in the report
    results: dict[str, dict[str, list[float]]] = {s: {} for s in sections}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            app = create_app(
                {
                    "TESTING": True,
                    "INSTANCE_PATH": folder,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                }
            )
            with app.app_context():
                db.create_all()
                import_catalog(load_catalog(CONTENT))
                db.session.commit()
            server = make_server("127.0.0.1", 0, app, threaded=True)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                port = server.server_port
                manifest = json.loads(_get(port, f"/audio/lessons/{LESSON}.json")[1])
                urls = {s["id"]: s["audio"] for s in manifest["sections"]}
                order = [(sections[0], "cold")] + [(s, "engine warm") for s in sections[1:]]
                order += [(s, "cached") for s in sections]
                for section, state in order:
                    seconds, _ = _get(port, urls[section], first_byte_only=True)
                    results[section].setdefault(state, []).append(seconds)
            finally:
                server.shutdown()
                thread.join()
                app.extensions["speech"].close()
                with app.app_context():
                    db.engine.dispose()
    return {
        section: {state: statistics.median(values) for state, values in states.items()}
        for section, states in results.items()
    }


def _get(port: int, path: str, first_byte_only: bool = False) -> tuple[float, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Range": "bytes=0-"} if first_byte_only else {})
    response = connection.getresponse()
    body = response.read(1) if first_byte_only else response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status not in (200, 206):
        raise RuntimeError(f"GET {path}: {response.status}")
    return elapsed, body


def engines_to_measure() -> list[SpeechSettings]:
    engines = [SpeechSettings()]
    piper_python = os.environ.get("PIPER_PYTHON")
    if piper_python:
        voice = "en_US-joe-medium"
        engines.append(
            SpeechSettings(engine="piper", voice=voice, voices={voice: voice}, python=piper_python)
        )
    return engines


def run() -> list[Section]:
    lesson = seed_lesson()
    builds: list[Build] = []
    unavailable: list[str] = []
    for settings in engines_to_measure():
        try:
            builds.append(min((build_lesson(settings) for _ in range(3)), key=lambda b: b.seconds))
        except EngineUnavailable as exc:
            unavailable.append(f"- {settings.engine}: not measured — {exc}")
    measured_how: list[str] = []
    if any(b.engine == "piper" for b in builds):
        measured_how.append(
            "Piper ran in a separate virtual environment with `requirements-neural.txt` "
            "(`PIPER_PYTHON`), as `SPEECH_PYTHON` allows in production; its build and real-time "
            "factor include loading the voice model on the first sentence."
        )
    if not os.environ.get("PIPER_PYTHON"):
        unavailable.append(
            "- piper: not measured in this run — set `PIPER_PYTHON` to an interpreter that has "
            "`requirements-neural.txt` installed."
        )
    cold, cached = command_build_seconds()
    words = sum(s.word_count for s in lesson.speech)

    build_table = Table(
        ["Engine (voice)", "Build, whole lesson", "Synthesis + encoding only", "Audio",
         "Real-time factor", "MP3 size", "KB per minute"],
    )  # fmt: skip
    for b in builds:
        build_table.rows.append(
            [
                f"{b.engine} ({b.voice})",
                f"{b.seconds:.2f} s",
                f"{b.synthesis_seconds:.2f} s",
                f"{b.audio_seconds / 60:.1f} min",
                f"{b.real_time_factor:.4f}",
                f"{b.mp3_bytes / 1000:.0f} KB",
                f"{b.kb_per_minute:.0f}",
            ]
        )
    command_table = Table(
        ["`flask audio build`", "Wall time (app start included)"],
        [["empty media store", f"{cold:.2f} s"], ["everything built", f"{cached:.2f} s"]],
    )

    sizes = sorted(lesson.speech, key=lambda s: len(s.sentences))
    picks = [sizes[-1].id, sizes[len(sizes) // 2].id, sizes[0].id]
    ttfb = first_byte_seconds(picks)
    ttfb_table = Table(["Section (sentences)", "Cold", "Engine warm", "Cached"])
    for section in picks:
        count = next(len(s.sentences) for s in lesson.speech if s.id == section)
        states = ttfb[section]
        ttfb_table.rows.append(
            [f"{section} ({count})"]
            + [f"{states[k] * 1000:.0f} ms" if k in states else "—" for k in
               ("cold", "engine warm", "cached")]
        )  # fmt: skip

    espeak = next((b for b in builds if b.engine == "pyttsx3"), None)
    neural = next((b for b in builds if b.engine == "piper"), None)
    verdicts = [
        _verdict("espeak-ng build of the whole seed lesson", espeak and espeak.seconds,
                 TARGETS["build"], "s"),
        _verdict("neural engine real-time factor", neural and neural.real_time_factor,
                 TARGETS["neural_rtf"], ""),
        _verdict("audio per minute (every engine)",
                 max((b.kb_per_minute for b in builds), default=None), TARGETS["kb_per_minute"],
                 " KB"),
    ]  # fmt: skip
    return [
        Section(
            "Audio",
            f"The seed lesson *{lesson.title}*: {len(lesson.speech)} sections, "
            f"{sum(len(s.sentences) for s in lesson.speech)} sentences, {words} words. Builds "
            "start from an empty media store; the best of three runs is shown. The real-time "
            "factor is synthesis and MP3 encoding time divided by the length of the audio "
            "(lower is faster; engine start excluded).",
            [build_table, command_table],
            measured_how
            + ["Targets on this machine:\n\n" + "\n".join(verdicts)]
            + (["Engines not measured:\n\n" + "\n".join(unavailable)] if unavailable else []),
        ),
        Section(
            "Time to the first byte of a section's audio",
            "A fresh app with an empty media store serves the lesson; the player asks for a "
            "section's MP3. *Cold*: the first audio request of the process (the engine process "
            "starts, the section is synthesised and encoded). *Engine warm*: another section "
            "not built yet. *Cached*: a section already built. Median of three fresh apps; "
            "werkzeug's threaded server on 127.0.0.1.",
            [ttfb_table],
        ),
    ]


def _verdict(what: str, value: float | None, target: float, unit: str) -> str:
    if value is None:
        return f"- {what}: target ≤ {target:g}{unit}, not measured"
    mark = "met" if value <= target else "**missed**"
    return f"- {what}: {value:.3g}{unit} (target ≤ {target:g}{unit}) — {mark}"
