"""Reads for the API: what the public site lists, filtered and a page at a time.

A service is listed unless it is withdrawn (inactive), as hub.directory.queries decides
for the public pages; drafts and pending changes live in their own tables and never show.
Text and place searches go through the site's own search, so they find what the site
finds (which leaves out listings not checked for a long time: see hub.freshness).
"""

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import selectinload

from hub.api.serialise import (
    DELIVERY_TAXONOMY,
    FULL_SERVICE,
    SERVICE_SUMMARY,
    delivery_term_document,
    taxonomy_id,
    taxonomy_term_document,
)
from hub.directory.models import (
    Delivery,
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    service_taxonomy,
)
from hub.directory.oruk import DELIVERY_VOCABULARY
from hub.extensions import db
from hub.places.operations import Point
from hub.search.queries import SearchRequest, search

LISTED = Service.status != ServiceStatus.inactive
# Enough for every listed service: the search is asked for all matches, then paged here.
ALL_MATCHES = 10**9


@dataclass
class ServiceFilters:
    text: str = ""
    term_ids: set[str] | None = None  # a category and the categories under it
    delivery: Delivery | None = None
    vocabulary: str | None = None
    organisation_id: str | None = None
    modified_after: dt.datetime | None = None
    point: Point | None = None
    home_ward: str = ""
    radius_miles: float | None = None


def _conditions(filters: ServiceFilters) -> list[ColumnElement[bool]]:
    conditions = [LISTED]
    if filters.term_ids is not None:
        conditions.append(Service.id.in_(
            select(service_taxonomy.c.service_id)
            .where(service_taxonomy.c.taxonomy_term_id.in_(filters.term_ids))))
    if filters.delivery is not None:
        conditions.append(Service.delivery.contains(filters.delivery.value, autoescape=True))
    if filters.vocabulary == DELIVERY_VOCABULARY:
        conditions.append(Service.delivery != "")
    elif filters.vocabulary is not None:
        conditions.append(exists().where(
            service_taxonomy.c.service_id == Service.id,
            service_taxonomy.c.taxonomy_term_id == TaxonomyTerm.id,
            TaxonomyTerm.vocabulary == filters.vocabulary))
    if filters.organisation_id is not None:
        conditions.append(Service.organisation_id == filters.organisation_id)
    if filters.modified_after is not None:
        conditions.append(Service.last_modified >= filters.modified_after)
    return conditions


def _searched_ids(filters: ServiceFilters) -> list[str]:
    """Every match of the site's search, best (or, near a place, nearest) first."""
    request = SearchRequest(text=filters.text, point=filters.point,
                            radius_miles=filters.radius_miles,
                            sort="nearest" if filters.point else "relevance",
                            page_size=ALL_MATCHES)
    return [hit.service_id for hit in search(request, home_ward=filters.home_ward).hits]


def service_page(filters: ServiceFilters, page: int, per_page: int,
                 full: bool = False) -> tuple[list[Service], int]:
    """One page of listed services and how many match in all."""
    conditions = _conditions(filters)
    options = FULL_SERVICE if full else SERVICE_SUMMARY
    start = (page - 1) * per_page
    if filters.text or filters.point:
        ordered = _searched_ids(filters)
        if len(conditions) > 1:  # more than "listed": keep the matches the filters allow
            allowed = set(db.session.scalars(select(Service.id).where(*conditions)))
            ordered = [service_id for service_id in ordered if service_id in allowed]
        total = len(ordered)
        wanted = ordered[start:start + per_page]
    else:
        total = db.session.scalar(select(func.count()).select_from(Service).where(*conditions))
        # Only ids are sorted and skipped: sorting whole rows costs far more.
        wanted = list(db.session.scalars(
            select(Service.id).where(*conditions)
            .order_by(Service.name, Service.id).offset(start).limit(per_page)))
    found = {service.id: service for service in db.session.scalars(
        select(Service).where(Service.id.in_(wanted), LISTED).options(*options))}
    return [found[i] for i in wanted if i in found], total


def listed_service(service_id: str) -> Service | None:
    return db.session.scalar(select(Service).where(Service.id == service_id, LISTED)
                             .options(*FULL_SERVICE))


# ---- organisations ------------------------------------------------------------------------

# Only organisations with a listed service: one that has none (just approved to join, or
# whose services were all withdrawn) has nothing public to say yet.
_HAS_LISTED_SERVICE = exists().where(Service.organisation_id == Organisation.id, LISTED)


def organisation_page(page: int, per_page: int) -> tuple[list[Organisation], int]:
    total = db.session.scalar(select(func.count()).select_from(Organisation)
                              .where(_HAS_LISTED_SERVICE))
    organisations = db.session.scalars(
        select(Organisation).where(_HAS_LISTED_SERVICE)
        .order_by(Organisation.name, Organisation.id)
        .offset((page - 1) * per_page).limit(per_page)).all()
    return list(organisations), total


def organisation_with_services(org_id: str) -> tuple[Organisation | None, list[Service]]:
    organisation = db.session.scalar(select(Organisation).where(
        Organisation.id == org_id, _HAS_LISTED_SERVICE))
    if organisation is None:
        return None, []
    services = db.session.scalars(
        select(Service).where(Service.organisation_id == org_id, LISTED)
        .options(*FULL_SERVICE).order_by(Service.name, Service.id)).all()
    return organisation, list(services)


# ---- services at locations ----------------------------------------------------------------


def service_at_location_page(page: int, per_page: int) -> tuple[list[ServiceAtLocation], int]:
    total = db.session.scalar(select(func.count()).select_from(ServiceAtLocation)
                              .join(ServiceAtLocation.service).where(LISTED))
    wanted = list(db.session.scalars(
        select(ServiceAtLocation.id).join(ServiceAtLocation.service).where(LISTED)
        .order_by(Service.name, ServiceAtLocation.id)
        .offset((page - 1) * per_page).limit(per_page)))
    found = {link.id: link for link in db.session.scalars(
        select(ServiceAtLocation).where(ServiceAtLocation.id.in_(wanted))
        .options(selectinload(ServiceAtLocation.location),
                 selectinload(ServiceAtLocation.service).options(*SERVICE_SUMMARY)))}
    return [found[i] for i in wanted if i in found], total


def service_at_location(link_id: str) -> ServiceAtLocation | None:
    return db.session.scalar(
        select(ServiceAtLocation).join(ServiceAtLocation.service)
        .where(ServiceAtLocation.id == link_id, LISTED)
        .options(selectinload(ServiceAtLocation.location),
                 selectinload(ServiceAtLocation.service).options(*FULL_SERVICE)))


# ---- taxonomies ---------------------------------------------------------------------------


def all_terms() -> list[TaxonomyTerm]:
    """Every category, each parent before its children, in the taxonomy's order."""
    terms = db.session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.position,
                                                             TaxonomyTerm.code)).all()
    children: dict[str | None, list[TaxonomyTerm]] = {}
    for term in terms:
        children.setdefault(term.parent_id, []).append(term)
    ordered: list[TaxonomyTerm] = []

    def walk(parent_id: str | None) -> None:
        for term in children.get(parent_id, []):
            ordered.append(term)
            walk(term.id)

    walk(None)
    return ordered


def term_and_descendants(terms: list[TaxonomyTerm], term_id: str) -> set[str]:
    found = {term_id}
    for term in terms:  # parents come before their children
        if term.parent_id in found:
            found.add(term.id)
    return found


def term_documents(terms: list[TaxonomyTerm]) -> list[dict]:
    """The categories, then the delivery methods (a taxonomy of their own)."""
    return ([taxonomy_term_document(term) for term in terms]
            + [delivery_term_document(method) for method in Delivery])


def vocabularies() -> list[tuple[str, str, str]]:
    """(vocabulary, name, description): the hub's categories, then the delivery methods."""
    used = db.session.scalars(
        select(TaxonomyTerm.vocabulary).distinct().order_by(TaxonomyTerm.vocabulary)).all()
    hub_name = current_app.config["HUB_NAME"]
    return ([(vocabulary, f"{hub_name} categories",
              "The needs and categories the directory's services are listed under.")
             for vocabulary in used]
            + [(DELIVERY_VOCABULARY, DELIVERY_TAXONOMY["name"],
                DELIVERY_TAXONOMY["description"])])


def vocabulary_by_taxonomy_id() -> dict[str, str]:
    return {taxonomy_id(vocabulary): vocabulary for vocabulary, _, _ in vocabularies()}


def delivery_by_term_id() -> dict[str, Delivery]:
    return {delivery_term_document(method)["id"]: method for method in Delivery}
