"""A written answer cut into sentences, clauses and words, each word knowing where it stands.

Evidence for a criterion is one sentence; negation reaches back only within a clause. A sentence
ends at ``.``, ``!`` or ``?`` before a space, or at a line break (a bulleted line is a sentence of
its own) unless the next line goes on in lowercase; a clause also ends at ``,`` ``;`` ``:`` a
dash or a bracket, and before a word that starts a new clause ("but", "so", "because"…).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from app.core.rubric.words import fold, is_english_word, plain, stem

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[%$€£]|\n|[.!?]+(?=\s|$)|[,;:()\[\]—–]|\s-\s")
_SENTENCE_END = re.compile(r"[.!?]+|\n")
# A single line break followed by a lowercase word continues the sentence (text wrapped by hand);
# a blank line, a bullet or a capital starts a new one.
_CONTINUED = re.compile(r"[ \t]*[a-z]")
# A full stop after these ends no sentence.
_ABBREVIATION = re.compile(
    r"(?i)(?:\b(?:e\.g|i\.e|etc|approx|mr|mrs|ms|dr|no|vs|inc|ltd|st|est))\Z"
)
# Words that open a new clause: a negation before them does not reach the words after them.
CLAUSE_WORDS = frozenset(
    "but and so because since although though however yet while whereas which who when if "
    "unless until once after before meanwhile also plus then".split()
)


@dataclass(frozen=True)
class Word:
    text: str  # as written
    plain: str  # lowercase, accents and apostrophes gone
    start: int  # character offsets in the answer
    end: int
    clause: int  # clause number within the whole answer

    @cached_property
    def stem(self) -> str:
        return stem(self.plain)

    @cached_property
    def folded(self) -> str:
        return fold(self.plain)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key while graded
class Sentence:
    index: int
    words: tuple[Word, ...]
    start: int
    end: int
    text: str  # the sentence as written

    def plain_words(self) -> list[str]:
        return [w.plain for w in self.words]

    @cached_property
    def learner_words(self) -> list[str]:
        """Words as the learner wrote them, hyphenated ones whole ("in-house" is one word)."""
        return [plain(w) for w in _LEARNER_WORD.findall(self.text)]

    @cached_property
    def by_plain(self) -> dict[str, list[int]]:
        return _positions(w.plain for w in self.words)

    @cached_property
    def by_stem(self) -> dict[str, list[int]]:
        return _positions(w.stem for w in self.words)

    @cached_property
    def _sorted(self) -> tuple[list[str], list[int], list[str], list[int]]:
        """The words in alphabetical order (as written and folded), with their indexes."""
        plain_order = sorted(range(len(self.words)), key=lambda i: self.words[i].plain)
        fold_order = sorted(range(len(self.words)), key=lambda i: self.words[i].folded)
        return (
            [self.words[i].plain for i in plain_order],
            plain_order,
            [self.words[i].folded for i in fold_order],
            fold_order,
        )

    def starting_with(self, prefix: str, folded: bool = False) -> list[int]:
        """Indexes of the words that start with ``prefix`` (their folded form, if ``folded``)."""
        plains, plain_order, folds, fold_order = self._sorted
        keys, order = (folds, fold_order) if folded else (plains, plain_order)
        start = bisect_left(keys, prefix)
        end = bisect_left(keys, prefix + "\uffff", start)
        return [order[k] for k in range(start, end)]

    @cached_property
    def unknown(self) -> list[int]:
        """Words that may be misspellings: alphabetic, four letters or more, not English words."""
        return [
            i
            for i, w in enumerate(self.words)
            if len(w.plain) >= 4 and w.plain.isalpha() and not is_english_word(w.plain)
        ]


def _positions(keys) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        found.setdefault(key, []).append(i)
    return found


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` that hold at least one word."""
    result: list[Sentence] = []
    words: list[Word] = []
    clause = 0

    def close() -> None:
        if words:
            start, end = words[0].start, words[-1].end
            result.append(Sentence(len(result), tuple(words), start, end, text[start:end]))
            words.clear()

    for match in _TOKEN.finditer(text):
        piece = match.group()
        if _SENTENCE_END.fullmatch(piece):
            if piece == "." and _ABBREVIATION.search(text, 0, match.start()):
                continue
            if piece == "\n" and _CONTINUED.match(text, match.end()):
                continue  # a line wrapped inside a sentence
            close()
            clause += 1
        elif not (piece[0].isalnum() or piece in "%$€£"):
            clause += 1  # punctuation inside a sentence
        else:
            word = plain(piece)
            if word in CLAUSE_WORDS and not (words and words[-1].plain in ("not", "never")):
                clause += 1  # …but "not because" negates the reason that follows
            words.append(Word(piece, word, match.start(), match.end(), clause))
    close()
    return result


_LEARNER_WORD = re.compile(r"[\w'’-]+")


def word_count(text: str) -> int:
    """Words as a learner counts them (hyphenated and apostrophe words are one)."""
    return len(_LEARNER_WORD.findall(text))
