"""Writing services costs a fixed number of queries, however many there are (no N+1)."""

from sqlalchemy import event

from hub.api.serialise import FULL_SERVICE, service_document
from hub.directory.models import Service
from hub.extensions import db
from tests.api.conftest import API, get_json


def test_a_page_of_services_costs_the_same_queries_however_long(sample_client):
    """Relationships load in batches (selectinload), never one query per service."""
    counted = []

    def count(*args):
        counted.append(1)

    def queries_for(url: str) -> int:
        counted.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            get_json(sample_client, url)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(counted)

    assert queries_for(f"{API}/services?per_page=2") == queries_for(f"{API}/services?per_page=50")
    assert (queries_for(f"{API}/service_at_locations?per_page=2")
            == queries_for(f"{API}/service_at_locations?per_page=50"))
    # Services loaded with FULL_SERVICE (as the bulk export does) are written with no more.
    services = db.session.scalars(db.select(Service).options(*FULL_SERVICE)).all()
    counted.clear()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert len([service_document(s) for s in services]) > 50
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert not counted
    # A whole organisation's services in full: a fixed number of queries too.
    by_size = sorted({s.organisation_id for s in services},
                     key=lambda org: sum(s.organisation_id == org for s in services))
    assert (queries_for(f"{API}/organizations/{by_size[0]}")
            == queries_for(f"{API}/organizations/{by_size[-1]}"))
