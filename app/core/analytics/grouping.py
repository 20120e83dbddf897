"""Typed answers grouped when they differ only in spelling: "Paris", "paris!" and "Pariss" are
one wrong answer given by three learners, not three answers given by one each.

Answers are first folded to a key (case, accents, punctuation, runs of spaces and the articles
"a", "an" and "the" dropped); keys within a small edit distance of each other then join one
group. Only distinct keys are compared — never every answer with every other —, each with the
groups found so far whose keys are about as long (an edit distance of k can't bridge lengths
more than k apart), most common keys first so that each group gathers around its most common
form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from app.core.grading.text_match import normalise

ARTICLES = frozenset({"a", "an", "the"})
MOST_EDITS = 2  # the largest distance any key may be from its group's


def answer_key(text: str) -> str:
    """What is left of an answer once spelling that doesn't change it is folded away."""
    words = normalise(text).split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept or words)  # an answer of articles alone stays itself


def allowed_edits(length: int) -> int:
    """How many typing slips make a key of this length the same answer: none in short ones,
    where one letter makes another word ("cat", "car"), one up to nine characters, then two."""
    if length < 4:
        return 0
    return 1 if length < 10 else MOST_EDITS


def spelling(text: str) -> str:
    """An answer as shown: as the learner typed it, with runs of spaces as one."""
    return " ".join(text.split())


@dataclass(frozen=True)
class AnswerGroup:
    text: str  # the spelling most learners gave
    learners: int  # who gave any answer of the group
    variants: tuple[str, ...] = ()  # the other spellings, most common first


def _by_count(counts: Mapping[str, set[int]]) -> list[str]:
    return sorted(counts, key=lambda k: (-len(counts[k]), k))


def _nearest(key: str, centres: Mapping[int, list[str]], rank: Mapping[str, int]) -> str | None:
    """The group key closest to ``key`` within the allowed edits; of those as close, the group
    found first (the most common). Compared in rapidfuzz's C loop, one call per length."""
    best: tuple[int, int, str] | None = None  # distance, the group's rank, its key
    for length in range(len(key) - MOST_EDITS, len(key) + MOST_EDITS + 1):
        limit = allowed_edits(min(len(key), length))
        if abs(len(key) - length) > limit or not centres.get(length):
            continue
        found = process.extractOne(
            key, centres[length], scorer=Levenshtein.distance, score_cutoff=limit
        )
        if found is not None:
            candidate = (found[1], rank[found[0]], found[0])
            best = min(best or candidate, candidate)
    return best[2] if best else None


def group_answers(givers: Mapping[str, Iterable[int]]) -> tuple[AnswerGroup, ...]:
    """Answers as typed → who gave them, grouped: most learners first. Answers with nothing left
    once folded (punctuation alone) are left out."""
    by_spelling: dict[str, set[int]] = defaultdict(set)
    for text, learners in givers.items():
        by_spelling[spelling(text)].update(learners)
    by_key: dict[str, set[int]] = defaultdict(set)
    spellings_of: dict[str, list[str]] = defaultdict(list)
    for text, learners in by_spelling.items():
        if key := answer_key(text):
            by_key[key].update(learners)
            spellings_of[key].append(text)

    centres: dict[int, list[str]] = defaultdict(list)  # key length → the groups' keys
    members: dict[str, list[str]] = {}  # a group's key → the spellings in it, groups in order
    rank: dict[str, int] = {}
    for key in _by_count(by_key):
        centre = _nearest(key, centres, rank)
        if centre is None:
            centre = key
            centres[len(key)].append(key)
            rank[key] = len(rank)
            members[key] = []
        members[centre].extend(spellings_of[key])

    groups = []
    for texts in members.values():
        ranked = _by_count({t: by_spelling[t] for t in texts})
        learners = set().union(*(by_spelling[t] for t in texts))
        groups.append(AnswerGroup(ranked[0], len(learners), tuple(ranked[1:])))
    return tuple(sorted(groups, key=lambda g: (-g.learners, g.text)))
