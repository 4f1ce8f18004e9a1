"""What the moderators' pages read: the queue, listings by name, organisations."""

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hub.accounts.models import Membership, User
from hub.directory.models import Organisation, Service, ServiceStatus
from hub.extensions import db
from hub.listings.models import OPEN_STATUSES, ChangeRequest, ChangeStatus

LISTINGS_PER_PAGE = 50

# The queue is oldest first (fairness); drafts and sent-back changes most recent first.
_CHANGE_ORDER = {
    ChangeStatus.submitted: ChangeRequest.submitted_at.asc(),
    ChangeStatus.draft: ChangeRequest.updated_at.desc(),
    ChangeStatus.returned: ChangeRequest.decided_at.desc(),
}


def changes_with_status(status: ChangeStatus) -> list[ChangeRequest]:
    return list(db.session.scalars(
        select(ChangeRequest).where(ChangeRequest.status == status)
        .options(selectinload(ChangeRequest.organisation),
                 selectinload(ChangeRequest.author),
                 selectinload(ChangeRequest.last_edited_by))
        .order_by(_CHANGE_ORDER[status])))


def find_listings(text: str, page: int) -> Pagination:
    """Every listing whose name contains `text`, withdrawn ones too, A to Z."""
    query = select(Service).options(selectinload(Service.organisation)).order_by(Service.name)
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Service.name.ilike(f"%{escaped}%", escape="\\"))
    return db.paginate(query, page=page, per_page=LISTINGS_PER_PAGE, error_out=False)


def open_changes_for(services: list[Service]) -> dict[str, ChangeRequest]:
    """The open change of each listing that has one, by service id."""
    changes = db.session.scalars(select(ChangeRequest).where(
        ChangeRequest.service_id.in_([service.id for service in services]),
        ChangeRequest.status.in_(OPEN_STATUSES)))
    return {change.service_id: change for change in changes}


@dataclass(frozen=True)
class OrganisationSummary:
    organisation: Organisation
    active_contributors: int
    listed_services: int

    @property
    def has_no_active_contributor(self) -> bool:
        """Listings that nobody can keep up to date."""
        return self.listed_services > 0 and self.active_contributors == 0


def organisation_summaries() -> list[OrganisationSummary]:
    """Every organisation, A to Z, with its active contributors and listed services."""
    contributors = (select(func.count(Membership.id)).join(User)
                    .where(Membership.organisation_id == Organisation.id,
                           User.active.is_(True))
                    .scalar_subquery())
    listed = (select(func.count(Service.id))
              .where(Service.organisation_id == Organisation.id,
                     Service.status != ServiceStatus.inactive)
              .scalar_subquery())
    rows = db.session.execute(select(Organisation, contributors, listed)
                              .order_by(Organisation.name))
    return [OrganisationSummary(*row) for row in rows]


def organisations_without_active_contributor() -> list[OrganisationSummary]:
    return [summary for summary in organisation_summaries()
            if summary.has_no_active_contributor]


def members_of(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership).where(Membership.organisation_id == organisation.id)
        .order_by(User.name, User.email)))


def services_of(organisation: Organisation) -> list[Service]:
    return list(db.session.scalars(
        select(Service).where(Service.organisation_id == organisation.id)
        .order_by(Service.name)))
