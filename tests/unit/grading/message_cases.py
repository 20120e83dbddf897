"""Answers that bring out every feedback message the graders give, in text that needs escaping.

The shipped lesson's golden files (tests/feedback_goldens.py) show what learners read there; these
cases reach the messages that lesson never produces (a cell left empty, an answer too long, a
question not answered…) and put quotes, ampersands and angle brackets in labels and answers.
``tests/data/feedback/graded-with-message-html.json`` records each case's grade as the graders
gave it while they still built HTML: what learners read then, to compare with what they read now.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.grading import checklist, comparison_table, free_text, process_map, quiz
from app.core.grading.result import Grade
from tests.unit.grading.helpers import activity

RECORD = Path(__file__).resolve().parents[2] / "data" / "feedback" / "graded-with-message-html.json"

PROCESS_MAP = """\
policy: lcs
steps:
  - {id: place, label: "Order <Placement> & \\"co\\""}
  - {id: process, label: Order Processing}
  - {id: stock, label: "Stock 'check'"}
  - {id: pick, label: Picking, feedback: "Items must be *packed* first."}
  - {id: ship, label: Shipping}
  - {id: backorder, label: Backorder, feedback: Tell the customer.}
distractors:
  - {id: advert, label: "Run an <advert>", feedback: Marketing is not fulfilment.}
  - {id: tea, label: Make tea}
order: [place, [process, stock], pick, ship]
branches:
  - {id: out, from: stock, label: "Out of 'stock' & <late>", steps: [backorder]}
"""

TABLE = """\
columns: [{id: house, label: "In-house & <own>"}, {id: drop, label: Dropshipping}]
scale: [low, medium, high]
rows:
  - id: upfront
    label: "Upfront 'investment'"
    cells:
      house: {answer: high, explanation: A warehouse costs *money*.}
      drop: {answer: low, partial: [medium], explanation: You hold no stock.}
  - id: partner
    label: Who ships
    kind: text
    cells:
      house: {answer: [you, "the <store>"]}
      drop: {answer: [the supplier]}
  - {id: pros, label: Advantages, kind: cards}
cards:
  - {id: control, text: "Most \\"control\\" & <power>", cells: [pros/house], explanation: You run it.}
  - {id: cheap, text: Low initial investment, cells: [pros/drop]}
  - {id: both, text: Sells online, cells: [pros/house, pros/drop]}
"""

RUBRIC = """\
min_words: 5
max_words: 12
criteria:
  - id: apology
    label: Apologises
    keywords: [sorry]
    met: You own the *problem*.
    missed: Apologise first.
  - {id: date, label: "Gives a <date>", pattern: date, missed: Say when it will arrive.}
"""

CHECKLIST = """\
min_items: 3
reference:
  - {id: stock, label: "Inventory <sync> & 'levels'", match: [stock], why: Avoid *overselling*.}
  - {id: track, label: Order tracking, match: [track*], why: Customers ask where orders are.}
"""

QUIZ = """\
questions:
  - id: single
    type: single
    prompt: First stage?
    explanation: Orders start on the *website*.
    options:
      - {id: place, text: Order Placement, correct: true, feedback: Yes.}
      - {id: ship, text: Shipping, feedback: Shipping comes near the end.}
  - id: multi
    type: multiple
    prompt: Which hold no inventory?
    options:
      - {id: drop, text: "Drop<shipping> & \\"co\\"", correct: true}
      - {id: house, text: In-house, feedback: In-house means your own warehouse.}
      - {id: print, text: "A 'print-on-demand' store", correct: true}
  - {id: tf, type: true-false, prompt: Delays hurt., answer: true, feedback: They do.}
  - {id: short, type: short, prompt: 3PL?, accept: [third-party logistics], feedback: Third-Party.}
  - id: match
    type: matching
    prompt: Match.
    feedback: Review the methods.
    explanation: Both are methods.
    pairs:
      - {id: a, left: Dropshipping, right: Supplier ships}
      - {id: b, left: In-house, right: You ship}
  - id: order
    type: ordering
    prompt: Order these.
    feedback: Picking comes first.
    items: [{id: pick, text: Pick}, {id: pack, text: Pack}, {id: ship, text: Ship}]
"""


@dataclass(frozen=True)
class Case:
    kind_and_type: str
    spec_yaml: str
    grader: Any  # the grading module
    fields: dict[str, list[str]]

    def grade(self) -> Grade:
        spec = activity(self.kind_and_type, self.spec_yaml).spec
        return self.grader.grade(spec, self.grader.parse(spec, self.fields))


def _map(main: list[str], branch: list[str], out: list[str]) -> Case:
    fields = {f"place:{c}": [str(i + 1)] for i, c in enumerate(main)}
    fields |= {f"place:{c}": ["branch:out"] for c in branch}
    fields |= {f"place:{c}": ["out"] for c in out}
    return Case("exercise process-map", PROCESS_MAP, process_map, fields)


def _table(fields: dict[str, str]) -> Case:
    return Case(
        "exercise comparison-table",
        TABLE,
        comparison_table,
        {k: [v] for k, v in fields.items()},
    )


def _text(text: str) -> Case:
    return Case("exercise free-text", RUBRIC, free_text, {"answer": [text]})


def _checklist(text: str) -> Case:
    return Case("exercise checklist", CHECKLIST, checklist, {"items": [text]})


def _quiz(fields: dict[str, str | list[str]]) -> Case:
    form = {k: (v if isinstance(v, list) else [v]) for k, v in fields.items()}
    return Case("quiz", QUIZ, quiz, form)


CASES: dict[str, Callable[[], Case]] = {
    "process-map-right": lambda: _map(
        ["place", "process", "stock", "pick", "ship"], ["backorder"], ["advert", "tea"]
    ),
    "process-map-scrambled": lambda: _map(
        ["pick", "place", "process", "advert"], [], ["stock", "ship", "backorder", "tea"]
    ),
    "process-map-reversed": lambda: _map(
        ["ship", "pick", "stock", "process", "place", "backorder", "tea"], [], ["advert"]
    ),
    "table-right": lambda: _table(
        {
            "cell:upfront:house": "high",
            "cell:upfront:drop": "low",
            "cell:partner:house": "The <store>",
            "cell:partner:drop": "the supplier",
            "card:control": "pros/house",
            "card:cheap": "pros/drop",
            "card:both": "pros/drop",
        }
    ),
    "table-mixed": lambda: _table(
        {
            "cell:upfront:house": "low",
            "cell:upfront:drop": "medium",
            "cell:partner:house": "<i>Me</i> & 'you' \"too\"",
            "card:cheap": "pros/house",
        }
    ),
    "free-text-short": lambda: _text("Sorry & <b>bye</b>."),
    "free-text-long": lambda: _text(
        "We are so sorry. It will arrive by March 14, or on Friday at the latest, we promise."
    ),
    "checklist-short": lambda: _checklist("- <b>Stock</b> & 'levels' \"now\"\n- Gift wrapping"),
    "checklist-covered": lambda: _checklist("Stock levels\nTracking numbers\nReturns"),
    "quiz-right": lambda: _quiz(
        {
            "q:single": "place",
            "q:multi": ["drop", "print"],
            "q:tf": "true",
            "q:short": "Third party logistics",
            "q:match:a": "a",
            "q:match:b": "b",
            "q:order:pick": "1",
            "q:order:pack": "2",
            "q:order:ship": "3",
        }
    ),
    "quiz-wrong": lambda: _quiz(
        {
            "q:single": "ship",
            "q:multi": ["house"],
            "q:tf": "false",
            "q:short": "no idea",
            "q:match:a": "b",
            "q:match:b": "a",
            "q:order:pick": "3",
            "q:order:pack": "2",
            "q:order:ship": "1",
        }
    ),
    "quiz-partly": lambda: _quiz(
        {
            "q:multi": ["drop", "house"],
            "q:match:a": "a",
            "q:order:pick": "2",
            "q:order:pack": "1",
            "q:order:ship": "3",
        }
    ),
    "quiz-partly-missed": lambda: _quiz({"q:multi": ["print"]}),
}


def recorded() -> dict[str, dict[str, Any]]:
    """Each case's grade as it was recorded (``Grade.to_dict()``), by case name."""
    return json.loads(RECORD.read_text(encoding="utf-8"))


def record(grades: dict[str, dict[str, Any]]) -> None:
    text = json.dumps(grades, indent=1, ensure_ascii=False, sort_keys=True)
    RECORD.write_text(text + "\n", encoding="utf-8")
