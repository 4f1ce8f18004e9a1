"""Reads for the directory pages."""

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hub.directory.models import (
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from hub.extensions import db


def category_tree() -> list[TaxonomyTerm]:
    """Top-level categories with children loaded, in the taxonomy's order."""
    return list(db.session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.parent_id.is_(None))
        .options(selectinload(TaxonomyTerm.children))
        .order_by(TaxonomyTerm.position)
    ))


def category(code: str) -> TaxonomyTerm | None:
    return db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == code))


# Loader options for everything a service's whole record reads (an ORUK document, a
# listing's snapshot), so writing many needs no query per service.
WHOLE_SERVICE = (
    selectinload(Service.organisation),
    selectinload(Service.phones),
    selectinload(Service.schedules),
    selectinload(Service.cost_options),
    selectinload(Service.service_areas),
    selectinload(Service.languages),
    selectinload(Service.taxonomy_terms),
    selectinload(Service.locations_at).selectinload(ServiceAtLocation.location),
)


def services_by_id(ids: list[str], everything: bool = False) -> dict[str, Service]:
    """Listed services by id; `everything` also loads what a printed page shows."""
    if not ids:
        return {}
    options = [
        selectinload(Service.organisation),
        selectinload(Service.locations_at).selectinload(ServiceAtLocation.location),
        selectinload(Service.phones),
        selectinload(Service.taxonomy_terms),
    ]
    if everything:
        options += [selectinload(Service.schedules), selectinload(Service.cost_options)]
    rows = db.session.scalars(
        select(Service)
        .where(Service.id.in_(ids), Service.status != ServiceStatus.inactive)
        .options(*options)
    )
    return {service.id: service for service in rows}


SHORT_ID_LENGTH = 8
# Short addresses hold only 0-9 and a-f; letters people mistake for digits are read as them.
LOOKALIKES = str.maketrans({"o": "0", "i": "1", "l": "1"})


def short_path(service_id: str) -> str:
    """A service's address short enough to type from paper: /s/ and its id's first digits."""
    return url_for("directory.short_link", code=service_id[:SHORT_ID_LENGTH])


def services_by_short_id(code: str) -> list[Service]:
    """Services whose id starts with the typed code (almost always one)."""
    code = code.strip().lower().translate(LOOKALIKES)
    if len(code) < SHORT_ID_LENGTH or not set(code) <= set("0123456789abcdef-"):
        return []
    return list(db.session.scalars(
        select(Service)
        .where(Service.id.startswith(code, autoescape=True),
               Service.status != ServiceStatus.inactive)
        .order_by(Service.name)))


def listed_service(service_id: str) -> Service | None:
    return db.session.get(Service, service_id)


def organisation_with_services(org_id: str) -> tuple[Organisation | None, list[Service]]:
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        return None, []
    services = db.session.scalars(
        select(Service)
        .where(Service.organisation_id == org_id, Service.status != ServiceStatus.inactive)
        .order_by(Service.name)
    ).all()
    return organisation, list(services)
