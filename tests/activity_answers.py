"""Right, partly right and wrong answers to any activity, built from its spec."""

from __future__ import annotations

from app.core.content.model import Activity

Fields = dict[str, list[str]]


def right(activity: Activity) -> Fields:
    spec = activity.spec
    if activity.type == "process-map":
        fields = {f"place:{s}": [str(i + 1)] for i, s in enumerate(spec.main_steps)}
        fields |= {f"place:{s}": [f"branch:{b.id}"] for b in spec.branches for s in b.steps}
        return fields | {f"place:{s}": ["out"] for s in spec.distractors}
    if activity.type == "comparison-table":
        fields = {f"cell:{r}:{c}": [cell.accept[0]] for (r, c), cell in spec.cells.items()}
        return fields | {f"card:{k}": ["/".join(card.cells[0])] for k, card in spec.cards.items()}
    if activity.type == "free-text":
        return {"answer": [_text(spec.model_answer_html)]}
    if activity.type == "checklist":
        return {"items": ["\n".join(item.match[0] for item in spec.reference)]}
    if activity.type == "quiz":
        return _quiz(spec, correct=True)
    return {"answer": ["I noticed that fast, clear delivery made me trust a shop."]}


def wrong(activity: Activity) -> Fields:
    spec = activity.spec
    if activity.type == "process-map":
        cards = list(reversed(spec.main_steps)) + list(spec.distractors)
        return {f"place:{c}": [str(i + 1)] for i, c in enumerate(cards)}
    if activity.type == "comparison-table":
        fields = {}
        for (r, c), cell in spec.cells.items():
            row = next(row for row in spec.rows if row.id == r)
            others = [x for x in row.choices if x not in cell.accept + cell.partial]
            fields[f"cell:{r}:{c}"] = [others[0] if others else ("" if row.choices else "no idea")]
        return fields
    if activity.type == "free-text":
        return {"answer": ["No."]}
    if activity.type == "checklist":
        return {"items": ["Gift wrapping"]}
    if activity.type == "quiz":
        return _quiz(spec, correct=False)
    return {"answer": ["Nothing."]}


def partly(activity: Activity) -> Fields:
    """About half right: half of the parts from ``right``, the rest from ``wrong``."""
    good, bad = right(activity), wrong(activity)
    if activity.type == "process-map":
        steps = list(activity.spec.main_steps)
        half = len(steps) // 2
        order = steps[half:] + steps[:half]  # two runs, each in order
        fields = dict(good)
        fields |= {f"place:{s}": [str(i + 1)] for i, s in enumerate(order)}
        return fields
    if activity.type in ("free-text", "checklist"):
        text = next(iter(good.values()))[0]
        lines = text.splitlines() if activity.type == "checklist" else text.split(". ")
        joiner = "\n" if activity.type == "checklist" else ". "
        return {next(iter(good)): [joiner.join(lines[: max(1, len(lines) // 2)])]}
    names = sorted(good)
    return {n: (good if i % 2 else bad).get(n, [""]) for i, n in enumerate(names)}


def _quiz(spec, correct: bool) -> Fields:
    fields: Fields = {}
    for q in spec.questions:
        name = f"q:{q.id}"
        if q.type == "single":
            fields[name] = [next(o.id for o in q.options if o.correct == correct)]
        elif q.type == "multiple":
            fields[name] = [o.id for o in q.options if o.correct == correct] or [q.options[0].id]
        elif q.type == "true-false":
            fields[name] = [str(q.answer == correct).lower()]
        elif q.type == "short":
            fields[name] = [q.accept[0] if correct else "no idea"]
        elif q.type == "matching":
            ids = [p.id for p in q.pairs]
            given = ids if correct else ids[1:] + ids[:1]
            fields |= {f"{name}:{p}": [g] for p, g in zip(ids, given, strict=True)}
        else:
            ids = [i.id for i in q.items]
            order = ids if correct else list(reversed(ids))
            fields |= {f"{name}:{item}": [str(order.index(item) + 1)] for item in ids}
    return fields


def _text(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", " ", html)).strip()
