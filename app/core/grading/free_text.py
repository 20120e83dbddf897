"""Rubric feedback on written answers, read the way a careful teacher reads them.

Each criterion is met by one *sentence* of the answer that holds a phrase of every keyword group
(and the pattern, when it asks for one), not negated. The feedback quotes the learner's words
that met it, or says what it looks for and what came close (a negated phrase, ideas found in
different sentences). An answer that is not prose, not in English, or a copy of the model answer
earns nothing for its keywords and is told why. Deductions take points off. Word limits are a
gate: outside them the answer does not pass, unless the author chose a penalty instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app.core.content.specs.free_text import Criterion, FreeTextSpec, Groups
from app.core.grading.result import Feedback, Fields, Grade, Message, one
from app.core.rubric import phrases, prose
from app.core.rubric.passages import Sentence, sentences, word_count
from app.core.rubric.patterns import spans
from app.core.rubric.words import stem

MAX_ANSWER = 10_000
# A copy: most of the answer's three-word sequences are the model answer's, and they cover much
# of the model answer (a learner who writes "we are sorry your order is late" copies nothing).
COPY_SHARE = 0.6
COPY_COVERS = 0.4
MIN_COPY_WORDS = 30
NEAR_WORDS = 8  # a pattern's cue within this many words
AFTER_WORDS = 4  # a pattern just after an excluding cue is excluded
LOOKS_FOR = 4  # example phrasings quoted for a missed criterion
# Keyword stuffing: this share of the words of an answer (of this many words or more) are the
# rubric's phrases. A strong answer of a teacher's corpus stays below a quarter.
STUFFING_SHARE = 0.4
STUFFED_FUNCTION_SHARE = 0.35  # …and prose's small words are scarce
PILED_SHARE = 0.5  # …or half the words are the rubric's, whatever holds them together
MIN_PILED_WORDS = 25
MIN_STUFFING_WORDS = 15
RUN, LONG_RUN, RUN_SHARE = 4, 6, 0.15  # runs of rubric words with nothing between them
_VOCABULARY: dict[int, tuple[FreeTextSpec, tuple[frozenset[str], tuple[str, ...]]]] = {}


@dataclass(frozen=True)
class FreeTextResponse:
    text: str


def parse(spec: FreeTextSpec, fields: Fields) -> FreeTextResponse:
    return FreeTextResponse(one(fields, "answer", required=True, limit=MAX_ANSWER).strip())


@dataclass
class _Finding:
    """What the reading found for one criterion."""

    sentence: Sentence | None = None
    quotes: tuple[str, ...] = ()
    typos: tuple[tuple[str, str], ...] = ()
    partly: bool = False
    negated: str = ""  # the learner's negated words, when that is all there was
    apart: tuple[str, ...] = ()  # every group found, but not in one sentence
    requires: str = ""  # the label of the criterion this one needs, which was not met


def _barred(criterion: Criterion, sentence: Sentence) -> frozenset[int]:
    """The clauses of ``sentence`` that hold one of the criterion's ``not_with`` phrases."""
    return frozenset(
        sentence.words[h.first].clause
        for p in criterion.not_with
        for h in phrases.find(p, sentence)
        if not h.negated
    )


def _first_hit(
    group: tuple[str, ...], sentence: Sentence, negation: bool, barred: frozenset[int] = frozenset()
):
    """The first hit of a phrase of ``group`` in ``sentence`` outside the ``barred`` clauses, or
    a negated one if that is all."""
    negated = None
    for phrase in group:
        for hit in phrases.find(phrase, sentence):
            if sentence.words[hit.first].clause in barred:
                continue
            if negation and hit.negated:
                negated = negated or hit
            else:
                return hit, None
    return None, negated


def _pattern_span(criterion: Criterion, sentence: Sentence) -> str | None:
    """The value the criterion's pattern finds in ``sentence`` with its cues, if any."""
    base = sentence.words[0].start
    for start, end in spans(criterion.pattern, sentence.text):
        first = next(
            (i for i, w in enumerate(sentence.words) if w.end - base > start), len(sentence.words)
        )
        last = max((i for i, w in enumerate(sentence.words) if w.start - base < end), default=first)
        if criterion.near and not any(
            first - NEAR_WORDS <= h.first <= last + NEAR_WORDS and not h.negated
            for p in criterion.near
            for h in phrases.find(p, sentence)
        ):
            continue
        if any(
            first - AFTER_WORDS <= h.last < first
            and sentence.words[h.last].clause
            == sentence.words[min(first, len(sentence.words) - 1)].clause
            for p in criterion.not_near
            for h in phrases.find(p, sentence)
        ):
            continue
        return sentence.text[start:end]
    return None


def _in_sentence(groups: Groups, criterion: Criterion, sentence: Sentence, found: _Finding):
    """Whether ``sentence`` meets ``groups`` (and the pattern); notes near misses in ``found``."""
    hits = []
    barred = _barred(criterion, sentence) if criterion.not_with else frozenset()
    for group in groups:
        hit, negated = _first_hit(group, sentence, criterion.negation, barred)
        if hit is None:
            if negated is not None:
                found.negated = found.negated or negated.quote
            return None
        hits.append(hit)
    value = _pattern_span(criterion, sentence) if criterion.pattern else None
    if criterion.pattern and value is None:
        return None
    return hits, value


def _vocabulary(spec: FreeTextSpec) -> tuple[frozenset[str], tuple[str, ...]]:
    """The stems and the ``*`` prefixes of the words of the spec's positive criteria (function
    words left out), remembered per spec."""
    known = _VOCABULARY.get(id(spec))
    if known is None or known[0] is not spec:
        terms = {
            t
            for c in spec.criteria
            if not c.deduct
            for groups in (*c.ways, c.partly)
            for group in groups
            for p in group
            for t in phrases.terms(p)
            if t.plain not in prose.ENGLISH
        }
        stems = frozenset(t.stem for t in terms if not t.prefix)
        prefixes = tuple(sorted(t.plain for t in terms if t.prefix))
        known = _VOCABULARY[id(spec)] = (spec, (stems, prefixes))
    return known[1]


def _keyword_share(spec: FreeTextSpec, passage: list[Sentence]) -> float:
    """The share of the answer's words that are words of the rubric's phrases."""
    stems, prefixes = _vocabulary(spec)
    covered = sum(w.stem in stems or w.plain.startswith(prefixes) for s in passage for w in s.words)
    return prose.keyword_share(passage, covered)


def _keyword_runs(spec: FreeTextSpec, passage: list[Sentence]) -> tuple[int, int]:
    """Words in runs of four or more rubric words in a row inside a clause ("budget cost
    investment money"), and the longest such run."""
    stems, prefixes = _vocabulary(spec)
    in_runs = longest = 0
    for sentence in passage:
        run, clause, end = 0, None, -2
        for word in (*sentence.words, None):
            keyword = word is not None and (word.stem in stems or word.plain.startswith(prefixes))
            if keyword and word.start == end + 1 and sentence.text[end - sentence.start] == "-":
                end = word.end  # the rest of a hyphenated word ("white-glove") is one word
                continue
            end = word.end if word is not None else -2
            if keyword and word.clause == clause:
                run += 1
            else:
                if run >= RUN:
                    in_runs += run
                longest = max(longest, run)
                run = 1 if keyword else 0
            clause = word.clause if word is not None else None
    return in_runs, longest


def _mentions(phrase_list: tuple[str, ...], sentence: Sentence) -> bool:
    return any(not h.negated for p in phrase_list for h in phrases.find(p, sentence))


def _declines(criterion: Criterion, sentence: Sentence) -> bool:
    """Whether ``sentence`` negates one of the criterion's own phrases: "instead of white-glove
    delivery we use a courier" earns no half credit for the courier."""
    return any(
        h.negated for group in criterion.keywords for p in group for h in phrases.find(p, sentence)
    )


def _read(criterion: Criterion, usable: list[Sentence]) -> _Finding:
    found = _Finding()
    if criterion.refuted_by and any(_mentions(criterion.refuted_by, s) for s in usable):
        return found
    if criterion.unless:
        usable = [s for s in usable if not _mentions(criterion.unless, s)]
    for groups in criterion.ways:
        for sentence in usable:
            result = _in_sentence(groups, criterion, sentence, found)
            if result:
                hits, value = result
                found.sentence = sentence
                found.quotes = tuple(h.quote for h in hits) + ((value,) if value else ())
                found.typos = tuple(t for h in hits for t in h.typos)
                found.negated = ""
                return found
    if len(criterion.keywords) > 1:
        apart = []
        for group in criterion.keywords:
            hit = next(
                (
                    h
                    for s in usable
                    for h in [_first_hit(group, s, criterion.negation, _barred(criterion, s))[0]]
                    if h is not None
                ),
                None,
            )
            if hit is None:
                break
            apart.append(hit.quote)
        else:
            found.apart = tuple(apart)
    if criterion.partly:
        for sentence in usable:
            if criterion.negation and _declines(criterion, sentence):
                continue
            result = _in_sentence(criterion.partly, criterion, sentence, _Finding())
            if result:
                found.sentence, found.partly = sentence, True
                found.quotes = tuple(h.quote for h in result[0])
                break
    return found


def _label(spec: FreeTextSpec, criterion_id: str) -> str:
    return next(c.label for c in spec.criteria if c.id == criterion_id)


def _words_ok(criterion: Criterion, words: int) -> bool:
    return not (
        (criterion.min_words and words < criterion.min_words)
        or (criterion.max_words and words > criterion.max_words)
    )


def _looks_for(criterion: Criterion) -> tuple[str, ...]:
    examples = [p.rstrip("*") for group in criterion.keywords[:1] for p in group[:LOOKS_FOR]]
    return tuple(examples)


def _judge(criterion: Criterion, found: _Finding | None, words: int) -> Feedback:
    key = f"criterion:{criterion.id}"
    label = {"criterion": criterion.label}
    has_keywords = bool(criterion.keywords or criterion.pattern)
    met = _words_ok(criterion, words) and (not has_keywords or bool(found and found.sentence))
    evidence = {}
    if found and found.sentence:
        evidence = {"quote": found.quotes, "sentence": found.sentence.text}
        if found.typos:
            evidence["read_as"] = tuple(f"{given} → {meant}" for given, meant in found.typos)
    if criterion.deduct:
        if not met:
            return Feedback(key, "correct", (), None, 0.0, 0.0)
        items = {**label, **evidence, "points": f"{criterion.deduct:g}"}
        message = Message("criterion-deducted", items, criterion.missed_html or criterion.met_html)
        return Feedback(key, "wrong", (message,), criterion.review, -criterion.deduct, 0.0)
    if met and not (found and found.partly):
        message = Message("criterion-met", {**label, **evidence}, criterion.met_html)
        return Feedback(key, "correct", (message,), None, criterion.weight, criterion.weight)
    if met:  # partly
        message = Message("criterion-partly", {**label, **evidence}, criterion.missed_html)
        points = criterion.weight / 2
        return Feedback(key, "partial", (message,), criterion.review, points, criterion.weight)
    items = {**label, "looks_for": _looks_for(criterion)}
    if found and found.negated:
        items["negated"] = found.negated
    if found and found.apart:
        items["apart"] = found.apart
    if found and found.requires:
        items["requires"] = found.requires
    message = Message("criterion-missed", items, criterion.missed_html)
    return Feedback(key, "wrong", (message,), criterion.review, 0.0, criterion.weight)


def _refusal(spec: FreeTextSpec, text: str, passage: list[Sentence]) -> prose.Refusal | None:
    plain = [w.plain for s in passage for w in s.words]
    language = prose.language_of(plain)
    if language:
        return prose.Refusal("language", language)
    reason = prose.not_prose(passage)
    if reason:
        return prose.Refusal("not-prose", reason)
    if len(plain) >= MIN_STUFFING_WORDS:
        in_runs, longest = _keyword_runs(spec, passage)
        if longest >= LONG_RUN or in_runs >= RUN_SHARE * len(plain):
            return prose.Refusal("not-prose", "keywords")
        share = _keyword_share(spec, passage)
        if (share >= PILED_SHARE and len(plain) >= MIN_PILED_WORDS) or (
            share >= STUFFING_SHARE and prose.function_share(passage) < STUFFED_FUNCTION_SHARE
        ):
            return prose.Refusal("not-prose", "keywords")
    if (
        spec.topic
        and len(plain) >= prose.MIN_WORDS
        and not any(_mentions(spec.topic, s) for s in passage)
    ):
        return prose.Refusal("off-topic", ", ".join(p.rstrip("*") for p in spec.topic[:LOOKS_FOR]))
    if spec.model_answer_text and len(plain) >= MIN_COPY_WORDS:
        share, covers = prose.copied_shares(
            [stem(w) for w in plain], _stems_of(spec.model_answer_text)
        )
        if share >= COPY_SHARE and covers >= COPY_COVERS:
            return prose.Refusal("copied", f"{round(100 * share)}")
    return None


@lru_cache(maxsize=256)
def _stems_of(text: str) -> tuple[str, ...]:
    """The stems of a model answer's words, read once per model answer."""
    return tuple(w.stem for s in sentences(text) for w in s.words)


def _length(spec: FreeTextSpec, words: int) -> Feedback | None:
    limit = None
    if spec.min_words and words < spec.min_words:
        limit = ("length-short", {"words": str(words), "min": str(spec.min_words)})
    elif spec.max_words and words > spec.max_words:
        limit = ("length-long", {"words": str(words), "max": str(spec.max_words)})
    if limit is None:
        return None
    kind, items = limit
    if spec.length_penalty is not None:
        items["penalty"] = str(spec.length_penalty)
    else:
        items["gate"] = "yes"
    return Feedback("length", "info", (Message(kind, items),))


def grade(spec: FreeTextSpec, response: FreeTextResponse) -> Grade:
    text = response.text
    words = word_count(text)
    passage = sentences(text)
    refusal = _refusal(spec, text, passage)
    usable = [] if refusal else [s for s in passage if not prose.is_list_of_keywords(s)]
    feedback = []
    if refusal:
        items = {"reason": refusal.reason}
        feedback.append(Feedback("answer", "wrong", (Message(f"answer-{refusal.kind}", items),)))
    # A sentence that earns a deduction earns nothing else: "Sorry you're so impatient" is no
    # apology.
    findings = {c.id: _read(c, usable) for c in spec.criteria if c.deduct and not refusal}
    tainted = {f.sentence.index for f in findings.values() if f.sentence}
    credited = [s for s in usable if s.index not in tainted]
    met: set[str] = set()  # criteria met, fully or partly: what others may build on
    for criterion in spec.criteria:
        found = None if refusal else findings.get(criterion.id) or _read(criterion, credited)
        if found and criterion.requires and criterion.requires not in met:
            found = _Finding(requires=_label(spec, criterion.requires))
        item = _judge(criterion, found, words)
        if item.status != "wrong":
            met.add(criterion.id)
        if refusal and not criterion.deduct:
            item = Feedback(item.key, "wrong", (), item.review, 0.0, item.max_points)
        feedback.append(item)
    score = sum(item.points for item in feedback)
    details = {"words": words}
    length = _length(spec, words)
    if length:
        feedback.append(length)
        if spec.length_penalty is not None:
            score -= spec.total_weight * spec.length_penalty / 100
        else:
            details["held"] = length.messages[0].kind
    if refusal:
        details["refused"] = refusal.kind
    return Grade(score, spec.total_weight, tuple(feedback), details)


def model_answer_due(spec: FreeTextSpec, state) -> bool:
    """Whether the learner has earned a look at the model answer, as its author chose: after an
    attempt that met a criterion ("credit", the default), after passing, or after N attempts.
    ``state`` is the learner's state of the activity (count, best_percent, passed)."""
    rule = spec.model_answer_after
    if rule == "pass":
        return bool(state.passed)
    if rule == "credit":
        return bool(state.best_percent)
    return state.count >= rule
