"""Hostile input to every form and JSON endpoint: never a 500, and a refusal changes nothing.

Routes come from ``app.url_map``. Each gets random form bodies (known field names with wrong or
huge values, unknown fields, NUL bytes), random JSON (wrong types, deep nesting), raw bytes that
are not UTF-8, and random path arguments (unknown ids). CSRF is off so the payloads reach the
views (its own test proves no unsafe route works without a token); the caller is an instructor so
the instructor views are reached too. After every 4xx the database must be exactly as before.
Path arguments and known field names are those of the ``lesson`` fixture's lesson.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.learning.db import db
from tests.routes import SAMPLES, routes, unsafe_routes

EXAMPLES = 30
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
FIELDS = [
    "csrf_token",
    "percent",
    "comment",
    "email",
    "password",
    "confirm",
    "next",
    "remember",
    "submit",
    "source",
    "save",
    "publish",
    "slug",
    "title",
    "summary",
    "role",
    "revision",
    "rating",
    "answer",
    "items",
    "events",
    "position-a-lesson",
    "place:a",
    "cell:cost:x",
    "card:x",
    "q:q1",
    "password-current",
    "password-password",
    "password-confirm",
    "password-submit",
    "delete-password",
    "delete-submit",
]
nasty_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "0",
            "-1",
            "1e309",
            "NaN",
            "99999999999999999999",
            "null",
            "[]",
            "{}",
            "../../etc/passwd",
            "<script>",
            "' OR 1=1 --",
            "%00",
            "\ud7ff",
        ]
    ),
    st.integers(min_value=1_000, max_value=200_000).map(lambda n: "x" * n),
)
form_bodies = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=20)),
    st.one_of(nasty_text, st.lists(nasty_text, max_size=3)),
    max_size=8,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty_text,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=30,
)
KNOWN_HOSTILE_JSON = [  # found by this test once; kept so they are tried on every run
    {"events": [{"lesson": {"a": 1}}]},
    {"events": [{"lesson": [1]}]},
    [["nested"]],
    {"answer": {"a": 1}, "revision": [1, 2]},
]
json_bodies = st.one_of(
    st.sampled_from(KNOWN_HOSTILE_JSON),
    json_values,
    st.fixed_dictionaries(
        {
            "events": st.lists(
                st.dictionaries(
                    st.sampled_from(
                        ["id", "type", "lesson", "section", "offset", "seconds", "at", "kind"]
                    ),
                    json_values,
                    max_size=8,
                ),
                max_size=5,
            )
        }
    ),
    st.fixed_dictionaries({"source": json_values}),
    st.integers(min_value=50, max_value=400).map(
        lambda depth: json.loads("[" * depth + "]" * depth)
    ),
)
raw_bodies = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"\xff\xfe\xfa",
            b"answer=\xff\xfe&revision=1",
            b'{"events": "\xc3\x28"}',
            b"\x00" * 64,
            b"{" * 5000,
        ]
    ),
)
requests_seen = {"count": 0, "rejected": 0, "accepted": 0}


# The editor keeps an author's text as a draft revision even when it can't be published (the
# 400 reports the problems): refusing to publish must not lose the work. That one row is allowed.
KEEPS_DRAFTS = {"instructor.edit": "lesson_revision"}


def fingerprint(app, skip: str | None = None) -> str:
    """A digest of every row of every table (but ``skip``)."""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name == skip:
                continue
            rows = sorted(repr(tuple(row)) for row in db.session.execute(db.select(table)))
            digest.update(f"{table.name}:{len(rows)}:{''.join(rows)}".encode())
        db.session.remove()
    return digest.hexdigest()


@pytest.fixture
def instructor(app, instructor, lesson):
    """The lesson's course owner, so the payloads reach every instructor view."""
    app.config["WTF_CSRF_ENABLED"] = False
    return instructor


def revision_count(app) -> int:
    with app.app_context():
        table = db.metadata.tables["lesson_revision"]
        return db.session.scalar(db.select(db.func.count()).select_from(table))


def check(app, client, method, url, endpoint=None, **body):
    skip = KEEPS_DRAFTS.get(endpoint)
    before, drafts = fingerprint(app, skip), revision_count(app)
    response = client.open(url, method=method, **body)
    requests_seen["count"] += 1
    assert response.status_code < 500, (method, url, body, response.status_code)
    if response.status_code >= 400:
        requests_seen["rejected"] += 1
        assert fingerprint(app, skip) == before, ("a refused request changed the DB", method, url)
        assert revision_count(app) - drafts <= (1 if skip else 0)
    else:
        requests_seen["accepted"] += 1
    return response


SIGNING_OUT = {"auth.signout", "auth.signout_everywhere"}


def fuzzed(app):
    # Signing out would end the instructor's session halfway through; it takes no input anyway.
    return [r for r in unsafe_routes(app) if r.endpoint not in SIGNING_OUT]


def route_ids(app_routes):
    return [f"{r.method} {r.endpoint}" for r in app_routes]


ENDPOINTS = [
    "activities.submit",
    "activities.self_assess",
    "auth.signup",
    "auth.signin",
    "auth.account",
    "progress.events",
    "progress.mark_read",
    "instructor.new_course",
    "instructor.new_lesson",
    "instructor.reorder",
    "instructor.edit",
    "instructor.preview",
    "instructor.restore",
    "instructor.publish",
    "instructor.unpublish",
    "instructor.upload",
    "instructor.review",
    "instructor.add_staff",
    "instructor.remove_staff",
]


def route(app, endpoint):
    return next(r for r in fuzzed(app) if r.endpoint == endpoint)


def test_every_unsafe_route_is_fuzzed(app):
    assert {r.endpoint for r in fuzzed(app)} == set(ENDPOINTS)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_forms_never_cause_a_500_or_a_partial_write(app, instructor, endpoint):
    target = route(app, endpoint)

    @FUZZ
    @given(body=form_bodies)
    def run(body):
        check(app, instructor, target.method, target.url, endpoint, data=body)

    run()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_json_never_causes_a_500_or_a_partial_write(app, instructor, endpoint):
    target = route(app, endpoint)

    @FUZZ
    @given(body=json_bodies)
    def run(body):
        check(app, instructor, target.method, target.url, endpoint, json=body)

    run()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_bytes_that_are_not_utf8_never_cause_a_500(app, instructor, endpoint):
    target = route(app, endpoint)

    @FUZZ
    @given(
        body=raw_bodies,
        kind=st.sampled_from(
            [
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "text/plain",
            ]
        ),
    )
    def run(body, kind):
        check(app, instructor, target.method, target.url, endpoint, data=body, content_type=kind)

    run()


path_values = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["0", "-1", "99999999999999999999", "..", "%00", "x" * 2000, "NaN", "None"]),
)


def test_unknown_ids_in_every_route_get_a_clear_4xx(app, instructor):
    rules = [
        (r, rule)
        for rule in app.url_map.iter_rules()
        for r in routes(app)
        if r.endpoint == rule.endpoint and rule.arguments and r.endpoint not in SIGNING_OUT
    ]

    @settings(FUZZ, max_examples=EXAMPLES * 4)
    @given(
        pick=st.sampled_from(rules),
        values=st.dictionaries(st.sampled_from(sorted(SAMPLES)), path_values),
    )
    def run(pick, values):
        target, rule = pick
        url = rule.rule
        for argument in rule.arguments:
            value = quote(values.get(argument, SAMPLES[argument]), safe="")
            url = url.replace(f"<{argument}>", value).replace(f"<int:{argument}>", value)
            url = url.replace(f"<path:{argument}>", value)
            url = url.replace(f"<any(mp3, json, vtt):{argument}>", value)
        check(app, instructor, target.method, url, target.endpoint)

    run()


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(
        f"\nfuzzed {requests_seen['count']} requests: {requests_seen['rejected']} refused "
        f"(database unchanged each time), {requests_seen['accepted']} accepted"
    )
