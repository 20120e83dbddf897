"""Numbers written as text answers (a quiz's short answers, a comparison table's text cells).

Text answers are compared as words, not as numbers, so two ways of writing a number go wrong:

- a bare YAML number (``accept: [13]``): YAML reads it before the lesson does, so ``1.50``
  becomes "1.5", ``1_000`` "1000" and ``0.10`` "0.1", and the key is not what the author wrote;
- a number with a unit (``accept: ["13 lb"]``) with no bare number beside it: most learners type
  "13", and an answer missing one of the key's words is wrong.

Numbers belong in a numeric question (or a table's ``number`` row), which reads numbers, units
and tolerances; a text answer that is a number must be quoted and accept the bare number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.core.quantities.reading import Quantity, Unreadable, read_quantity


def number_problems(raw: Any, field: str, numeric_instead: str) -> list[str]:
    """What is wrong with the numbers among the text answers ``raw`` (a value or a list)."""
    values = raw if isinstance(raw, list) else [raw]
    problems = []
    for value in values:
        if isinstance(value, int | float) and not isinstance(value, bool):
            problems.append(
                f"'{field}' has the bare YAML number {value}: text answers are compared as "
                f'words, so put it in quotes ("{value}"), or use {numeric_instead}'
            )
    texts = [str(v) for v in values if isinstance(v, str | int | float)]
    read = [(text, _quantity(text)) for text in texts]
    bare: set[Decimal] = {q.value for _, q in read if q is not None and q.unit is None}
    for text, quantity in read:
        if quantity is not None and quantity.unit is not None and quantity.value not in bare:
            problems.append(
                f"'{field}': '{text}' has a unit learners are unlikely to type: accept the "
                f'number alone too ("{quantity.value}"), or use {numeric_instead}, '
                "which reads units"
            )
    return problems


def _quantity(text: str) -> Quantity | None:
    """The number and unit ``text`` is, if it is one (units the numeric grader knows)."""
    try:
        return read_quantity(text)
    except Unreadable:
        return None
