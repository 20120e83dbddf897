"""Numeric answer keys: a ``numeric`` quiz question, a cell of a ``number`` table row.

```yaml
answer: 13             # a number, or text with its unit: "13 lb", "$12.50", "1,200 in³"
unit: lb               # the answer's unit (unless written with it); learners' kg are converted
units: optional        # required | optional | forbidden: must learners write a unit? (default:
                       # optional with a unit, forbidden without; the widget shows the unit
                       # beside the field unless it is required)
tolerance: 0.5         # how far off still counts as right, in the answer's unit, or "2%" of it;
                       # default: the learner's number rounds to the answer (13.4 → 13); 0: exact
decimals: 2            # the answer's precision (default: as written; 2 for a fraction, and
                       # for an amount of money written with one decimal: 4.50 is 4.5 in YAML)
decimal_comma: true    # learners write 13,5 and 1.234,5 (default: 13.5 and 1,234.5)
```
A question may list ``steps``: intermediate values, each a key of its own with an ``id``, a
``label`` and ``feedback``; learners may give them, and right steps earn ``partial`` percent of
the point (default 50) when the final answer is wrong. ``label`` names the final answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.core.content import fields as f
from app.core.content.specs.common import SpecReader
from app.core.content.yaml_source import LinedDict
from app.core.quantities import Unreadable, find_unit, format_number, read_quantity, unit
from app.core.quantities.arithmetic import MAX_DECIMALS, in_range
from app.core.quantities.units import symbols

UNITS = ("required", "optional", "forbidden")
DEFAULT_PARTIAL = 50  # percent of the question's point for right steps and a wrong answer
FRACTION_DECIMALS = 2
FINAL = "answer"  # the final answer's part of a response; no step may take this id
_PERCENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%\s*\Z")


@dataclass(frozen=True)
class NumericKey:
    value: Decimal
    unit: str | None = None  # a unit symbol (app.core.quantities.units)
    units: str = "forbidden"  # whether learners write a unit: required, optional, forbidden
    decimals: int = 0
    tolerance: Decimal | None = None  # None: right when the number rounds to the answer
    relative: bool = False  # the tolerance is a percentage of the answer
    decimal_comma: bool = False

    def show(self, value: Decimal | None = None, decimals: int | None = None) -> str:
        """The answer (or ``value`` in its unit) as learners write it: "13 lb", "$12.50"."""
        places = self.decimals if decimals is None else decimals
        number = self.value if value is None else value
        text = format_number(number, places, self.decimal_comma)
        return unit(self.unit).show(text) if self.unit else text

    def show_tolerance(self) -> str:
        if self.tolerance is None:
            return ""
        places = max(0, -int(self.tolerance.normalize().as_tuple().exponent))
        if self.relative:
            return f"{format_number(self.tolerance, places, self.decimal_comma)}%"
        return self.show(self.tolerance, places)

    @property
    def unit_name(self) -> str:
        return unit(self.unit).name if self.unit else ""

    @property
    def unit_sign(self) -> str:
        """A currency sign the widget puts before the field ("$"), else ""."""
        return unit(self.unit).sign if self.unit else ""


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    key: NumericKey
    feedback_html: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    key: NumericKey
    steps: tuple[Step, ...] = ()
    partial: int = DEFAULT_PARTIAL
    label: str = ""


def answer_value(value: Any) -> int | float | str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise f.FieldProblem("must be a number, alone or with a unit, like 13 or '13 lb'")
    return value


def unit_symbol(value: Any) -> str:
    found = find_unit(value) if isinstance(value, str) else None
    if found is None:
        raise f.FieldProblem(
            f"must be a unit we know{f.suggestion(str(value), symbols())}: " + ", ".join(symbols())
        )
    return found.symbol


def tolerance(value: Any) -> tuple[Decimal, bool]:
    """(amount, relative): 0.5 is absolute, in the answer's unit; "2%" is relative."""
    problem = f.FieldProblem(
        "must be a number of at least 0 (in the answer's unit) or a percentage like '2%'"
    )
    if isinstance(value, str) and (match := _PERCENT.match(value)):
        amount = Decimal(match.group(1))
        if amount > 100:
            raise problem
        return amount, True
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise problem
    amount = Decimal(repr(value))
    if not in_range(amount):
        raise problem
    return amount, False


def decimals(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DECIMALS:
        raise f.FieldProblem(f"must be a whole number from 0 to {MAX_DECIMALS}")
    return value


def partial(value: Any) -> int:
    if isinstance(value, str) and (match := _PERCENT.match(value)):
        value = float(match.group(1))
        value = int(value) if value.is_integer() else value
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise f.FieldProblem("must be a whole percentage from 0 to 100, like 50")
    return value


# The fields of a key besides ``answer`` (a table row gives them to all its number cells).
KEY_FIELDS: dict[str, f.Check] = {
    "unit": unit_symbol,
    "units": f.one_of(*UNITS),
    "tolerance": tolerance,
    "decimals": decimals,
    "decimal_comma": f.boolean,
}
QUESTION_FIELDS: dict[str, f.Check] = {
    **KEY_FIELDS,
    "steps": lambda v: v,
    "partial": partial,
    "label": f.text,
}


def read_key(
    values: dict[str, Any], line_of: Callable[[str], int], reader: SpecReader, what: str
) -> NumericKey | None:
    """The key in checked ``values`` (``answer`` and :data:`KEY_FIELDS`), or None after
    reporting why not at the line of the field at fault."""
    raw = values["answer"]
    declared = unit(values["unit"]) if "unit" in values else None
    comma = values.get("decimal_comma", False)
    try:
        if isinstance(raw, str):
            written = read_quantity(raw, decimal_comma=comma, prefer=declared)
        else:
            written = read_quantity(repr(raw))  # a YAML number, as Python writes it: "8.63"
    except Unreadable as problem:
        reader.error(
            line_of("answer"),
            f"{what}: 'answer' must be a number, alone or with a unit, like 13 or '13 lb': "
            f"{str(raw)!r} can't be read: {problem}",
        )
        return None
    if written.unit and declared and written.unit != declared:
        reader.error(
            line_of("answer"),
            f"{what}: 'answer' is in {written.unit.symbol} but 'unit' is {declared.symbol}",
        )
        return None
    symbol = (written.unit or declared).symbol if (written.unit or declared) else None
    units = values.get("units", "optional" if symbol else "forbidden")
    if units != "forbidden" and symbol is None:
        reader.error(line_of("units"), f"{what}: 'units: {units}' needs a 'unit'")
        return None
    places = values.get("decimals", written.decimals)
    if places is None:
        places = FRACTION_DECIMALS
    elif places == 1 and "decimals" not in values and symbol and unit(symbol).sign:
        places = 2  # money in cents: YAML reads 4.50 as 4.5, and $4.5 is not how prices look
    if places > MAX_DECIMALS:
        reader.error(line_of("answer"), f"{what}: 'answer' has more than {MAX_DECIMALS} decimals")
        return None
    amount, relative = values.get("tolerance", (None, False))
    return NumericKey(written.value, symbol, units, places, amount, relative, comma)


def read_answer(
    item: LinedDict, values: dict[str, Any], reader: SpecReader, question_id: str
) -> NumericAnswer | None:
    """A ``numeric`` question's key and steps, from its checked ``values``."""
    what = f"question '{question_id}'"
    key = read_key(values, item.line_of, reader, what)
    steps = []
    for sub in reader.mappings(item, "steps", "step", required=False):
        step = _read_step(sub, reader, values.get("decimal_comma", False))
        if step:
            steps.append(step)
    reader.unique([(s.id, item.line_of("steps")) for s in steps], "step")
    if "partial" in values and "steps" not in values:
        reader.error(
            item.line_of("partial"),
            f"{what}: 'partial' is the credit right steps earn: it needs 'steps'",
        )
    if key is None:
        return None
    return NumericAnswer(
        key, tuple(steps), values.get("partial", DEFAULT_PARTIAL), values.get("label", "")
    )


def _read_step(item: LinedDict, reader: SpecReader, decimal_comma: bool) -> Step | None:
    values = reader.fields(
        item,
        {"id": f.slug, "label": f.text, "answer": answer_value},
        {**KEY_FIELDS, "feedback": f.text},
        "step",
    )
    if values is None:
        return None
    if values["id"] == FINAL:
        reader.error(item.line_of("id"), f"step id '{FINAL}' is taken by the final answer")
        return None
    key = read_key(
        {"decimal_comma": decimal_comma, **values}, item.line_of, reader, f"step '{values['id']}'"
    )
    if key is None:
        return None
    return Step(values["id"], values["label"], key, reader.inline(values.get("feedback")))
