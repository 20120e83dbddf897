"""What is read aloud: a lesson's sections, each a run of sentences with ids on the page."""

from __future__ import annotations

from dataclasses import dataclass

INTRO_SECTION = "page-intro"  # the introduction has no heading; "page-" ids belong to the page


@dataclass(frozen=True)
class Sentence:
    """One sentence: its id on the page, its text as written, and the text the engine says."""

    id: str
    text: str
    spoken: str


@dataclass(frozen=True)
class SpeechSection:
    """The sentences of one section, in page order: one audio file and one cue track."""

    id: str
    title: str
    sentences: tuple[Sentence, ...]

    @property
    def word_count(self) -> int:
        return sum(len(s.spoken.split()) for s in self.sentences)
