"""Own 404 and 500 pages with a way back, and a favicon (issue 17)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse


def test_it_answers_an_unknown_address_with_its_own_404_page_and_navigation(
    auth_client, settings
) -> None:
    settings.DEBUG = False
    response = auth_client.get("/no/such/page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "· Screener</title>" in body
    assert f'href="{reverse("jobs:index")}"' in body and 'aria-label="Main"' in body


def test_the_500_page_renders_without_a_request_and_offers_a_way_back() -> None:
    body = render_to_string("500.html")  # Django renders it with no context at all
    assert "Something went wrong" in body
    assert f'href="{reverse("dashboard")}"' in body and f'href="{reverse("jobs:index")}"' in body


def test_every_page_links_a_favicon_and_favicon_ico_points_to_it(auth_client, db) -> None:
    page = auth_client.get(reverse("dashboard")).content.decode()
    assert '<link rel="icon" href="/static/favicon' in page
    response = Client().get("/favicon.ico")  # browsers ask for it logged out too
    assert response.status_code == 301 and "favicon" in response["Location"]
    assert response["Location"].endswith(".svg")
