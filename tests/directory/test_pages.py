"""Public directory pages, each passed through the page-quality check."""

import datetime as dt
import re

import pytest

from hub.directory.oruk import stable_id
from tests.factories import make_service


def service_url(slug: str) -> str:
    return f"/services/{stable_id('service', slug)}"


def test_home_has_search_common_needs_and_categories(sample_client, page):
    home = page(sample_client, "/")
    assert home.h1 == "Find health, care and community support"
    assert "What are you looking for?" in home
    links = home.links()
    assert links["Someone to talk to if you feel lonely"] == "/search?q=lonely"
    assert links["Carers"] == "/categories/carers"
    assert "Sample data" in home  # the banner while sample data is loaded


def test_every_category_is_browsable_with_counts(sample_client, page):
    listing = page(sample_client, "/categories")
    assert "Care and support at home" in listing.texts("h2")[0]
    category = page(sample_client, "/categories/carers")
    assert category.h1 == "Carers"
    assert "Breaks for carers" in category.links()
    child = page(sample_client, "/categories/carer-breaks")
    assert child.h1 == "Breaks for carers"
    assert "Carers" in child.links()  # breadcrumb back to the parent
    assert any(t.endswith("services") for t in child.texts("h2"))


def test_unknown_category_is_a_404(sample_client, page):
    missing = page(sample_client, "/categories/no-such-thing", status=404)
    assert missing.h1 == "Page not found"


def test_service_page_has_everything_needed_to_act(sample_client, page):
    meals = page(sample_client, service_url("a-warm-plate-meals-on-wheels"))
    for heading in ("Who it is for", "Cost", "Contact"):
        assert heading in meals.texts("h2")
    assert "Last checked:" in meals
    assert any(href.startswith("tel:01632960") for href in meals.links().values())

    venue = page(sample_client, service_url("b-haxby-lunch-club"))
    assert "Where" in venue.texts("h2") and "Opening times" in venue.texts("h2")
    assert any("openstreetmap.org/?mlat=" in (href or "") for href in venue.links().values())
    assert "Step-free access" in venue.text or "No step-free access" in venue.text


def test_overdue_listing_warns_the_reader(sample_client, page):
    overdue = page(sample_client, service_url("b-disabled-facilities-grant-support"))
    assert "This information may be out of date" in overdue


def test_temporarily_closed_is_labelled(sample_client, page):
    closed = page(sample_client, service_url("b-warm-welcome-cafe"))
    assert "This service is temporarily closed" in closed


def test_inactive_service_is_gone_not_shown(sample_client, page):
    gone = page(sample_client, service_url("b-stairlift-recycling"), status=410)
    assert gone.h1 == "This service is no longer listed"
    assert "Sample data" in gone
    page(sample_client, "/services/not-a-real-id", status=404)


def test_organisation_page_lists_its_services(sample_client, page):
    service = page(sample_client, service_url("a-warm-plate-meals-on-wheels"))
    org_link = next(h for h in service.links().values() if h.startswith("/organisations/"))
    organisation = page(sample_client, org_link)
    assert "Meals on wheels – hot meal delivery" in organisation.text


def test_contributor_text_cannot_run_script(app, client, page):
    service = make_service(
        "Safe text club",
        description='Hello <script>alert("x")</script> **friends** [site](javascript:alert(1))',
    )
    shown = page(client, f"/services/{service.id}")
    assert "<script>alert" not in shown.html
    assert 'href="javascript' not in shown.html
    assert "<strong>friends</strong>" in shown.html


def test_no_sample_banner_for_real_data(app, client, page):
    make_service("Real club", assured_date=dt.date.today().isoformat())
    assert "Sample data" not in page(client, "/")


def test_print_stylesheet_hides_navigation():
    from hub.config import ROOT

    css = (ROOT / "scss" / "hub.scss").read_text()
    assert "@media print" in css


@pytest.mark.parametrize("url", ["/", "/search?q=lunch", "/categories/carers"])
def test_pages_need_no_third_party_requests(sample_client, url):
    html = sample_client.get(url).get_data(as_text=True)
    # Scripts, styles, images and fonts all come from this site.
    loaded = re.findall(r'<(?:script|img|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded and all(target.startswith("/static/") for target in loaded), loaded
