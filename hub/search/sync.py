"""Keep the index in step with the database: changed services are re-indexed after commit."""

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hub.directory.models import (
    CostOption,
    Language,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

PENDING = "hub_search_pending"
# Parts of a listing that its search document includes (a report or reminder is not one).
SERVICE_PARTS = (CostOption, Language, Phone, Schedule, ServiceArea, ServiceAtLocation)


def _changed_service_ids(session: Session, flush_context) -> None:
    pending: set[str] = session.info.setdefault(PENDING, set())
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Service):
            pending.add(obj.id)
        elif isinstance(obj, Organisation):
            # Plain SQL on the connection: loading objects inside a flush confuses the session.
            pending.update(session.connection().scalars(
                select(Service.id).where(Service.organisation_id == obj.id)))
        elif isinstance(obj, SERVICE_PARTS) and obj.service_id:
            pending.add(obj.service_id)


def _reindex_after_commit(session: Session) -> None:
    ids = session.info.pop(PENDING, set())
    if ids:
        from hub.search.index import index_services

        index_services(ids)


def _forget_on_rollback(session: Session, previous_transaction) -> None:
    session.info.pop(PENDING, None)


def listen(scoped_session) -> None:
    event.listen(scoped_session, "after_flush", _changed_service_ids)
    event.listen(scoped_session, "after_commit", _reindex_after_commit)
    event.listen(scoped_session, "after_soft_rollback", _forget_on_rollback)
