"""A feed the API writes imports into a fresh hub unchanged: the writer is the importer's
inverse."""

from hub.directory.operations import import_services
from tests.api.conftest import API, get_all, get_json


def full_feed(client) -> list[dict]:
    return [get_json(client, f"{API}/services/{item['id']}")
            for item in get_all(client, "services")]


def comparable(feed: list[dict]) -> list[dict]:
    """The feed without what each hub sets for itself: when a row was written, and the ids
    of service-at-location links (the importer keys links by their location)."""
    return [{key: value for key, value in service.items() if key != "last_modified"}
            | {"service_at_locations": [link | {"id": None}
                                        for link in service.get("service_at_locations", [])]}
            for service in feed]


def test_the_sample_exported_and_imported_again_is_the_same(sample_app, app, client):
    with sample_app.app_context():
        exported = full_feed(sample_app.test_client())
    report = import_services(exported)
    assert report.ok, report.problems[:5]
    assert report.created == len(exported) > 50
    again = full_feed(client)
    assert comparable(again) == comparable(exported)
