"""Grading comparison tables cell by cell: choices, short texts and sorted statement cards."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.core.content.specs.comparison_table import ComparisonTableSpec
from app.core.grading.result import Feedback, Fields, Grade, ResponseError, known_fields, one
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


def grade(spec: ComparisonTableSpec, response: ComparisonTableResponse) -> Grade:
    rows = {r.id: r for r in spec.rows}
    columns = {c.id: c for c in spec.columns}
    feedback: list[Feedback] = []
    score = 0.0
    for key, cell in spec.cells.items():
        given = response.cells.get(key, "")
        where = f"{escape(rows[cell.row].label)} — {escape(columns[cell.column].label)}"
        if not given:
            status, points = "missing", 0.0
        elif same_answer(given, cell.accept, spec.synonyms):
            status, points = "correct", 1.0
        elif cell.partial and same_answer(given, cell.partial, spec.synonyms):
            status, points = "partial", PARTIAL_CREDIT
        else:
            status, points = "wrong", 0.0
        score += points
        expected = " or ".join(escape(a) for a in cell.accept)
        message = (
            f"{where}: "
            + {
                "correct": "right.",
                "partial": f"partly right; the best answer is <strong>{expected}</strong>.",
                "wrong": f"<strong>{expected}</strong>, not {escape(given)}.",
                "missing": f"not answered; the answer is <strong>{expected}</strong>.",
            }[status]
        )
        if cell.explanation_html:
            message += " " + cell.explanation_html
        review = cell.review if status != "correct" else None
        feedback.append(
            Feedback(f"cell:{cell.row}:{cell.column}", status, message, review, points, 1)
        )
    for card_id, card in spec.cards.items():
        placed = response.cards.get(card_id)
        right = placed in card.cells
        score += right
        places = " or ".join(
            f"{escape(rows[r].label)} — {escape(columns[c].label)}" for r, c in card.cells
        )
        if right:
            status, message = "correct", f"“{escape(card.text)}”: right."
        elif placed is None:
            status, message = (
                "missing",
                f"“{escape(card.text)}” was not placed; it belongs in {places}.",
            )
        else:
            status, message = "wrong", f"“{escape(card.text)}” belongs in {places}."
        if card.explanation_html:
            message += " " + card.explanation_html
        feedback.append(
            Feedback(
                f"card:{card_id}", status, message, None if right else card.review, float(right), 1
            )
        )
    details = {
        "cells": {f"{r}:{c}": v for (r, c), v in response.cells.items()},
        "cards": {k: (f"{v[0]}/{v[1]}" if v else "") for k, v in response.cards.items()},
    }
    return Grade(score, float(len(spec.cells) + len(spec.cards)), tuple(feedback), details)
