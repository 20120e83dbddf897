"""Words as the rubric compares them: folded spelling, a stem, and tolerance for misspellings.

Two words are the same when their stems are (snowball's English stemmer, after British spellings
are folded into American ones, so "apologise", "apologies" and "apologized" meet). A misspelling
counts for a word of five letters or more: one edit away up to seven letters, two from eight, and
only when what the learner wrote is not itself an English word ("season" is never "reason").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files

import snowballstemmer
from rapidfuzz.distance import OSA

_STEMMER = snowballstemmer.stemmer("english")
# British endings and their American forms; the same on both sides of every comparison, so a
# fold that merges two unrelated words only makes them look alike to each other.
_FOLDS = (
    (re.compile(r"is(e|es|ed|ing|ation|ations)\Z"), r"iz\1"),
    (re.compile(r"yse(s|d)?\Z"), r"yze\1"),
    (re.compile(r"(?<=\w{3})our(s|ed|ing|able)?\Z"), r"or\1"),  # colour, favour; not four, your
    (re.compile(r"(?<=\w{3})tre(s)?\Z"), r"ter\1"),  # centre, metre
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er)\Z"), r"l\1"),  # cancelled, travelling
    (re.compile(r"ogue\Z"), "og"),  # catalogue
)
MIN_TYPO_LENGTH = 5
# Words a stem or a final "*" would read as another word: the stemmer turns "customer" into
# "custom" and "business" into "busi" (busy), "text*" starts "texture". (How the learner's word
# starts, the starts of the author's words it is not a form of.)
OTHER_WORDS = (
    ("customer", ("custom",)),
    ("business", ("busy", "busi")),
    ("textur", ("text",)),
    ("textil", ("text",)),
    ("installment", ("install",)),
    ("instalment", ("instal",)),
    ("experienc", ("experiment",)),
    ("experiment", ("experienc",)),
    ("authorit", ("author",)),
)


def plain(word: str) -> str:
    """Lowercase, accents stripped, apostrophes dropped: "Don’t" → "dont"."""
    word = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word).casefold())
    word = "".join(c for c in word if not unicodedata.combining(c))
    return word.replace("’", "").replace("'", "")


@cache
def fold(word: str) -> str:
    """``word`` (already plain) with British spellings in their American form."""
    if len(word) < 5:
        return word
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, word)
        if folded != word:
            return folded
    return word


@cache
def stem(word: str) -> str:
    """The stem of a plain word, after folding."""
    return _STEMMER.stemWord(fold(word))


@lru_cache(maxsize=100_000)
def other_word(author: str, learner: str) -> bool:
    """Whether plain ``learner`` is another word than ``author`` (or ``author*``) although its
    stem or its start says otherwise ("customers" is not a form of "custom")."""
    return any(
        learner.startswith(start) and not author.startswith(start) and author.startswith(others)
        for start, others in OTHER_WORDS
    )


@cache
def _dictionary() -> frozenset[str]:
    text = files(__package__).joinpath("english-words.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


@lru_cache(maxsize=100_000)
def is_english_word(word: str) -> bool:
    """Whether a plain word of four letters or more is a word of the shipped English list (its
    American form is looked up, so British spellings count); shorter words are never looked up."""
    if len(word) < MIN_TYPO_LENGTH - 1:
        return False
    words = _dictionary()
    return word in words or fold(word) in words


def typo_limit(word: str) -> int:
    """How many edits a misspelling of ``word`` may be from it."""
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
        return 0
    return 1 if len(word) <= 7 else 2


@lru_cache(maxsize=200_000)
def misspelling_of(given: str, target: str) -> bool:
    """Is plain ``given`` a misspelling of plain ``target`` (not it, nor another English word)?"""
    limit = typo_limit(target)
    if not limit or given == target or not given.isalpha() or len(given) < MIN_TYPO_LENGTH - 1:
        return False
    if abs(len(given) - len(target)) > limit:
        return False
    a, b = fold(given), fold(target)
    if OSA.distance(a, b, score_cutoff=limit) > limit:
        return False
    return not is_english_word(given)


@lru_cache(maxsize=200_000)
def misspelt_start(given: str, prefix: str) -> bool:
    """Does plain ``given`` start with a misspelling of ``prefix`` ("delivred" for "deliver*")?"""
    if not typo_limit(prefix) or len(given) < len(prefix) - 1 or is_english_word(given):
        return False
    n = len(prefix)
    return any(misspelling_of(given[:size], prefix) for size in (n - 1, n, n + 1))
