"""Finding an author's phrase in a learner's sentence: by stem, with misspellings, not negated.

A phrase is one or more words; a final ``*`` on a word matches any ending ("track*": tracking,
tracked). Its words must appear in order in one sentence, with at most one other word between two
of them inside a clause ("next order" finds "next online order"). A hit is *negated* when a
negating word ("not", "never", "without", "won't"…) comes before it in its clause, within six
words ("we will not offer a discount"), unless an idiom undoes it ("don't hesitate to contact").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.core.rubric.concepts import NEGATORS, NOT_NEGATING_BEFORE
from app.core.rubric.passages import Sentence, Word
from app.core.rubric.words import fold, misspelling_of, misspelt_start, plain, stem

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*\*?|[%$€£]")
NEGATION_REACH = 6
MAX_GAP = 1


@dataclass(frozen=True)
class Term:
    """One word of a phrase."""

    plain: str
    prefix: bool  # ends in *: any ending

    @property
    def stem(self) -> str:
        return stem(self.plain)

    def finds(self, word: Word) -> str | None:
        """How ``word`` matches: "same", "typo", or None."""
        if self.prefix:
            if word.plain.startswith(self.plain) or word.folded.startswith(fold(self.plain)):
                return "same"
            return "typo" if misspelt_start(word.plain, self.plain) else None
        if word.plain == self.plain or word.stem == self.stem:
            return "same"
        return "typo" if misspelling_of(word.plain, self.plain) else None


@cache
def terms(phrase: str) -> tuple[Term, ...]:
    found = []
    for token in _WORD.findall(phrase):
        prefix = token.endswith("*")
        word = plain(token.rstrip("*"))
        if word:
            found.append(Term(word, prefix))
    return tuple(found)


@dataclass(frozen=True)
class Hit:
    phrase: str  # as the author wrote it
    sentence: Sentence
    first: int  # word indexes in the sentence
    last: int
    typos: tuple[tuple[str, str], ...] = ()  # (as written, the word it was read as)
    negator: int | None = None  # index of the negating word, when negated

    @property
    def negated(self) -> bool:
        return self.negator is not None

    @property
    def quote(self) -> str:
        """The learner's own words for the hit (from the negating word, when negated)."""
        words = self.sentence.words
        first = self.negator if self.negator is not None else self.first
        return self.sentence.text[
            words[first].start - words[0].start : words[self.last].end - words[0].start
        ]


def _negator(sentence: Sentence, first: int) -> int | None:
    words = sentence.words
    clause = words[first].clause
    for i in range(first - 1, max(first - NEGATION_REACH, 0) - 1, -1):
        if words[i].clause != clause:
            return None
        if words[i].plain in NEGATORS:
            following = words[i + 1].plain if i + 1 < len(words) else ""
            if following in NOT_NEGATING_BEFORE:
                return None
            return i
    return None


def _next_term(sentence: Sentence, after: int, term: Term) -> tuple[int, str] | None:
    """Where ``term`` continues a phrase whose previous word is at ``after``: the next word, or
    the one after it inside the same clause."""
    words = sentence.words
    for j in range(after + 1, min(after + 2 + MAX_GAP, len(words))):
        if j > after + 1 and words[j].clause != words[after].clause:
            return None
        how = term.finds(words[j])
        if how:
            return j, how
    return None


def _match_from(
    sentence: Sentence, start: int, wanted: tuple[Term, ...]
) -> tuple[int, list[tuple[str, str]]] | None:
    words = sentence.words
    how = wanted[0].finds(words[start])
    if not how:
        return None
    typos = [(words[start].text, wanted[0].plain)] if how == "typo" else []
    last = start
    for term in wanted[1:]:
        found = _next_term(sentence, last, term)
        if found is None:
            return None
        last, how = found
        if how == "typo":
            typos.append((words[last].text, term.plain))
    return last, typos


def find(phrase: str, sentence: Sentence) -> list[Hit]:
    """Every place ``phrase`` occurs in ``sentence``."""
    wanted = terms(phrase)
    if not wanted:
        return []
    hits = []
    for start in range(len(sentence.words)):
        matched = _match_from(sentence, start, wanted)
        if matched:
            last, typos = matched
            hits.append(Hit(phrase, sentence, start, last, tuple(typos), _negator(sentence, start)))
    return hits
