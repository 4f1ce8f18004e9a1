"""Only the directory team may export or import the directory."""

import pytest

from hub.accounts.models import Role
from tests.bulk.helpers import BULK, download, rows_of
from tests.conftest import csrf_token, sign_in
from tests.factories import make_service, make_user
from tests.page_quality import check_page

PAGES = [BULK, f"{BULK}/directory.csv", f"{BULK}/directory.json"]


@pytest.mark.parametrize("url", PAGES)
def test_people_signed_out_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_an_upload_signed_out_is_refused(client):
    response = client.post(f"{BULK}/import", data={})
    assert response.status_code in (302, 400)
    assert response.status_code == 400 or "/account/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_contributors_are_refused(client, url):
    service = make_service()
    sign_in(client, make_user("ali@example.org", organisations=[service.organisation]))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.moderator, Role.administrator])
def test_moderators_and_administrators_may_use_it(client, page, role):
    sign_in(client, make_user("team@example.org", roles=[role]))
    index = page(client, BULK)
    assert index.h1 == "Import and export the directory"
    assert "Download CSV" in index and "locations" in index.texts("code")
    assert rows_of(download(client))[0][0] == "id"


def test_the_dashboard_links_to_it(client, page):
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    assert page(client, "/moderation/dashboard").links()[
        "Import and export the directory"] == BULK


def test_the_upload_needs_a_file(client):
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    response = client.post(f"{BULK}/import", data={"csrf_token": csrf_token(client, BULK)})
    page = check_page(response.get_data(as_text=True))
    assert page.h1 == "Import and export the directory"
    assert "Choose the CSV file to import" in page.texts("a")  # the error summary's link
