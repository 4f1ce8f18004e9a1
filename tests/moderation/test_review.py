"""Reviewing a change: the diff, approving, sending back, stale pages, editing first."""

from werkzeug.datastructures import MultiDict

from hub.directory.models import Service
from hub.extensions import db
from hub.listings import operations
from hub.listings.models import ChangeRequest, ChangeStatus
from tests.moderation.helpers import form_fields, found, hidden, path, propose


def _review_url(change) -> str:
    return f"/moderation/changes/{change.id}"


def _post_form(client, page_url: str, form_action: str, **changes):
    """Load the page, fill in its form posting to form_action and send it as a browser would."""
    fields = form_fields(client.get(page_url).get_data(as_text=True), form_action)
    fields = [(name, value) for name, value in fields if name not in changes]
    return client.post(form_action, data=MultiDict([*fields, *changes.items()]))


def _approve(client, change, **changes):
    return _post_form(client, _review_url(change), f"{_review_url(change)}/approve", **changes)


def _send_back(client, change, reason: str, **changes):
    return _post_form(client, _review_url(change), f"{_review_url(change)}/send-back",
                      reason=reason, **changes)


def test_the_queue_lists_waiting_changes_oldest_first_and_new_services(
        moderator_client, listing, page):
    first = propose(listing, name="Acomb lunch and bingo club")
    newcomer = operations.start_new_service(listing.service.organisation, listing.contributor)
    operations.save_draft(newcomer, dict(newcomer.proposed, name="Dringhouses walking group"),
                          listing.contributor, newcomer.revision)
    operations.submit(newcomer, listing.contributor, newcomer.revision)

    queue = page(moderator_client, "/moderation")
    waiting = queue.texts("tbody")[0]
    assert waiting.index("Acomb lunch and bingo club") < waiting.index("Dringhouses walking")
    assert "Dringhouses walking group New" in waiting
    assert "Ali Contributor" in waiting and "Test Community Trust" in waiting
    assert queue.links()["Acomb lunch and bingo club"] == _review_url(first)


def test_review_shows_who_and_a_field_by_field_diff_against_what_is_live(
        moderator_client, listing, page):
    change = propose(listing, name="Acomb lunch and bingo club", fees="£3 a meal")
    review = page(moderator_client, _review_url(change))
    assert review.h1 == "Change to Acomb lunch club"
    assert "Proposed by Ali Contributor (ali@example.org)" in review
    assert "Waiting for review" in review
    rows = review.texts("tr")
    assert "Name Acomb lunch club Acomb lunch and bingo club" in rows
    assert "Fees (empty) £3 a meal" in rows
    assert not any(row.startswith("Phone numbers") for row in rows)  # unchanged fields hidden
    assert "Approve and publish" in review and "Send back" in review
    assert "changed after this draft began" not in review


def test_approving_publishes_indexes_and_tells_the_author(moderator_client, listing, mail,
                                                          page):
    change = propose(listing, name="Acomb lunch and bingo club")
    assert listing.service.id not in found("bingo")

    response = _approve(moderator_client, change)
    assert response.status_code == 302 and response.headers["Location"] == "/moderation"
    assert "“Acomb lunch and bingo club” is published." in page(moderator_client, "/moderation")

    assert db.session.get(Service, listing.service.id).name == "Acomb lunch and bingo club"
    assert db.session.get(ChangeRequest, change.id).status == ChangeStatus.published
    assert listing.service.id in found("bingo")
    [message] = mail.to("ali@example.org")
    assert "is now live" in mail.body(message)
    [link] = mail.links(message)
    assert "Acomb lunch and bingo club" in page(moderator_client, path(link))


def test_approving_from_a_stale_page_publishes_nothing(moderator_client, listing, page):
    change = propose(listing, name="Acomb lunch and bingo club")
    stale_page = moderator_client.get(_review_url(change)).get_data(as_text=True)
    # The contributor changes the proposal while the moderator is reading it.
    operations.save_draft(change, dict(change.proposed, name="Something else entirely"),
                          listing.contributor, change.revision)

    response = moderator_client.post(f"{_review_url(change)}/approve", data={
        "csrf_token": hidden(stale_page, "csrf_token"),
        "revision": hidden(stale_page, "revision")})
    assert response.headers["Location"] == _review_url(change)
    assert db.session.get(Service, listing.service.id).name == "Acomb lunch club"
    assert db.session.get(ChangeRequest, change.id).is_open
    review = page(moderator_client, _review_url(change))
    assert "Someone changed this proposal after you opened it" in review
    assert "Name Acomb lunch club Something else entirely" in review.texts("tr")


def test_approving_twice_says_it_is_already_published(moderator_client, listing, page):
    change = propose(listing, name="Acomb lunch and bingo club")
    stale_page = moderator_client.get(_review_url(change)).get_data(as_text=True)
    _approve(moderator_client, change)
    response = moderator_client.post(f"{_review_url(change)}/approve", data={
        "csrf_token": hidden(stale_page, "csrf_token"),
        "revision": hidden(stale_page, "revision")})
    assert response.headers["Location"] == _review_url(change)
    review = page(moderator_client, _review_url(change))
    assert "already published or discarded" in review
    assert "Approve and publish" not in review
    assert "Decided by Mo Moderator" in review


def test_send_back_needs_a_reason_and_keeps_what_was_typed(moderator_client, listing, page):
    change = propose(listing, fees="£3")
    response = _send_back(moderator_client, change, "   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Change to Acomb lunch club" in html
    assert "govuk-error-summary" in html and "Enter why you are sending the change back" in html
    assert db.session.get(ChangeRequest, change.id).status == ChangeStatus.submitted

    too_long = "Please check the fee. " * 300
    html = _send_back(moderator_client, change, too_long).get_data(as_text=True)
    assert "Keep the reason under 5,000 characters" in html
    assert too_long.strip() in html


def test_sending_back_emails_the_reason_to_the_contributor(moderator_client, listing, mail,
                                                           page):
    change = propose(listing, fees="£3")
    response = _send_back(moderator_client, change, "Is the £3 per meal or per week?")
    assert response.headers["Location"] == "/moderation"
    assert db.session.get(ChangeRequest, change.id).status == ChangeStatus.returned
    assert db.session.get(Service, listing.service.id).fees == ""  # nothing went live
    [message] = mail.to("ali@example.org")
    assert "Is the £3 per meal or per week?" in mail.body(message)
    assert f"/contribute/changes/{change.id}" in mail.links(message)[0]

    queue = page(moderator_client, "/moderation")
    assert "Acomb lunch club" in queue.texts("tbody")[2]  # sent back, not waiting
    review = page(moderator_client, _review_url(change))
    assert "Reason it was sent back Is the £3 per meal or per week?" in review


def test_sending_back_from_a_stale_page_keeps_the_reason(moderator_client, listing, page):
    change = propose(listing, fees="£3")
    stale_page = moderator_client.get(_review_url(change)).get_data(as_text=True)
    operations.save_draft(change, dict(change.proposed, fees="£4"), listing.contributor,
                          change.revision)
    response = moderator_client.post(f"{_review_url(change)}/send-back", data={
        "csrf_token": hidden(stale_page, "csrf_token"),
        "revision": hidden(stale_page, "revision"), "reason": "Which fee is right?"})
    html = response.get_data(as_text=True)
    assert "Someone changed this proposal after you opened it" in html
    assert "Which fee is right?</textarea>" in html
    assert db.session.get(ChangeRequest, change.id).status != ChangeStatus.returned
    assert hidden(html, "revision") == str(change.revision)  # sending again is deliberate


def test_a_warning_shows_when_the_live_listing_changed_since_the_draft_began(
        moderator_client, listing, page):
    change = propose(listing, name="Acomb lunch and bingo club")
    listing.service.fees = "£2"  # e.g. a feed import updated the live listing
    db.session.commit()
    review = page(moderator_client, _review_url(change))
    assert "The live listing changed after this draft began" in review
    assert "Fees (empty) £2" in review.texts("tr")  # what changed live
    # Publishing keeps the live fees: only the name the draft changed would change.
    assert "Fees £2 (empty)" not in review.texts("tr")
    assert "Name Acomb lunch club Acomb lunch and bingo club" in review.texts("tr")


def test_a_draft_can_be_published_but_is_labelled_and_cannot_be_sent_back(
        moderator_client, listing, page):
    change = propose(listing, submit=False, fees="£3")
    review = page(moderator_client, _review_url(change))
    assert "Draft" in review and "has not been sent for review" in review
    assert "Publish this draft now" in review and "Approve and publish" not in review
    assert f"{_review_url(change)}/send-back" not in review.html
    assert "Drafts in progress" in page(moderator_client, "/moderation")

    response = moderator_client.post(f"{_review_url(change)}/send-back", data={
        "csrf_token": hidden(review.html, "csrf_token"), "revision": change.revision,
        "reason": "Not finished"})
    assert response.headers["Location"] == _review_url(change)
    assert "Only a change waiting for review can be sent back" in page(moderator_client,
                                                                       _review_url(change))
    assert db.session.get(ChangeRequest, change.id).status == ChangeStatus.draft

    _approve(moderator_client, change)
    assert db.session.get(Service, listing.service.id).fees == "£3"


def test_approving_a_new_service_creates_it(moderator_client, listing, page):
    change = operations.start_new_service(listing.service.organisation, listing.contributor)
    operations.save_draft(change, dict(change.proposed, name="Dringhouses walking group",
                                       description="Gentle walks."),
                          listing.contributor, change.revision)
    operations.submit(change, listing.contributor, change.revision)
    review = page(moderator_client, _review_url(change))
    assert review.h1 == "New listing: Dringhouses walking group"
    assert "Name (empty) Dringhouses walking group" in review.texts("tr")
    _approve(moderator_client, change)
    created = db.session.get(ChangeRequest, change.id).service
    assert created.name == "Dringhouses walking group"
    assert created.id in found("walking")


def test_a_moderator_can_edit_a_change_before_approving_it(moderator_client, listing, page):
    change = propose(listing, name="Acomb lunch and bingo club")
    review = page(moderator_client, _review_url(change))
    edit_url = review.links()["Edit before approving"]
    response = _post_form(moderator_client, edit_url, edit_url, action="save",
                          name="Acomb lunch club and bingo")
    assert response.status_code == 302, response.get_data(as_text=True)

    review = page(moderator_client, _review_url(change))
    assert "Name Acomb lunch club Acomb lunch club and bingo" in review.texts("tr")
    _approve(moderator_client, change)
    assert db.session.get(Service, listing.service.id).name == "Acomb lunch club and bingo"
