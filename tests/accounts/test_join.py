"""A new organisation asks to join; a moderator approves or declines."""

from sqlalchemy import select

from hub.accounts.models import JoinRequest, JoinStatus, Role
from hub.accounts.operations import find_user
from hub.directory.models import Organisation
from hub.extensions import db
from tests.accounts.conftest import link_path, signed_in, submit
from tests.conftest import sign_in
from tests.factories import make_user
from tests.page_quality import check_page

NEW_PASSWORD = "kettle on the windowsill"
ASKING = {"organisation": "", "new_organisation": "Tang Hall Knitters", "name": "Pat Purl",
          "email": "pat@example.org", "job_title": "Volunteer", "message": "We knit."}


def _only_request() -> JoinRequest:
    return db.session.scalar(select(JoinRequest))


def test_a_new_organisation_asks_and_is_approved(app, client, mail, page):
    assert page(client, "/account/join").h1 == "Ask to join as an organisation"
    sent = submit(client, "/account/join", ASKING)
    assert sent.status_code == 200
    assert check_page(sent.text).h1 == "We have your request"
    assert "What happens next" in sent.text
    [confirmation] = mail.to("pat@example.org")
    assert confirmation["Subject"].startswith("We have your request")
    assert "Tang Hall Knitters" in mail.body(confirmation)
    join_request = _only_request()
    assert join_request.status == JoinStatus.pending

    moderator = app.test_client()
    sign_in(moderator, make_user("mo@example.org", roles=[Role.moderator], name="Mo"))
    listing = page(moderator, "/account/join-requests")
    assert listing.h1 == "Requests to join"
    assert "Tang Hall Knitters" in listing and "Pat Purl" in listing
    submit(moderator, f"/account/join-requests/{join_request.id}",
           {f"{join_request.id}-approve": "Approve and invite"},
           form_url="/account/join-requests")

    db.session.refresh(join_request)
    assert join_request.status == JoinStatus.approved
    organisation = db.session.scalar(select(Organisation).where(
        Organisation.name == "Tang Hall Knitters"))
    invitation = mail.to("pat@example.org")[-1]
    assert "Tang Hall Knitters" in mail.body(invitation)
    [link] = mail.links(invitation)
    submit(client, link_path(link), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert signed_in(client)
    assert find_user("pat@example.org").organisation_ids == {organisation.id}
    assert "There are no requests waiting" in moderator.get("/account/join-requests").text


def test_asking_for_a_listed_organisation(client, mail, organisation):
    submit(client, "/account/join", {**ASKING, "organisation": organisation.id,
                                     "new_organisation": ""})
    join_request = _only_request()
    assert join_request.organisation_id == organisation.id
    assert join_request.organisation_name == "Acomb Lunch Club"


def test_the_join_form_needs_one_organisation_and_keeps_answers(client):
    response = submit(client, "/account/join", {**ASKING, "new_organisation": "",
                                                "email": "not an email"})
    assert response.status_code == 400
    assert check_page(response.text).h1 == "Ask to join as an organisation"
    assert "Choose your organisation from the list" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert 'value="Pat Purl"' in response.text
    assert _only_request() is None


def test_declining_sends_the_reason(app, client, mail):
    submit(client, "/account/join", ASKING)
    join_request = _only_request()
    moderator = app.test_client()
    sign_in(moderator, make_user("mo@example.org", roles=[Role.moderator]))
    url = f"/account/join-requests/{join_request.id}"
    no_reason = submit(moderator, url, {f"{join_request.id}-decline": "Decline"},
                       form_url="/account/join-requests")
    assert no_reason.status_code == 400
    assert check_page(no_reason.text).h1 == "Requests to join"  # title: "Error: Requests..."
    assert "Say why you are declining this request" in no_reason.text
    db.session.refresh(join_request)
    assert join_request.status == JoinStatus.pending

    submit(moderator, url, {f"{join_request.id}-decline": "Decline",
                            f"{join_request.id}-reason": "We only list groups in the area."},
           form_url="/account/join-requests")
    db.session.refresh(join_request)
    assert join_request.status == JoinStatus.declined
    assert "We only list groups in the area." in mail.body(mail.to("pat@example.org")[-1])
    assert find_user("pat@example.org") is None


def test_when_mail_is_down_approval_changes_nothing(app, client, mail_down):
    submit(client, "/account/join", ASKING)
    join_request = _only_request()
    moderator = app.test_client()
    sign_in(moderator, make_user("mo@example.org", roles=[Role.moderator]))
    response = submit(moderator, f"/account/join-requests/{join_request.id}",
                      {f"{join_request.id}-approve": "Approve and invite"},
                      form_url="/account/join-requests")
    assert "We could not send the email just now" in moderator.get(
        response.headers["Location"]).text
    db.session.refresh(join_request)
    assert join_request.status == JoinStatus.pending
    assert find_user("pat@example.org") is None
    assert db.session.scalar(select(Organisation)) is None


def test_only_moderators_see_join_requests(client, organisation):
    sign_in(client, make_user("sam@example.org", organisations=[organisation]))
    assert client.get("/account/join-requests").status_code == 403


def test_moderators_hear_of_a_request_to_join(app, client, mail):
    moderator = app.test_client()
    sign_in(moderator, make_user("mo@example.org", roles=[Role.moderator], name="Mo"))
    submit(client, "/account/join", ASKING)
    [notice] = mail.to("mo@example.org")
    assert "Pat Purl asked for Tang Hall Knitters to join" in mail.body(notice)
    [link] = mail.links(notice)
    assert "Tang Hall Knitters" in moderator.get(link_path(link)).text
