"""Every page fits a 390 px phone: no sideways scrolling, a menu, candidates before weights.

The team holds the demo data (20 jobs, 34 resumes screened against the backend job, a
profile per resume, a decision, a running Run), so every list is full. The named pages are
checked and saved to test-artifacts/e2e-phone-*.png; then every other page a link reaches is
opened once per kind (``/jobs/<id>/`` once) and checked the same way. A page that logs an
error fails the test (the ``ConsoleErrors`` of tests/browser.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from runs.models import Run
from screening import services as screening_services
from screening.models import Candidate, ScreeningBatch
from tests.browser import ARTIFACTS, ConsoleErrors
from tests.e2e.steps import DEMO, DEMO_FEED, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
BACKEND_JOB = "1128401"  # external id of "Senior Backend Engineer (Python/Django)"
# Never followed by the crawl: log-out, the admin, file downloads.
SKIP = re.compile(r"^/(accounts/logout|admin|static|media)/|\.csv$|/original/$")
CRAWL_LIMIT = 40  # page kinds; the app has about 30

_WIDEST = """(limit) => {
  let widest = null;
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right;
    if (right > limit + 1 && (!widest || right > widest.right)) {
      widest = {right: Math.round(right), tag: el.tagName.toLowerCase(), cls: el.className};
    }
  }
  return widest;
}"""


@pytest.fixture
def demo_team(team, user):  # noqa: ANN001, ANN201
    """The team with the demo data loaded, a shortlisted candidate and a running Run."""
    name = team.name
    call_command("import_jobs", str(DEMO_FEED), "--team", name, verbosity=0)
    resumes = str(DEMO / "resumes")
    call_command("screen", f"--job={BACKEND_JOB}", "--resumes", resumes, f"--team={name}")
    call_command("enhance_profiles", "--team", name, "--from-resumes", "--create-only")
    top = Candidate.objects.filter(job__team=team, passed_prefilter=True).order_by("rank")[0]
    screening_services.set_decision(top, "shortlist", user, note="Strong payments background")
    Run.objects.create(
        team=team, kind="k", label="Re-parse", total=8, done=3, status=Run.Status.RUNNING
    )
    return team


@pytest.fixture
def phone(browser) -> Iterator[object]:  # noqa: ANN001
    """A page in a 390 x 844 phone (mobile viewport rules, touch); fails on browser errors."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = ConsoleErrors(page)
    yield page
    context.close()
    console.check()


def assert_fits(page) -> None:  # noqa: ANN001
    """No horizontal overflow: the page is no wider than the phone's screen.

    Measured against the phone's width, not only ``innerWidth``: a mobile browser zooms out
    to show a page that is too wide, and ``innerWidth`` then grows with the page.
    """
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width > PHONE["width"] or inner != PHONE["width"]:
        widest = page.evaluate(_WIDEST, PHONE["width"])
        pytest.fail(f"{page.url} is {width}px wide on a 390px phone; widest element: {widest}")
    assert width <= inner


def open_and_check(page, url: str, name: str = "") -> None:  # noqa: ANN001
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    assert_fits(page)
    if name:
        shot(page, f"phone-{name}")


def _kind(path: str) -> str:
    """``/jobs/12/edit/`` and ``/jobs/3/edit/`` are the same kind of page."""
    return re.sub(r"/\d+(?=/)", "/N", path)


def _links(page, base: str) -> list[str]:  # noqa: ANN001
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
    )
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        local = parts.scheme in ("", "http") and (not parts.netloc or base.endswith(parts.netloc))
        if local and parts.path.startswith("/") and not SKIP.search(parts.path):
            paths.append(parts.path)
    return paths


def crawl(page, base: str, seen: set[str]) -> list[str]:  # noqa: ANN001
    """Open every kind of page reachable by links from the pages in ``seen``; check each."""
    queue = sorted(seen)
    kinds = {_kind(p) for p in seen}
    checked = []
    while queue and len(kinds) < CRAWL_LIMIT:
        page.goto(f"{base}{queue.pop(0)}")
        for path in _links(page, base):
            if _kind(path) not in kinds:
                kinds.add(_kind(path))
                open_and_check(page, f"{base}{path}")
                checked.append(path)
                queue.append(path)
    return checked


def test_it_fits_every_page_on_a_390px_phone(phone, live_server, demo_team) -> None:  # noqa: ANN001
    base = live_server.url
    batch = ScreeningBatch.objects.get(team=demo_team)
    shortlisted = Candidate.objects.get(job__team=demo_team, decision="shortlist")
    pages = {
        "dashboard": "/",
        "jobs": "/jobs/",
        "resumes": "/resumes/",
        "results": f"/screening/{batch.id}/",
        "candidate": f"/screening/candidates/{shortlisted.id}/",
        "profiles": "/profiles/",
    }
    log_in(phone, base)
    for name, path in pages.items():
        open_and_check(phone, f"{base}{path}", name)
    # The lists are full, so the check above measured real rows.
    assert phone.locator("main table tbody tr").count() >= 20
    # Each card value is under its column's name, also in rows a search swaps in.
    open_and_check(phone, f"{base}/jobs/")
    assert phone.locator("#job-results td[data-label='Salary']").count() == 20
    phone.fill("#id_q", "python")
    phone.wait_for_function(
        "location.search.includes('q=python')"
        " && document.querySelectorAll('#job-results td[data-label=Salary]').length > 0"
        " && document.querySelectorAll('#job-results td[data-label=Salary]').length < 20"
    )
    assert_fits(phone)
    checked = crawl(phone, base, set(pages.values()))
    assert len(checked) >= 10, checked  # job, resume, profile pages, forms, failed resumes...


def test_it_collapses_the_menu_and_shows_candidates_before_the_weights(
    phone, page, live_server, demo_team
) -> None:  # noqa: ANN001
    base = live_server.url
    batch = ScreeningBatch.objects.get(team=demo_team)
    log_in(phone, base, f"/screening/{batch.id}/")

    # The navigation hides behind "Menu"; opened, every link fits on the screen.
    profiles_link = phone.locator("nav[aria-label=Main] a", has_text="Profiles")
    assert not profiles_link.is_visible()
    phone.click("button:text('Menu')")
    assert phone.get_attribute(".nav-toggle", "aria-expanded") == "true"
    box = profiles_link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    shot(phone, "phone-menu")
    phone.click("button:text('Menu')")
    assert not profiles_link.is_visible()

    # Results first: the first candidate card is above the weights panel.
    first = phone.locator("table.ranking > tbody").first
    weights = phone.locator(".weights-panel")
    assert first.bounding_box()["y"] < weights.bounding_box()["y"]
    assert first.bounding_box()["y"] < PHONE["height"]  # on the first screen
    # The README's phone image: the ranking under the (sticky) top bar.
    phone.evaluate(
        "window.scrollTo(0, document.querySelector('#results h2').getBoundingClientRect().top"
        " + window.scrollY - document.querySelector('.topbar').offsetHeight - 8)"
    )
    assert phone.locator(".nav-toggle").bounding_box()["y"] >= 0  # the bar is still on screen
    phone.screenshot(path=str(ARTIFACTS / "e2e-phone-ranking.png"))
    # Decision buttons are whole on the screen, and work (the top one is shortlisted already).
    button = phone.locator("button", has_text="Shortlist")
    undecided = phone.locator("table.ranking > tbody").filter(has=button).first
    shortlist = undecided.locator("button:text('Shortlist')")
    box = shortlist.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    cand_id = int(undecided.get_attribute("id").removeprefix("cand-"))
    shortlist.tap()
    phone.wait_for_selector(f"#cand-{cand_id} .decision-shortlist")
    assert_fits(phone)
    assert Candidate.objects.get(id=cand_id).decision == "shortlist"

    # On a desktop the panel stays on the left of the ranking and the nav needs no menu.
    log_in(page, base, f"/screening/{batch.id}/")
    assert page.locator("nav[aria-label=Main] a", has_text="Profiles").is_visible()
    assert not page.locator(".nav-toggle").is_visible()
    panel = page.locator(".weights-panel").bounding_box()
    results = page.locator("#results").bounding_box()
    assert panel["x"] + panel["width"] <= results["x"]
    assert abs(panel["y"] - results["y"]) < 5
    # A small tablet: too narrow for both side by side, so the panel goes under the ranking.
    page.set_viewport_size({"width": 820, "height": 1000})
    assert page.evaluate("document.documentElement.scrollWidth") <= 820
    panel = page.locator(".weights-panel").bounding_box()
    assert page.locator("#results").bounding_box()["y"] < panel["y"]


def test_it_notices_a_page_wider_than_the_phone(phone, live_server, user) -> None:  # noqa: ANN001
    log_in(phone, live_server.url)
    assert_fits(phone)
    phone.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<div style=\"width: 520px\">too wide</div>')"
    )
    with pytest.raises(pytest.fail.Exception, match=r"5[0-9]{2}px wide on a 390px phone"):
        assert_fits(phone)
