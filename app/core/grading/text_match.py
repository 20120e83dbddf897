"""Matching learners' words against authored phrases: normalised, with synonyms, word-aligned."""

from __future__ import annotations

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w%$€£\s-]+")
_SPACES = re.compile(r"[\s-]+")


def normalise(text: str) -> str:
    """Lowercase, accents and punctuation folded, hyphens and runs of spaces as one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("'", "")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def canonical(text: str, synonyms: tuple[tuple[str, ...], ...] = ()) -> str:
    """``normalise`` plus every synonym replaced by the first phrase of its group."""
    result = f" {normalise(text)} "
    for group in synonyms:
        target = normalise(group[0])
        for phrase in sorted(group[1:], key=len, reverse=True):
            result = result.replace(f" {normalise(phrase)} ", f" {target} ")
    return result.strip()


def same_answer(given: str, accepted: tuple[str, ...], synonyms=()) -> bool:
    answer = canonical(given, synonyms)
    return bool(answer) and any(answer == canonical(a, synonyms) for a in accepted)


def contains_phrase(text: str, phrase: str) -> bool:
    """Is ``phrase`` in ``text`` as whole words? A final ``*`` matches any ending.

    ``"cons"`` matches "pros and cons" but not "consider"; ``"track*"`` matches "tracking".
    """
    stem = phrase.rstrip().endswith("*")
    needle = normalise(phrase.rstrip().rstrip("*"))
    if not needle:
        return False
    start = r"(?<![\w])" if needle[0].isalnum() else ""  # "% off" follows a number
    end = "" if stem or not needle[-1].isalnum() else r"(?![\w])"
    return re.search(start + re.escape(needle) + end, normalise(text)) is not None


def contains_any(text: str, phrases: tuple[str, ...]) -> str | None:
    """The first of ``phrases`` found in ``text``, if any."""
    return next((p for p in phrases if contains_phrase(text, p)), None)


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))
