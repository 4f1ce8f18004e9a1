"""The role x route matrix: every non-public route refuses anyone without the right role,
and a contributor cannot reach another organisation's records by changing an id."""

import uuid

import pytest
from sqlalchemy import MetaData, select

from hub.accounts.models import Role
from hub.core.auth import SIGNED_IN
from hub.extensions import db
from hub.listings import operations
from hub.reports.models import ReportReason
from hub.reports.operations import make_report
from tests.conftest import build_app, load_reference_data, sign_in
from tests.factories import make_service, make_user
from tests.test_architecture import PUBLIC_ENDPOINTS, PUBLIC_FORMS

PERSONAS = ("signed-out", "no role", *(role.value for role in Role))


class World:
    """Two organisations; requests are made as organisation A's people, for B's records."""

    def __init__(self):
        ours = make_service("Our lunch club")
        theirs = make_service("Their lunch club", organization={
            "id": str(uuid.UUID(int=2)), "name": "Another Trust"})
        self.theirs = theirs
        their_author = make_user("b@example.org", organisations=[theirs.organisation])
        self.their_change = operations.start_change(theirs, their_author)
        self.users = {
            "no role": make_user("nobody@example.org"),
            Role.contributor.value: make_user("a@example.org", organisations=[ours.organisation]),
            **{role.value: make_user(f"{role.value}@example.org", roles=[role])
               for role in Role if role != Role.contributor},
        }
        self.their_report = make_report(theirs, reason=ReportReason.closed)

    def value(self, name: str):
        return {
            "service_id": self.theirs.id,
            "organisation_id": self.theirs.organisation_id,
            "change_id": self.their_change.id,
            "report_id": self.their_report.id,
            "user_id": self.users["no role"].id,
        }.get(name, str(uuid.uuid4()))


def _fingerprint() -> str:
    """Every row of every table: a refused request must leave it exactly as it was."""
    metadata = MetaData()
    metadata.reflect(db.engine)
    rows = []
    for name in sorted(metadata.tables):
        if name == "user_session":  # signing in the test persona adds one; not the route
            continue
        table = metadata.tables[name]
        rows.append((name, sorted(map(repr, db.session.execute(select(table)).all()))))
    return repr(rows)


@pytest.fixture(scope="module")
def world_app(tmp_path_factory):
    app = build_app(tmp_path_factory.mktemp("access"))
    # Without CSRF, POSTs reach the role check (CSRF refusal is tested on its own).
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        load_reference_data()
        world = World()
        yield app, world
        db.session.remove()


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS | PUBLIC_FORMS:
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method, set(view.required_roles)


def _path(rule, world: World) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name].__class__.__name__
        values[name] = 1 if converter == "IntegerConverter" else world.value(name)
    return rule.build(values, append_unknown=False)[1]


def test_every_protected_route_refuses_people_without_its_role(world_app):
    app, world = world_app
    before = _fingerprint()
    wrong = []
    for rule, method, roles in _routes(app):
        path = _path(rule, world)
        for persona in PERSONAS:
            if SIGNED_IN in roles and persona != "signed-out":
                continue
            if persona in {r.value if isinstance(r, Role) else r for r in roles}:
                continue
            client = app.test_client()
            if persona != "signed-out":
                sign_in(client, world.users[persona])
            response = client.open(path, method=method)
            expected = (302,) if persona == "signed-out" else (403,)
            if response.status_code not in expected or (
                    persona == "signed-out"
                    and "/account/sign-in" not in response.headers["Location"]):
                wrong.append(f"{method} {path} as {persona}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert _fingerprint() == before


def test_a_contributor_cannot_reach_another_organisations_records(world_app):
    app, world = world_app
    client = app.test_client()
    sign_in(client, world.users[Role.contributor.value])
    before = _fingerprint()
    reached = []
    for rule, method, roles in _routes(app):
        if Role.contributor not in roles or not set(rule.arguments) & {
                "service_id", "organisation_id", "change_id", "report_id"}:
            continue
        path = _path(rule, world)
        response = client.open(path, method=method)
        if response.status_code not in (403, 404):
            reached.append(f"{method} {path}: {response.status_code}")
    assert not reached, "\n".join(reached)
    assert _fingerprint() == before


@pytest.fixture(scope="module")
def csrf_world_app(tmp_path_factory):
    """CSRF on, and one person allowed everywhere: only the token (or the method) stops them."""
    app = build_app(tmp_path_factory.mktemp("csrf"))
    with app.app_context():
        load_reference_data()
        world = World()
        everyone = make_user("all@example.org", roles=list(Role),
                             organisations=[world.theirs.organisation])
        yield app, world, everyone
        db.session.remove()


def test_no_form_is_accepted_without_its_csrf_token(csrf_world_app):
    app, world, everyone = csrf_world_app
    client = app.test_client()
    sign_in(client, everyone)
    before = _fingerprint()
    accepted = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            response = client.post(_path(rule, world), data={"email": "x@example.org"})
            if response.status_code != 400:
                accepted.append(f"POST {rule.rule}: {response.status_code}")
    assert not accepted, "\n".join(accepted)
    assert _fingerprint() == before


def test_looking_at_any_page_changes_nothing(csrf_world_app):
    app, world, everyone = csrf_world_app
    client = app.test_client()
    sign_in(client, everyone)
    before = _fingerprint()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            response = client.get(_path(rule, world))
            assert response.status_code < 500, rule.rule
            response.close()  # a streamed download keeps its request open until closed
    assert _fingerprint() == before
