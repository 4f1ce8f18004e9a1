"""Only moderators reach these pages; forms need their CSRF token; looking changes nothing."""

import pytest
from sqlalchemy import func, select

from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ChangeRequest, ServiceVersion
from tests.conftest import sign_in
from tests.factories import make_user
from tests.moderation.helpers import propose


@pytest.fixture
def change(listing) -> ChangeRequest:
    """A waiting change to a listing that already has a version to restore."""
    first = propose(listing, fees="£1")
    operations.publish(first, listing.moderator, first.revision)
    return propose(listing, name="Acomb lunch and bingo club")


def _urls(app, listing, change) -> list[tuple[str, str]]:
    """(method, path) for every moderation route, pointing at real records."""
    values = {"change_id": change.id, "service_id": listing.service.id,
              "organisation_id": listing.service.organisation_id, "number": 1}
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("moderation."):
            path = rule.build({name: values[name] for name in rule.arguments})[1]
            found.extend((method, path) for method in sorted(rule.methods & {"GET", "POST"}))
    return found


def _state(listing, change) -> tuple:
    db.session.expire_all()
    return (listing.service.name, listing.service.status, listing.service.fees,
            listing.service.organisation.trusted, change.status, change.revision,
            db.session.scalar(select(func.count(ServiceVersion.id))))


def test_every_route_is_listed(app, listing, change):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("moderation.")}
    assert endpoints == {f"moderation.{name}" for name in (
        "queue", "review", "approve", "send_back", "services", "history", "restore",
        "organisations", "organisation", "dashboard")}


@pytest.mark.parametrize("persona", ["signed out", "no role", "contributor"])
def test_people_who_are_not_moderators_are_refused(app, listing, change, persona):
    app.config["WTF_CSRF_ENABLED"] = False  # so a POST reaches the role check
    client = app.test_client()
    if persona == "contributor":
        sign_in(client, listing.contributor)
    elif persona == "no role":
        sign_in(client, make_user("nobody@example.org"))
    before = _state(listing, change)
    for method, path in _urls(app, listing, change):
        response = client.open(path, method=method, data={"reason": "x", "trusted": "y",
                                                          "revision": change.revision})
        if persona == "signed out":
            assert response.status_code == 302, (method, path)
            assert response.headers["Location"].startswith("/account/sign-in"), path
        else:
            assert response.status_code == 403, (method, path, persona)
    assert _state(listing, change) == before


def test_a_form_sent_without_its_csrf_token_is_refused(moderator_client, listing, change):
    before = _state(listing, change)
    for method, path in _urls(moderator_client.application, listing, change):
        if method == "POST":
            response = moderator_client.post(path, data={
                "reason": "x", "trusted": "y", "revision": change.revision})
            assert response.status_code == 400, path
    assert _state(listing, change) == before


def test_every_page_is_well_formed_and_looking_changes_nothing(moderator_client, listing,
                                                              change, page):
    before = _state(listing, change)
    for method, path in _urls(moderator_client.application, listing, change):
        if method == "GET":
            page(moderator_client, path)
    assert _state(listing, change) == before


def test_records_that_do_not_exist_are_not_found(moderator_client, listing):
    for path in ("/moderation/changes/nope", "/moderation/services/nope/history",
                 "/moderation/services/nope/versions/1/restore",
                 "/moderation/organisations/nope"):
        assert moderator_client.get(path).status_code == 404, path
