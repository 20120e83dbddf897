"""cmi5's moveOn rules as the AU applies them, and its launch parameters read or refused."""

from __future__ import annotations

import json

import pytest

from app.core.cmi5.launch import (
    LaunchRefused,
    due_statements,
    read_launch_data,
    read_parameters,
)
from app.core.cmi5.statements import CMI5_CATEGORY, MOVE_ON_CATEGORY, SESSION_ID, cmi5_statement


@pytest.mark.parametrize(
    ("mode", "complete", "scaled", "mastery", "sent", "due"),
    [
        ("Normal", False, 1.0, None, set(), []),
        ("Normal", True, None, None, set(), ["completed"]),
        ("Normal", True, 0.8, None, set(), ["completed", "passed"]),
        ("Normal", True, 0.8, 0.9, set(), ["completed", "failed"]),
        ("Normal", True, 0.9, 0.9, set(), ["completed", "passed"]),
        ("Normal", True, 0.9, None, {"completed"}, ["passed"]),
        ("Normal", True, 0.9, None, {"completed", "failed"}, []),
        ("Browse", True, 1.0, None, set(), []),
        ("Review", True, 1.0, None, set(), []),
    ],
)
def test_due_statements(mode, complete, scaled, mastery, sent, due):
    found = due_statements(
        launch_mode=mode, complete=complete, scaled=scaled, mastery_score=mastery, sent=sent
    )
    assert found == due


QUERY = {
    "endpoint": "https://lms.example/lrs",
    "fetch": "https://lms.example/fetch?k=1",
    "registration": "6B2E1D0A-9C7B-4F0E-8D2A-1C3B5E7F9A0B",
    "actor": json.dumps({"account": {"homePage": "https://lms.example", "name": "7"}}),
    "activityId": "https://lms.example/au/1",
}


def test_parameters_are_read_and_the_endpoint_ends_in_a_slash():
    found = read_parameters(QUERY)
    assert found.endpoint == "https://lms.example/lrs/"
    assert found.registration == QUERY["registration"].lower()
    assert found.actor["account"]["name"] == "7"


@pytest.mark.parametrize(
    "change",
    [
        {"fetch": "ftp://lms.example/fetch"},
        {"activityId": "not an iri"},
        {"actor": "[]"},
        {"registration": "x" * 2001},
    ],
)
def test_bad_parameters_are_refused(change):
    with pytest.raises(LaunchRefused):
        read_parameters(QUERY | change)


@pytest.mark.parametrize("document", [None, {}, {"contextTemplate": {}, "masteryScore": 2}])
def test_launch_data_without_a_template_or_with_a_bad_mastery_score_is_refused(document):
    with pytest.raises(LaunchRefused):
        read_launch_data(document)


def test_statement_keeps_the_template_and_adds_categories_once():
    template = {
        "contextActivities": {"category": [{"id": CMI5_CATEGORY}]},
        "extensions": {SESSION_ID: "from-lms"},
    }
    statement = cmi5_statement(
        "completed",
        actor={"account": {"homePage": "h", "name": "n"}},
        activity_id="https://lms.example/au/1",
        registration="r",
        context_template=template,
        session_id="ours",
    )
    categories = [c["id"] for c in statement["context"]["contextActivities"]["category"]]
    assert categories == [CMI5_CATEGORY, MOVE_ON_CATEGORY]
    assert statement["context"]["extensions"][SESSION_ID] == "from-lms"
    assert template["contextActivities"]["category"] == [{"id": CMI5_CATEGORY}]  # not changed
