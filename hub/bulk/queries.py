"""Reading the whole directory a batch at a time, in the order the file lists it."""

from collections.abc import Iterable, Iterator

from sqlalchemy import select

from hub.directory.models import Organisation, Service, ServiceStatus
from hub.directory.queries import WHOLE_SERVICE
from hub.extensions import db

BATCH_SIZE = 500
# Everything a listing's snapshot reads (translations load with services by default).
LISTING = WHOLE_SERVICE


def service_ids(listed_only: bool) -> list[str]:
    """Every service (or every listed one) by organisation, then name: stable, and the
    order a moderator reads a spreadsheet in."""
    query = (select(Service.id).join(Organisation)
             .order_by(Organisation.name, Organisation.id, Service.name, Service.id))
    if listed_only:
        query = query.where(Service.status != ServiceStatus.inactive)
    return list(db.session.scalars(query))


def services_in_batches(ids: Iterable[str], options=LISTING) -> Iterator[list[Service]]:
    """The services with these ids, in that order, a few queries per batch; each batch is
    let go of once the next is asked for, so memory stays flat for any size of directory."""
    ids = list(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        found = {service.id: service for service in db.session.scalars(
            select(Service).where(Service.id.in_(chunk)).options(*options))}
        yield [found[service_id] for service_id in chunk if service_id in found]
        for service in found.values():
            db.session.expunge(service)
