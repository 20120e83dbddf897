"""Grades stored packed: the columns an attempt stores for a grade, and the dictionary row
its packed bytes need (``app.core.grading.packing``)."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.core.content.model import Activity
from app.core.grading.packing import dictionary_of, digest, pack, summary
from app.learning.db import db
from app.learning.models.attempts import GradeDictionary

# Digest → row id, per database (an engine), once a dictionary is known to be stored: rows are
# never changed or deleted, so answering an activity again reads nothing to find its dictionary.
_IDS: WeakKeyDictionary[Any, dict[str, int]] = WeakKeyDictionary()
MAX_IDS = 4096


def dictionary_id(dictionary: bytes) -> int:
    """The id of the row holding this dictionary, stored now if no attempt used it yet. Two
    answers that store the same new dictionary at once both get the one row."""
    name = digest(dictionary)
    known = _IDS.setdefault(db.engine, {})
    if name in known:
        return known[name]
    found = db.session.scalar(db.select(GradeDictionary.id).filter_by(digest=name))
    if found is not None:
        return _remember(known, name, found)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(GradeDictionary).values(digest=name, body=dictionary)
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["digest"]))
    found = db.session.scalar(db.select(GradeDictionary.id).filter_by(digest=name))
    return found  # not remembered until committed: the transaction may still roll back


def _remember(known: dict[str, int], name: str, found: int) -> int:
    if len(known) >= MAX_IDS:
        known.clear()
    known[name] = found
    return found


def packed_columns(activity: Activity, grade: dict[str, Any] | None) -> dict[str, Any]:
    """The attempt's columns for this grade of an answer to ``activity``: its summary, its
    packed bytes and their dictionary; an ungraded answer stores none of them."""
    if grade is None:
        return {"feedback": None, "packed_feedback": None, "feedback_dictionary_id": None}
    dictionary = dictionary_of(activity)
    return {
        "feedback": summary(grade),
        "packed_feedback": pack(grade, dictionary),
        "feedback_dictionary_id": dictionary_id(dictionary),
    }
