"""Reads for the contributor pages: an organisation's listings and their open changes."""

from dataclasses import dataclass, field

from sqlalchemy import select

from hub.directory.models import Organisation, Service, TaxonomyTerm
from hub.directory.queries import category_tree
from hub.extensions import db
from hub.listings.models import OPEN_STATUSES, ChangeRequest


@dataclass
class OrganisationListings:
    organisation: Organisation
    services: list[Service] = field(default_factory=list)
    changes: dict[str, ChangeRequest] = field(default_factory=dict)  # open, by service id
    proposals: list[ChangeRequest] = field(default_factory=list)  # new services not yet live


def listings_of(organisation_ids: set[str]) -> list[OrganisationListings]:
    """Each organisation's listings (A to Z) with any open change, organisations A to Z."""
    organisations = db.session.scalars(select(Organisation).where(
        Organisation.id.in_(organisation_ids)).order_by(Organisation.name))
    found = {org.id: OrganisationListings(org) for org in organisations}
    for service in db.session.scalars(select(Service).where(
            Service.organisation_id.in_(organisation_ids)).order_by(Service.name)):
        found[service.organisation_id].services.append(service)
    for change in db.session.scalars(select(ChangeRequest).where(
            ChangeRequest.organisation_id.in_(organisation_ids),
            ChangeRequest.status.in_(OPEN_STATUSES)).order_by(ChangeRequest.created_at)):
        listings = found[change.organisation_id]
        if change.service_id:
            listings.changes[change.service_id] = change
        else:
            listings.proposals.append(change)
    return list(found.values())


def category_choices() -> list[TaxonomyTerm]:
    """Every category, each top-level need followed by its children."""
    return [term for need in category_tree() for term in (need, *need.children)]
