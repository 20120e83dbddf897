"""Audio for lesson sections, built at most once: the one entry point the web layer uses.

``ensure`` returns the cache key of a section's files, synthesising them first when the store
does not have them yet. The build lock in the store makes concurrent requests for the same
section — from threads of one process or from several processes — synthesise it once; the
others wait and then find the files.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.speech.cues import cues_json, cues_webvtt
from app.core.speech.encode import DEFAULT_BITRATE, encode_mp3
from app.core.speech.engines import Engine, EngineUnavailable, WorkerEngine
from app.core.speech.script import SpeechSection
from app.core.speech.store import MediaStore, cache_key
from app.core.speech.synthesis import synthesise_section

NO_ENGINE = "none"
RETRY_UNAVAILABLE_AFTER = 60.0  # seconds before trying again to start an engine that failed


@dataclass(frozen=True)
class SpeechSettings:
    engine: str = "pyttsx3"
    voice: str = "gmw/en-us"
    voices: dict[str, str] = field(default_factory=lambda: {"gmw/en-us": "US English"})
    rate: int = 175  # words per minute
    bitrate: int = DEFAULT_BITRATE
    python: str | None = None  # interpreter for the engine process (default: this one)

    def __post_init__(self) -> None:
        if self.voice not in self.voices:
            raise ValueError(f"SPEECH_VOICE {self.voice!r} is not one of SPEECH_VOICES")
        if not 80 <= self.rate <= 450:
            raise ValueError(f"SPEECH_RATE must be 80–450 words per minute, not {self.rate}")


class SpeechService:
    def __init__(
        self,
        settings: SpeechSettings,
        store: MediaStore,
        make_engine: Callable[[SpeechSettings], Engine] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self._make_engine = make_engine or (lambda s: WorkerEngine(s.engine, s.python))
        self._engine: Engine | None = None
        self._unavailable: tuple[float, str] | None = None
        self._lock = threading.Lock()
        self.built = 0  # sections synthesised by this service: cache misses

    @property
    def enabled(self) -> bool:
        return self.settings.engine != NO_ENGINE

    def key(self, section: SpeechSection, voice: str) -> str:
        s = self.settings
        return cache_key(section, s.engine, voice, s.rate, s.bitrate)

    def voice_of(self, section: SpeechSection, key: str) -> str | None:
        """The configured voice whose audio of ``section`` has this key (None: out of date)."""
        return next((v for v in self.settings.voices if self.key(section, v) == key), None)

    def is_ready(self, section: SpeechSection, voice: str) -> bool:
        return self.store.has(self.key(section, voice))

    def availability(self) -> tuple[bool, str]:
        """Whether sections can be synthesised here, as far as is known without trying."""
        if not self.enabled:
            return False, "Server speech is turned off."
        unavailable = self._unavailable
        if unavailable and time.monotonic() < unavailable[0]:
            return False, unavailable[1]
        return True, ""

    def engine(self) -> Engine:
        """The running engine; :class:`EngineUnavailable` when there is none to be had."""
        with self._lock:
            if not self.enabled:
                raise EngineUnavailable("server speech is turned off (SPEECH_ENGINE = 'none')")
            if self._unavailable and time.monotonic() < self._unavailable[0]:
                raise EngineUnavailable(self._unavailable[1])
            if self._engine is None:
                engine = self._make_engine(self.settings)
                try:
                    engine.voices()  # starts it: fail here, not in the middle of a section
                except EngineUnavailable as exc:
                    self._unavailable = (time.monotonic() + RETRY_UNAVAILABLE_AFTER, str(exc))
                    engine.close()
                    raise
                self._engine, self._unavailable = engine, None
            return self._engine

    def ensure(self, section: SpeechSection, voice: str) -> str:
        """The key of the section's audio, synthesised now if it has not been before."""
        if voice not in self.settings.voices:
            raise ValueError(f"voice {voice!r} is not offered (SPEECH_VOICES)")
        key = self.key(section, voice)
        if self.store.has(key):
            return key
        with self.store.lock(key):
            if self.store.has(key):  # built by someone else while we waited
                return key
            speech = synthesise_section(self.engine(), section, voice, self.settings.rate)
            self.store.write(
                key,
                {
                    "mp3": encode_mp3(speech.pcm, self.settings.bitrate),
                    "vtt": cues_webvtt(speech.cues).encode("utf-8"),
                    "json": cues_json(section.id, speech.cues, speech.pcm.duration).encode(),
                },
            )
            self.built += 1
        return key

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
