"""A stored grade in few bytes: the whole grade compressed against a dictionary of its activity.

A grade (``Grade.to_dict()``) repeats what its activity's spec already says — labels, the
author's explanations, ids — and the same JSON keys item after item: about 3 KB per attempt.
Deflate with a preset dictionary holding those strings writes each of them as a short reference,
so a packed grade takes a few hundred bytes and unpacks to exactly the dict that was packed.

The dictionary is stored once (content-addressed, see ``app.learning.grade_store``) and never
derived again when reading, so a grade reads back the same whatever later happens to the lesson
or to the code that built the dictionary.

Beside the packed bytes an attempt keeps a small :func:`summary` in plain JSON: only what the
database itself reads in SQL (question and criterion statuses, the quiz answers, the review
flag), at the same paths as in the whole grade.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

from app.core import activity_types
from app.core.grading.result import ResponseError

# Feedback items whose statuses analytics count in SQL (app.learning.analytics._grade_summary).
SUMMARY_ITEMS = ("q:", "criterion:")
# Statuses whose answers analytics describe ("the wrong answers given"); others' are not kept.
SUMMARY_ANSWERED = ("wrong", "partial")
WINDOW = 32 * 1024  # deflate looks back this far: a longer dictionary only loses its start
_WBITS = -15  # raw deflate: no header or checksum; the dictionary is named by its digest
# What every grade spells, placed last in the dictionary where references are shortest.
_SKELETON = "".join(
    json.dumps(part, ensure_ascii=False, separators=(",", ":"))
    for part in (
        {"key": "", "status": "wrong", "messages": [], "review": None},
        {"key": "", "status": "partial", "messages": [{"kind": "", "items": {}}]},
        {"key": "", "status": "missing", "points": 0, "max_points": 1},
        {"key": "", "status": "info", "points": 0.0, "max_points": 0.0},
        {"author_html": "", "review": None, "points": 1.0, "max_points": 1.0},
        {"key": "", "status": "correct", "messages": [], "review": None, "points": 1.0},
    )
)


def _encode(value: Any) -> bytes:
    # surrogatepass: a lone surrogate in an answer (which the web layer refuses anyway) must not
    # make a grade unstorable.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def _strings(value: Any, seen: set[int]) -> Iterator[str]:
    """Every string in a spec: fields of dataclasses, items of tuples, lists and mappings."""
    if isinstance(value, str):
        yield value
    elif id(value) in seen:
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(id(value))
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), seen)
    elif isinstance(value, Mapping):
        seen.add(id(value))
        for key, item in value.items():
            yield from _strings(key, seen)
            yield from _strings(item, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        seen.add(id(value))
        for item in value:
            yield from _strings(item, seen)


def dictionary_for(spec: Any, blank: dict[str, Any] | None = None) -> bytes:
    """The preset dictionary for grades of an activity with this spec: each string of the spec
    as JSON writes it (quotes and escapes included), the grade's own keys, then ``blank``, the
    grade of an empty answer when the type grades one, which spells every item's key and
    message as real grades do."""
    unique = dict.fromkeys(s for s in _strings(spec, set()) if len(s) > 2)
    body = b"".join(_encode(s) for s in unique) + _SKELETON.encode()
    if blank is not None:
        body += _encode(blank)
    return body[-WINDOW:]


def blank_grade(activity: Any) -> dict[str, Any] | None:
    """The grade of an empty answer to ``activity``, or None when its type refuses one."""
    try:
        _, grade = activity_types.get(activity.type).evaluate(activity.spec, {})
    except ResponseError:
        return None
    return grade.to_dict() if grade else None


def dictionary_of(activity: Any) -> bytes:
    """The dictionary grades of answers to ``activity`` (a content ``Activity``) are packed
    with today; stored with them, so reading never builds it again."""
    return dictionary_for(activity.spec, blank_grade(activity))


def digest(dictionary: bytes) -> str:
    return hashlib.blake2b(dictionary, digest_size=16).hexdigest()


def pack(grade: dict[str, Any], dictionary: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, _WBITS, 9, zlib.Z_DEFAULT_STRATEGY, dictionary)
    return packer.compress(_encode(grade)) + packer.flush()


def unpack(packed: bytes, dictionary: bytes) -> dict[str, Any]:
    unpacker = zlib.decompressobj(_WBITS, zdict=dictionary)
    body = unpacker.decompress(packed) + unpacker.flush()
    return json.loads(body.decode("utf-8", "surrogatepass"))


def _summary_item(item: dict[str, Any]) -> dict[str, Any]:
    """A question keeps its points too: the dashboard's mastery reads them in SQL."""
    kept = {"key": item["key"], "status": item["status"]}
    if str(item["key"]).startswith("q:"):
        kept |= {k: item[k] for k in ("points", "max_points") if k in item}
    return kept


def summary(grade: dict[str, Any]) -> dict[str, Any]:
    """What SQL reads of a grade, at the paths it has in the whole grade: the statuses of
    questions and criteria, the answers to questions not answered right, the review flag."""
    items = [
        _summary_item(item)
        for item in grade.get("feedback", ())
        if str(item.get("key", "")).startswith(SUMMARY_ITEMS)
    ]
    details = grade.get("details") or {}
    kept: dict[str, Any] = {}
    if isinstance(details.get("answers"), Mapping):
        astray = {i["key"].removeprefix("q:") for i in items if i["status"] in SUMMARY_ANSWERED}
        kept["answers"] = {k: v for k, v in details["answers"].items() if k in astray}
    if "flag" in details:
        kept["flag"] = details["flag"]
    return {"feedback": items, "details": kept}
