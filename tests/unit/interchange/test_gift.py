"""Reading GIFT: every construct of Moodle's documentation (tests/data/gift/moodle-examples.gift)
and the problems of broken files, each at its line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.core.interchange.gift import parse_gift

DATA = Path(__file__).parents[2] / "data" / "gift"


@pytest.fixture(scope="module")
def examples():
    questions, problems = parse_gift((DATA / "moodle-examples.gift").read_text(), "ex.gift")
    assert problems.errors == []
    return {q.line: q for q in questions}


def test_every_example_is_read_as_its_kind(examples):
    kinds = {line: q.kind for line, q in examples.items()}
    assert kinds == {
        7: "true-false", 10: "single", 14: "short", 17: "matching", 20: "numeric",
        23: "numeric", 26: "numeric", 32: "essay", 34: "single", 36: "single", 38: "single",
        44: "single", 51: "short", 53: "short", 55: "true-false", 57: "true-false",
        59: "matching", 67: "single", 69: "numeric", 71: "numeric", 73: "numeric", 79: "single",
        81: "single", 83: "single", 85: "single", 90: "short", 94: "true-false",
        96: "true-false", 98: "single", 103: "short", 107: "multiple", 114: "single",
        121: "numeric", 123: "single", 129: "single", 140: "true-false", 142: "short",
        144: "true-false", 146: "true-false", 148: "true-false", 150: "true-false",
        152: "description", 154: "description",
    }  # fmt: skip


def test_comments_are_skipped_and_categories_apply_to_the_questions_after(examples):
    assert examples[7].category == "tom/dick/harry"
    assert all("//" not in q.text for q in examples.values())


def test_titles_name_questions_and_escaped_colons_stay_in_them(examples):
    assert examples[7].title == "Q1"
    assert examples[140].title == "Colon: in a title"
    assert examples[140].text == "Ratio 2:1 is written with a colon."


def test_per_answer_feedback_and_right_answer(examples):
    q = examples[10]
    assert [(c.text, c.right, c.feedback) for c in q.choices] == [
        ("yellow", True, "right; good!"),
        ("red", False, "wrong, it's yellow"),
        ("blue", False, "wrong, it's yellow"),
    ]


def test_missing_word_questions_get_a_blank_where_the_answers_were(examples):
    assert examples[67].text == "Moodle costs _____ to download."
    assert examples[38].text == (
        "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November."
    )
    assert examples[53].text == "Two plus two equals _____."


def test_short_answers_accept_several_texts(examples):
    assert [c.text for c in examples[51].choices] == ["Grant", "Ulysses S. Grant", "Ulysses Grant"]


def test_true_false_letters_words_and_both_feedbacks(examples):
    assert (examples[7].truth, examples[55].truth, examples[57].truth) == (True, False, True)
    assert examples[94].wrong_feedback == "No one is buried in Grant's tomb."
    q = examples[96]
    assert (q.wrong_feedback, q.right_feedback) == (
        "It rises in the east, not the west.",
        "Right: in the east.",
    )


def test_matching_pairs_and_general_feedback(examples):
    q = examples[59]
    assert [(c.text, c.match) for c in q.choices][:2] == [("Canada", "Ottawa"), ("Italy", "Rome")]
    assert q.general_feedback == "It's good to know the capitals"


@pytest.mark.parametrize(
    ("line", "numbers"),
    [
        (20, [("3", "2", "100")]),  # 3:2
        (23, [("3", "2", "100")]),  # 1..5 is the same
        (71, [("3.1415", "0.0005", "100")]),  # 3.141..3.142
        (26, [("1822", "0", "100"), ("1822", "2", "50")]),  # several, weighted
        (121, [("50", "5", "100")]),
    ],
)
def test_numeric_answers_tolerances_ranges_and_weights(examples, line, numbers):
    choices = examples[line].choices
    assert [(str(c.value), str(c.tolerance), str(c.weight)) for c in choices] == numbers


def test_numeric_answer_feedback_and_general_feedback(examples):
    assert examples[26].choices[1].feedback == "He was born in 1822. Half credit for being close."
    assert examples[121].general_feedback == "General feedback: count them."


def test_weights_make_partial_credit_and_several_right_answers(examples):
    hometown = examples[114]
    assert [c.weight for c in hometown.choices] == [0, 25, 50, 100]
    tomb = examples[107]
    assert tomb.kind == "multiple"
    assert [c.weight for c in tomb.choices] == [-100, 50, 50, -100]


def test_escaped_control_characters_are_the_characters(examples):
    assert [c.text for c in examples[123].choices] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    q = examples[129]
    assert [c.text for c in q.choices] == ["~", "=", "#", "{", "}", "\\"]
    assert q.choices[-1].feedback == (
        "Correct! \\ (backslash) is not a control character. BUT, it is used to escape the "
        "control characters."
    )
    assert examples[142].text == "A line break\nin the middle."


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (144, "Is **this** bold?"),
        (146, "Is <b>this</b> bold?"),
        (148, "Is \\*this\\* starred?"),  # plain text: Markdown's characters stay characters
        (150, "Is this auto-formatted?"),
    ],
)
def test_formats_become_markdown(examples, line, text):
    assert examples[line].text == text


BROKEN = [
    (3, "the answers opened with '{' are never closed"),
    (5, "'many' is not a number"),
    (7, "no answer is right"),
    (9, "a question has one {…} of answers"),
    (15, "the range 5..1 runs backwards"),
    (17, "write each matching pair as '=left -> right'"),
    (19, "weight 150% is outside -100% to 100%"),
]


def test_broken_questions_are_reported_at_their_lines():
    questions, problems = parse_gift((DATA / "broken.gift").read_text(), "broken.gift")
    found = [(e.line, e.message) for e in problems.errors]
    assert [line for line, _ in found] == [line for line, _ in BROKEN]
    for (_, message), (_, start) in zip(found, BROKEN, strict=True):
        assert message.startswith(start)
    assert all(e.path == "broken.gift" for e in problems.errors)
    assert [q.kind for q in questions] == ["essay", "description"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("::Title never closed {=a}", "the title opened with '::' is never closed"),
        ("Stray } brace", "'}' with no '{' before it"),
        ("Q {=a =b ~c}", "more than one answer is marked right"),
        ("Q {=only ~}", "an empty answer after '~'"),
        ("Q {T#a#b#c}", "true-false answers take at most two feedbacks"),
        ("Q {#~3}", "numeric answers start with '='"),
        ("Q {#3:-1}", "the tolerance in '3:-1' is negative"),
        ("Q {text =a ~b}", "'text' is not an answer"),
        ("{=a ~b}", "the question has no text before its answers"),
        ("Q {=cat -> food}", "a matching question needs at least two pairs"),
        ("$CATEGORY: a\nQ {T}", "put a blank line between the $CATEGORY line"),
    ],
)
def test_each_mistake_says_what_to_do(text, message):
    _, problems = parse_gift(text, "f.gift")
    assert [e.message[: len(message)] for e in problems.errors] == [message]


def test_numbers_are_decimals_not_floats():
    [q], _ = parse_gift("Pi? {#3.14159:0.00001}")
    assert q.choices[0].value == Decimal("3.14159")
    assert q.choices[0].tolerance == Decimal("0.00001")


def test_a_byte_order_mark_and_windows_line_ends_are_read():
    [q], problems = parse_gift("\ufeff::T::Q?\r\n{=a ~b#no}\r\n")
    assert problems.errors == []
    assert (q.title, q.line, q.choices[1].feedback) == ("T", 1, "no")
