"""The same rules on both databases: imports, re-imports and search from each."""

from sqlalchemy import func, select

from hub.directory.models import Location, Service
from hub.directory.operations import import_services
from hub.extensions import db
from hub.search import SearchRequest, search
from tests.factories import oruk_service


def test_import_reimport_and_search_on_each_database(any_db_app):
    record = oruk_service("Riverside lunch club", categories=["social-clubs"],
                          locations=[{"latitude": 53.95, "longitude": -1.08,
                                      "ward": "Micklegate"}])
    failing = oruk_service("Bad", maximum_age="x")
    assert not import_services([record, failing]).ok
    assert db.session.scalar(select(func.count()).select_from(Service)) == 0

    assert import_services([record]).created == 1
    record["name"] = "Riverside lunch club (Fridays)"
    assert import_services([record]).updated == 1
    assert db.session.scalar(select(func.count()).select_from(Location)) == 1
    results = search(SearchRequest(text="fridays lunch", ward="Micklegate"))
    assert [h.service_id for h in results.hits] == [record["id"]]


def test_migrations_match_the_models(any_db_app):
    """`flask db upgrade` builds the same schema as the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert not differences, differences
