"""Every endpoint's answers meet the Open Referral UK 3.0 schemas, formats included."""

import uuid

import pytest

from tests.api.conftest import API, ENVELOPE, LIST_ITEM, ONE, get_all, get_json
from tests.factories import make_service

EVERY_FIELD = {
    "description": "Tea, cake and music for people living with dementia.",
    "eligibility_description": "People with memory problems and their carers.",
    "application_process": "Ring to book your first visit.",
    "fees": "£2 a session",
    "minimum_age": 18,
    "maximum_age": 99,
    "email": "cafe@example.org",
    "url": "https://example.org/cafe",
    "organization": {"id": str(uuid.UUID(int=7)), "name": "Full Fields Trust",
                     "description": "A trust with every detail.", "email": "trust@example.org",
                     "website": "https://trust.example.org"},
    "phones": [{"id": str(uuid.uuid4()), "number": "01632 960123", "description": "Bookings"}],
    "schedules": [{"id": str(uuid.uuid4()), "byday": "TU,TH", "opens_at": "10:00",
                   "closes_at": "12:30", "notes": "Not on bank holidays"}],
    "cost_options": [{"id": str(uuid.uuid4()), "option": "per session", "amount": 2.5,
                      "amount_description": "pay on the day"}],
    "service_areas": [{"id": str(uuid.uuid4()), "name": "Acomb"}],
    "languages": [{"id": str(uuid.uuid4()), "code": "pl"}],
    "categories": ["dementia-activities", "meals"],
    "delivery": ["in-person", "phone"],
    "locations": [{"name": "Acomb Test Hall", "latitude": 53.955, "longitude": -1.125,
                   "ward": "Acomb", "postcode": "YO24 3XX",
                   "accessibility": ["Step-free access", "Accessible toilet", "Hearing loop",
                                     "Parking"]}],
}


def check_collection(client, check, collection: str) -> list[dict]:
    """Check every page of a list and every record it names; return the list."""
    first = get_json(client, f"{API}/{collection}")
    assert set(first) == ENVELOPE
    items = get_all(client, collection)
    assert items, f"{collection} is empty"
    for item in items:
        check(item, LIST_ITEM[collection])
        record = get_json(client, f"{API}/{collection}/{item['id']}")
        for schema in ONE[collection]:
            check(record, schema)
    return items


def test_index_names_the_standard_and_its_description(sample_client):
    index = get_json(sample_client, f"{API}/")
    assert index["version"] == "HSDS-UK-3.0"
    assert get_json(sample_client, index["openapi_url"].replace("http://localhost", ""))[
        "openapi"].startswith("3.1")
    for url in index["links"].values():
        assert set(get_json(sample_client, url.replace("http://localhost", ""))) == ENVELOPE


@pytest.mark.parametrize("collection", list(LIST_ITEM))
def test_every_sample_record_meets_the_standard(sample_client, check, collection):
    check_collection(sample_client, check, collection)


def test_a_service_with_every_field_filled_meets_the_standard(client, check):
    service = make_service("Full fields café", **EVERY_FIELD)
    for collection in LIST_ITEM:
        check_collection(client, check, collection)
    document = get_json(client, f"{API}/services/{service.id}")
    # What the public page shows is all there.
    assert document["phones"][0]["number"] == "01632 960123"
    assert document["cost_options"][0]["amount"] == 2.5
    assert document["schedules"][0] | {"byday": "TU,TH", "opens_at": "10:00",
                                       "closes_at": "12:30"} == document["schedules"][0]
    assert document["languages"][0]["name"] == "Polish"
    location = document["service_at_locations"][0]["location"]
    assert location["ward"] == "Acomb"
    assert location["addresses"][0]["postal_code"] == "YO24 3XX"
    assert len(location["accessibility"]) == 4
    terms = {a["taxonomy_term"]["term"] for a in document["attributes"]}
    assert terms == {"dementia-activities", "meals", "in-person", "phone"}
    organisation = get_json(client, f"{API}/organizations/{service.organisation_id}")
    assert [s["id"] for s in organisation["services"]] == [service.id]


def test_a_service_with_the_least_filled_in_meets_the_standard(client, check):
    service = make_service("Bare service", description="", assured_date=None,
                           organization={"id": str(uuid.UUID(int=8)), "name": "Bare Trust"})
    check_collection(client, check, "services")
    check_collection(client, check, "organizations")
    document = get_json(client, f"{API}/services/{service.id}")
    # Nothing empty is sent: no nulls, no empty lists, no empty strings.
    assert set(document) == {"id", "name", "status", "organization", "organization_id",
                             "last_modified"}
    assert document["organization"] == {"id": str(uuid.UUID(int=8)), "name": "Bare Trust",
                                        "description": ""}
