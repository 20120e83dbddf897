""" "Show password" beside every password field: a toggle button with aria-pressed, added by
script; without JavaScript the fields are plain password fields."""

from __future__ import annotations

import pytest

from app.learning.password_reset import reset_key
from tests.users import add_user, sign_in_browser

pytestmark = pytest.mark.ui

EMAIL = "ada@example.org"


@pytest.fixture
def reset_path(app):
    add_user(app, EMAIL)
    with app.app_context():
        from app.learning.accounts import find_account

        return f"/password/reset/{reset_key(find_account(EMAIL), app.config['SECRET_KEY'])}"


def check_toggles(page, count):
    fields = page.locator(".password-field input")
    toggles = page.get_by_role("button", name="Show password")
    assert toggles.count() == fields.count() == count
    for index in range(count):
        field, toggle = fields.nth(index), toggles.nth(index)
        field.fill("a secret phrase")
        assert field.get_attribute("type") == "password"
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert field.get_attribute("type") == "text"
        assert toggle.get_attribute("aria-pressed") == "true"
        assert field.input_value() == "a secret phrase"
        toggle.press("Enter")
        assert field.get_attribute("type") == "password"
        assert toggle.get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize(("path", "count"), [("/signin", 1), ("/signup", 2)])
def test_every_password_field_has_a_show_password_toggle(page, live_server, path, count):
    page.goto(live_server + path)
    check_toggles(page, count)


def test_the_reset_form_has_toggles(page, live_server, reset_path):
    page.goto(live_server + reset_path)
    check_toggles(page, 2)


def test_the_account_page_has_toggles(app, page, live_server):
    add_user(app, EMAIL)
    sign_in_browser(page, live_server, EMAIL)
    page.goto(f"{live_server}/account")
    check_toggles(page, 4)  # current, new and repeated password; the one that deletes


def test_a_shown_password_is_sent_as_a_password_field(page, live_server):
    page.goto(f"{live_server}/signin")
    page.get_by_role("button", name="Show password").click()
    page.locator('input[name="password"]').fill("a secret phrase")
    page.evaluate(
        "document.querySelector('form.stack-form')"
        ".addEventListener('submit', e => { window.sentAs = e.target.password.type; "
        "e.preventDefault(); })"
    )
    page.get_by_role("button", name="Sign in").click()
    assert page.evaluate("window.sentAs") == "password"
    assert page.locator('input[name="password"]').get_attribute("type") == "password"


def test_without_javascript_password_fields_stay_plain(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/signup")
    assert page.locator('input[type="password"]').count() == 2
    assert page.get_by_role("button", name="Show password").count() == 0
    context.close()
