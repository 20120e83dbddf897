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
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from app.core.rubric.concepts import (
    NEGATORS,
    NOT_NEGATING_BEFORE,
    OBJECT_NEGATING_PAIRS,
    OBJECT_NEGATORS,
)
from app.core.rubric.passages import Sentence
from app.core.rubric.words import (
    fold,
    misspelling_of,
    misspelt_start,
    other_word,
    plain,
    stem,
    typo_limit,
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*\*?|[%$€£]")
NEGATION_REACH = 6
OBJECT_REACH = 4  # "avoid", "instead of"… negate a phrase starting this close after them…
# …unless the means comes between: "we avoid damage by crating each piece".
MEANS = frozenset("by with using through via".split())
# What denies the words before it: "…is not an issue", "…doesn't matter".
DENIALS = frozenset(
    [
        ("is", "not"),
        ("are", "not"),
        ("was", "not"),
        ("does", "not"),
        ("do", "not"),
        ("is", "no"),
        ("isnt", "an"),
        ("isnt", "a"),
        ("not", "an"),
        ("not", "a"),
        ("to", "nothing"),  # "costs me next to nothing"
        ("almost", "nothing"),
        ("virtually", "nothing"),
        ("very", "little"),
    ]
)
SINGLE_DENIALS = frozenset("isnt arent wasnt doesnt dont".split())
MAX_GAP = 1


class Term(NamedTuple):
    """One word of a phrase."""

    plain: str
    prefix: bool  # ends in *: any ending
    stem: str
    joined: bool = False  # hyphenated to the word before ("in-home"): nothing may come between


@cache
def terms(phrase: str) -> tuple[Term, ...]:
    found = []
    for match in _WORD.finditer(phrase):
        token = match.group()
        prefix = token.endswith("*")
        word = plain(token.rstrip("*"))
        if word:
            joined = bool(found) and phrase[match.start() - 1 : match.start()] == "-"
            found.append(Term(word, prefix, stem(word), joined))
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


def _denied_after(sentence: Sentence, last: int) -> bool:
    """Is the hit denied by what follows it in its clause ("money is not an issue")?"""
    words = sentence.words
    after = [w.plain for w in words[last + 1 : last + 4] if w.clause == words[last].clause]
    return any(pair in DENIALS for pair in zip(after, after[1:], strict=False)) or (
        bool(after) and after[0] in SINGLE_DENIALS
    )


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
        if first - i > OBJECT_REACH or any(w.plain in MEANS for w in words[i + 1 : first]):
            continue
        if words[i].plain in OBJECT_NEGATORS:
            return i
        pair = (words[i - 1].plain, words[i].plain) if i else None
        if pair in OBJECT_NEGATING_PAIRS and words[i - 1].clause == clause:
            return i - 1
    return None


@lru_cache(maxsize=400_000)
def _how(term: Term, word: str) -> str | None:
    """How plain ``word`` matches ``term`` ("same", "typo" or None); remembered per word."""
    if term.prefix:
        if word.startswith(term.plain) or fold(word).startswith(fold(term.plain)):
            return "same"
        return "typo" if misspelt_start(word, term.plain) else None
    if word == term.plain or stem(word) == term.stem:
        return "same"
    return "typo" if misspelling_of(word, term.plain) else None


@lru_cache(maxsize=100_000)
def _places(term: Term, sentence: Sentence) -> dict[int, str]:
    """Where ``term`` matches in ``sentence``: word index → how. Looks words up by form and
    stem, and tries misspellings only on the words that are not English words."""
    found = {}
    if term.prefix:
        for i in sentence.starting_with(term.plain) + sentence.starting_with(
            fold(term.plain), folded=True
        ):
            found[i] = "same"
    else:
        for i in sentence.by_plain.get(term.plain, []) + sentence.by_stem.get(term.stem, []):
            found[i] = "same"
    if typo_limit(term.plain):
        for i in sentence.unknown:
            if i not in found and _how(term, sentence.words[i].plain) == "typo":
                found[i] = "typo"
    return {
        i: how for i, how in found.items() if not other_word(term.plain, sentence.words[i].plain)
    }


def _match_from(
    sentence: Sentence, start: int, wanted: tuple[Term, ...]
) -> tuple[int, list[tuple[str, str]]] | None:
    """The phrase's last word index and misspellings, when it starts at ``start``. Each next word
    is the following one, or the one after it inside the same clause."""
    words = sentence.words
    how = _places(wanted[0], sentence).get(start)
    if not how:
        return None
    typos = [(words[start].text, wanted[0].plain)] if how == "typo" else []
    last = start
    for term in wanted[1:]:
        places = _places(term, sentence)
        gap = 0 if term.joined else MAX_GAP
        for j in range(last + 1, min(last + 2 + gap, len(words))):
            if j > last + 1 and words[j].clause != words[last].clause:
                return None
            if j in places:
                if places[j] == "typo":
                    typos.append((words[j].text, term.plain))
                last = j
                break
            if term.joined and _misspelt_part(words[j].plain, term):
                # the second half of a hyphenated word, misspelt into another word ("in-hose")
                typos.append((words[j].text, term.plain))
                last = j
                break
        else:
            return None
    return last, typos


def _misspelt_part(word: str, term: Term) -> bool:
    limit = typo_limit(term.plain)
    return bool(limit) and word != term.plain and OSA.distance(word, term.plain) <= limit


@lru_cache(maxsize=50_000)
def find(phrase: str, sentence: Sentence) -> tuple[Hit, ...]:
    """Every place ``phrase`` occurs in ``sentence`` (remembered: a rubric asks many times)."""
    wanted = terms(phrase)
    if not wanted:
        return ()
    hits = []
    for start in sorted(_places(wanted[0], sentence)):
        matched = _match_from(sentence, start, wanted)
        if matched:
            last, typos = matched
            negator = _negator(sentence, start)
            if negator is None and _denied_after(sentence, last):
                negator = start
            hits.append(Hit(phrase, sentence, start, last, tuple(typos), negator))
    return tuple(hits)
