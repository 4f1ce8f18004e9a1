"""Build ORUK service records for tests and import them through the real code path."""

import uuid
from typing import Any

from hub.directory.models import Service
from hub.directory.operations import import_services
from hub.extensions import db


def oruk_service(name: str = "Tuesday lunch club", **fields: Any) -> dict[str, Any]:
    service: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "name": name,
        "status": "active",
        "description": f"{name}: a friendly test service.",
        "organization": {"id": str(uuid.UUID(int=1)), "name": "Test Community Trust"},
        "assured_date": "2026-10-01",
    }
    categories = fields.pop("categories", [])
    delivery = fields.pop("delivery", [])
    locations = fields.pop("locations", [])
    service.update(fields)
    service["attributes"] = [
        {"id": str(uuid.uuid4()),
         "taxonomy_term": {"id": str(uuid.uuid4()), "name": code, "term": code,
                           "taxonomy": "live-well-hub"}}
        for code in categories
    ] + [
        {"id": str(uuid.uuid4()),
         "taxonomy_term": {"id": str(uuid.uuid4()), "name": m, "term": m,
                           "taxonomy": "delivery-method"}}
        for m in delivery
    ]
    service["service_at_locations"] = [
        {"id": str(uuid.uuid4()), "location": {
            "id": str(uuid.uuid4()), "location_type": "physical",
            "name": loc.get("name", "Test Hall"),
            "latitude": loc["latitude"], "longitude": loc["longitude"],
            "ward": loc.get("ward", ""),
            "addresses": [{"id": str(uuid.uuid4()), "address_1": "1 Test Street",
                           "city": "York", "state_province": "",
                           "postal_code": loc.get("postcode", "YO1 9XX"), "country": "GB",
                           "address_type": "physical"}],
            "accessibility": [{"id": str(uuid.uuid4()), "accessibility": a}
                              for a in loc.get("accessibility", [])],
        }}
        for loc in locations
    ]
    return service


def make_service(name: str = "Tuesday lunch club", **fields: Any) -> Service:
    record = oruk_service(name, **fields)
    report = import_services([record])
    assert report.ok, report.problems
    return db.session.get(Service, record["id"])


def make_user(email: str = "sam@example.org", *, roles=(), organisations=(),
              password: str | None = "a long sample passphrase", name: str = "Sam Sample"):
    """A user with these roles (Role members) and memberships (Organisation records)."""
    from hub.accounts.models import Membership, User, UserRole
    from hub.accounts.passwords import hash_password

    user = User(email=email.lower(), name=name,
                password_hash=hash_password(password) if password else None)
    user.granted_roles = [UserRole(role=role) for role in roles]
    user.memberships = [Membership(organisation_id=org.id) for org in organisations]
    db.session.add(user)
    db.session.commit()
    return user
