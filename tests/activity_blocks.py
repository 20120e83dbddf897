"""Small, valid activity blocks of every type, for tests."""

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


def block(activity_type: str, activity_id: str = "x", extra: str = "") -> str:
    """A fenced activity block of ``activity_type`` with a valid spec."""
    if activity_type == "reflection":
        return f"```reflection\nid: {activity_id}\nprompt: Think.\n{extra}```\n"
    if activity_type == "quiz":
        return f"```quiz\nid: {activity_id}\nprompt: Answer.\n{extra}{SPECS['quiz']}```\n"
    return (
        f"```exercise\nid: {activity_id}\ntype: {activity_type}\nprompt: Do it.\n{extra}"
        f"{SPECS[activity_type]}```\n"
    )
