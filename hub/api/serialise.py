"""Directory records as Open Referral UK 3.0 JSON: the inverse of hub.directory.oruk.

A feed written here imports back into a hub unchanged. Optional fields are left out rather
than sent empty or null. Where the UK profile has no field for something the public service
page shows, the HSDS 3.0 field the importer reads carries it: service `phones`,
`eligibility_description` and `application_process`, language `code` and `name`, and a
location's `ward`. Delivery methods and venue accessibility travel as taxonomy attributes
and accessibility phrases, as the importer expects. Translations have no place in the
standard and are left out; so is anything about accounts, drafts or who edited what.

Load services with FULL_SERVICE (or SERVICE_SUMMARY for lists) so that writing a page of
them costs a fixed number of queries, however many services it holds.
"""

import datetime as dt
import math
from typing import Any

from babel import Locale, UnknownLocaleError
from sqlalchemy.orm import noload, selectinload

from hub.directory.models import (
    Delivery,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from hub.directory.oruk import (
    DELIVERY_VOCABULARY,
    VENUE_FEATURES,
    WEB_ADDRESS,
    stable_id,
)
from hub.directory.queries import WHOLE_SERVICE

VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://openreferraluk.org/"
COUNTRY = "GB"  # Open Referral UK is the United Kingdom's profile
# Delivery methods as a taxonomy of their own; feed data is English, like category names.
DELIVERY_NAMES = {
    Delivery.in_person: "In person",
    Delivery.at_home: "At home",
    Delivery.online: "Online",
    Delivery.phone: "By phone",
}
DELIVERY_TAXONOMY = {
    "name": "Delivery methods",
    "description": "How a service reaches people: in person, at home, online or by phone.",
}

SERVICE_SUMMARY = (noload(Service.translations), selectinload(Service.organisation))
FULL_SERVICE = (noload(Service.translations), *WHOLE_SERVICE)


def _without_empty(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def _web_address(value: str | None) -> str | None:
    """Only a full http(s) address: the standard's `uri` format needs the scheme."""
    return value if value and WEB_ADDRESS.fullmatch(value) else None


def timestamp(moment: dt.datetime) -> str:
    """RFC 3339 in UTC; SQLite hands back UTC times without their zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def taxonomy_id(vocabulary: str) -> str:
    return stable_id("taxonomy", vocabulary)


def delivery_term_id(method: Delivery) -> str:
    return stable_id("delivery", method.value)


# Beyond any real directory; it keeps the database's OFFSET within its whole numbers.
LAST_PAGE_ALLOWED = 1_000_000


def page_envelope(contents: list[dict], *, total: int, page: int, per_page: int) -> dict:
    """The standard's paged list: `size` is the page size asked for (as in the examples)."""
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": per_page,
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# ---- taxonomies ---------------------------------------------------------------------------


def taxonomy_term_document(term: TaxonomyTerm) -> dict[str, Any]:
    return _without_empty({
        "id": term.id,
        "name": term.name,
        "parent_id": term.parent_id,
        "taxonomy": term.vocabulary,
        "taxonomy_id": taxonomy_id(term.vocabulary),
        "term": term.code,
    }) | {"description": term.description}


def delivery_term_document(method: Delivery) -> dict[str, Any]:
    return {
        "id": delivery_term_id(method),
        "name": DELIVERY_NAMES[method],
        "description": "",
        "taxonomy": DELIVERY_VOCABULARY,
        "taxonomy_id": taxonomy_id(DELIVERY_VOCABULARY),
        "term": method.value,
    }


def taxonomy_document(vocabulary: str, name: str, description: str,
                      terms: list[dict] | None = None) -> dict[str, Any]:
    document = {"id": taxonomy_id(vocabulary), "name": name, "description": description}
    if terms is not None:
        document["taxonomy_terms"] = terms
    return document


def _attribute(service: Service, term: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": stable_id("attribute", f"{service.id}:{term['id']}"),
        "link_id": service.id,
        "link_type": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


# ---- organisations ------------------------------------------------------------------------


def organisation_document(organisation: Organisation,
                          services: list[Service] | None = None) -> dict[str, Any]:
    """The organisation; with `services` (loaded with FULL_SERVICE), each of them in full."""
    document = _without_empty({
        "id": organisation.id,
        "name": organisation.name,
        "email": organisation.email,
        "website": _web_address(organisation.website),
        "phones": [{"id": stable_id("organisation-phone", organisation.id),
                    "number": organisation.phone}] if organisation.phone else [],
    }) | {"description": organisation.description or ""}
    if services is not None:
        document["services"] = [service_document(service) for service in services]
    return document


# ---- services -----------------------------------------------------------------------------


def service_summary(service: Service) -> dict[str, Any]:
    """The one-to-one fields and the organisation: the standard's list form."""
    return _without_empty({
        "id": service.id,
        "organization_id": service.organisation_id,
        "name": service.name,
        "description": service.description,
        "url": _web_address(service.website),
        "email": service.email,
        "status": service.status.value,
        "fees": service.fees,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_checked.isoformat() if service.last_checked else None,
        "last_modified": timestamp(service.last_modified) if service.last_modified else None,
        "eligibility_description": service.eligibility,
        "application_process": service.how_to_access,
        "organization": organisation_document(service.organisation),
    })


def service_document(service: Service) -> dict[str, Any]:
    """The full nested service (load it with FULL_SERVICE)."""
    terms = sorted(service.taxonomy_terms, key=lambda term: (term.vocabulary, term.code))
    attributes = [_attribute(service, taxonomy_term_document(term)) for term in terms]
    attributes += [_attribute(service, delivery_term_document(method))
                   for method in service.delivery_methods]
    return service_summary(service) | _without_empty({
        "phones": [_without_empty({"id": _part_id("phone", service, i), "number": phone.number,
                                   "description": phone.description})
                   for i, phone in enumerate(service.phones)],
        "schedules": [_schedule(service, i, schedule)
                      for i, schedule in enumerate(service.schedules)],
        "cost_options": [_without_empty({
            "id": _part_id("cost", service, i), "service_id": service.id,
            "option": cost.option,
            "amount": float(cost.amount) if cost.amount is not None else None,
            "amount_description": cost.amount_description,
        }) for i, cost in enumerate(service.cost_options)],
        "service_areas": [{"id": _part_id("area", service, i), "service_id": service.id,
                           "name": area.name}
                          for i, area in enumerate(service.service_areas)],
        "languages": [_without_empty({"id": _part_id("language", service, i),
                                      "service_id": service.id, "code": language.code,
                                      "name": language.name or _language_name(language.code)})
                      for i, language in enumerate(service.languages)],
        "service_at_locations": [_link(link) for link in service.locations_at],
        "attributes": attributes,
    })


def _part_id(kind: str, service: Service, position: int) -> str:
    """A phone's, time's, cost's... id: every edit and import writes these rows afresh, so
    their own ids would change each time; this one stays while the listing keeps the part."""
    return stable_id(kind, f"{service.id}:{position}")


def _schedule(service: Service, position: int, schedule) -> dict[str, Any]:
    return _without_empty({
        "id": _part_id("schedule", service, position),
        "service_id": service.id,
        "freq": "WEEKLY" if schedule.days else None,
        "byday": schedule.byday,
        "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else None,
        "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else None,
        "notes": schedule.notes,
    })


def _language_name(code: str) -> str | None:
    try:
        return Locale.parse(code).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        return None


# ---- places -------------------------------------------------------------------------------


def location_document(location: Location) -> dict[str, Any]:
    has_address = location.address or location.city or location.postcode
    return _without_empty({
        "id": location.id,
        "location_type": "physical",
        "name": location.name,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "ward": location.ward,
        "addresses": [{
            "id": stable_id("address", location.id),
            "location_id": location.id,
            "address_1": location.address,
            "city": location.city,
            "state_province": "",
            "postal_code": location.postcode,
            "country": COUNTRY,
            "address_type": "physical",
        }] if has_address else [],
        "accessibility": [
            {"id": stable_id("accessibility", f"{location.id}:{feature}"),
             "location_id": location.id, "accessibility": label}
            for feature, label in VENUE_FEATURES.items() if location.venue_features[feature]
        ],
    })


def _link(link: ServiceAtLocation) -> dict[str, Any]:
    return {"id": link.id, "service_id": link.service_id, "location_id": link.location_id,
            "location": location_document(link.location)}


def service_at_location_summary(link: ServiceAtLocation) -> dict[str, Any]:
    """A service at one place: the place in full and the service's list form."""
    return _link(link) | {"service": service_summary(link.service)}


def service_at_location_document(link: ServiceAtLocation) -> dict[str, Any]:
    """The place and the full service; `name` and `status` on top, as the validator reads
    this response as a service."""
    return _link(link) | {"name": link.service.name, "status": link.service.status.value,
                          "service": service_document(link.service)}
