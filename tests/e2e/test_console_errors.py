"""The browser fixtures fail a test on any page error: this proves the watcher sees them."""

from __future__ import annotations

import pytest

from tests.browser import ConsoleErrors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched(browser):  # noqa: ANN001, ANN201
    """A page and its watcher, without the failing check of the ``page`` fixture."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, ConsoleErrors(page)
    context.close()


def test_it_lets_a_clean_page_and_a_404_page_opened_on_purpose_pass(watched, live_server) -> None:  # noqa: ANN001
    page, console = watched
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.goto(f"{live_server.url}/no-such-page/").status == 404
    console.check()


def test_it_fails_on_console_errors_exceptions_and_missing_files(watched, live_server) -> None:  # noqa: ANN001
    page, console = watched
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("console.error('something broke')")
    page.evaluate("setTimeout(() => { throw new Error('uncaught boom'); }, 0)")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/missing.png\">')"
    )
    page.wait_for_function("document.querySelector('img[src$=\"missing.png\"]').complete")
    page.wait_for_timeout(200)
    with pytest.raises(pytest.fail.Exception) as failure:
        console.check()
    message = str(failure.value)
    assert "something broke" in message and "uncaught boom" in message
    assert "missing.png" in message and "/accounts/login/" in message
    assert len(console.errors) == 3
