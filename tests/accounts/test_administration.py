"""Administrators manage people's roles, memberships and accounts; the add-user command."""

from hub.accounts.models import Role
from hub.accounts.operations import find_user
from hub.cli import hub
from hub.extensions import db
from tests.accounts.conftest import link_path, signed_in, submit
from tests.conftest import sign_in
from tests.factories import make_user


def test_an_administrator_sees_everyone(client, page, organisation):
    sign_in(client, make_user("admin@example.org", roles=[Role.administrator], name="Ada"))
    make_user("sam@example.org", name="Sam Sample", organisations=[organisation])
    people = page(client, "/account/users")
    assert people.h1 == "People and roles"
    assert "Sam Sample" in people and "Acomb Lunch Club" in people and "Never" in people


def test_roles_and_memberships_change_and_closing_signs_out(app, client, page, organisation):
    sign_in(client, make_user("admin@example.org", roles=[Role.administrator]))
    sam = make_user("sam@example.org", name="Sam Sample", organisations=[organisation])
    sams_browser = app.test_client()
    sign_in(sams_browser, sam)
    url = f"/account/users/{sam.id}"
    assert page(client, url).h1 == "Sam Sample"

    submit(client, url, {"roles": ["moderator"], "organisations": [organisation.id],
                         "active": "y"})
    db.session.refresh(sam)
    assert sam.roles == {Role.moderator, Role.contributor}
    assert signed_in(sams_browser)

    submit(client, url, {"roles": []})  # no organisations ticked, not active
    db.session.refresh(sam)
    assert sam.roles == set() and not sam.active
    assert not signed_in(sams_browser)


def test_an_administrator_cannot_lock_themselves_out(client):
    admin = make_user("admin@example.org", roles=[Role.administrator])
    sign_in(client, admin)
    response = submit(client, f"/account/users/{admin.id}", {"roles": [], "active": "y"})
    assert "You cannot remove your own administrator role" in response.text
    db.session.refresh(admin)
    assert admin.has_role(Role.administrator)


def test_moderators_cannot_manage_people(client):
    sign_in(client, make_user("mo@example.org", roles=[Role.moderator]))
    assert client.get("/account/users").status_code == 403


def test_add_user_command_prints_a_link_that_sets_the_password(app, client, organisation):
    result = app.test_cli_runner().invoke(hub, [
        "add-user", "Ada@Example.org", "--name", "Ada", "--role", "administrator",
        "--role", "moderator", "--organisation", organisation.id], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    ada = find_user("ada@example.org")
    assert ada.roles == {Role.administrator, Role.moderator, Role.contributor}
    link = result.output.strip().splitlines()[-1]
    password = "kettle on the windowsill"
    submit(client, link_path(link), {"password": password, "confirm": password})
    assert signed_in(client)

    # Run again for the same person: roles are added, nothing is duplicated.
    again = app.test_cli_runner().invoke(hub, ["add-user", "ada@example.org", "--role",
                                               "talking-point-staff"])
    assert again.exit_code == 0
    db.session.expire_all()
    assert Role.talking_point_staff in find_user("ada@example.org").roles


def test_add_user_command_refuses_an_unknown_organisation(app):
    result = app.test_cli_runner().invoke(hub, ["add-user", "ada@example.org",
                                                "--organisation", "no-such-id"])
    assert result.exit_code != 0
    assert "No organisation with the id no-such-id" in result.output
    assert find_user("ada@example.org") is None
