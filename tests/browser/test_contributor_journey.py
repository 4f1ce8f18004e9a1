"""The contributor network end to end, in Chromium: a moderator invites a contributor by
e-mail, the contributor sets a password and changes opening times, the moderator approves,
and a resident finds the new times. axe checks every page on the way."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from hub.accounts.models import Role
from tests.browser.conftest import DESKTOP, serving
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.factories import make_service, make_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "a long sample passphrase"  # make_user's
axe = Axe()


@pytest.fixture
def hub_url(app, mail):
    """A hub of its own (the shared sample hub must not change) with a real mail server."""
    with serving(app) as url:
        yield url


def accessible(page, screenshots, name: str) -> None:
    page.screenshot(path=screenshots / f"journey-{name}.png", full_page=True)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{name}: accessibility violations\n{describe(violations)}"


def signed_in(page):
    return expect(page.get_by_role("navigation", name="Main menu").get_by_role(
        "button", name="Sign out"))


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in(page).to_be_visible()


def test_invited_contributor_changes_times_and_a_moderator_approves(
        app, mail, hub_url, browser, screenshots):
    service = make_service(
        "Clifton coffee morning", categories=["social-clubs"],
        schedules=[{"byday": "TU", "opens_at": "10:00", "closes_at": "12:00"}])
    organisation = service.organisation
    make_user("mo@example.org", roles=[Role.moderator], name="Morgan Moderator")

    def new_page():
        context = browser.new_context(base_url=hub_url, viewport=DESKTOP)
        context.set_default_timeout(10_000)
        return context.new_page()

    # The moderator invites someone from the organisation.
    moderator = new_page()
    sign_in(moderator, "mo@example.org")
    moderator.goto("/account/invite")
    accessible(moderator, screenshots, "invite")
    moderator.get_by_label("Their email address").fill("ali@example.org")
    moderator.get_by_label("Their full name").fill("Ali Contributor")
    moderator.get_by_label("Organisation").select_option(label=organisation.name)
    moderator.get_by_role("button", name="Send invitation").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("ali@example.org")

    # The invitation arrives by e-mail; its link lets the contributor set a password.
    (invitation,) = mail.to("ali@example.org")
    (link,) = [url for url in mail.links(invitation) if "/set-password/" in url]
    contributor = new_page()
    contributor.goto(link)
    accessible(contributor, screenshots, "set-password")
    contributor.get_by_label("New password", exact=True).fill("kettle on at ten")
    contributor.get_by_label("Type the new password again").fill("kettle on at ten")
    contributor.get_by_role("button", name="Save password").click()
    signed_in(contributor).to_be_visible()

    # They find their listing and change its opening time, with no JavaScript needed.
    contributor.get_by_role("link", name="Your listings").click()
    accessible(contributor, screenshots, "your-listings")
    contributor.get_by_role("button", name="Edit").click()
    accessible(contributor, screenshots, "edit-listing")
    contributor.locator("#schedules-0-opens_at").fill("09:30")
    contributor.get_by_role("button", name="Send for review").click()
    expect(contributor.locator(".govuk-notification-banner")).to_be_visible()
    accessible(contributor, screenshots, "sent-for-review")

    # The moderator is told, sees exactly what changes, and approves.
    (notice,) = mail.to("mo@example.org")
    (review_link,) = [url for url in mail.links(notice) if "/moderation/changes/" in url]
    moderator.goto(review_link)
    expect(moderator.locator("table.hub-changes")).to_contain_text("Tuesday 09:30–12:00")
    accessible(moderator, screenshots, "review")
    moderator.get_by_role("button", name="Approve and publish").click()
    expect(moderator.locator(".govuk-notification-banner")).to_be_visible()
    moderator.goto("/moderation/dashboard")
    accessible(moderator, screenshots, "dashboard")

    # The other moderation and contributor pages on the way are accessible too.
    for path in ("/moderation", f"/moderation/services/{service.id}/history",
                 "/moderation/services?q=coffee", "/moderation/organisations",
                 f"/moderation/organisations/{organisation.id}", "/reports", "/account"):
        moderator.goto(path)
        accessible(moderator, screenshots, path.strip("/").replace("/", "-").split("?")[0])
    for path, name in ((f"/contribute/services/{service.id}", "contributor-listing"),
                       (f"/contribute/organisations/{organisation.id}", "organisation-details")):
        contributor.goto(path)
        accessible(contributor, screenshots, name)

    # A resident, not signed in, searches and sees the new time.
    resident = new_page()
    resident.goto("/search?q=coffee+morning")
    resident.get_by_role("link", name="Clifton coffee morning").click()
    expect(resident.locator("main")).to_contain_text("09:30")
    accessible(resident, screenshots, "public-listing")
    # The contributor hears that it is live.
    assert any("is now live" in mail.body(m) for m in mail.to("ali@example.org"))
