"""Finding listings, their history, restoring an earlier version and withdrawing."""

from sqlalchemy import func, select

from hub.directory.models import Service, ServiceStatus
from hub.directory.operations import import_services
from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ServiceVersion, VersionKind
from tests.conftest import csrf_token
from tests.factories import make_service, oruk_service
from tests.moderation.helpers import found, propose


def _versions(history) -> list[str]:
    return [heading for heading in history.texts("h2") if heading.startswith("Version")]


def _published(listing, **fields):
    change = propose(listing, **fields)
    operations.publish(change, listing.moderator, change.revision)
    return change


def test_history_shows_who_changed_what_and_when(moderator_client, listing, page):
    _published(listing, name="Acomb lunch and bingo club")
    history = page(moderator_client, f"/moderation/services/{listing.service.id}/history")
    assert history.h1 == "History of Acomb lunch and bingo club"
    assert _versions(history)[:2] == ["Version 2: Published Live", "Version 1: First listed"]
    newest = history.texts("section")[0]
    assert "Proposed by Ali Contributor" in newest and "Published by Mo Moderator" in newest
    assert "Name Acomb lunch club Acomb lunch and bingo club" in newest
    assert "Phone numbers" not in newest  # only what changed
    assert history.links()["Restore version 1"] == (
        f"/moderation/services/{listing.service.id}/versions/1/restore")
    assert "Restore version 2" not in history.links()  # the live one


def test_a_listing_never_changed_has_no_history_yet(moderator_client, listing, page):
    history = page(moderator_client, f"/moderation/services/{listing.service.id}/history")
    assert "has no history yet" in history


def test_restoring_puts_an_earlier_version_back_and_search_follows(moderator_client, listing,
                                                                  page):
    _published(listing, name="Acomb bingo club")
    url = f"/moderation/services/{listing.service.id}/versions/1/restore"
    confirm = page(moderator_client, url)
    assert confirm.h1 == "Restore version 1 of Acomb bingo club"
    assert "Name Acomb bingo club Acomb lunch club" in confirm.texts("tr")
    assert db.session.get(Service, listing.service.id).name == "Acomb bingo club"  # GET: no change

    response = moderator_client.post(url, data={"csrf_token": csrf_token(moderator_client, url)})
    assert response.headers["Location"] == f"/moderation/services/{listing.service.id}/history"
    assert db.session.get(Service, listing.service.id).name == "Acomb lunch club"
    assert listing.service.id in found("lunch")
    assert listing.service.id not in found("bingo")
    history = page(moderator_client, response.headers["Location"])
    assert "Version 1 is live again. The history keeps it as version 3." in history
    assert _versions(history)[0] == "Version 3: Restored from version 1 Live"
    assert "Published by Mo Moderator" in history.texts("section")[0]


def test_restoring_a_version_that_does_not_exist_is_not_found(moderator_client, listing):
    url = f"/moderation/services/{listing.service.id}/versions/7/restore"
    assert moderator_client.get(url).status_code == 404


def test_withdrawing_a_listing_removes_it_from_search_but_not_from_moderators(
        moderator_client, listing, page):
    assert listing.service.id in found("lunch")
    _published(listing, status="inactive")
    assert db.session.get(Service, listing.service.id).status == ServiceStatus.inactive
    assert listing.service.id not in found("lunch")
    listings = page(moderator_client, "/moderation/services?q=LUNCH")
    assert "Acomb lunch club Test Community Trust Withdrawn (not listed)" in " ".join(
        listings.texts("tr"))


def test_finding_listings_by_name(moderator_client, listing, page):
    make_service("Bishopthorpe 100% fit")
    all_listings = page(moderator_client, "/moderation/services")
    assert "2 listings" in all_listings
    matching = page(moderator_client, "/moderation/services?q=100%25")
    assert "1 listing found" in matching and "Bishopthorpe 100% fit" in matching
    assert "No listing has a name like that." in page(moderator_client,
                                                      "/moderation/services?q=_")
    assert matching.links()["History of Bishopthorpe 100% fit"].endswith("/history")


def test_listings_are_shown_fifty_to_a_page(moderator_client, listing, page):
    report = import_services([oruk_service(f"Walking group {number:02}") for number in range(51)])
    assert report.ok
    first = page(moderator_client, "/moderation/services?q=walking")
    assert "Walking group 49" in first and "Walking group 50" not in first
    assert "Next page" in first
    assert "Walking group 50" in page(moderator_client, "/moderation/services?q=walking&page=2")


def test_the_edit_button_starts_or_reuses_the_listings_draft(moderator_client, listing, page):
    listings = page(moderator_client, "/moderation/services?q=acomb")
    action = f"/contribute/services/{listing.service.id}/edit"
    assert f'action="{action}"' in listings.html
    response = moderator_client.post(action, data={
        "csrf_token": csrf_token(moderator_client, "/moderation/services?q=acomb")})
    change = operations.open_change(listing.service)
    assert response.headers["Location"] == f"/contribute/changes/{change.id}"
    assert db.session.scalar(select(func.count(ServiceVersion.id))) == 0
    assert change.author_id == listing.moderator.id


def test_version_kinds_are_labelled(moderator_client, listing, page):
    _published(listing, fees="£2")
    first = operations.versions(listing.service)[-1]
    operations.restore(listing.service, first, listing.moderator)
    history = page(moderator_client, f"/moderation/services/{listing.service.id}/history")
    kinds = [version.kind for version in operations.versions(listing.service)]
    assert kinds == [VersionKind.restored, VersionKind.published, VersionKind.first_listed]
    assert [heading.split(": ")[1] for heading in _versions(history)] == [
        "Restored from version 1 Live", "Published", "First listed"]
