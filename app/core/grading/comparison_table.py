"""Grading comparison tables cell by cell: choices, short texts, numbers and sorted cards."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.specs.comparison_table import Card, Cell, ComparisonTableSpec
from app.core.content.specs.numeric import NumericKey
from app.core.grading import numeric
from app.core.grading.result import (
    Feedback,
    Fields,
    Grade,
    Items,
    Message,
    ResponseError,
    known_fields,
    one,
)
from app.core.grading.text_match import same_answer

PARTIAL_CREDIT = 0.5


@dataclass(frozen=True)
class ComparisonTableResponse:
    cells: dict[tuple[str, str], str]  # (row, column) → the learner's choice or text
    cards: dict[str, tuple[str, str] | None]  # card id → (row, column) it was put in, or None


def cell_field(row: str, column: str) -> str:
    return f"cell:{row}:{column}"


def card_field(card: str) -> str:
    return f"card:{card}"


def parse(spec: ComparisonTableSpec, fields: Fields) -> ComparisonTableResponse:
    """``cell:<row>:<column>`` for choice and text cells, ``card:<id>`` = ``row/column`` or ''."""
    allowed = {cell_field(r, c) for r, c in spec.cells} | {card_field(c) for c in spec.cards}
    known_fields(fields, allowed, ("cell:", "card:"))
    rows = {r.id: r for r in spec.rows}
    cells: dict[tuple[str, str], str] = {}
    for (row_id, column_id), _cell in spec.cells.items():
        value = one(fields, cell_field(row_id, column_id), limit=200).strip()
        row = rows[row_id]
        if value and row.kind == "choice" and value not in row.choices:
            raise ResponseError(f"'{value}' is not a choice of row '{row_id}'")
        cells[(row_id, column_id)] = value
    targets = {f"{r.id}/{c.id}": (r.id, c.id) for r, c in spec.card_cells()}
    cards: dict[str, tuple[str, str] | None] = {}
    for card_id in spec.cards:
        value = one(fields, card_field(card_id), limit=200).strip()
        if value and value not in targets:
            raise ResponseError(
                f"card '{card_id}' was put in '{value}', which is not a cell for cards"
            )
        cards[card_id] = targets.get(value)
    return ComparisonTableResponse(cells, cards)


@dataclass(frozen=True)
class _Labels:
    rows: dict[str, str]  # row id → label
    columns: dict[str, str]  # column id → label


def _cell_status(spec: ComparisonTableSpec, cell: Cell, given: str) -> tuple[str, float]:
    if not given:
        return "missing", 0.0
    if same_answer(given, cell.accept, spec.synonyms):
        return "correct", 1.0
    if cell.partial and same_answer(given, cell.partial, spec.synonyms):
        return "partial", PARTIAL_CREDIT
    return "wrong", 0.0


_CELL_KINDS = {
    "correct": "cell-right",
    "partial": "cell-partial",
    "wrong": "cell-wrong",
    "missing": "cell-missing",
}


def _number_cell(cell: Cell, key: NumericKey, given: str, labels: _Labels) -> Feedback:
    """A cell of a 'number' row, judged as numbers are (grading/numeric.py)."""
    label = f"{labels.rows[cell.row]} — {labels.columns[cell.column]}"
    verdict = numeric.judge(key, given, label)
    messages = numeric.with_author(verdict.messages, cell.explanation_html)
    review = cell.review if not verdict.right else None
    item = f"cell:{cell.row}:{cell.column}"
    return Feedback(item, verdict.status, messages, review, float(verdict.right), 1)


def _cell(spec: ComparisonTableSpec, cell: Cell, given: str, labels: _Labels) -> Feedback:
    if cell.number is not None:
        return _number_cell(cell, cell.number, given, labels)
    status, points = _cell_status(spec, cell, given)
    items: Items = {"row": labels.rows[cell.row], "column": labels.columns[cell.column]}
    if status != "correct":
        items["expected"] = cell.accept
    if status == "wrong":
        items["given"] = given
    message = Message(_CELL_KINDS[status], items, cell.explanation_html)
    review = cell.review if status != "correct" else None
    key = f"cell:{cell.row}:{cell.column}"
    return Feedback(key, status, (message,), review, points, 1)


def _card(card_id: str, card: Card, placed: tuple[str, str] | None, labels: _Labels) -> Feedback:
    right = placed in card.cells
    if right:
        status, kind = "correct", "card-right"
    elif placed is None:
        status, kind = "missing", "card-not-placed"
    else:
        status, kind = "wrong", "card-wrong"
    items: Items = {"card": card.text}
    if not right:
        items["rows"] = tuple(labels.rows[r] for r, _ in card.cells)
        items["columns"] = tuple(labels.columns[c] for _, c in card.cells)
    message = Message(kind, items, card.explanation_html)
    review = None if right else card.review
    return Feedback(f"card:{card_id}", status, (message,), review, float(right), 1)


def grade(spec: ComparisonTableSpec, response: ComparisonTableResponse) -> Grade:
    labels = _Labels({r.id: r.label for r in spec.rows}, {c.id: c.label for c in spec.columns})
    feedback = [
        _cell(spec, cell, response.cells.get(key, ""), labels) for key, cell in spec.cells.items()
    ]
    feedback += [
        _card(card_id, card, response.cards.get(card_id), labels)
        for card_id, card in spec.cards.items()
    ]
    score = sum(item.points for item in feedback)
    details = {
        "cells": {f"{r}:{c}": v for (r, c), v in response.cells.items()},
        "cards": {k: (f"{v[0]}/{v[1]}" if v else "") for k, v in response.cards.items()},
    }
    return Grade(score, float(len(spec.cells) + len(spec.cards)), tuple(feedback), details)
