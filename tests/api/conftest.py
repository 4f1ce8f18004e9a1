"""The Open Referral UK profile's own schemas, to check every API response against."""

import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from hub.api.openapi import ORUK_SCHEMAS
from hub.config import ROOT

ORUK = Path(os.environ.get("HUB_ORUK_DIR", ROOT.parent / "shared" / "oruk"))
SCHEMAS = ORUK / "schema"
API = "/api/v1"
# The schema each kind of response must meet, as the standard's validator reads them.
LIST_ITEM = {
    "services": "compiled/service_list.json",
    "service_at_locations": "compiled/service_at_location_list.json",
    "organizations": "compiled/organization_list.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}
ONE = {
    "services": ["compiled/service.json"],
    # The official validator reads this one as a service; HSDS says service_at_location.
    "service_at_locations": ["compiled/service.json", "compiled/service_at_location.json"],
    "organizations": ["compiled/organization.json"],
    "taxonomies": ["taxonomy.json"],
    "taxonomy_terms": ["taxonomy_term.json"],
}
ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
            "empty", "contents"}


def _retrieve(uri: str) -> Resource:
    if not uri.startswith(ORUK_SCHEMAS):
        raise LookupError(uri)
    path = SCHEMAS / uri[len(ORUK_SCHEMAS):]
    return Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)


@pytest.fixture(scope="session")
def oruk_schemas():
    if not SCHEMAS.exists():
        pytest.skip(f"The Open Referral UK schemas are not at {SCHEMAS} (set HUB_ORUK_DIR)")
    return Registry(retrieve=_retrieve)


@pytest.fixture(scope="session")
def check(oruk_schemas):
    """check(body, "compiled/service.json"): fail with every error, formats included."""

    def validate(body, name: str) -> None:
        validator = Draft202012Validator({"$ref": ORUK_SCHEMAS + name}, registry=oruk_schemas,
                                         format_checker=FormatChecker())
        errors = ["/".join(map(str, e.absolute_path)) + f": {e.message}"
                  for e in validator.iter_errors(body)]
        assert not errors, f"{name}: {errors[:5]}"

    return validate


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.data[:300])
    assert response.mimetype == "application/json", url
    return response.get_json()


def get_all(client, collection: str, **params) -> list[dict]:
    """Every item of a collection, page by page."""
    items, page = [], 1
    while True:
        query = "&".join(f"{k}={v}" for k, v in {**params, "page": page}.items())
        body = get_json(client, f"{API}/{collection}?{query}")
        items += body["contents"]
        if body["last_page"]:
            return items
        page += 1
