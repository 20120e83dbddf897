"""Small, valid activity blocks of every type, for tests.

``parts=2`` gives blocks of two parts each (steps, cells, criteria, items, questions) and a model
answer, so that an answer can be right, partly right or wrong (tests/activity_answers.py).
"""

from __future__ import annotations

SPECS = {
    "process-map": """\
policy: lcs
steps:
  - {id: a, label: First}
  - {id: b, label: Second}
  - {id: c, label: Third}
order: [a, b, c]
""",
    "comparison-table": """\
columns: [{id: x, label: X}, {id: y, label: Y}]
scale: [low, high]
rows:
  - id: cost
    label: Cost
    cells:
      x: {answer: low, explanation: X is cheap.}
      y: {answer: high, explanation: Y is dear.}
""",
    "free-text": """\
criteria:
  - id: greet
    label: Greets the reader
    keywords: [hello, dear]
    missed: Start with a greeting.
""",
    "checklist": """\
reference:
  - {id: stock, label: Stock levels, match: [stock, inventory], why: You can't sell what you lack.}
""",
    "quiz": """\
questions:
  - id: q1
    type: true-false
    prompt: The sky is green.
    answer: false
    review: one
    feedback: It is blue.
""",
}

TWO_PARTS = SPECS | {
    "free-text": """\
model_answer: |
  Dear Sam. We are sorry for the delay.
criteria:
  - id: greet
    label: Greets the reader
    keywords: [hello, dear]
    missed: Start with a greeting.
  - id: apology
    label: Apologises
    keywords: [sorry, apologi*]
    missed: Say sorry for the delay.
""",
    "checklist": """\
reference:
  - {id: stock, label: Stock levels, match: [stock, inventory], why: You can't sell what you lack.}
  - {id: tracking, label: Order tracking, match: [tracking], why: Customers ask where it is.}
""",
    "quiz": SPECS["quiz"]
    + """\
  - id: q2
    type: single
    prompt: Which comes first?
    review: one
    options:
      - {id: placing, text: Placing the order, correct: true}
      - {id: shipping, text: Shipping, feedback: Shipping comes later.}
""",
}


def block(activity_type: str, activity_id: str = "x", extra: str = "", *, parts: int = 1) -> str:
    """A fenced activity block of ``activity_type`` with a valid spec (of one or two parts)."""
    specs = {1: SPECS, 2: TWO_PARTS}[parts]
    if activity_type == "reflection":
        return f"```reflection\nid: {activity_id}\nprompt: Think.\n{extra}```\n"
    if activity_type == "quiz":
        return f"```quiz\nid: {activity_id}\nprompt: Answer.\n{extra}{specs['quiz']}```\n"
    return (
        f"```exercise\nid: {activity_id}\ntype: {activity_type}\nprompt: Do it.\n{extra}"
        f"{specs[activity_type]}```\n"
    )
