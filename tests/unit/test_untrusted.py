"""JSON from outside is refused, before anything recurses over it, when it nests too deep or
holds a lone surrogate."""

from __future__ import annotations

import json
import sys

import pytest

from app.core.untrusted import (
    DEPTH_MESSAGE,
    MAX_DEPTH,
    SURROGATE_MESSAGE,
    has_lone_surrogate,
    json_problem,
    json_too_deep,
    line_of,
    lone_surrogate_at,
)

DEEPER_THAN_PYTHON = sys.getrecursionlimit() * 5


def nested(depth: int, open_: str = "[", close: str = "]") -> str:
    return open_ * depth + close * depth


def test_the_depth_limit_is_well_below_the_recursion_limit():
    assert MAX_DEPTH * 10 < sys.getrecursionlimit()


@pytest.mark.parametrize(
    "text",
    [
        nested(DEEPER_THAN_PYTHON),
        '{"a":' * DEEPER_THAN_PYTHON + "1" + "}" * DEEPER_THAN_PYTHON,
        nested(MAX_DEPTH + 1),
        '{"events": ' + nested(MAX_DEPTH) + "}",
        "[" * DEEPER_THAN_PYTHON,  # never closed: still refused for its depth, not parsed
    ],
    ids=["arrays", "objects", "one-past-the-limit", "inside-an-object", "unclosed"],
)
def test_json_nested_too_deep_is_refused_without_being_parsed(text):
    assert json_too_deep(text)
    assert json_problem(text.encode()) == DEPTH_MESSAGE


def test_json_at_the_depth_limit_is_read():
    assert not json_too_deep(nested(MAX_DEPTH))
    assert json_problem(nested(MAX_DEPTH).encode()) is None


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"source": "[" * 5000 + '\\"{' * 100, "b": ["]"]})
    assert not json_too_deep(text)
    assert json_problem(text.encode()) is None


@pytest.mark.parametrize(
    "raw",
    [
        b'{"events": [{"lesson": "\\ud800"}]}',  # written as an escape
        b'{"\\udfff": 1}',  # in a key
        b'["a\\ud83d"]',  # the first half of a pair, alone
        b'["\xed\xa0\x80"]',  # encoded in the bytes (CESU-8), which json.loads accepts
        json.dumps({"x": "\ud800"}).encode(),
    ],
    ids=["escaped", "key", "half-pair", "raw-bytes", "dumped"],
)
def test_json_with_a_lone_surrogate_is_refused(raw):
    assert json_problem(raw) == SURROGATE_MESSAGE


def test_a_whole_surrogate_pair_is_ordinary_text():
    assert json_problem(b'["\\ud83d\\ude00", "\xf0\x9f\x98\x80"]') is None


@pytest.mark.parametrize("raw", [b"", b"{", b"[1, 2", b"\xff\xfe\xfa", b"1" * 5000])
def test_bytes_that_are_not_json_are_left_to_the_view_to_refuse(raw):
    assert json_problem(raw) is None


def test_a_lone_surrogate_is_found_with_its_line():
    text = "first\nsecond \ud800 here\n"
    assert has_lone_surrogate(text) and not has_lone_surrogate("plain 😀 text")
    assert line_of(text, lone_surrogate_at(text)) == 2
