"""A lesson's quiz written as GIFT, for Moodle and for reading back with :mod:`gift`.

Works on the quiz block's YAML as authored (prompts in Markdown, marked ``[markdown]``), so a quiz
read from GIFT comes back as the same quiz. What GIFT can't hold is left out with a warning:
ordering questions, hints, units, steps. Answer keys are in the output: staff only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.core.quantities import Unreadable, read_quantity

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"} | {"\n": "\\n"})


def escape(text: Any) -> str:
    return str(text).strip().translate(_SPECIAL)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _weight(percent: Decimal) -> str:
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def quiz_to_gift(quiz: dict[str, Any], category: str = "") -> tuple[str, list[str]]:
    """(GIFT text, warnings about what was left out) for a quiz block's data."""
    warnings: list[str] = []
    parts = [f"$CATEGORY: {category}\n"] if category else []
    for question in quiz.get("questions") or []:
        text = _question(question, warnings)
        if text:
            parts.append(text)
    return "\n".join(parts), warnings


def _question(q: dict[str, Any], warnings: list[str]) -> str:
    qid, kind = q.get("id", ""), q.get("type")
    if q.get("hint"):
        warnings.append(f"question '{qid}': GIFT has no hints; its hint is left out")
    head = f"::{escape(qid)}::[markdown]{escape(q.get('prompt', ''))} {{\n"
    feedback, explanation = q.get("feedback", ""), q.get("explanation", "")
    if kind in ("single", "multiple"):
        options = q.get("options") or []
        right = [o for o in options if o.get("correct")]
        weighted = any("weight" in o for o in options)
        share = Decimal(100) / max(1, len(right))
        lines = []
        for o in options:
            if kind == "single" and o.get("correct"):
                mark = "="
            elif weighted:  # as written: a right option's share, a wrong one's cost or credit
                weight = Decimal(repr(o["weight"])) if "weight" in o else Decimal(0)
                mark = f"~%{_weight(weight)}%" if weight else "~"
            elif kind == "single":
                mark = "~"
            else:  # the quiz's default: equal shares, and each wrong pick costs one
                mark = f"~%{'' if o.get('correct') else '-'}{_weight(share)}%"
            lines.append(mark + escape(o.get("text", "")) + _feedback(o.get("feedback")))
        return head + _body(lines, explanation)
    if kind == "true-false":
        truth = "TRUE" if q.get("answer") else "FALSE"
        tail = f"#{escape(explanation)}" if explanation else ""
        return head + f"{truth}#{escape(feedback)}{tail}\n}}\n"
    if kind == "short":
        accept = [str(a) for a in q.get("accept") or []]
        lines = [
            f"={escape(a)}" + (_feedback(explanation) if n == 0 else "")
            for n, a in enumerate(accept)
        ]
        return head + _body(lines, feedback)
    if kind == "matching":
        if explanation:
            warnings.append(
                f"question '{qid}': GIFT matching has one feedback; 'explanation' is left out"
            )
        lines = [
            f"={escape(p.get('left'))} -> {escape(p.get('right'))}" for p in q.get("pairs") or []
        ]
        return head + _body(lines, feedback)
    if kind == "numeric":
        answer = _numeric(q, warnings)
        if answer is None:
            return f"// question '{qid}': its answer can't be written in GIFT\n"
        return head.replace(" {\n", " {#\n") + _body(
            [f"={answer}" + _feedback(explanation)], feedback
        )
    warnings.append(f"question '{qid}': GIFT has no {kind} questions; it is left out")
    return f"// question '{qid}' ({kind}) can't be written in GIFT\n"


def _feedback(text: Any) -> str:
    return f"#{escape(text)}" if text else ""


def _body(lines: list[str], general: Any) -> str:
    body = "".join(f"    {line}\n" for line in lines)
    if general:
        body += f"    ####{escape(general)}\n"
    return body + "}\n"


def _numeric(q: dict[str, Any], warnings: list[str]) -> str | None:
    qid = q.get("id")
    raw = q.get("answer")
    try:
        quantity = read_quantity(raw if isinstance(raw, str) else repr(raw))
    except Unreadable:
        return None
    if quantity.unit or q.get("unit"):
        warnings.append(
            f"question '{qid}': GIFT numbers have no unit; learners write the number only"
        )
    if q.get("steps"):
        warnings.append(f"question '{qid}': GIFT has no steps; they are left out")
    value = quantity.value
    tolerance = q.get("tolerance")
    if isinstance(tolerance, str) and tolerance.strip().endswith("%"):
        amount = abs(value) * Decimal(tolerance.strip()[:-1].strip()) / 100
    elif isinstance(tolerance, int | float) and not isinstance(tolerance, bool):
        amount = Decimal(repr(tolerance))
    else:  # the default: right when it rounds to the answer at the answer's decimals
        places = q.get("decimals", quantity.decimals or 0)
        amount = Decimal(5) / Decimal(10) ** (int(places) + 1)
    return f"{_number(value)}:{_number(amount)}"
