"""The rules of changing a listing, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import select

from hub.accounts.models import Role
from hub.directory.models import Service, ServiceStatus
from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ChangeRequest, ChangeStatus, VersionKind
from hub.listings.snapshot import diff, snapshot_of
from hub.search.queries import SearchRequest, search
from tests.factories import make_service, make_user


@pytest.fixture
def listing(any_db_app):
    service = make_service(
        "Acomb lunch club", categories=["meals"],
        phones=[{"number": "01632 960123"}],
        schedules=[{"byday": "TU", "opens_at": "12:00", "closes_at": "14:00"}],
        locations=[{"latitude": 53.955, "longitude": -1.12, "postcode": "YO24 3AB"}],
    )
    contributor = make_user("ali@example.org", organisations=[service.organisation])
    moderator = make_user("mo@example.org", roles=[Role.moderator])
    return service, contributor, moderator


def _found(text: str) -> list[str]:
    return [hit.service_id for hit in search(SearchRequest(text=text)).hits]


def test_a_published_change_is_live_searchable_and_kept_as_a_version(listing):
    service, contributor, moderator = listing
    change = operations.start_change(service, contributor)
    proposed = dict(change.proposed, name="Acomb Tuesday lunch and bingo club")
    proposed["schedules"] = [{"byday": "TU,TH", "opens_at": "11:30", "closes_at": "14:00",
                              "notes": ""}]
    operations.save_draft(change, proposed, contributor, change.revision)
    assert db.session.get(Service, service.id).name == "Acomb lunch club"  # drafts are private
    assert service.id not in _found("bingo")

    operations.submit(change, contributor, change.revision)
    assert change.status == ChangeStatus.submitted
    operations.publish(change, moderator, change.revision)

    live = db.session.get(Service, service.id)
    assert live.name == "Acomb Tuesday lunch and bingo club"
    assert [(s.byday, s.opens_at) for s in live.schedules] == [("TU,TH", dt.time(11, 30))]
    assert live.last_checked == dt.date.today()
    assert service.id in _found("bingo")
    history = operations.versions(live)
    assert [v.kind for v in history] == [VersionKind.published, VersionKind.first_listed]
    changed = {c.label: (c.before, c.after) for c in diff(history[1].snapshot,
                                                          history[0].snapshot)}
    assert set(changed) == {"Name", "Opening times"}
    assert changed["Opening times"] == ("Tuesday 12:00–14:00", "Tuesday, Thursday 11:30–14:00")


def test_a_second_save_from_an_old_page_is_stopped(listing):
    service, contributor, moderator = listing
    change = operations.start_change(service, contributor)
    opened_at = change.revision  # both people open the same draft
    operations.save_draft(change, dict(change.proposed, fees="£2"), contributor, opened_at)
    with pytest.raises(operations.EditConflict):
        operations.save_draft(change, dict(change.proposed, fees="£3"), moderator, opened_at)
    assert db.session.get(ChangeRequest, change.id).proposed["fees"] == "£2"


def test_a_race_between_check_and_write_is_still_stopped(listing):
    """Two processes pass the revision check at once: the database stops the second."""
    service, contributor, _moderator = listing
    change = operations.start_change(service, contributor)
    seen = change.revision
    # Another process saves underneath this session.
    db.session.execute(ChangeRequest.__table__.update().where(
        ChangeRequest.id == change.id).values(revision=seen + 1))
    change.proposed = dict(change.proposed, fees="£5")
    with pytest.raises(operations.EditConflict):
        operations._commit_or_conflict(change)


def test_only_one_open_change_per_listing(listing):
    service, contributor, moderator = listing
    first = operations.start_change(service, contributor)
    assert operations.start_change(service, moderator).id == first.id
    db.session.add(ChangeRequest(service_id=service.id, organisation_id=service.organisation_id,
                                 proposed={}, status=ChangeStatus.draft))
    with pytest.raises(Exception, match=r"(?i)unique"):
        db.session.commit()
    db.session.rollback()


def test_trusted_organisations_publish_directly_and_it_is_recorded(listing):
    service, contributor, _moderator = listing
    service.organisation.trusted = True
    db.session.commit()
    change = operations.start_change(service, contributor)
    operations.save_draft(change, dict(change.proposed, fees="Free for members"),
                          contributor, change.revision)
    assert operations.submit(change, contributor, change.revision) is True
    assert db.session.get(Service, service.id).fees == "Free for members"
    newest = operations.versions(service)[0]
    assert newest.published_by_id == contributor.id


def test_restore_puts_an_earlier_version_back_as_a_new_version(listing):
    service, contributor, moderator = listing
    change = operations.start_change(service, contributor)
    operations.save_draft(change, dict(change.proposed, name="Renamed club"), contributor,
                          change.revision)
    operations.publish(change, moderator, change.revision)
    first = operations.versions(service)[-1]
    operations.restore(service, first, moderator)
    assert db.session.get(Service, service.id).name == "Acomb lunch club"
    newest = operations.versions(service)[0]
    assert (newest.kind, newest.restored_from, newest.number) == (VersionKind.restored, 1, 3)


def test_withdrawing_removes_the_listing_from_search(listing):
    service, contributor, moderator = listing
    assert service.id in _found("lunch")
    change = operations.start_change(service, contributor)
    operations.save_draft(change, dict(change.proposed, status="inactive"), contributor,
                          change.revision)
    operations.publish(change, moderator, change.revision)
    assert db.session.get(Service, service.id).status == ServiceStatus.inactive
    assert service.id not in _found("lunch")


def test_a_new_service_is_created_on_approval(listing):
    service, contributor, moderator = listing
    change = operations.start_new_service(service.organisation, contributor)
    proposed = dict(change.proposed, name="Dringhouses walking group",
                    description="Gentle walks.", categories=["meals"])
    proposed["locations"] = [{"id": None, "name": "Library", "address": "1 Main Street",
                              "city": "York", "postcode": "YO24 1AA", "step_free": True}]
    operations.save_draft(change, proposed, contributor, change.revision)
    operations.publish(change, moderator, change.revision)
    created = db.session.scalar(select(Service).where(Service.name == proposed["name"]))
    assert created.organisation_id == service.organisation_id
    assert created.locations[0].step_free
    assert created.locations[0].latitude is not None  # placed by its postcode district
    assert created.id in _found("walking")


def test_editing_a_venue_another_organisation_uses_changes_only_a_copy(listing):
    service, contributor, moderator = listing
    venue = service.locations[0]
    other = make_service("Someone else's club", organization={
        "id": "00000000-0000-0000-0000-000000000002", "name": "Other Trust"})
    other.locations_at.append(type(service.locations_at[0])(location=venue))
    db.session.commit()
    change = operations.start_change(service, contributor)
    proposed = dict(change.proposed)
    proposed["locations"] = [dict(proposed["locations"][0], name="Our own room")]
    operations.save_draft(change, proposed, contributor, change.revision)
    operations.publish(change, moderator, change.revision)
    assert db.session.get(Service, service.id).locations[0].name == "Our own room"
    assert db.session.get(Service, other.id).locations[0].name == "Test Hall"


def test_snapshot_round_trip_changes_nothing(listing):
    service, contributor, moderator = listing
    before = snapshot_of(service)
    change = operations.start_change(service, contributor)
    operations.publish(change, moderator, change.revision)
    assert snapshot_of(db.session.get(Service, service.id)) == before


def test_publishing_keeps_live_changes_made_after_the_draft_began(listing):
    """A restore (or import) after the draft began is not undone by fields the draft left."""
    service, contributor, moderator = listing
    change = operations.start_change(service, contributor)
    operations.save_draft(change, dict(change.proposed, fees="£2 a session"), contributor,
                          change.revision)
    service.name = "Acomb lunch club (renamed by an import)"
    db.session.commit()
    operations.publish(change, moderator, change.revision)
    live = db.session.get(Service, service.id)
    assert (live.name, live.fees) == ("Acomb lunch club (renamed by an import)", "£2 a session")
