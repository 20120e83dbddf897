"""The shipped lesson's diagram of the fulfillment stages: a figure in the process section, its
SVG imported and served as an image, and the process map's feedback pointing to it."""

from __future__ import annotations

import hashlib
import re

import pytest

from app.core.content import load_catalog
from tests import activity_answers as answers
from tests.conftest import SEED_CONTENT, SEED_LESSON
from tests.integration.test_activities import submit

URL = f"/lessons/{SEED_LESSON}"
SVG = (SEED_CONTENT / "ecommerce-manager-cx" / "images" / "fulfillment-stages.svg").read_bytes()
PROCESS_MAP = load_catalog(SEED_CONTENT).lessons[SEED_LESSON].activities["process-mapping"]
LINK = '<a class="review-link" href="#fulfillment-stages" data-figure-link>See the figure: '


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_the_figure_is_in_the_process_section_with_its_image_and_caption(client):
    page = client.get(URL).text
    section = page[page.index('id="fulfillment-process"') : page.index('id="fulfillment-methods"')]
    url = f"/media/images/{hashlib.sha256(SVG).hexdigest()[:32]}/fulfillment-stages.svg"
    figure = re.search(
        r'<figure class="figure" id="fulfillment-stages">.*?</figure>', section, re.S
    )
    assert figure, "the figure is not in the process section"
    assert f'src="{url}"' in figure.group(0)
    assert re.search(
        r'alt="Flow chart of order fulfillment: Order Placement, [^"]+customer\."', figure.group(0)
    )
    assert "The order fulfillment stages, from order placement to customer service" in figure.group(
        0
    )
    served = client.get(url)
    assert served.status_code == 200 and served.mimetype == "image/svg+xml"


def test_the_diagram_has_a_title_a_description_and_theme_colours():
    text = SVG.decode()
    assert "<title" in text and "<desc" in text
    assert "prefers-color-scheme: dark" in text
    for stage in (
        "Order Placement",
        "Order Processing",
        "Inventory Management",
        "Picking and Packing",
        "Shipping",
        "Delivery",
        "Customer Service (Post-Delivery)",
    ):
        assert stage in text


def test_a_wrong_process_map_points_to_the_figure(client):
    response = submit(client, "process-mapping", answers.wrong(PROCESS_MAP), url=URL)
    assert response.json["passed"] is False
    assert (
        LINK + "The order fulfillment stages, from order placement to customer service</a>"
        in response.json["html"]
    )


def test_a_right_process_map_does_not(client):
    response = submit(client, "process-mapping", answers.right(PROCESS_MAP), url=URL)
    assert response.json["passed"] is True
    assert "data-figure-link" not in response.json["html"]
