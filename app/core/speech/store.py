"""The media store: audio and cue files named by a cache key, written once, never changed.

The key covers everything that changes the audio — the section's sentences (ids, written and
spoken text), the engine, the voice, the rate and the output format — so an unchanged section is
never synthesised again and a changed one gets new URLs (which can be cached forever).

Writers take an exclusive file lock per key, so two requests (threads or processes, on one
machine or on a shared file system with working ``flock``) never synthesise the same section
twice; files appear by atomic rename, so readers never see half a file. A record of every
file's size and SHA-256 is written last: a file truncated or corrupted later (a full disk, a bad
copy between servers) no longer counts as built, so it is synthesised again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.speech.script import SpeechSection

FORMAT = "mp3-cbr-v1"  # change when the audio or cue format changes, to rebuild everything
EXTENSIONS = ("mp3", "json", "vtt")


def cache_key(section: SpeechSection, engine: str, voice: str, rate: int, bitrate: int) -> str:
    payload = {
        "format": FORMAT,
        "engine": engine,
        "voice": voice,
        "rate": rate,
        "bitrate": bitrate,
        "sentences": [[s.id, s.text, s.spoken] for s in section.sentences],
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


class MediaStore:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._verified: set[tuple[str, int, int]] = set()  # (path, size, mtime) hashed already
        self._verified_lock = threading.Lock()

    def path(self, key: str, extension: str) -> Path:
        if extension not in EXTENSIONS or not key.isalnum():
            raise ValueError(f"not a media file: {key}.{extension}")
        return self.root / "audio" / key[:2] / f"{key}.{extension}"

    def _record(self, key: str) -> Path:
        return self.path(key, "json").with_suffix(".sums")

    def has(self, key: str) -> bool:
        """Built and intact: every file there with the size and hash recorded when written.

        Each file is hashed once per process (and again if it changes); afterwards a check is
        a few ``stat`` calls.
        """
        try:
            record = json.loads(self._record(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(record, dict) or not record:
            return False
        for extension, expected in record.items():
            if extension not in EXTENSIONS or not self._intact(
                self.path(key, extension), *expected
            ):
                return False
        return True

    def _intact(self, path: Path, size: int, digest: str) -> bool:
        try:
            stat = path.stat()
        except OSError:
            return False
        if stat.st_size != size:
            return False
        seen = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._verified_lock:
            if seen in self._verified:
                return True
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
        with self._verified_lock:
            self._verified.add(seen)
        return True

    def write(self, key: str, files: dict[str, bytes]) -> None:
        """Write ``{extension: content}``, each by atomic rename; the record of them last."""
        record = {ext: [len(data), hashlib.sha256(data).hexdigest()] for ext, data in files.items()}
        for extension in files:
            self._write(self.path(key, extension), key, files[extension])
        self._write(self._record(key), key, json.dumps(record).encode("utf-8"))

    @staticmethod
    def _write(target: Path, key: str, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{key}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold the exclusive build lock of ``key`` (blocks while someone else builds it)."""
        folder = self.root / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{key}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
