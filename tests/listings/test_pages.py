"""The contributor pages, through the real test client and database."""

import datetime as dt

import html5lib
import pytest
from babel.dates import format_date
from werkzeug.datastructures import MultiDict

from hub.directory.models import Service, ServiceStatus
from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ChangeRequest, ChangeStatus
from tests.conftest import csrf_token
from tests.factories import make_service, make_user
from tests.listings.helpers import NS, changed, fingerprint, form_values, input_value
from tests.page_quality import check_page


def open_draft(client, service: Service) -> tuple[str, str]:
    """Press 'Edit' on the listing page; return the change page's URL and HTML."""
    token = csrf_token(client, f"/contribute/services/{service.id}")
    response = client.post(f"/contribute/services/{service.id}/edit",
                           data={"csrf_token": token})
    assert response.status_code == 302
    url = response.location
    return url, client.get(url).get_data(as_text=True)


def send(client, url: str, values, action: str = "save"):
    return client.post(url, data=MultiDict([*values, ("action", action)]))


def the_change(service: Service) -> ChangeRequest:
    db.session.expire_all()
    return operations.open_change(service)


def long_date(day: dt.date) -> str:
    return format_date(day, "d MMMM yyyy", locale="en")


# Seeing listings


def test_a_contributor_sees_only_their_organisations_listings(app, people, page):
    client = people.client(app, people.contributor)
    index = page(client, "/contribute")
    assert index.h1 == "Your listings"
    assert "Acomb lunch club" in index
    assert "Test Community Trust" in index
    assert "Holgate walking group" not in index and "Another Trust" not in index


def test_the_listing_page_shows_checks_open_change_and_history(app, people, page):
    client = people.client(app, people.contributor)
    change = operations.start_change(people.service, people.contributor)
    operations.save_draft(change, dict(change.proposed, name="Renamed club"),
                          people.contributor, change.revision)
    operations.publish(change, people.moderator, change.revision)
    listing = page(client, f"/contribute/services/{people.service.id}")
    assert listing.h1 == "Renamed club"
    assert f"Last checked {long_date(dt.date.today())}" in listing
    assert listing.links()["See the listing as residents see it"] == (
        f"/services/{people.service.id}")
    rows = listing.texts("tr")
    assert rows[1].startswith("2 Change published") and "Proposed by Ali" in rows[1]
    assert "Published by Mo" in rows[1]
    assert rows[2].startswith("1 As first recorded")
    assert "Nothing is waiting" in listing


def test_an_overdue_listing_says_a_check_is_due(app, people, page):
    people.service.last_checked = dt.date.today() - dt.timedelta(days=200)
    db.session.commit()
    client = people.client(app, people.contributor)
    assert "Check due" in page(client, "/contribute")
    app.config["CHECK_DUE_AFTER_DAYS"] = 365
    assert "Check due" not in page(client, "/contribute")


def test_open_changes_show_their_state_and_the_moderators_reason(app, people, page):
    change = operations.start_change(people.service, people.contributor)
    operations.submit(change, people.contributor, change.revision)
    client = people.client(app, people.contributor)
    assert "Waiting for review" in page(client, "/contribute")
    operations.send_back(change, people.moderator, "Please add Friday's opening times",
                         change.revision)
    index = page(client, "/contribute")
    assert "Sent back" in index and "Please add Friday's opening times" in index
    url = f"/contribute/changes/{change.id}"
    form = page(client, url)
    assert "A moderator sent this back Please add Friday's opening times" in form
    send(client, url, changed(form_values(form.html, url), schedules__1__days=["FR"]))
    assert the_change(people.service).status == ChangeStatus.draft
    assert "Please add Friday's opening times" in page(client, url)  # still there to follow


def test_a_moderator_without_organisations_is_pointed_to_moderation(app, people, page):
    client = people.client(app, people.moderator)
    index = page(client, "/contribute")
    assert "not a member of any organisation" in index
    assert "Acomb lunch club" not in index


def test_a_moderator_may_edit_any_change_and_go_back_to_reviewing_it(app, people, page):
    change = operations.start_change(people.theirs, people.contributor)
    client = people.client(app, people.moderator)
    form = page(client, f"/contribute/changes/{change.id}")
    assert form.links()["Back to reviewing this change"] == f"/moderation/changes/{change.id}"
    contributor = page(people.client(app, people.colleague), "/contribute")
    assert "Back to reviewing" not in contributor


# Nobody reaches another organisation's records


def test_another_organisations_records_are_not_found(app, people):
    their_change = operations.start_change(people.theirs, people.moderator)
    client = people.client(app, people.contributor)
    token = csrf_token(client, "/contribute")
    before = fingerprint()
    requests = [
        ("GET", f"/contribute/services/{people.theirs.id}"),
        ("POST", f"/contribute/services/{people.theirs.id}/still-correct"),
        ("POST", f"/contribute/services/{people.theirs.id}/edit"),
        ("POST", f"/contribute/organisations/{people.theirs.organisation_id}/new-service"),
        ("GET", f"/contribute/changes/{their_change.id}"),
        ("POST", f"/contribute/changes/{their_change.id}"),
        ("GET", "/contribute/services/no-such-id"),
        ("GET", "/contribute/changes/no-such-id"),
    ]
    for method, url in requests:
        response = client.open(url, method=method, data={
            "csrf_token": token, "revision": their_change.revision, "name": "Hijacked",
            "action": "save"})
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Holgate" not in response.get_data(as_text=True)
    assert fingerprint() == before


# Editing


def test_editing_saves_a_draft_with_every_kind_of_field(app, people):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    base = the_change(people.service).base
    values = changed(
        form_values(html, url),
        name="Acomb lunch and bingo club", status="temporarily closed",
        description="Hot lunch, then **bingo**.", eligibility="Older people",
        minimum_age="60", how_to_access="Ring to book", delivery=["in-person", "phone"],
        phones__1__number="07700 900123", phones__1__description="Mobile",
        email="lunch@example.org", website="https://example.org/lunch",
        schedules__1__days=["TH", "FR"], schedules__1__opens_at="9.30",
        schedules__1__closes_at="11:00", schedules__1__notes="Term time only",
        cost_options__0__option="Lunch", cost_options__0__amount="£4.5",
        cost_options__0__amount_description="per person",
        locations__0__features=["step_free"],
        locations__1__name="Dringhouses Library", locations__1__address="1 Main Street",
        locations__1__city="York", locations__1__postcode="yo24 1aa",
        locations__1__features=["hearing_loop", "parking"],
        areas="Acomb\nWestfield\n\nAcomb", languages="Polish, arabic",
        categories=["meals", "care-at-home"],
    )
    response = send(client, url, values)
    assert response.status_code == 302 and response.location == url

    assert the_change(people.service).proposed == {
        "name": "Acomb lunch and bingo club", "status": "temporarily closed",
        "description": "Hot lunch, then **bingo**.", "eligibility": "Older people",
        "minimum_age": 60, "maximum_age": None, "how_to_access": "Ring to book",
        "delivery": ["in-person", "phone"],
        "phones": [{"number": "01632 960123", "description": "Bookings"},
                   {"number": "07700 900123", "description": "Mobile"}],
        "email": "lunch@example.org", "website": "https://example.org/lunch",
        "schedules": [
            {"byday": "TU", "opens_at": "12:00", "closes_at": "14:00", "notes": ""},
            {"byday": "TH,FR", "opens_at": "09:30", "closes_at": "11:00",
             "notes": "Term time only"}],
        "fees": "",
        "cost_options": [{"option": "Lunch", "amount": "4.50",
                          "amount_description": "per person"}],
        "locations": [
            dict(base["locations"][0], step_free=True),
            {"id": None, "name": "Dringhouses Library", "address": "1 Main Street",
             "city": "York", "postcode": "YO24 1AA", "ward": "", "latitude": None,
             "longitude": None, "step_free": False, "accessible_toilet": False,
             "hearing_loop": True, "parking": True}],
        "areas": ["Acomb", "Westfield"], "languages": ["pl", "ar"],
        "categories": ["care-at-home", "meals"], "translations": {},
    }
    assert db.session.get(Service, people.service.id).name == "Acomb lunch club"  # not live

    again = client.get(url).get_data(as_text=True)
    assert "Your draft is saved" in again
    for blank in ("phones-2-number", "schedules-2-opens_at", "cost_options-1-option",
                  "locations-2-postcode"):
        assert input_value(again, blank) == ""
    assert input_value(again, "languages") == "Polish, Arabic"
    assert input_value(again, "locations-0-id") == base["locations"][0]["id"]


def test_saving_an_unchanged_form_changes_nothing_in_the_draft(app, people):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    assert send(client, url, form_values(html, url)).status_code == 302
    change = the_change(people.service)
    assert change.proposed == change.base


def test_blank_rows_are_ignored_and_a_place_can_be_removed(app, people):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    values = changed(form_values(html, url), phones__0__number="", phones__0__description="",
                     schedules__1__notes="  ", locations__0__remove="y")
    assert send(client, url, values).status_code == 302
    proposed = the_change(people.service).proposed
    assert proposed["phones"] == [] and proposed["locations"] == []
    assert len(proposed["schedules"]) == 1 and proposed["cost_options"] == []


def test_bad_input_is_explained_and_everything_typed_is_kept(app, people):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    revision = the_change(people.service).revision
    typed = dict(  # noqa: C408 - field names read best as keywords
        name="", description="A new description nobody should lose", email="not-an-email",
        website="example.org", phones__1__number="call us",
        schedules__0__closes_at="11:00", schedules__1__opens_at="25:00",
        cost_options__0__option="Lunch", cost_options__0__amount="-1",
        minimum_age="130", maximum_age="abc", languages="Polish, Klingonese",
        locations__0__postcode="ZZ9 9ZZ", locations__1__name="New hall",
        locations__1__postcode="not a postcode", categories=[],
    )
    response = send(client, url, changed(form_values(html, url), **typed))
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True), url)
    assert page.h1 == "Change Acomb lunch club"
    summary = {text: href for text, href in page.links().items() if href.startswith("#")}
    assert summary == {
        "Enter the name of the service": "#name",
        "Enter the youngest age as a whole number from 0 to 120": "#minimum_age",
        "Enter the oldest age as a whole number from 0 to 120": "#maximum_age",
        "Enter a phone number using only numbers, spaces and + ( ) -, like 01632 960123":
            "#phones-1-number",
        "Enter an e-mail address like name@example.org": "#email",
        "Enter the website address starting with https:// or http://": "#website",
        "The closing time must be after the opening time": "#schedules-0-closes_at",
        "Choose the days these times are for": "#schedules-1-days",
        "Enter the opening time like 09:30": "#schedules-1-opens_at",
        "Enter the closing time": "#schedules-1-closes_at",
        "Enter the amount in pounds as a number of 0 or more, like 4.50":
            "#cost_options-0-amount",
        "Enter a full postcode, like YO24 3AB": "#locations-1-postcode",
        "We do not know the language Klingonese. Check the spelling": "#languages",
        "Choose at least one category": "#categories",
        "Skip to main content": "#main-content",
    }
    shown = response.get_data(as_text=True)
    for field_id, value in (("description", typed["description"]), ("email", "not-an-email"),
                            ("website", "example.org"), ("phones-1-number", "call us"),
                            ("schedules-1-opens_at", "25:00"), ("minimum_age", "130"),
                            ("cost_options-0-option", "Lunch"), ("languages",
                                                                 "Polish, Klingonese"),
                            ("locations-1-name", "New hall"),
                            ("locations-1-postcode", "not a postcode")):
        assert input_value(shown, field_id) == value, field_id
    change = the_change(people.service)
    assert change.revision == revision and change.proposed == change.base


def test_a_venue_outside_the_place_saves_without_a_map_point(app, people):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    response = send(client, url, changed(form_values(html, url),
                                         locations__1__name="Leeds hall",
                                         locations__1__address="1 Park Row",
                                         locations__1__postcode="LS1 5AB"))
    assert response.status_code == 302
    operations.publish(the_change(people.service), people.moderator,
                       the_change(people.service).revision)
    venue = next(v for v in db.session.get(Service, people.service.id).locations
                 if v.name == "Leeds hall")
    assert (venue.postcode, venue.latitude, venue.ward) == ("LS1 5AB", None, "")


@pytest.mark.parametrize(("typed", "message"), [
    ({"minimum_age": "70", "maximum_age": "18"},
     "The oldest age must be the same as or more than the youngest age"),
    ({"schedules__1__days": ["MO"], "schedules__1__opens_at": "09:00"},
     "Enter the closing time"),
    ({"phones__1__description": "Evenings"}, "Enter the phone number, or clear this row"),
    ({"name": "x" * 256}, "This must be 255 characters or fewer"),
    ({"website": "javascript:alert(1)"},
     "Enter the website address starting with https:// or http://"),
])
def test_each_rule_has_a_plain_english_message(app, people, typed, message):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    response = send(client, url, changed(form_values(html, url), **typed))
    assert message in check_page(response.get_data(as_text=True)).links()


# Two people, one draft


def test_a_second_save_from_an_old_page_is_stopped_and_keeps_its_input(app, people):
    first = people.client(app, people.contributor)
    url, first_html = open_draft(first, people.service)
    second = people.client(app, people.colleague)
    second_html = second.get(url).get_data(as_text=True)

    assert send(first, url, changed(form_values(first_html, url), fees="£2")).status_code == 302
    response = send(second, url, changed(form_values(second_html, url), fees="£3",
                                         name="Acomb Tuesday club"))
    assert response.status_code == 409
    page = check_page(response.get_data(as_text=True), url)
    assert page.links()["Someone else saved this draft while you were editing"] == "#conflict"
    conflict = [row for row in page.texts("tr") if row.startswith(("Fees", "Name"))]
    assert "Fees £2 £3" in conflict and "Name Acomb lunch club Acomb Tuesday club" in conflict
    shown = response.get_data(as_text=True)
    assert input_value(shown, "fees") == "£3" and input_value(shown, "name") == (
        "Acomb Tuesday club")
    change = the_change(people.service)
    assert change.proposed["fees"] == "£2"
    assert input_value(shown, "revision") == str(change.revision)

    # Having seen theirs, saving again is a deliberate choice, and it works.
    assert send(second, url, form_values(shown, url)).status_code == 302
    assert the_change(people.service).proposed["fees"] == "£3"


# Sending, publishing, discarding


def test_sending_for_review_queues_it_and_tells_the_moderators(app, people, mail):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    response = send(client, url, changed(form_values(html, url), fees="£2"), "submit")
    assert response.status_code == 302 and response.location == "/contribute"
    change = the_change(people.service)
    assert change.status == ChangeStatus.submitted and change.proposed["fees"] == "£2"
    assert db.session.get(Service, people.service.id).fees == ""
    assert mail.to("mo@example.org")
    assert "Waiting for review" in client.get("/contribute").get_data(as_text=True)


def test_a_trusted_organisation_publishes_directly(app, people):
    people.service.organisation.trusted = True
    db.session.commit()
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    assert "Publish" in check_page(html).texts("button")
    response = send(client, url, changed(form_values(html, url),
                                         name="Acomb lunch and bingo club"), "submit")
    assert response.location == f"/contribute/services/{people.service.id}"
    db.session.expire_all()
    assert db.session.get(Service, people.service.id).name == "Acomb lunch and bingo club"
    assert operations.versions(people.service)[0].published_by_id == people.contributor.id
    public = client.get(f"/services/{people.service.id}").get_data(as_text=True)
    assert "Acomb lunch and bingo club" in public


def test_proposing_a_new_service(app, people, page):
    client = people.client(app, people.contributor)
    token = csrf_token(client, "/contribute")
    response = client.post(
        f"/contribute/organisations/{people.service.organisation_id}/new-service",
        data={"csrf_token": token})
    url = response.location
    form = page(client, url)
    assert form.h1 == "Propose a new service"
    values = changed(form_values(form.html, url), name="Dringhouses walking group",
                     description="Gentle walks.", categories=["meals"],
                     locations__0__address="1 Main Street", locations__0__postcode="YO24 1AA")
    assert send(client, url, values).status_code == 302
    index = page(client, "/contribute")
    assert "Dringhouses walking group" in index and "A new service you proposed" in index

    change = db.session.get(ChangeRequest, url.rsplit("/", 1)[1])
    operations.publish(change, people.moderator, change.revision)
    assert "Dringhouses walking group" in client.get(
        f"/contribute/services/{change.service_id}").get_data(as_text=True)


def test_discarding_asks_first_then_leaves_the_listing_as_it_was(app, people):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    values = changed(form_values(html, url), name="Typed but not wanted")
    asked = send(client, url, values, "discard")
    page = check_page(asked.get_data(as_text=True), url)
    assert page.h1 == "Discard this change?"
    assert the_change(people.service).status == ChangeStatus.draft

    confirmed = send(client, url, form_values(asked.get_data(as_text=True), url),
                     "discard-confirmed")
    assert confirmed.location == "/contribute"
    assert the_change(people.service) is None
    assert db.session.get(Service, people.service.id).name == "Acomb lunch club"

    # The old form sent again: nothing is saved, and what was typed is shown, not lost.
    late = send(client, url, values)
    assert late.status_code == 409
    closed = check_page(late.get_data(as_text=True), url)
    assert closed.h1 == "This change was discarded"
    assert "Name Acomb lunch club Typed but not wanted" in closed.texts("tr")
    assert "Discarded" not in db.session.get(Service, people.service.id).name


# Still correct


def test_still_correct_counts_as_a_check_on_the_public_page(app, people):
    people.service.last_checked = dt.date(2020, 1, 1)
    db.session.commit()
    client = people.client(app, people.contributor)
    public = f"/services/{people.service.id}"
    assert "Last checked: 1 January 2020" in client.get(public).get_data(as_text=True)
    token = csrf_token(client, "/contribute")
    response = client.post(f"/contribute/services/{people.service.id}/still-correct",
                           data={"csrf_token": token, "back_to": "service"})
    assert response.location == f"/contribute/services/{people.service.id}"
    assert "marked as checked today" in client.get(response.location).get_data(as_text=True)
    today = long_date(dt.date.today())
    assert f"Last checked: {today}" in client.get(public).get_data(as_text=True)
    elsewhere = client.post(f"/contribute/services/{people.service.id}/still-correct",
                            data={"csrf_token": token, "back_to": "https://evil.example"})
    assert elsewhere.location == "/contribute"


# Requests that must change nothing


def test_posts_without_a_csrf_token_are_refused(app, people):
    client = people.client(app, people.contributor)
    url, html = open_draft(client, people.service)
    before = fingerprint()
    for target in (f"/contribute/services/{people.service.id}/still-correct",
                   f"/contribute/services/{people.service.id}/edit",
                   f"/contribute/organisations/{people.service.organisation_id}/new-service",
                   url):
        values = [(k, v) for k, v in form_values(html, url) if k != "csrf_token"]
        assert send(client, target, values, "submit").status_code == 400
    assert fingerprint() == before


def test_looking_at_pages_changes_nothing(app, people, page):
    client = people.client(app, people.contributor)
    url, _ = open_draft(client, people.service)
    before = fingerprint()
    page(client, "/contribute")
    page(client, f"/contribute/services/{people.service.id}")
    page(client, url)
    for action in ("still-correct", "edit"):
        assert client.get(f"/contribute/services/{people.service.id}/{action}").status_code == 405
    assert fingerprint() == before


def test_a_published_change_is_shown_read_only(app, people, page):
    change = operations.start_change(people.service, people.contributor)
    operations.save_draft(change, dict(change.proposed, fees="£2"), people.contributor,
                          change.revision)
    operations.publish(change, people.moderator, change.revision)
    shown = page(people.client(app, people.contributor), f"/contribute/changes/{change.id}")
    assert shown.h1 == "This change has been published"
    assert "Fees (empty) £2" in shown.texts("tr")
    # Only the header's and the site's own "Finish" button: no form to edit it.
    assert shown.texts("form") == ["Sign out", "Finish and clear my data"]


# Contributor text on residents' pages


def test_contributor_text_cannot_run_script_on_the_public_page(app, people):
    change = operations.start_change(people.service, people.contributor)
    attack = ("<script>alert(1)</script> <img src=x onerror=alert(1)> "
              "[x](javascript:alert(1)) [ok](https://example.org)")
    operations.save_draft(change, dict(change.proposed, description=attack,
                                       eligibility=attack, how_to_access=attack,
                                       fees=attack), people.contributor, change.revision)
    operations.publish(change, people.moderator, change.revision)
    response = people.client(app, people.contributor).get(f"/services/{people.service.id}")
    document = html5lib.parse(response.get_data(as_text=True))
    scripts = list(document.iter(f"{NS}script"))
    assert [s.get("src") for s in scripts] == ["/static/js/hub.js"]  # the site's own only
    assert not any((s.text or "").strip() for s in scripts)
    assert not [(e.tag, name) for e in document.iter() for name in e.attrib
                if name.lower().startswith("on")]
    hrefs = [a.get("href", "") for a in document.iter(f"{NS}a")]
    assert "https://example.org" in hrefs
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert db.session.get(Service, people.service.id).status == ServiceStatus.active


def test_contributors_see_how_many_problems_residents_reported(app, client, page):
    from hub.reports.models import ReportReason
    from hub.reports.operations import make_report
    from tests.conftest import sign_in

    service = make_service("Clifton coffee morning")
    make_report(service, reason=ReportReason.closed)
    db.session.commit()
    sign_in(client, make_user("ali@example.org", organisations=[service.organisation]))
    listings = page(client, "/contribute")
    assert "Residents have reported 1 problem with your listings." in listings
    assert "/reports" in listings.html


# The organisation's own details


def test_members_keep_their_organisations_details_true(app, people, page):
    client = people.client(app, people.contributor)
    organisation = people.service.organisation
    url = f"/contribute/organisations/{organisation.id}"
    html = page(client, url).html
    response = send(client, url, changed(form_values(html, url), phone="01632 960555",
                                         description="We run **lunch clubs** in Acomb.",
                                         website="https://example.org/acomb"))
    assert response.status_code == 302
    public = page(client, f"/organisations/{organisation.id}")
    assert "01632 960555" in public and "<strong>lunch clubs</strong>" in public.html


def test_organisation_details_keep_bad_input_and_stop_a_second_save(app, people, page):
    organisation = people.service.organisation
    url = f"/contribute/organisations/{organisation.id}"
    first, second = (people.client(app, people.contributor),
                     people.client(app, people.colleague))
    first_form, second_form = (form_values(page(c, url).html, url) for c in (first, second))

    bad = send(first, url, changed(first_form, phone="ring us", website="javascript:x"))
    assert bad.status_code == 400
    shown = bad.get_data(as_text=True)
    assert input_value(shown, "phone") == "ring us"
    assert "Enter the website address starting with https:// or http://" in shown

    assert send(first, url, changed(first_form, email="hello@example.org")).status_code == 302
    stopped = send(second, url, changed(second_form, email="info@example.org"))
    assert stopped.status_code == 409
    assert "Someone else changed these details" in stopped.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.email == "hello@example.org"
    again = form_values(stopped.get_data(as_text=True), url)
    assert send(second, url, again).status_code == 302  # saving again is deliberate
    db.session.refresh(organisation)
    assert organisation.email == "info@example.org"


def test_nobody_edits_another_organisations_details(app, people):
    client = people.client(app, people.contributor)
    assert client.get(f"/contribute/organisations/{people.theirs.organisation_id}").status_code \
        == 404
