"""Invitations: who may invite whom to what, and the e-mailed link to set a password."""

from sqlalchemy import func, select

from hub.accounts.models import Membership, Role, User
from hub.accounts.operations import find_user
from hub.extensions import db
from tests.accounts.conftest import link_path, signed_in, submit
from tests.conftest import sign_in
from tests.factories import make_user

NEW_PASSWORD = "kettle on the windowsill"


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_a_contributor_invites_a_colleague_who_sets_a_password(app, client, mail, page,
                                                               organisation):
    sign_in(client, make_user("sam@example.org", name="Sam Sample",
                              organisations=[organisation]))
    form = page(client, "/account/invite")
    assert form.h1 == "Invite someone"
    assert "Roles" not in form.texts("legend")  # contributors cannot give roles

    response = submit(client, "/account/invite", {
        "email": "Alex@Example.org", "name": "Alex Example",
        "organisation": organisation.id})
    assert response.status_code == 302
    assert "We have emailed alex@example.org" in client.get("/account/invite").text

    [message] = mail.to("alex@example.org")
    body = mail.body(message)
    assert "Sam Sample has invited you" in body and "Acomb Lunch Club" in body
    [link] = mail.links(message)

    newcomer = app.test_client()
    assert page(newcomer, link_path(link)).h1 == "Set your password"
    submit(newcomer, link_path(link), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert signed_in(newcomer)
    account = page(newcomer, "/account")
    assert "Acomb Lunch Club" in account and "Contributor" in account
    assert find_user("alex@example.org").organisation_ids == {organisation.id}


def test_a_contributor_cannot_invite_to_another_organisation(client, mail, organisation,
                                                              other_organisation):
    sign_in(client, make_user("sam@example.org", organisations=[organisation]))
    assert other_organisation.name not in client.get("/account/invite").text
    before = _users()
    response = submit(client, "/account/invite", {
        "email": "alex@example.org", "name": "Alex", "organisation": other_organisation.id})
    assert response.status_code == 400
    assert "Choose one of the organisations you belong to" in response.text
    assert _users() == before
    assert not mail.messages


def test_a_contributor_cannot_give_roles(client, mail, organisation):
    sign_in(client, make_user("sam@example.org", organisations=[organisation]))
    response = submit(client, "/account/invite", {
        "email": "alex@example.org", "name": "Alex", "organisation": organisation.id,
        "roles": "moderator"})
    assert response.status_code == 400
    assert find_user("alex@example.org") is None


def test_only_an_administrator_can_make_administrators(client, mail, organisation):
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    form = client.get("/account/invite").text
    assert "Talking Point staff" in form and "Administrator" not in form
    refused = submit(client, "/account/invite", {
        "email": "alex@example.org", "name": "Alex", "organisation": "",
        "roles": "administrator"})
    assert refused.status_code == 400 and find_user("alex@example.org") is None

    submit(client, "/account/invite", {"email": "alex@example.org", "name": "Alex",
                                       "organisation": "", "roles": "talking-point-staff"})
    assert find_user("alex@example.org").roles == {Role.talking_point_staff}
    assert "Talking Point staff" in mail.body(mail.to("alex@example.org")[0])


def test_inviting_needs_an_organisation_or_a_role(client, mail):
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    response = submit(client, "/account/invite", {"email": "alex@example.org", "name": "Alex",
                                                  "organisation": ""})
    assert "Choose an organisation, or at least one role" in response.text
    assert not mail.messages


def test_someone_with_an_account_is_added_and_told(client, mail, organisation,
                                                   other_organisation):
    existing = make_user("alex@example.org", organisations=[other_organisation])
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    submit(client, "/account/invite", {"email": "alex@example.org", "name": "Alex",
                                       "organisation": organisation.id})
    db.session.refresh(existing)
    assert existing.organisation_ids == {organisation.id, other_organisation.id}
    [message] = mail.to("alex@example.org")
    assert "has added you to Acomb Lunch Club" in mail.body(message)
    assert "/account/set-password/" not in mail.body(message)  # their password stays


def test_when_mail_is_down_nobody_is_half_invited(client, mail_down, organisation):
    sign_in(client, make_user("sam@example.org", organisations=[organisation]))
    before = _users()
    response = submit(client, "/account/invite", {
        "email": "alex@example.org", "name": "Alex", "organisation": organisation.id})
    assert "We could not send the email just now" in response.text
    assert _users() == before
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


def test_people_without_a_role_cannot_invite(client):
    sign_in(client, make_user("nobody@example.org"))
    assert client.get("/account/invite").status_code == 403
