"""Organisations: members, trusted publishing, and the moderators' dashboard."""

import datetime as dt
import uuid

from hub.accounts.models import JoinRequest, utcnow
from hub.directory.models import Organisation, Service
from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ChangeStatus
from hub.reports.models import Report, ReportReason
from tests.conftest import csrf_token
from tests.factories import make_service, make_user
from tests.moderation.helpers import propose


def _organisation_url(listing) -> str:
    return f"/moderation/organisations/{listing.service.organisation_id}"


def _set_trusted(client, listing, trusted: bool):
    url = _organisation_url(listing)
    data = {"csrf_token": csrf_token(client, url)}
    if trusted:
        data["trusted"] = "y"
    return client.post(url, data=data)


def test_trusting_an_organisation_lets_its_changes_go_live_when_sent(
        moderator_client, listing, page):
    response = _set_trusted(moderator_client, listing, True)
    assert response.headers["Location"] == _organisation_url(listing)
    assert db.session.get(Organisation, listing.service.organisation_id).trusted
    shown = page(moderator_client, _organisation_url(listing))
    assert "now go live without review" in shown
    assert 'name="trusted" type="checkbox" value="y" checked' in shown.html

    change = propose(listing, fees="Free for members")
    assert change.status == ChangeStatus.published
    assert db.session.get(Service, listing.service.id).fees == "Free for members"
    newest = operations.versions(listing.service)[0]
    assert (newest.published_by_id, newest.change_request_id) == (listing.contributor.id,
                                                                  change.id)

    _set_trusted(moderator_client, listing, False)
    assert not db.session.get(Organisation, listing.service.organisation_id).trusted
    assert propose(listing, fees="£1").status == ChangeStatus.submitted


def test_an_organisation_page_shows_members_and_listings(moderator_client, listing, page):
    listing.contributor.last_signed_in_at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    make_user("gone@example.org", name="Former Volunteer", organisations=[
        listing.service.organisation]).active = False
    db.session.commit()
    shown = page(moderator_client, _organisation_url(listing))
    assert shown.h1 == "Test Community Trust"
    rows = shown.texts("tr")
    assert "Ali Contributor ali@example.org 2 March 2026, 09:30" in rows
    assert "Former Volunteer Account closed gone@example.org Never" in rows
    assert shown.links()["Acomb lunch club"].endswith(f"{listing.service.id}/history")


def _unattended_organisation() -> Service:
    """A listed service whose organisation's only contributor has left."""
    service = make_service("Haxby knit and natter", organization={
        "id": str(uuid.UUID(int=2)), "name": "Haxby Crafters"})
    make_user("left@example.org", organisations=[service.organisation]).active = False
    db.session.commit()
    return service


def test_organisations_without_an_active_contributor_are_marked(moderator_client, listing,
                                                               page):
    _unattended_organisation()
    shown = page(moderator_client, "/moderation/organisations")
    assert "Haxby Crafters 0 1 No active contributor" in shown.texts("tr")
    assert "Test Community Trust 1 1" in shown.texts("tr")


def test_the_dashboard_shows_each_kind_of_work(moderator_client, listing, page):
    quiet = page(moderator_client, "/moderation/dashboard")
    assert "0 changes waiting for review" in quiet and "0 open reports from residents" in quiet

    propose(listing, fees="£2")
    report = Report(service_id=listing.service.id, reason=ReportReason.opening_times,
                    details="Closed on Tuesdays now", created_at=utcnow())
    db.session.add(report)
    overdue = make_service("Clifton memory café")
    overdue.last_checked = dt.date.today() - dt.timedelta(days=400)
    _unattended_organisation()
    db.session.add(JoinRequest(organisation_name="Dringhouses Walkers", name="Jo Walker",
                               email="jo@example.org"))
    db.session.commit()

    dashboard = page(moderator_client, "/moderation/dashboard")
    sections = dashboard.texts("section")
    assert sections[0].startswith("1 change waiting for review Acomb lunch club")
    assert sections[1].startswith("1 open report from residents Acomb lunch club – The "
                                  "opening times are wrong")
    assert "Clifton memory café" in sections[2] and "last checked" in sections[2]
    assert sections[3].startswith("1 organisation asking to join Dringhouses Walkers – Jo Walker")
    assert sections[4].startswith("1 organisation with no active contributor Haxby Crafters")
    assert dashboard.links()["See all changes"] == "/moderation"
    assert f"/reports/{report.id}" in dashboard.html
