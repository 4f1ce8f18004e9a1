"""The OpenAPI 3.1 description of this hub's API, served at /api/v1/openapi.json.

Bodies are described by the Open Referral UK profile's own JSON Schemas, by their public
addresses, so a client checks a response against the standard itself.
"""

from typing import Any

from flask import current_app

from hub.api.serialise import LAST_PAGE_ALLOWED, VERSION

ORUK_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


def _oruk(name: str) -> dict[str, str]:
    return {"$ref": ORUK_SCHEMAS + name}


def _query(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "string", **schema}}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _list(item: dict[str, str], description: str, *parameters: str) -> dict[str, Any]:
    page = {"allOf": [_ref("schemas", "Page"),
                      {"type": "object", "properties": {
                          "contents": {"type": "array", "items": item}}}]}
    return {"get": {
        "summary": description,
        "parameters": [_ref("parameters", name) for name in ("page", "per_page", *parameters)],
        "responses": {"200": _json(page, description), "400": _ref("responses", "BadRequest"),
                      "429": _ref("responses", "TooManyRequests")},
    }}


def _one(item: dict[str, str], description: str) -> dict[str, Any]:
    return {"get": {
        "summary": description,
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "description": "The record's id (a UUID).",
                        "schema": {"type": "string"}}],
        "responses": {"200": _json(item, description), "404": _ref("responses", "NotFound"),
                      "429": _ref("responses", "TooManyRequests")},
    }}


def _parameters() -> dict[str, Any]:
    config = current_app.config
    return {
        "page": {"name": "page", "in": "query", "required": False,
                 "description": "Which page of results, from 1. Past the last page the list is "
                                "empty.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": LAST_PAGE_ALLOWED,
                            "default": 1}},
        "per_page": {"name": "per_page", "in": "query", "required": False,
                     "description": "How many results on a page.",
                     "schema": {"type": "integer", "minimum": 1,
                                "maximum": config["API_MAX_PER_PAGE"],
                                "default": config["API_PER_PAGE"]}},
        "search": _query("search", "Words to search for, as on the site's own search "
                                   "(with its synonyms and spelling help; listings not checked "
                                   "for a long time are left out). Results come best first.",
                         maxLength=200),
        "taxonomy_term_id": _query("taxonomy_term_id", "Services with this category, or one "
                                                       "under it, or this delivery method.",
                                   format="uuid"),
        "taxonomy_id": _query("taxonomy_id", "Services with any term of this taxonomy.",
                              format="uuid"),
        "vocabulary": _query("vocabulary", "The same, by the taxonomy's short name (e.g. "
                                           "delivery-method)."),
        "organization_id": _query("organization_id", "Services of this organization.",
                                  format="uuid"),
        "postcode": _query("postcode", "A postcode (or place name) to sort services by "
                                       "distance from, nearest first.", maxLength=100),
        "proximity": _query("proximity", "With postcode: only services within this many "
                                         "metres (or, with no venue, serving that area).",
                            pattern=r"^[0-9]+(\.[0-9]+)?$"),
        "modified_after": _query("modified_after", "Services changed at or after this date "
                                                   "and time (RFC 3339).",
                                 format="date-time"),
        "parent_id": _query("parent_id", "Terms directly under this term.", format="uuid"),
        "top_only": {"name": "top_only", "in": "query", "required": False,
                     "description": "Only terms with no parent.",
                     "schema": {"type": "boolean"}},
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    config = current_app.config
    error = _ref("schemas", "Error")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{config['HUB_NAME']} directory (Open Referral UK)",
            "version": "1.0.0",
            "description": (
                f"The public directory of {config['HUB_NAME']} in the Open Referral UK 3.0 "
                f"({VERSION}) format: every listed service, with its organization, places, "
                "times, costs, languages and categories. Read only; open to any web site "
                f"(CORS); at most {config['API_RATE_LIMIT']} from one address."),
            "license": {"name": config["API_LICENCE_NAME"], "url": config["API_LICENCE_URL"]},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": {"get": {
                "summary": "Which standard this API follows, and where to start.",
                "responses": {"200": _json({
                    "type": "object", "required": ["version"],
                    "properties": {"version": {"const": VERSION},
                                   "profile": {"type": "string", "format": "uri"},
                                   "openapi_url": {"type": "string", "format": "uri"}}},
                    "The standard's version and links.")},
            }},
            "/services": _list(_oruk("compiled/service_list.json"),
                               "Listed services, A to Z unless searched or near a postcode.",
                               "search", "taxonomy_term_id", "taxonomy_id", "vocabulary",
                               "organization_id", "postcode", "proximity", "modified_after"),
            "/services/{id}": _one(_oruk("compiled/service.json"),
                                   "A listed service with everything about it."),
            "/service_at_locations": _list(_oruk("compiled/service_at_location_list.json"),
                                           "Each service at each of its places."),
            "/service_at_locations/{id}": _one(
                _oruk("compiled/service_at_location.json"),
                "A service at one place, with the full service (its name and status on top)."),
            "/organizations": _list(_oruk("compiled/organization_list.json"),
                                    "Organizations with at least one listed service."),
            "/organizations/{id}": _one(_oruk("compiled/organization.json"),
                                        "An organization and its listed services in full."),
            "/taxonomies": _list(_oruk("taxonomy.json"),
                                 "The hub's categories, and its delivery methods."),
            "/taxonomies/{id}": _one(_oruk("taxonomy.json"), "A taxonomy with its terms."),
            "/taxonomy_terms": _list(_oruk("taxonomy_term.json"),
                                     "Every term, parents before their children.",
                                     "taxonomy_id", "vocabulary", "parent_id", "top_only"),
            "/taxonomy_terms/{id}": _one(_oruk("taxonomy_term.json"), "One term."),
        },
        "components": {
            "parameters": _parameters(),
            "schemas": {
                "Page": {"type": "object",
                         "required": ["total_items", "total_pages", "page_number", "size",
                                      "first_page", "last_page", "empty", "contents"],
                         "properties": {
                             "total_items": {"type": "integer", "minimum": 0},
                             "total_pages": {"type": "integer", "minimum": 0},
                             "page_number": {"type": "integer", "minimum": 1},
                             "size": {"type": "integer", "minimum": 1,
                                      "description": "The page size asked for."},
                             "first_page": {"type": "boolean"},
                             "last_page": {"type": "boolean"},
                             "empty": {"type": "boolean"},
                             "contents": {"type": "array"}}},
                "Error": {"type": "object", "required": ["status", "message"],
                          "properties": {"status": {"type": "integer"},
                                         "message": {"type": "string",
                                                     "description": "What went wrong, in "
                                                                    "plain English."}}},
            },
            "responses": {
                "BadRequest": _json(error, "A query parameter is wrong; the message says how."),
                "NotFound": _json(error, "There is no listed record with that id."),
                "TooManyRequests": _json(error, "Too many requests from one address: wait "
                                                "a minute."),
            },
        },
    }
