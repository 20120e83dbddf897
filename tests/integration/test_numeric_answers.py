"""Numeric answers through the app: a quiz question with steps and a table row of numbers,
shown as fields with their units, submitted as forms, graded, and explained on the page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import activity_answers as answers
from tests.integration.test_activities import (
    URL,
    answer_keys_never_reach_the_page_before_submitting,
    partly_right_answer_scores_part_marks,
    right_answer_scores_full_marks,
    submit,
    wrong_answer_fails_with_feedback_pointing_to_a_section,
)
from tests.lessons import SLUG, body_with, build_lesson

QUIZ = """\
```quiz
id: weights
prompt: Work out what the parcel costs to ship.
review: one
questions:
  - id: billable
    type: numeric
    prompt: A parcel weighs 10 lb; its box is 12 × 10 × 10 in. What is its billable weight?
    label: Billable weight
    answer: 10
    unit: lb
    tolerance: 0
    feedback: The billable weight is the greater of the actual and dimensional weights.
    steps:
      - id: volume
        label: Volume
        answer: 1,200 in³
        feedback: Multiply length, width and height.
      - id: dimensional
        label: Dimensional weight
        answer: 8.63
        unit: lb
        feedback: Divide the volume by 139.
  - id: cost
    type: numeric
    prompt: At $2.50 a pound, what does shipping cost?
    answer: $25.00
    feedback: Multiply the billable weight by the rate.
```
"""
TABLE = """\
```exercise
id: parcels
type: comparison-table
prompt: Fill in each box's billable weight and price.
columns: [{id: small, label: Small box}, {id: large, label: Large box}]
rows:
  - id: billable
    label: Billable weight
    kind: number
    unit: lb
    tolerance: 0.5
    cells:
      small: {answer: 10, explanation: The actual weight is greater.}
      large: {answer: 25, explanation: The dimensional weight is greater.}
  - id: price
    label: Price
    kind: number
    unit: EUR
    units: required
    decimal_comma: true
    cells: {small: "12,50", large: "30,00"}
```
"""


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def lesson(app, tmp_path):
    return build_lesson(app, tmp_path / "content", body_with(QUIZ, TABLE))


def page(client) -> str:
    return client.get(URL).text


def field(html: str, name: str) -> str:
    """The markup of the input named ``name``, with the unit beside it."""
    at = html.index(f'name="{name}"')
    return html[html.rindex('<span class="number-input">', 0, at) : html.index("\n  </span>", at)]


def test_a_numeric_question_is_a_text_field_with_a_decimal_keypad_and_its_unit(lesson, visitor):
    html = page(visitor)
    billable = field(html, "q:billable")
    assert 'type="text"' in billable and 'inputmode="decimal"' in billable
    assert '<span class="number-input__unit" aria-hidden="true">lb</span>' in billable
    assert 'aria-describedby="page-weights-billable-unit"' in billable
    assert '<span class="visually-hidden" id="page-weights-billable-unit">in pounds</span>' in html
    assert '<label for="page-weights-billable">Billable weight</label>' in html
    assert re.search(r'<label for="page-weights-billable-dimensional">Dimensional weight', html)
    cost = field(html, "q:cost")
    assert cost.index('aria-hidden="true">$</span>') < cost.index("<input")  # the sign first


def test_a_number_cell_is_labelled_by_its_row_and_column(lesson, visitor):
    cell = field(page(visitor), "cell:billable:small")
    assert 'aria-labelledby="page-parcels-row-billable page-parcels-col-small"' in cell
    assert ">lb</span>" in cell


def test_a_field_whose_unit_must_be_written_shows_no_unit_and_says_so(lesson, visitor):
    html = page(visitor)
    price = field(html, "cell:price:small")
    assert "inputmode" not in price and "number-input__unit" not in price  # letters needed
    assert 'aria-describedby="page-parcels-price-small-hint"' in price
    hint = html[html.index('id="page-parcels-price-small-hint"') :]
    assert hint.startswith('id="page-parcels-price-small-hint">Include the unit. Write decimals')


@pytest.mark.parametrize("activity_id", ["weights", "parcels"])
def test_right_partly_right_and_wrong_numbers_score_as_other_answers_do(
    lesson, visitor, activity_id
):
    activity = lesson.activity(activity_id)
    answer_keys_never_reach_the_page_before_submitting(visitor, activity)
    right_answer_scores_full_marks(visitor, activity)
    partly_right_answer_scores_part_marks(visitor, activity)
    wrong_answer_fails_with_feedback_pointing_to_a_section(visitor, activity)


def test_right_steps_earn_part_of_the_point_and_the_page_says_which_step_went_wrong(
    lesson, visitor
):
    fields = {
        "q:billable": "9",
        "q:billable:volume": "1,200 cubic inches",
        "q:billable:dimensional": "8.6",
        "q:cost": "25 dollars",
    }
    response = submit(visitor, "weights", fields)
    assert response.status_code == 200, response.json
    assert response.json["percent"] == round(100 * 1.25 / 2)  # a quarter point and a point
    html = unescape(page(visitor))
    assert "Volume: <strong>1,200 cubic inches</strong> is right." in html
    assert (
        "Dimensional weight: <strong>8.6</strong> is not right; the answer is "
        "<strong>8.63 lb</strong>. Divide the volume by 139." in html
    )
    assert (
        "Billable weight: <strong>9</strong> is not right; the answer is <strong>10 lb</strong>."
        " The billable weight is the greater of the actual and dimensional weights." in html
    )
    assert "<strong>25 dollars</strong> is right." in html
    assert 'name="q:billable:dimensional" value="8.6"' in html  # the answer stays in its field


def test_a_table_answer_in_kilograms_is_converted_and_called_close(lesson, visitor):
    fields = {
        "cell:billable:small": "4.6 kg",
        "cell:billable:large": "25",
        "cell:price:small": "€12,50",
        "cell:price:large": "30 euros",
    }
    response = submit(visitor, "parcels", fields)
    assert response.json["percent"] == 100
    html = unescape(response.json["activity_html"])  # each cell's mark, next to the cell
    assert "Billable weight — Small box: <strong>4.6 kg</strong> = 10.1 lb." in html
    assert "is within 0.5 lb of 10 lb: close enough, though not exact." in html


def test_a_number_that_cannot_be_read_is_feedback_not_an_error(lesson, visitor):
    fields = {"cell:billable:small": "10 lbss", "cell:price:small": "12.50 €"}
    response = submit(visitor, "parcels", fields)
    assert response.status_code == 200 and response.json["percent"] == 0
    html = unescape(response.json["activity_html"])  # each cell's mark, next to the cell
    assert (
        "Billable weight — Small box: we couldn’t read “10 lbss” as a number with a unit: "
        "“lbss” is not a unit we know." in html
    )
    assert "as in 12,50" in html  # decimals are written with a comma here


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"q:billable": "1" * 101}, "too long"),
        ({"q:billable:weight": "8"}, "'q:billable:weight' is not part of this activity"),
        ({"q:billable": ["9", "10"]}, "sent more than once"),
    ],
)
def test_a_malformed_numeric_answer_is_refused_with_a_400(lesson, visitor, fields, message):
    response = submit(visitor, "weights", fields)
    assert response.status_code == 400 and message in response.json["message"]


def test_the_answer_key_in_previews_shows_numbers_steps_and_tolerance(lesson, instructor):
    response = instructor.post(
        f"/instructor/lessons/{SLUG}/preview", json={"source": lesson.source}
    )
    html = unescape(response.json["html"])
    assert "10 lb (exact); Volume: 1,200 in³; Dimensional weight: 8.63 lb" in html
    assert "billable / small: <strong>10 lb</strong> (± 0.5 lb)" in html
    assert "price / large: <strong>€30,00</strong>" in html


def test_every_answer_builder_answers_numbers(lesson):
    quiz, table = lesson.activity("weights"), lesson.activity("parcels")
    assert answers.right(quiz) == {"q:billable": ["10 lb"], "q:cost": ["$25.00"]}
    assert answers.wrong(table)["cell:price:small"] == ["€1.025,00"]


NUMBER_FIELDS = ["q:billable", "q:billable:dimensional", "q:cost", "cell:price:small"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
    name=st.sampled_from(NUMBER_FIELDS),
)
def test_any_text_in_a_number_field_is_graded_or_refused_never_a_500(lesson, visitor, text, name):
    response = submit(visitor, "weights" if name.startswith("q:") else "parcels", {name: text})
    assert response.status_code in (200, 400), response.text
