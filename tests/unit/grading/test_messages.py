"""The recorded grades of tests/unit/grading/message_cases.py are what the graders give."""

from __future__ import annotations

import json

from tests.feedback_goldens import UPDATE
from tests.unit.grading.message_cases import CASES, RECORD, record, recorded


def test_the_record_holds_what_the_graders_give():
    grades = {name: case().grade().to_dict() for name, case in CASES.items()}
    if UPDATE and not RECORD.exists():
        record(grades)
    assert json.loads(json.dumps(grades)) == recorded()
