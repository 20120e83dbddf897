"""Type-specific fields of activities, read into typed specs with ``file:line`` errors."""

from __future__ import annotations

from typing import Any

from app.core.content.specs import checklist, comparison_table, free_text, process_map, quiz
from app.core.content.specs.common import SpecReader

READERS = {
    "process-map": process_map.read,
    "comparison-table": comparison_table.read,
    "free-text": free_text.read,
    "checklist": checklist.read,
}


def read_spec(activity_type: str, data, reader: SpecReader, review: str | None) -> Any:
    """The spec of one activity, or None (reflections have none; errors were reported)."""
    if activity_type == "reflection":
        reader.fields(data, {}, {})
        return None
    if activity_type == "quiz":
        return quiz.read(data, reader, review)
    return READERS[activity_type](data, reader)
