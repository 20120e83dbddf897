"""Comparison tables: criteria (rows) × methods (columns), answered cell by cell.

```yaml
columns: [{id: in-house, label: In-house}, {id: dropshipping, label: Dropshipping}]
scale: [low, medium, high]            # the choices of 'choice' rows unless a row lists its own
synonyms: [[3pl, third-party logistics]]   # phrases that count as the same in 'text' cells
rows:
  - id: upfront
    label: Upfront investment
    kind: choice                      # choice | text | number | cards
    cells:
      in-house: {answer: high, explanation: You buy or rent a warehouse and hire staff.}
      dropshipping: {answer: low, partial: [medium], explanation: …}
  - id: cost
    label: Cost per order
    kind: number                      # a numeric key per cell (specs/numeric.py); the row's
    unit: USD                         # unit, units, tolerance, decimals and decimal_comma
    tolerance: 0.5                    # apply to each of its cells unless the cell says
    cells:
      in-house: 4.50
      dropshipping: {answer: 6, tolerance: 1, explanation: The supplier charges a fee.}
  - {id: pros, label: Advantages, kind: cards}
cards:                                # statements sorted into the cells of 'cards' rows
  - id: control
    text: The most control over packing and quality
    cells: [pros/in-house]            # row/column; several cells may be right
    explanation: …
```
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.content import fields as f
from app.core.content.specs import numeric
from app.core.content.specs.common import REVIEW, SpecReader, strings
from app.core.content.specs.text_answers import number_problems
from app.core.content.yaml_source import LinedDict

ROW_KINDS = ("choice", "text", "number", "cards")


@dataclass(frozen=True)
class Column:
    id: str
    label: str


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    accept: tuple[str, ...]  # a number cell's: its answer as shown ("13 lb")
    partial: tuple[str, ...] = ()
    explanation_html: str = ""
    review: str | None = None
    number: numeric.NumericKey | None = None  # the key of a cell in a 'number' row


@dataclass(frozen=True)
class Card:
    id: str
    text: str
    cells: tuple[tuple[str, str], ...]
    explanation_html: str = ""
    review: str | None = None


@dataclass(frozen=True)
class ComparisonTableSpec:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    cells: dict[tuple[str, str], Cell]
    cards: dict[str, Card]
    synonyms: tuple[tuple[str, ...], ...] = ()

    def card_cells(self) -> list[tuple[Row, Column]]:
        return [(r, c) for r in self.rows if r.kind == "cards" for c in self.columns]


def read(data: LinedDict, reader: SpecReader) -> ComparisonTableSpec | None:
    values = reader.fields(
        data,
        {"columns": lambda v: v, "rows": lambda v: v},
        {"scale": strings, "synonyms": _synonyms, "cards": lambda v: v},
    )
    if values is None:
        return None
    columns = []
    for item in reader.mappings(data, "columns", "column"):
        column = reader.fields(item, {"id": f.slug, "label": f.text}, {}, "column")
        if column:
            columns.append(Column(column["id"], column["label"]))
    reader.unique([(c.id, data.line_of("columns")) for c in columns], "column")
    column_ids = {c.id for c in columns}

    rows: list[Row] = []
    cells: dict[tuple[str, str], Cell] = {}
    for item in reader.mappings(data, "rows", "row"):
        row = _read_row(item, reader, values.get("scale", ()), column_ids, cells)
        if row:
            rows.append(row)
    reader.unique([(r.id, data.line_of("rows")) for r in rows], "row")

    cards = _read_cards(data, reader, {r.id for r in rows if r.kind == "cards"}, column_ids)
    if any(r.kind == "cards" for r in rows) and not cards and "cards" not in data:
        reader.error(data.line, "rows of kind 'cards' need a 'cards' list")
    return ComparisonTableSpec(
        tuple(columns), tuple(rows), cells, cards, values.get("synonyms", ())
    )


def _synonyms(value) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or not all(isinstance(g, list) and len(g) > 1 for g in value):
        raise f.FieldProblem(
            "must be a list of groups of equivalent phrases, like [[3pl, third-party logistics]]"
        )
    return tuple(strings(group) for group in value)


def _read_row(item: LinedDict, reader: SpecReader, scale, column_ids, cells) -> Row | None:
    values = reader.fields(
        item,
        {"id": f.slug, "label": f.text},
        {
            "kind": f.one_of(*ROW_KINDS),
            "choices": strings,
            "cells": lambda v: v,
            **numeric.KEY_FIELDS,
        },
        "row",
    )
    if values is None:
        return None
    kind = values.get("kind", "choice")
    defaults = {k: v for k, v in values.items() if k in numeric.KEY_FIELDS}
    if kind != "number":
        for name in defaults:
            message = f"row '{values['id']}': only 'number' rows take '{name}'"
            reader.error(item.line_of(name), message)
    choices = tuple(values.get("choices", scale)) if kind == "choice" else ()
    if kind == "choice" and not choices:
        reader.error(item.line, f"row '{values['id']}' needs 'choices' (or the table a 'scale')")
    raw_cells = item.get("cells")
    if kind == "cards":
        if raw_cells:
            reader.error(item.line_of("cells"), "a 'cards' row takes its answers from 'cards'")
        return Row(values["id"], values["label"], kind)
    if not isinstance(raw_cells, LinedDict):
        reader.error(item.line, f"row '{values['id']}' needs 'cells': one answer per column")
        return Row(values["id"], values["label"], kind, choices)
    for column_id in column_ids - raw_cells.keys():
        reader.error(item.line_of("cells"), f"row '{values['id']}' has no cell for '{column_id}'")
    for column_id, raw in raw_cells.items():
        line = raw_cells.line_of(column_id)
        if column_id not in column_ids:
            hint = f.suggestion(str(column_id), column_ids)
            reader.error(
                line, f"row '{values['id']}' has a cell for unknown column '{column_id}'{hint}"
            )
            continue
        if not isinstance(raw, LinedDict):
            raw = LinedDict(answer=raw)
            raw.line, raw.key_lines = line, {"answer": line}
        where = f"cell {values['id']}/{column_id}"
        if kind == "number":
            cell = reader.fields(
                raw,
                {"answer": numeric.answer_value},
                {**numeric.KEY_FIELDS, "explanation": f.text, **REVIEW},
                where,
            )
            key = cell and numeric.read_key(defaults | cell, _lines(raw, item), reader, where)
            if key is None:
                continue
            cell = {**cell, "answer": (key.show(),)}
        else:
            key = None
            cell = reader.fields(
                raw,
                {"answer": strings},
                {"partial": strings, "explanation": f.text, **REVIEW},
                where,
            )
        if cell is None:
            continue
        if kind == "text":
            for name in ("answer", "partial"):
                for problem in number_problems(raw.get(name), name, "a row of kind: number"):
                    reader.error(raw.line_of(name), f"{where}: {problem}")
        for answer in cell["answer"] + tuple(cell.get("partial", ())):
            if kind == "choice" and answer not in choices:
                reader.error(
                    line,
                    f"cell {values['id']}/{column_id}: '{answer}' is not one of "
                    f"the choices {', '.join(choices)}",
                )
        cells[(values["id"], column_id)] = Cell(
            values["id"],
            column_id,
            cell["answer"],
            tuple(cell.get("partial", ())),
            reader.inline(cell.get("explanation")),
            reader.review(raw, cell),
            key,
        )
    return Row(values["id"], values["label"], kind, choices)


def _lines(cell: LinedDict, row: LinedDict) -> Callable[[str], int]:
    """Where a number cell's fields are written: in the cell, else in its row."""
    return lambda name: cell.line_of(name) if name in cell else row.line_of(name)


def _read_cards(data, reader: SpecReader, card_rows: set[str], column_ids) -> dict[str, Card]:
    cards: dict[str, Card] = {}
    for item in reader.mappings(data, "cards", "card", required=False):
        values = reader.fields(
            item,
            {"id": f.slug, "text": f.text, "cells": strings},
            {"explanation": f.text, **REVIEW},
            "card",
        )
        if values is None:
            continue
        targets = []
        for target in values["cells"]:
            row_id, _, column_id = target.partition("/")
            if row_id not in card_rows or column_id not in column_ids:
                reader.error(
                    item.line_of("cells"),
                    f"card '{values['id']}': '{target}' is not a row/column of a 'cards' row"
                    + f.suggestion(
                        target, [f"{r}/{c}" for r in sorted(card_rows) for c in sorted(column_ids)]
                    ),
                )
            targets.append((row_id, column_id))
        if values["id"] in cards:
            reader.error(item.line_of("id"), f"duplicate card id '{values['id']}'")
        cards[values["id"]] = Card(
            values["id"],
            values["text"],
            tuple(targets),
            reader.inline(values.get("explanation")),
            reader.review(item, values),
        )
    return cards
