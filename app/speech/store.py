"""The media store: audio and cue files named by a cache key, written once, never changed.

The key covers everything that changes the audio — the section's sentences (ids, written and
spoken text), the engine, the voice, the rate and the output format — so an unchanged section is
never synthesised again and a changed one gets new URLs (which can be cached forever).

Writers take an exclusive file lock per key, so two requests (threads or processes, on one
machine or on a shared file system with working ``flock``) never synthesise the same section
twice; files appear by atomic rename, so readers never see half a file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.speech.script import SpeechSection

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

    def path(self, key: str, extension: str) -> Path:
        if extension not in EXTENSIONS or not key.isalnum():
            raise ValueError(f"not a media file: {key}.{extension}")
        return self.root / "audio" / key[:2] / f"{key}.{extension}"

    def has(self, key: str) -> bool:
        """Complete: the cue track is written last, so its presence means the audio is there."""
        return self.path(key, "json").exists()

    def write(self, key: str, files: dict[str, bytes]) -> None:
        """Write ``{extension: content}``, each by atomic rename; the cue track last."""
        for extension in sorted(files, key=lambda ext: ext == "json"):
            target = self.path(key, extension)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{key}.")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(files[extension])
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
