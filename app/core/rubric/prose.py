"""Is the answer something a rubric can judge: English prose, written by the learner?

Keywords earn credit only inside sentences. An answer is *not prose* when it reads as a list of
keywords (almost no function words: "the", "to", "we", "your"…), repeats itself (few distinct
words, the same sentence over and over), or runs on for dozens of words without a sentence's
structure. It is in *another language* when another language's common words outnumber
English's. It is *copied* when most of its word sequences are the model answer's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.core.rubric.passages import Sentence

ENGLISH = frozenset(
    """a about after again all also am an and any are as at be been before being both but by can
    could did do does dont down each for from had has have having he her here him his how i if im
    in into is it its just let lets me more most my no nor not now of off on once only or other our
    out over own same she should so some such than that the their them then there these they this
    those through to too under until up us very was we were what when where which while who why will
    with would you your youre yours ive weve well were theyre wont cant""".split()
)
OTHER_LANGUAGES = {
    "French": frozenset(
        """le la les un une des de et est sont pas que qui pour dans avec nous vous votre vos sur
        ce cette mais ou donc du au aux je il elle ne se son sa ses leur notre très être""".split()
    ),
    "Spanish": frozenset(
        """el la los las un una unos y es son no que para con por del al en su sus nuestro
        nosotros usted ustedes pero muy lo le se este esta como más ya""".split()
    ),
    "German": frozenset(
        """der die das ein eine und ist sind nicht mit für auf den dem des ich sie wir ihr ihre
        unser unsere aber oder sehr auch zu im es wird werden bei von""".split()
    ),
    "Italian": frozenset(
        """il lo la gli le un una e è sono non che per con del della di da in su nostro nostra
        vostro voi noi ma molto anche questo questa come più ci si""".split()
    ),
    "Portuguese": frozenset(
        """o a os as um uma e é são não que para com do da dos das em no na nosso nossa você
        vocês mas muito também este esta como mais seu sua""".split()
    ),
    "Dutch": frozenset(
        """de het een en is zijn niet dat voor met op van in ik je jij u wij we ons onze uw
        maar ook zeer heel deze dit als meer""".split()
    ),
}
MIN_WORDS = 8


@dataclass(frozen=True)
class Refusal:
    """Why an answer gets no credit for its keywords: ``kind`` and plain-text details."""

    kind: str  # "not-prose" | "language" | "copied"
    reason: str = ""


def _function_share(words: list[str], vocabulary: frozenset[str]) -> float:
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


def language_of(words: list[str]) -> str | None:
    """The other language the answer is written in, if it is clearly not English."""
    if len(words) < MIN_WORDS:
        return None
    english = _function_share(words, ENGLISH)
    name, share = max(
        ((name, _function_share(words, vocab)) for name, vocab in OTHER_LANGUAGES.items()),
        key=lambda pair: pair[1],
    )
    return name if share >= 0.2 and share > 1.5 * english else None


def not_prose(sentences: list[Sentence]) -> str | None:
    """Why the answer is not prose ("keywords", "repetitive", "run-on"), or None."""
    words = [w for s in sentences for w in s.learner_words]
    if len(words) < MIN_WORDS:
        return None
    if _function_share(words, ENGLISH) < 0.15:
        return "keywords"
    listed = sum(len(s.learner_words) for s in sentences if is_list_of_keywords(s))
    if listed >= len(words) / 2:
        return "keywords"
    if len(words) >= 30 and len(set(words)) / len(words) < 0.35:
        return "repetitive"
    pairs = Counter(zip(words, words[1:], strict=False)).most_common(1)
    if pairs:
        (top, count) = pairs[0]
        if count >= 6 and count >= 0.08 * len(words) and not set(top) <= ENGLISH:
            return "repetitive"
    repeated = Counter(" ".join(s.learner_words) for s in sentences if len(s.learner_words) >= 3)
    if repeated and max(repeated.values()) >= 3:
        return "repetitive"
    for sentence in sentences:
        if len(sentence.learner_words) > 80 and (
            _function_share(sentence.learner_words, ENGLISH) < 0.25
        ):
            return "run-on"
    return None


def is_list_of_keywords(sentence: Sentence) -> bool:
    """A sentence without one function word is a list, not a claim, when it is long (six words
    or more) or reads as one ("Factors: budget, cost, control")."""
    words = sentence.learner_words
    if any(w in ENGLISH for w in words):
        return False
    return len(words) >= 6 or (len(words) >= 3 and sentence.text.count(",") >= 2)


def function_share(sentences: list[Sentence]) -> float:
    """The share of the answer's words that are English function words."""
    return _function_share([w for s in sentences for w in s.learner_words], ENGLISH)


def keyword_share(sentences: list[Sentence], covered: int) -> float:
    """The share of the answer's words that the rubric's phrases cover."""
    total = sum(len(s.words) for s in sentences)
    return covered / total if total else 0.0


def _trigrams(stems: list[str]) -> set[tuple[str, str, str]]:
    return {tuple(stems[i : i + 3]) for i in range(len(stems) - 2)}


def copied_shares(answer_stems: list[str], model_stems: list[str]) -> tuple[float, float]:
    """How much of the answer's three-word sequences are the model answer's, and how much of the
    model answer's the answer repeats."""
    answer, model = _trigrams(answer_stems), _trigrams(model_stems)
    if not answer or not model:
        return 0.0, 0.0
    common = len(answer & model)
    return common / len(answer), common / len(model)
