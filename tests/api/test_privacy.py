"""Only what the public site shows: no withdrawn listings, drafts, or people behind them."""

import json
import uuid

from hub.listings.operations import save_draft, start_change, start_new_service
from tests.api.conftest import API, LIST_ITEM, get_all, get_json
from tests.factories import make_service, make_user


def everything_the_api_says(client) -> str:
    """Every list, every record in it, the index, the description and the docs page."""
    said = [client.get(f"{API}/").data, client.get(f"{API}/openapi.json").data,
            client.get(f"{API}/docs").data]
    for collection in LIST_ITEM:
        for item in get_all(client, collection):
            said.append(json.dumps(item))
            said.append(json.dumps(get_json(client, f"{API}/{collection}/{item['id']}")))
    return "\n".join(part if isinstance(part, str) else part.decode() for part in said)


def test_nothing_private_appears_anywhere(any_db_app):
    client = any_db_app.test_client()
    live = make_service("Open lunch club", categories=["meals"], locations=[
        {"latitude": 53.95, "longitude": -1.08, "postcode": "YO1 7AA"}])
    withdrawn = make_service("Withdrawn bingo", status="inactive", locations=[
        {"name": "Closed hall", "latitude": 53.96, "longitude": -1.09}],
        organization={"id": str(uuid.UUID(int=9)), "name": "Gone Away Trust"})
    contributor = make_user("hidden.helper@example.org", name="Hidden Helper",
                            organisations=[live.organisation])
    change = start_change(live, contributor)
    save_draft(change, change.proposed | {"name": "Draft name nobody approved",
                                          "description": "Unpublished words"},
               contributor, change.revision)
    new = start_new_service(live.organisation, contributor)
    save_draft(new, new.proposed | {"name": "Proposed new service"}, contributor, new.revision)

    said = everything_the_api_says(client)
    assert "Open lunch club" in said and live.id in said
    for secret in ("hidden.helper@example.org", "Hidden Helper", "Draft name nobody approved",
                   "Unpublished words", "Proposed new service", "Withdrawn bingo",
                   withdrawn.id, withdrawn.locations_at[0].id, "Closed hall", "Gone Away Trust",
                   withdrawn.organisation_id, contributor.id, change.id, new.id):
        assert secret not in said, secret
    for path in (f"services/{withdrawn.id}", f"service_at_locations/"
                 f"{withdrawn.locations_at[0].id}", f"organizations/{withdrawn.organisation_id}"):
        get_json(client, f"{API}/{path}", status=404)
