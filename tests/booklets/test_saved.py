"""Saving a booklet for a code, reprinting it by code, expiry, and ready-made booklets."""

import datetime as dt
import re

from sqlalchemy import text

from hub.accounts.models import Role
from hub.booklets import operations
from hub.booklets.draft import Booklet, Item
from hub.booklets.models import ReadyMadeBooklet, SavedBooklet
from hub.directory.models import ServiceStatus
from hub.extensions import db
from tests.booklets.test_builder import _add, _send, _titles
from tests.conftest import csrf_token, sign_in
from tests.factories import make_service, make_user


def _save_for_code(client, **fields) -> str:
    response = _send(client, action="code", **fields)
    match = re.fullmatch(r"/booklet/saved/([A-Z0-9]{8})\?new=1", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def test_a_saved_booklet_gets_a_code_that_is_easy_to_read_out(app, client, page):
    service = make_service("Tuesday lunch club")
    _add(client, f"service:{service.id}")
    code = _save_for_code(client, title="Ada Lovelace")
    assert not set(code) & set("0O1IL"), "no characters people mix up"
    shown = page(client, f"/booklet/saved/{code}?new=1")
    assert "Your booklet is saved" in shown.text
    assert f"{code[:4]} {code[4:]}" in shown.text
    until = (dt.date.today() + dt.timedelta(days=365)).strftime("%-d %B %Y")
    assert f"until {until}" in shown.text


def test_anyone_can_reprint_by_code_typed_loosely(app, client, page):
    service = make_service("Tuesday lunch club")
    _add(client, f"service:{service.id}")
    code = _save_for_code(client)
    stranger = app.test_client()
    typed = f" {code[:4].lower()}-{code[4:].lower()} "
    response = stranger.get("/booklet/find", query_string={"code": typed})
    assert response.headers["Location"] == f"/booklet/saved/{code}"
    shown = page(stranger, f"/booklet/saved/{code}")
    assert "Tuesday lunch club" in shown.text
    pdf = stranger.get(f"/booklet/saved/{code}/booklet.pdf")
    assert pdf.mimetype == "application/pdf"
    assert f"booklet-{code}.pdf" in pdf.headers["Content-Disposition"]


def test_a_wrong_code_is_explained_and_kept_in_the_box(app, client, page):
    cases = {"": "Enter the code from the booklet",
             "K7QM": "The code is 8 letters and numbers, like K7QM 4X2P",
             "K7QM 4X2P": "No booklet has that code. Check it, or it may have expired"}
    for typed, message in cases.items():
        shown = page(client, f"/booklet/find?code={typed}", status=400)
        assert message in shown.text
        assert shown.by_id("code").get("value") == typed


def test_the_reprint_has_todays_details_and_names_what_has_closed(app, client, page):
    lunch = make_service("Tuesday lunch club")
    cafe = make_service("Carers' café")
    for service in (lunch, cafe):
        _add(client, f"service:{service.id}")
    code = _save_for_code(client)
    lunch.description = "Now on Wednesdays too."
    cafe.status = ServiceStatus.inactive
    db.session.commit()

    shown = page(client, f"/booklet/saved/{code}/read")
    assert "Now on Wednesdays too." in shown.text
    assert ("These are no longer listed, so they are not in this booklet: Carers’ café"
            in shown.text.replace("'", "’"))
    assert "go to" in shown.text and code in shown.text  # how to reprint it again
    listing = page(client, f"/booklet/saved/{code}")
    assert "No longer listed" in listing.text


def test_what_a_saved_booklet_says_is_encrypted_in_the_database(app, client):
    service = make_service("Tuesday lunch club")
    _add(client, f"service:{service.id}")
    _save_for_code(client, title="Ada Lovelace", **{"note-1": "Ask for Sam"})
    stored = db.session.execute(text("SELECT contents FROM saved_booklet")).scalar_one()
    assert "Ada" not in stored and "Sam" not in stored
    assert "Ada Lovelace" in db.session.scalars(db.select(SavedBooklet)).one().contents


def test_saved_booklets_expire_and_are_purged(app, client, page):
    service = make_service("Tuesday lunch club")
    _add(client, f"service:{service.id}")
    code = _save_for_code(client)
    later = dt.date.today() + dt.timedelta(days=366)
    assert operations.find_saved(code, later) is None
    assert operations.forget_expired(later - dt.timedelta(days=2)) == 0
    runner = app.test_cli_runner()
    result = runner.invoke(args=["hub", "purge-personal-data", "--today", later.isoformat()])
    assert "Expired saved booklets deleted: 1." in result.output
    assert page(client, f"/booklet/saved/{code}", status=404)


def test_guessing_codes_is_stopped(app, client):
    for _ in range(20):
        assert client.get("/booklet/saved/K7QM4X2P").status_code == 404
    assert client.get("/booklet/saved/K7QM4X2P").status_code == 429
    assert client.get("/booklet/find?code=K7QM4X2Q").status_code == 429


def test_changing_a_saved_booklet_makes_a_new_code_and_leaves_the_old_one(app, client, page):
    lunch = make_service("Tuesday lunch club")
    cafe = make_service("Carers' café")
    _add(client, f"service:{lunch.id}")
    first = _save_for_code(client)
    _add(client, f"service:{cafe.id}")
    second = _save_for_code(client)
    assert second != first
    assert "Carers" not in page(client, f"/booklet/saved/{first}").text

    other = app.test_client()
    other.post(f"/booklet/saved/{first}/open",
               data={"csrf_token": csrf_token(other, f"/booklet/saved/{first}")})
    assert _titles(other.get("/booklet").get_data(as_text=True)) == ["Tuesday lunch club"]


def test_a_ready_made_booklet_starts_or_adds_to_mine(app, client, page):
    _lunch, cafe, walk = (make_service(n) for n in ("Tuesday lunch club", "Carers' café",
                                                   "Health walk"))
    ready = operations.keep_ready_made(None, "Caring for someone", "For carers.", Booklet(
        items=(Item(f"service:{cafe.id}"), Item("article:support-for-carers"))))
    _add(client, f"service:{walk.id}")
    shown = page(client, f"/booklet/ready-made/{ready.id}")
    assert shown.h1 == "Caring for someone"
    assert "Support for carers" in shown.text or "carers" in shown.text.lower()
    token = csrf_token(client, f"/booklet/ready-made/{ready.id}")

    client.post(f"/booklet/ready-made/{ready.id}/use", data={"mode": "add", "csrf_token": token})
    assert len(_titles(client.get("/booklet").get_data(as_text=True))) == 3
    client.post(f"/booklet/ready-made/{ready.id}/use",
                data={"mode": "replace", "csrf_token": token})
    titles = _titles(client.get("/booklet").get_data(as_text=True))
    assert titles[0] == "Carers' café" and len(titles) == 2


def test_moderators_make_ready_made_booklets_from_their_own_without_notes(app, client, page):
    moderator = make_user("mo@example.org", roles=[Role.moderator])
    sign_in(client, moderator)
    lunch = make_service("Tuesday lunch club")
    _add(client, f"service:{lunch.id}")
    _send(client, action="save", title="Ada Lovelace", **{"note-1": "Ask for Sam"})

    token = csrf_token(client, "/booklet/ready-made/new")
    response = client.post("/booklet/ready-made/new",
                           data={"name": "", "description": "", "csrf_token": token})
    assert "Enter a name, like Leaving hospital" in response.get_data(as_text=True)
    client.post("/booklet/ready-made/new", data={
        "name": "Eating well", "description": "Meals and lunch clubs.", "csrf_token": token})
    ready = db.session.scalars(db.select(ReadyMadeBooklet)).one()
    assert "Ada" not in ready.contents and "Sam" not in ready.contents
    assert "Eating well" in page(client, "/booklet").text  # offered to everyone

    edit = f"/booklet/ready-made/{ready.id}/edit"
    client.post(edit, data={"name": "Eating well in York", "description": "",
                            "csrf_token": csrf_token(client, edit)})
    assert "Eating well in York" in page(client, "/booklet/ready-made").text
    client.post(f"/booklet/ready-made/{ready.id}/delete",
                data={"csrf_token": csrf_token(client, edit)})
    assert db.session.scalars(db.select(ReadyMadeBooklet)).first() is None


def test_the_sample_ready_made_booklets_hold_real_sample_entries(sample_client, page):
    shown = page(sample_client, "/booklet")
    names = ["Leaving hospital", "Caring for someone", "Paying for care", "Living with dementia"]
    assert all(name in shown.text for name in names)
    for ready in operations.ready_made():
        listed = page(sample_client, f"/booklet/ready-made/{ready.id}")
        assert "No longer listed" not in listed.text
        assert len(listed.elements("li")) >= 5


def test_saving_and_finding_work_on_both_databases(any_db_app):
    service = make_service("Tuesday lunch club")
    booklet = Booklet(items=(Item(f"service:{service.id}", "Ask for Sam"),), title="Ada")
    with any_db_app.test_request_context():
        saved = operations.save(booklet, dt.date(2026, 11, 23))
    found = operations.find_saved(saved.code.lower(), dt.date(2026, 11, 24))
    assert operations.booklet_of(found).items[0].name == "Tuesday lunch club"
    assert operations.booklet_of(found).title == "Ada"
    assert operations.forget_expired(dt.date(2027, 11, 24)) == 1
