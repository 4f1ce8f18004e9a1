"""Reads for the directory pages."""

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


def services_by_id(ids: list[str]) -> dict[str, Service]:
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Service)
        .where(Service.id.in_(ids), Service.status != ServiceStatus.inactive)
        .options(
            selectinload(Service.organisation),
            selectinload(Service.locations_at).selectinload(ServiceAtLocation.location),
            selectinload(Service.phones),
            selectinload(Service.taxonomy_terms),
        )
    )
    return {service.id: service for service in rows}


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
