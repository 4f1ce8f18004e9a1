"""The directory out: a CSV to edit and read back, ORUK JSON another directory can load."""

import json

from hub.bulk.columns import COLUMNS, Reading, row_of
from hub.bulk.export import exported
from hub.bulk.queries import service_ids, services_in_batches
from hub.directory.models import Service, ServiceStatus, TaxonomyTerm
from hub.directory.operations import import_services
from hub.extensions import db
from tests.bulk.helpers import cell, download, row_with, rows_of
from tests.conftest import build_app, load_reference_data


def test_the_csv_opens_in_excel_with_one_row_per_listing(moderator_client):
    data = download(moderator_client)
    assert data.startswith("\ufeff".encode())  # Excel then reads UTF-8
    assert b"\r\n" in data
    rows = rows_of(data)
    assert rows[0][0] == "id" and rows[0] == [column.name for column in COLUMNS]
    ids = [row[0] for row in rows[1:]]
    assert sorted(ids) == sorted(db.session.scalars(db.select(Service.id)))
    number = row_with(rows, "name", lambda text: text == "Thursday lunch club")
    assert cell(rows, number, "organisation") == "Acomb Good Neighbours"
    assert cell(rows, number, "minimum_age") == "60"


def test_every_cell_reads_back_as_the_listing_it_came_from(directory):
    """So editing one cell changes only what that cell says: the format loses nothing."""
    codes = set(db.session.scalars(db.select(TaxonomyTerm.code)))
    compared = 0
    for batch in services_in_batches(service_ids(listed_only=False)):
        for service in batch:
            listing = exported(service)
            read = {}
            for column, text in zip(COLUMNS, row_of(listing), strict=True):
                if column.read:
                    read.update(column.read(text, Reading(listing.snapshot, codes)))
            assert {**listing.snapshot, **read} == listing.snapshot, service.name
            compared += 1
    assert compared == db.session.scalar(db.select(db.func.count(Service.id)))


def test_the_json_meets_the_oruk_schema_and_loads_into_another_hub(
        directory, moderator_client, check, tmp_path):
    services = json.loads(download(moderator_client, "json"))
    listed = db.session.scalars(db.select(Service.id).where(
        Service.status != ServiceStatus.inactive)).all()
    assert sorted(item["id"] for item in services) == sorted(listed)
    for item in services:
        check(item, "compiled/service.json")

    (tmp_path / "other").mkdir()
    other = build_app(tmp_path / "other")
    with other.app_context():
        load_reference_data()
        report = import_services(services)
        assert report.ok, report.problems[:5]
        assert report.created == len(listed)
        names = sorted(db.session.scalars(db.select(Service.name)))
        db.session.remove()
    with directory.app_context():
        assert names == sorted(db.session.scalars(db.select(Service.name).where(
            Service.status != ServiceStatus.inactive)))


def test_the_command_line_writes_the_same_files(directory, moderator_client, tmp_path):
    runner = directory.test_cli_runner()
    for kind in ("csv", "json"):
        out = tmp_path / f"directory.{kind}"
        result = runner.invoke(args=["hub", "export", "--format", kind, "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == download(moderator_client, kind)
