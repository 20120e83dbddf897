"""Short answers: an accepted answer exactly, or close enough for the question's tolerance.

Answers are compared normalised (case, accents and punctuation folded, hyphens as spaces:
``text_match.normalise``). An answer equal to an accepted one is right. A question may also
forgive:

- **typos** (``typos``): a word of 5–7 letters may be one edit away from the accepted word, a
  word of 8 or more letters two (an edit adds, drops or changes a letter, or swaps two
  neighbours); shorter words must be exact. Words run together or apart ("thirdparty") pass too.
- **extra words** (``extra_words``): the accepted phrase, whole and in order, with words around
  it ("a third-party logistics provider (3PL)"), at most as many as the phrase has.

Both are on by default when an accepted answer has several words; ``typos`` also for a single
word of five letters or more (shorter words have no typos to forgive).

Neither may turn one term into another. A learner's word is never taken for a typo of a
different word when it is a number or an ordinal ("fourth" is not "third"), the accepted word
with a negating prefix ("unreturnable"), or a word of another term the quiz knows: the other
questions' answers, options, pairs and items, and the question's ``reject`` list. An extra word
may not be a number or an ordinal, a negation ("not", "non"…), a hedge ("or", "versus") or a
word of the ``reject`` list. An answer that is a ``reject`` entry, holds one, or is another term
of the quiz is never accepted through tolerance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from app.core.grading.text_match import contains_phrase, normalise

NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion first second third fourth fifth sixth seventh eighth
    ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth
    eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth
    ninetieth hundredth thousandth millionth billionth half quarter""".split()
)
NEGATIONS = frozenset({"not", "non", "no", "never", "none", "without", "un", "anti", "neither"})
HEDGES = frozenset({"or", "nor", "either", "versus", "vs", "instead"})
NEGATING_PREFIXES = ("un", "non", "in", "im", "il", "ir", "dis", "anti", "a")
_NUMERAL = re.compile(r"[0-9]+(?:st|nd|rd|th)?")


@dataclass(frozen=True)
class ShortMatch:
    accepted: str  # the accepted answer it matched, as the author wrote it
    exact: bool  # False: accepted through tolerance


def is_number(word: str) -> bool:
    return word in NUMBER_WORDS or _NUMERAL.fullmatch(word) is not None


def edits_allowed(word: str) -> int:
    """How many edits a typo of ``word`` may be away from it."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 7 else 2


def _negates(word: str, target: str) -> bool:
    return any(word == p + target or target == p + word for p in NEGATING_PREFIXES)


def _typo_of(word: str, target: str, known: frozenset[str]) -> bool:
    """Is ``word`` a misspelling of ``target``, rather than a word of its own?"""
    if is_number(word) or any(c.isdigit() for c in word) or word in known:
        return False
    if _negates(word, target):
        return False
    limit = edits_allowed(target)
    return limit > 0 and OSA.distance(word, target, score_cutoff=limit) <= limit


def _changes_term(word: str, rejected: frozenset[str]) -> bool:
    """May ``word`` not stand beside the accepted phrase?"""
    return is_number(word) or word in NEGATIONS or word in HEDGES or word in rejected


def _words(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(word for text in texts for word in normalise(text).split())


def _close(
    words: list[str],
    target: list[str],
    typos: bool,
    extras: bool,
    known: frozenset[str],
    rejected: frozenset[str],
) -> bool:
    if typos and "".join(words) == "".join(target):
        return True
    spare = len(words) - len(target)
    if spare < 0 or spare > (len(target) if extras else 0):
        return False
    for start in range(spare + 1):
        window = words[start : start + len(target)]
        around = words[:start] + words[start + len(target) :]
        if all(
            w == t or (typos and _typo_of(w, t, known)) for w, t in zip(window, target, strict=True)
        ) and not any(w not in target and _changes_term(w, rejected) for w in around):
            return True
    return False


def match_short(
    answer: str,
    accepted: tuple[str, ...],
    *,
    typos: bool | None = None,
    extra_words: bool | None = None,
    reject: tuple[str, ...] = (),
    other_terms: tuple[str, ...] = (),
) -> ShortMatch | None:
    """The accepted answer ``answer`` matches, if any; ``typos`` and ``extra_words`` None: by
    the accepted answer (see the module's docstring)."""
    given = normalise(answer)
    if not given:
        return None
    for phrase in accepted:
        if normalise(phrase) == given:
            return ShortMatch(phrase, True)
    if any(contains_phrase(answer, r) for r in reject):
        return None
    if given in {normalise(term) for term in other_terms}:
        return None
    words = given.split()
    rejected = _words(reject)
    others = _words(other_terms) | rejected
    for phrase in accepted:
        target = normalise(phrase).split()
        if not target:
            continue
        several = len(target) > 1
        typos_on = typos if typos is not None else several or len(target[0]) >= 5
        extras_on = extra_words if extra_words is not None else several
        known = others - set(target)
        if _close(words, target, typos_on, extras_on, known, rejected - set(target)):
            return ShortMatch(phrase, False)
    return None
