"""Importing Open Referral UK services: all or nothing, with a report a person can act on."""

import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub.config import ROOT
from hub.directory.models import Location, Organisation, Service, ServiceStatus
from hub.directory.operations import import_services, services_in_file
from hub.extensions import db
from tests.factories import oruk_service


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_creates_every_part_of_a_service(app):
    record = oruk_service(
        "Acomb memory café",
        description="Tea, cake and music for people living with dementia.",
        eligibility_description="People with memory problems and their carers.",
        minimum_age=18,
        fees="£2 a session, pay on the day",
        cost_options=[{"id": "6f0d1c8e-2b43-4a43-9a4b-2b7a2f0e1c11", "option": "per session",
                       "amount": 2}],
        phones=[{"id": "0b7f5e1c-1d22-4b1e-8a0e-0c5f2b3f4a55", "number": "01632 960123"}],
        schedules=[{"id": "e1e8b7a6-0e3c-4d8e-9f2b-6d2b3c4a5e66", "byday": "TU,TH",
                    "opens_at": "10:00", "closes_at": "12:00", "notes": "Not bank holidays"}],
        service_areas=[{"id": "4d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6", "name": "Acomb"}],
        languages=[{"id": "7a8b9c0d-1e2f-4a3b-8c5d-6e7f8091a2b3", "code": "pl"}],
        categories=["dementia-activities"],
        delivery=["in-person"],
        locations=[{"name": "Acomb Test Hall", "latitude": 53.955, "longitude": -1.125,
                    "ward": "Acomb", "postcode": "YO24 3XX",
                    "accessibility": ["Step-free access", "Hearing loop"]}],
    )
    report = import_services([record])
    assert report.ok and report.created == 1

    service = db.session.get(Service, record["id"])
    assert service.name == "Acomb memory café"
    assert service.eligibility.startswith("People with memory problems")
    assert not service.is_free and service.cost_options[0].amount == 2
    assert [p.number for p in service.phones] == ["01632 960123"]
    assert service.schedules[0].days == ["TU", "TH"]
    assert service.schedules[0].opens_at.isoformat() == "10:00:00"
    assert [t.code for t in service.taxonomy_terms] == ["dementia-activities"]
    assert [m.value for m in service.delivery_methods] == ["in-person"]
    location = service.locations[0]
    assert (location.ward, location.postcode) == ("Acomb", "YO24 3XX")
    assert location.step_free and location.hearing_loop and not location.parking


def test_reimport_updates_by_id_instead_of_duplicating(app):
    record = oruk_service("Lunch club", locations=[
        {"latitude": 53.95, "longitude": -1.08, "ward": "Micklegate"}])
    assert import_services([record]).created == 1
    record["name"] = "Lunch club (Tuesdays)"
    record["status"] = "temporarily closed"
    report = import_services([record])
    assert (report.created, report.updated) == (0, 1)
    assert count(Service) == 1 and count(Location) == 1 and count(Organisation) == 1
    service = db.session.get(Service, record["id"])
    assert service.name == "Lunch club (Tuesdays)"
    assert service.status == ServiceStatus.temporarily_closed


def test_a_file_with_one_bad_service_imports_none_and_names_each_problem(app):
    good = oruk_service("Good service")
    bad_age = oruk_service("Bad ages", minimum_age="sixty", maximum_age=-1)
    bad_status = oruk_service("Bad status", status="open")
    bad_id = oruk_service("Bad id")
    bad_id["id"] = "123"
    unknown_category = oruk_service("Odd category", categories=["space-travel"])
    report = import_services([good, bad_age, bad_status, bad_id, unknown_category])

    assert not report.ok
    assert count(Service) == 0 and count(Organisation) == 0
    messages = [str(p) for p in report.problems]
    assert any("Record 2 (Bad ages)" in m and "minimum_age" in m for m in messages)
    assert any("Record 2 (Bad ages)" in m and "maximum_age" in m for m in messages)
    assert any("Record 3 (Bad status)" in m and "'open'" in m for m in messages)
    assert any("Record 4 (Bad id)" in m and "not a UUID" in m for m in messages)
    assert any("Odd category" in m and "space-travel" in m for m in messages)
    assert not any("Good service" in m for m in messages)


def test_missing_name_and_organisation_are_reported(app):
    record = oruk_service("x")
    del record["name"]
    del record["organization"]
    report = import_services([record])
    fields = {p.field for p in report.problems}
    assert {"name", "organization"} <= fields


def test_files_may_hold_a_list_or_a_paged_api_response(app, tmp_path):
    services = [oruk_service("One"), oruk_service("Two")]
    as_list = tmp_path / "list.json"
    as_list.write_text(json.dumps(services))
    paged = tmp_path / "paged.json"
    paged.write_text(json.dumps({"total_items": 2, "page_number": 1, "contents": services}))
    assert [s["name"] for s in services_in_file(as_list)] == ["One", "Two"]
    assert [s["name"] for s in services_in_file(paged)] == ["One", "Two"]


def test_broken_json_gets_a_plain_message(app, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": ')
    try:
        services_in_file(broken)
    except ValueError as error:
        assert "not valid JSON" in str(error) and "line 1" in str(error)
    else:
        raise AssertionError("broken JSON was accepted")


def test_defunct_maps_to_inactive_and_free_is_worked_out(app):
    defunct = oruk_service("Closed club", status="defunct")
    free = oruk_service("Free club", cost_options=[
        {"id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "option": "Free", "amount": 0}])
    assert import_services([defunct, free]).ok
    assert db.session.get(Service, defunct["id"]).status == ServiceStatus.inactive
    assert db.session.get(Service, free["id"]).is_free


def test_the_sample_data_is_valid_and_large_enough(app):
    from hub.config import ROOT
    from hub.directory.sample import sample_services

    services = sample_services(ROOT / "content" / "sample")
    report = import_services(services, sample=True)
    assert report.ok, report.problems[:5]
    assert report.created >= 150
    assert db.session.scalar(select(func.count()).select_from(Organisation)
                             .where(Organisation.is_sample.is_(False))) == 0


def oruk_examples():
    folder = Path(os.environ.get("HUB_ORUK_DIR", ROOT.parent / "shared" / "oruk")) / "examples"
    if not folder.exists():
        pytest.skip(f"The Open Referral UK examples are not at {folder} (set HUB_ORUK_DIR)")
    return folder


def test_the_standards_own_example_feed_imports(app):
    items = services_in_file(oruk_examples() / "service_list.json")
    report = import_services(items)
    assert report.ok and report.created == len(items) >= 1
    assert db.session.get(Service, items[0]["id"]).name == items[0]["name"]


def test_the_standards_full_example_is_refused_for_its_placeholder_coordinates(app):
    report = import_services(services_in_file(oruk_examples() / "service_full.json"))
    assert [p.field for p in report.problems] == ["service_at_locations[0].location.latitude"]
    assert count(Service) == 0


def test_categories_from_another_vocabulary_are_left_out(app):
    record = oruk_service("Shared listing", categories=["carer-support"])
    record["attributes"].append({"id": str(uuid.uuid4()), "taxonomy_term": {
        "id": str(uuid.uuid4()), "name": "Carers", "taxonomy": "esd-service-types"}})
    assert import_services([record]).ok
    assert [t.code for t in db.session.get(Service, record["id"]).taxonomy_terms] == [
        "carer-support"]


def test_sample_check_dates_keep_their_age_whenever_the_sample_is_loaded():
    """A year from now the sample still shows the same fresh, due and out-of-date mix."""
    import datetime as dt

    from hub.config import ROOT
    from hub.directory.sample import DATES_WRITTEN_ON, sample_services

    folder = ROOT / "content" / "sample"
    as_written = sample_services(folder, today=DATES_WRITTEN_ON)
    next_year = sample_services(folder, today=DATES_WRITTEN_ON + dt.timedelta(days=365))
    ages = {(dt.date.fromisoformat(later["assured_date"])
             - dt.date.fromisoformat(before["assured_date"])).days
            for before, later in zip(as_written, next_year, strict=True)
            if before["assured_date"]}
    assert ages == {365}


def test_only_web_links_are_imported(app):
    """A feed cannot put a javascript: or data: link on a resident's page."""
    from hub.directory.operations import import_services
    from tests.factories import oruk_service

    report = import_services([oruk_service("Lunch club", url="javascript:alert(1)"),
                              oruk_service("Tea club", url="https://example.org/tea")])
    assert not report.ok
    assert [str(p) for p in report.problems] == [
        "Record 1 (Lunch club): url: 'javascript:alert(1)' is not a web address starting "
        "https:// or http://"]
