"""Two organisations' listings and people, for the contributor pages."""

import uuid
from dataclasses import dataclass

import pytest

from hub.accounts.models import Role, User
from hub.directory.models import Service
from tests.conftest import sign_in
from tests.factories import make_service, make_user


@dataclass
class People:
    service: Service  # ours
    theirs: Service  # another organisation's
    contributor: User  # a member of our organisation
    colleague: User  # another member of ours
    moderator: User

    def client(self, app, user: User):
        client = app.test_client()
        sign_in(client, user)
        return client


@pytest.fixture
def people(app) -> People:
    service = make_service(
        "Acomb lunch club", categories=["meals"],
        phones=[{"number": "01632 960123", "description": "Bookings"}],
        schedules=[{"byday": "TU", "opens_at": "12:00", "closes_at": "14:00"}],
        locations=[{"latitude": 53.955, "longitude": -1.12, "postcode": "YO24 3AB",
                    "ward": "Acomb"}],
    )
    theirs = make_service("Holgate walking group", categories=["meals"], organization={
        "id": str(uuid.UUID(int=2)), "name": "Another Trust"})
    return People(
        service=service, theirs=theirs,
        contributor=make_user("ali@example.org", organisations=[service.organisation],
                              name="Ali"),
        colleague=make_user("bo@example.org", organisations=[service.organisation],
                            name="Bo"),
        moderator=make_user("mo@example.org", roles=[Role.moderator], name="Mo"),
    )
