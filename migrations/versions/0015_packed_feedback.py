"""Attempts keep their grade packed: compressed against a dictionary stored once, with only a
summary of what SQL reads left in the ``feedback`` column.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05

Existing grades are packed in batches. Each (revision, activity) gets as its dictionary the first
stored grade met for it, so later grades of the same activity compress to a few hundred bytes;
the downgrade unpacks every grade into ``feedback`` again. The packing is written out here, not
imported, so this step does what it did whatever later happens to the application's code.

"""

import hashlib
import json
import zlib

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 500
WINDOW = 32 * 1024
SUMMARY_ITEMS = ("q:", "criterion:")
SUMMARY_ANSWERED = ("wrong", "partial")

attempt = sa.table(
    "attempt",
    sa.column("id", sa.Integer),
    sa.column("revision_id", sa.Integer),
    sa.column("activity_id", sa.String),
    sa.column("feedback", sa.JSON),
    sa.column("packed_feedback", sa.LargeBinary),
    sa.column("feedback_dictionary_id", sa.Integer),
)
dictionary = sa.table(
    "grade_dictionary",
    sa.column("id", sa.Integer),
    sa.column("digest", sa.String),
    sa.column("body", sa.LargeBinary),
)


def _encode(value):
    # surrogatepass: a lone surrogate in an answer (which the web layer refuses anyway) must not
    # make a grade unstorable.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def _summary_item(item):
    kept = {"key": item["key"], "status": item["status"]}
    if str(item["key"]).startswith("q:"):
        kept.update({k: item[k] for k in ("points", "max_points") if k in item})
    return kept


def _summary(grade):
    items = [
        _summary_item(item)
        for item in grade.get("feedback", ())
        if str(item.get("key", "")).startswith(SUMMARY_ITEMS)
    ]
    details = grade.get("details") or {}
    kept = {}
    if isinstance(details.get("answers"), dict):
        astray = {i["key"].removeprefix("q:") for i in items if i["status"] in SUMMARY_ANSWERED}
        kept["answers"] = {k: v for k, v in details["answers"].items() if k in astray}
    if "flag" in details:
        kept["flag"] = details["flag"]
    return {"feedback": items, "details": kept}


def _pack(grade, body):
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, body)
    return packer.compress(_encode(grade)) + packer.flush()


def _unpack(packed, body):
    unpacker = zlib.decompressobj(-15, zdict=body)
    body = unpacker.decompress(packed) + unpacker.flush()
    return json.loads(body.decode("utf-8", "surrogatepass"))


def _dictionary_id(bind, body):
    digest = hashlib.blake2b(body, digest_size=16).hexdigest()
    query = sa.select(dictionary.c.id).where(dictionary.c.digest == digest)
    found = bind.execute(query).scalar()
    if found is None:
        bind.execute(sa.insert(dictionary).values(digest=digest, body=body))
        found = bind.execute(query).scalar()
    return found


def _is_grade(value):
    return isinstance(value, dict) and "score" in value and "max_score" in value


def upgrade():
    op.create_table(
        "grade_dictionary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_dictionary")),
        sa.UniqueConstraint("digest", name=op.f("uq_grade_dictionary_digest")),
    )
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("packed_feedback", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("feedback_dictionary_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_attempt_feedback_dictionary_id_grade_dictionary"),
            "grade_dictionary",
            ["feedback_dictionary_id"],
            ["id"],
        )
    bind = op.get_bind()
    dictionaries = {}  # (revision, activity) -> (id, body)
    last = 0
    while True:
        rows = bind.execute(
            sa.select(
                attempt.c.id, attempt.c.revision_id, attempt.c.activity_id, attempt.c.feedback
            )
            .where(attempt.c.id > last, attempt.c.packed_feedback.is_(None))
            .order_by(attempt.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        changes = []
        for id_, revision_id, activity_id, grade in rows:
            if not _is_grade(grade):
                continue
            pair = (revision_id, activity_id)
            if pair not in dictionaries:
                body = _encode(grade)[-WINDOW:]
                dictionaries[pair] = (_dictionary_id(bind, body), body)
            dictionary_id, body = dictionaries[pair]
            changes.append(
                {"aid": id_, "fb": _summary(grade), "pf": _pack(grade, body), "di": dictionary_id}
            )
        if changes:
            bind.execute(
                sa.update(attempt)
                .where(attempt.c.id == sa.bindparam("aid"))
                .values(
                    feedback=sa.bindparam("fb"),
                    packed_feedback=sa.bindparam("pf"),
                    feedback_dictionary_id=sa.bindparam("di"),
                ),
                changes,
            )
        last = rows[-1][0]


def downgrade():
    bind = op.get_bind()
    bodies = dict(bind.execute(sa.select(dictionary.c.id, dictionary.c.body)).all())
    last = 0
    while True:
        rows = bind.execute(
            sa.select(attempt.c.id, attempt.c.packed_feedback, attempt.c.feedback_dictionary_id)
            .where(attempt.c.id > last, attempt.c.packed_feedback.is_not(None))
            .order_by(attempt.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        changes = [
            {"aid": id_, "fb": _unpack(packed, bodies[dictionary_id])}
            for id_, packed, dictionary_id in rows
        ]
        bind.execute(
            sa.update(attempt)
            .where(attempt.c.id == sa.bindparam("aid"))
            .values(feedback=sa.bindparam("fb")),
            changes,
        )
        last = rows[-1][0]
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_attempt_feedback_dictionary_id_grade_dictionary"), type_="foreignkey"
        )
        batch_op.drop_column("feedback_dictionary_id")
        batch_op.drop_column("packed_feedback")
    op.drop_table("grade_dictionary")
