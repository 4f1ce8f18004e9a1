"""Translations are part of a listing: proposed in a draft, reviewed field by field,
published with the rest, and left alone by imports that do not carry them."""

from werkzeug.datastructures import MultiDict

from hub.directory.models import Service
from hub.directory.operations import import_services, write_service
from hub.extensions import db
from hub.listings import operations
from hub.listings.snapshot import diff, merged, record_from_snapshot, snapshot_of
from tests.factories import oruk_service
from tests.listings.helpers import changed, form_values
from tests.listings.test_pages import open_draft, send, the_change

POLISH = {"name": "Klub obiadowy Acomb", "description": "Ciepły obiad w każdy wtorek.",
          "how_to_access": "Zadzwoń, aby zarezerwować."}
ARABIC = {"name": "نادي غداء أكوم", "description": "", "how_to_access": ""}


def test_a_contributor_translates_a_moderator_reviews_and_a_reader_sees_it(app, people,
                                                                            page):
    contributor = people.client(app, people.contributor)
    url, _html = open_draft(contributor, people.service)
    form = page(contributor, url)
    # One group of fields for each of the hub's other languages, typed in that language.
    polish_name = form.by_id("translations-0-name")
    assert (polish_name.get("lang"), polish_name.get("dir")) == ("pl", "ltr")
    arabic_description = form.by_id("translations-2-description")
    assert (arabic_description.get("lang"), arabic_description.get("dir")) == ("ar", "rtl")
    assert "Polish (Polski)" in form.texts("legend")

    values = changed(form_values(form.html, url), translations__0__name=POLISH["name"],
                     translations__0__description=POLISH["description"],
                     translations__0__how_to_access=POLISH["how_to_access"])
    response = send(contributor, url, values, action="submit")
    assert response.status_code == 302
    change = the_change(people.service)
    assert change.proposed["translations"] == {"pl": POLISH}

    moderator = people.client(app, people.moderator)
    review = page(moderator, f"/moderation/changes/{change.id}")
    rows = review.texts("tr")
    assert f"Name (Polish) (empty) {POLISH['name']}" in rows
    assert f"Description (Polish) (empty) {POLISH['description']}" in rows
    assert not any("(Arabic)" in row for row in rows)  # nothing changed there
    [inserted] = [e for e in review.elements("ins") if e.text == POLISH["name"]]
    assert (inserted.get("lang"), inserted.get("dir")) == ("pl", "ltr")

    approve = f"/moderation/changes/{change.id}/approve"
    approved = moderator.post(approve, data=MultiDict(form_values(review.html, approve)))
    assert approved.status_code == 302
    db.session.expire_all()
    service = db.session.get(Service, people.service.id)
    assert [(t.locale, t.name) for t in service.translations] == [("pl", POLISH["name"])]

    reader = app.test_client()
    shown = page(reader, f"/services/{service.id}?lang=pl")
    assert shown.h1 == POLISH["name"] and shown.elements("h1")[0].get("lang") == "pl"
    assert POLISH["how_to_access"] in shown.html


def test_a_form_with_a_problem_keeps_the_translation_typed(app, people, page):
    contributor = people.client(app, people.contributor)
    url, html = open_draft(contributor, people.service)
    values = changed(form_values(html, url), name="", translations__2__name=ARABIC["name"])
    response = send(contributor, url, values)
    assert response.status_code == 200
    assert ARABIC["name"] in response.get_data(as_text=True)
    assert the_change(people.service).proposed["translations"] == {}


def test_an_import_leaves_translations_alone(app, people):
    change = operations.start_change(people.service, people.moderator)
    operations.save_draft(change, dict(change.proposed, translations={"pl": POLISH}),
                          people.moderator, change.revision)
    operations.publish(change, people.moderator, change.revision)

    # The same service comes in again from a feed (which knows nothing of translations).
    feed = oruk_service("Acomb lunch club", categories=["meals"], id=people.service.id,
                        description="Now with bingo.")
    assert import_services([feed]).updated == 1
    db.session.expire_all()
    service = db.session.get(Service, people.service.id)
    assert service.description == "Now with bingo."
    assert [(t.locale, t.description) for t in service.translations] == [
        ("pl", POLISH["description"])]


def test_publishing_merges_translations_field_by_field(app, people):
    change = operations.start_change(people.service, people.contributor)
    # Meanwhile the live listing gains an Arabic name (say, a moderator's restore).
    live = snapshot_of(people.service)
    write_service(people.service, record_from_snapshot(dict(live, translations={"ar": ARABIC}),
                                                       people.service))
    db.session.commit()

    operations.save_draft(change, dict(change.proposed, translations={"pl": POLISH}),
                          people.contributor, change.revision)
    operations.publish(change, people.contributor, change.revision)
    db.session.expire_all()
    service = db.session.get(Service, people.service.id)
    assert {t.locale: t.name for t in service.translations} == {
        "ar": ARABIC["name"], "pl": POLISH["name"]}


def test_clearing_a_translation_shows_as_a_change_and_removes_it(app, people):
    change = operations.start_change(people.service, people.moderator)
    operations.save_draft(change, dict(change.proposed, translations={"pl": POLISH}),
                          people.moderator, change.revision)
    operations.publish(change, people.moderator, change.revision)

    change = operations.start_change(people.service, people.moderator)
    operations.save_draft(change, dict(change.proposed, translations={}),
                          people.moderator, change.revision)
    lines = diff(change.base, operations.to_publish(change))
    assert [(c.label, c.before, c.after, c.lang) for c in lines] == [
        ("Name (Polish)", POLISH["name"], "", "pl"),
        ("Description (Polish)", POLISH["description"], "", "pl"),
        ("How to use it (Polish)", POLISH["how_to_access"], "", "pl")]
    operations.publish(change, people.moderator, change.revision)
    db.session.expire_all()
    assert db.session.get(Service, people.service.id).translations == []


def test_drafts_from_before_translations_leave_them_as_they_are(app, people):
    """Snapshots saved before translations existed have no 'translations' key."""
    change = operations.start_change(people.service, people.moderator)
    operations.save_draft(change, dict(change.proposed, translations={"pl": POLISH}),
                          people.moderator, change.revision)
    operations.publish(change, people.moderator, change.revision)
    live = snapshot_of(people.service)

    old = {key: value for key, value in live.items() if key != "translations"}
    proposal = dict(old, name="Acomb lunch and bingo club")
    outcome = merged(old, proposal, live)
    assert "translations" not in outcome
    assert not any("(Polish)" in c.label for c in diff(live, outcome))
    assert record_from_snapshot(outcome, people.service).translations is None
    # ...and a draft from then, saved with today's form, keeps what is live.
    assert merged(old, dict(proposal, translations={}), live)["translations"] == {
        "pl": POLISH}
