"""Importing an edited export: check every row, preview the diffs, then queue the changes."""

import uuid

import pytest
from werkzeug.datastructures import MultiDict

from hub.directory.models import Service
from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ChangeRequest, ChangeStatus
from tests.bulk.helpers import (
    as_csv,
    cell,
    download,
    row_with,
    rows_of,
    set_cell,
    table_counts,
    upload,
)
from tests.conftest import csrf_token
from tests.moderation.helpers import form_fields
from tests.page_quality import check_page


def _preview(client, response, page):
    assert response.status_code == 302, check_page(response.get_data(as_text=True)).texts("tr")
    return response.headers["Location"], page(client, response.headers["Location"])


def test_an_unchanged_export_imports_as_no_changes(moderator_client, page):
    before = table_counts()
    _url, preview = _preview(moderator_client, upload(moderator_client,
                                                      download(moderator_client)), page)
    assert "0 listings would change" in preview
    assert f"{before['service']} rows with no changes" in preview
    assert "There are no changes in this file" in preview
    assert "Send" not in " ".join(preview.texts("button"))
    assert table_counts() == {**before, "pending_import": 1}


def test_one_edited_cell_is_one_change_in_the_queue_live_only_once_approved(
        moderator_client, moderator, page):
    rows = rows_of(download(moderator_client))
    number = row_with(rows, "phones", lambda text: text == "01632 960052")
    service_id = cell(rows, number, "id")
    set_cell(rows, number, "phones", "01632 960099")

    url, preview = _preview(moderator_client, upload(moderator_client, as_csv(rows)), page)
    assert "1 listing would change" in preview and "0 new listings" in preview
    assert f"{len(rows) - 2} rows with no changes" in preview
    changed = [row for row in preview.texts("tr") if row.startswith("Phone numbers")]
    assert changed == ["Phone numbers 01632 960052 01632 960099"]
    assert len(preview.texts("tbody")) == 1  # one listing, one field

    response = moderator_client.post(url, data={"csrf_token": csrf_token(moderator_client, url)})
    assert response.status_code == 302 and response.headers["Location"] == "/moderation"
    assert "1 change is waiting for review." in page(moderator_client, "/moderation")
    [change] = db.session.scalars(db.select(ChangeRequest)).all()
    assert (change.status, change.service_id, change.author_id) == (
        ChangeStatus.submitted, service_id, moderator.id)
    public = f"/services/{service_id}"
    assert "01632 960052" in page(moderator_client, public)
    assert "01632 960099" not in page(moderator_client, public)

    review = f"/moderation/changes/{change.id}"
    approve = moderator_client.post(f"{review}/approve", data=MultiDict(form_fields(
        moderator_client.get(review).get_data(as_text=True), f"{review}/approve")))
    assert approve.status_code == 302
    assert "01632 960099" in page(moderator_client, public)
    assert [p.number for p in db.session.get(Service, service_id).phones] == ["01632 960099"]
    # The preview is used up: going back to it changes nothing more.
    assert moderator_client.get(url).headers["Location"] == "/moderation/bulk"


def test_a_row_with_no_id_proposes_a_new_listing(moderator_client, page):
    rows = rows_of(download(moderator_client))
    organisation = cell(rows, len(rows), "organisation")
    new = dict.fromkeys(rows[0], "")
    new.update(name="Dringhouses walking group", organisation=organisation, status="active",
               categories="social-clubs; physical-activity", phones="01632 960555 | walk leader",
               locations="Dringhouses Library | Thanet Road | York | yo24 2nr | step-free access",
               opening_times="Tue, Thu 10:00-11:30 | not in August")
    rows.append([new[name] for name in rows[0]])

    url, preview = _preview(moderator_client, upload(moderator_client, as_csv(rows)), page)
    assert "1 new listing" in preview and "0 listings would change" in preview
    moderator_client.post(url, data={"csrf_token": csrf_token(moderator_client, url)})
    [change] = db.session.scalars(db.select(ChangeRequest)).all()
    assert change.service_id is None and change.organisation.name == organisation
    proposed = change.proposed
    assert proposed["locations"][0]["postcode"] == "YO24 2NR"
    assert proposed["locations"][0]["step_free"] and not proposed["locations"][0]["parking"]
    assert proposed["schedules"] == [{"byday": "TU,TH", "opens_at": "10:00",
                                      "closes_at": "11:30", "notes": "not in August"}]
    assert proposed["phones"] == [{"number": "01632 960555", "description": "walk leader"}]


# Each spoils one row of the file (given its number) and says what the report must say
# about it: the column, words of the message and what the file had.
def _category(rows, number):
    set_cell(rows, number, "categories", "meals; no-such-code")
    return "categories", "There is no category with the code no-such-code", "no-such-code"


def _postcode(rows, number):
    set_cell(rows, number, "locations", "Hall | 1 High Street | York | YO99")
    return "locations", "YO99 is not a full postcode", "Hall | 1 High Street | York | YO99"


def _time(rows, number):
    set_cell(rows, number, "opening_times", "Mon-Fri 9-5")
    return "opening_times", "is not a time we can read", "Mon-Fri 9-5"


def _unknown_id(rows, number):
    missing = str(uuid.uuid4())
    set_cell(rows, number, "id", missing)
    return "id", "No listing has this id", missing


def _missing_name(rows, number):
    set_cell(rows, number, "name", "")
    return "name", "Enter the name of the service", ""


def _duplicate_id(rows, number):
    set_cell(rows, number, "id", cell(rows, 3, "id"))
    return "id", "This id is also on row 3", cell(rows, 3, "id")


def _lost_zero(rows, number):
    set_cell(rows, number, "phones", "1632960052")
    return "phones", "losing its first 0", "1632960052"


def _excel_date(rows, number):
    set_cell(rows, number, "last_checked", "28/10/2026")
    return "last_checked", "changed this date's format", "28/10/2026"


def _moved(rows, number):
    set_cell(rows, number, "organisation", "Someone Else")
    return "organisation", "cannot move to another organisation", "Someone Else"


def _short_row(rows, number):
    rows[number - 1].pop()
    columns = len(rows[0])
    return "", f"This row has {columns - 1} cells but the first row names {columns}", ""


ROW_PROBLEMS = [_category, _postcode, _time, _unknown_id, _missing_name, _duplicate_id,
                _lost_zero, _excel_date, _moved, _short_row]


def _refused(client, rows):
    before = table_counts()
    response = upload(client, as_csv(rows))
    assert response.status_code == 200
    report = check_page(response.get_data(as_text=True))
    assert report.texts("h2")[0] == "There is a problem" and "Nothing was imported" in report
    assert table_counts() == before
    problems = report.by_id("problems")
    return [" ".join("".join(row.itertext()).split()) for row in problems.iter()
            if row.tag.endswith("}tr")]


def test_every_wrong_row_is_reported_by_its_number_and_nothing_changes(moderator_client):
    rows = rows_of(download(moderator_client))
    # A good edit is not imported either: all or nothing.
    set_cell(rows, 2, "name", "A better name")
    # Rows from the end: earlier rows have cells of several lines, so row numbers are not
    # line numbers.
    expected = [(len(rows) - place, *spoil(rows, len(rows) - place))
                for place, spoil in enumerate(ROW_PROBLEMS)]
    report = _refused(moderator_client, rows)
    for number, column, message, found in expected:
        start = f"{number} {column} " if column else f"{number} "
        [row] = [text for text in report if text.startswith(start) and message in text]
        assert row.endswith(found)
    assert len(report) == 1 + len(expected)  # the heading row, and nothing else is wrong


def test_wrong_columns_are_reported_and_nothing_changes(moderator_client):
    rows = rows_of(download(moderator_client))
    rows[0][rows[0].index("phones")] = "telephone"
    rows[0].append("name")
    report = _refused(moderator_client, rows)
    assert "1 telephone This column is not one the export makes. Remove it, or check the " \
           "spelling of its name. telephone" in report
    assert "1 phones This column is missing. Keep every column of the export, in any " \
           "order." in report
    assert any(row.startswith("1 name This column appears more than once") for row in report)


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04\x14\x00\x06\x00workbook", "This is a spreadsheet workbook, not a CSV file"),
    ("id,name\n".encode("utf-16"), "not a CSV file saved as UTF-8"),
    (b"id,name\n\xff\xfe\xfa,broken\n", "not a CSV file saved as UTF-8"),
    (b"", "The file is empty"),
])
def test_a_file_that_is_not_a_csv_is_refused(empty_hub_client, data, message):
    before = table_counts()
    response = upload(empty_hub_client, data, "directory.xlsx")
    page = check_page(response.get_data(as_text=True))
    assert message in page.html
    assert "The whole file" in page.texts("td")
    assert table_counts() == before


def test_a_file_too_big_is_refused_in_plain_english(directory, moderator_client):
    data = download(moderator_client)
    directory.config["MAX_CONTENT_LENGTH"] = len(data) // 2
    before = table_counts()
    response = upload(moderator_client, data)
    page = check_page(response.get_data(as_text=True))
    assert response.status_code == 413
    assert "The file is bigger than" in page.html and "Split it into smaller files" in page.html
    assert table_counts() == before


def test_a_listing_with_an_open_change_is_not_overwritten(moderator_client, moderator):
    rows = rows_of(download(moderator_client))
    number = len(rows)
    service = db.session.get(Service, cell(rows, number, "id"))
    operations.start_change(service, moderator)
    set_cell(rows, number, "name", "Renamed by import")
    report = _refused(moderator_client, rows)
    assert any(text.startswith(f"{number} id This listing already has a change")
               for text in report)


@pytest.mark.parametrize(("delimiter", "bom", "line_end"), [
    (";", True, "\r\n"),  # a European Excel
    (",", False, "\n"),  # LibreOffice on Linux
    (";", False, "\r\n"),
])
def test_spreadsheet_styles_of_csv_read_the_same(moderator_client, page, delimiter, bom,
                                                 line_end):
    rows = rows_of(download(moderator_client))
    number = row_with(rows, "fees", lambda text: text == "")
    set_cell(rows, number, "fees", "£2; pay on the day")
    response = upload(moderator_client, as_csv(rows, delimiter, bom, line_end))
    _url, preview = _preview(moderator_client, response, page)
    assert "1 listing would change" in preview
    assert "Fees (empty) £2; pay on the day" in preview.texts("tr")


def test_formulas_are_defused_on_export_and_read_back_exactly(moderator_client, page):
    service = db.session.scalars(db.select(Service).order_by(Service.name)).first()
    service.description = "=HYPERLINK(\"https://evil.example\")"
    service.eligibility = "- people over 60\n- their carers"
    service.how_to_access = "'@already quoted"
    db.session.commit()
    rows = rows_of(download(moderator_client))
    number = row_with(rows, "id", lambda text: text == service.id)
    assert cell(rows, number, "description") == "'=HYPERLINK(\"https://evil.example\")"
    assert cell(rows, number, "eligibility").startswith("'- people")
    assert cell(rows, number, "how_to_access") == "''@already quoted"

    _url, preview = _preview(moderator_client, upload(moderator_client, as_csv(rows)), page)
    assert "0 listings would change" in preview

    set_cell(rows, number, "fees", "'+£3 a session")  # typed by hand with the apostrophe
    set_cell(rows, number, "website", "https://example.org")  # and without
    url, preview = _preview(moderator_client, upload(moderator_client, as_csv(rows)), page)
    assert "Fees (empty) +£3 a session" in preview.texts("tr")
    moderator_client.post(url, data={"csrf_token": csrf_token(moderator_client, url)})
    [change] = db.session.scalars(db.select(ChangeRequest)).all()
    assert change.proposed["fees"] == "+£3 a session"
    assert change.proposed["description"] == service.description


def test_another_moderators_preview_cannot_be_used(directory, moderator_client, page):
    from hub.accounts.models import Role
    from tests.conftest import sign_in
    from tests.factories import make_user

    rows = rows_of(download(moderator_client))
    set_cell(rows, 2, "name", "A better name")
    url, _preview_page = _preview(moderator_client, upload(moderator_client, as_csv(rows)),
                                  page)
    other = directory.test_client()
    sign_in(other, make_user("kim@example.org", roles=[Role.moderator]))
    response = other.get(url)
    assert response.headers["Location"] == "/moderation/bulk"
    assert "has expired or was already sent" in page(other, "/moderation/bulk")
