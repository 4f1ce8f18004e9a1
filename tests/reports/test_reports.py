"""Residents report a problem without an account; the right people resolve it."""

import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import func, select

from hub.accounts.models import JoinRequest, JoinStatus, Role, utcnow
from hub.cli import hub
from hub.extensions import db
from hub.reports.models import Report, ReportReason, ReportStatus
from hub.reports.operations import AlreadyResolved, make_report, resolve
from hub.reports.queries import open_reports
from tests.conftest import csrf_token, sign_in
from tests.factories import make_service, make_user
from tests.page_quality import check_page


@pytest.fixture
def people(app):
    """A listing, its organisation's contributor, a moderator and another organisation's
    contributor."""
    service = make_service("Tuesday lunch club")
    elsewhere = make_service("Knit and natter",
                             organization={"id": str(uuid.uuid4()), "name": "Wool Friends"})
    return {
        "service": service,
        "contributor": make_user("kim@example.org", organisations=[service.organisation]),
        "moderator": make_user("mod@example.org", roles=[Role.moderator]),
        "outsider": make_user("ash@example.org", organisations=[elsewhere.organisation]),
    }


def form_url(service) -> str:
    return f"/services/{service.id}/report-a-problem"


def send_report(client, service, **answers):
    answers.setdefault("csrf_token", csrf_token(client, form_url(service)))
    return client.post(form_url(service), data=answers)


def reports() -> list[Report]:
    return list(db.session.scalars(select(Report)))


def test_a_resident_reports_a_problem_from_the_listing(client, page, mail, people):
    service = people["service"]
    listing = page(client, f"/services/{service.id}")
    assert listing.links()["Report a problem with this listing"] == form_url(service)
    form = page(client, form_url(service))
    assert form.h1 == "Report a problem with this listing"
    assert "We only use your name and email address to reply to you" in form

    response = send_report(client, service, reason="wrong-contact",
                           details="The number is now 01632 960123.")
    assert response.status_code == 302
    thanks = page(client, response.headers["Location"])
    assert thanks.h1 == "Thank you for your report"

    [report] = reports()
    assert report.reason == ReportReason.contact and report.reporter_email == ""
    for person in ("contributor", "moderator"):
        [message] = mail.to(people[person].email)
        assert "Tuesday lunch club" in mail.body(message)
        assert any(link.endswith(f"/reports/{report.id}") for link in mail.links(message))
    assert mail.to(people["outsider"].email) == []
    assert open_reports() == [report]


def test_the_report_is_kept_when_email_cannot_be_sent(client, people):
    # No `mail` fixture: the app has no mail server, so every e-mail fails.
    response = send_report(client, people["service"], reason="closed")
    assert response.status_code == 302
    assert [r.reason for r in reports()] == [ReportReason.closed]


def test_bad_answers_keep_what_was_typed_and_say_what_to_fix(client, people):
    response = send_report(client, people["service"], reason="other", details="  ",
                           name="Pat Reporter", email="pat-at-example")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    check_page(html)
    assert "<title>Error: Report a problem with this listing" in html
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S).group(1)
    assert 'href="#details"' in summary and "Tell us what is wrong with this listing" in summary
    assert 'href="#email"' in summary and "Enter an email address in the correct format" in summary
    assert 'value="Pat Reporter"' in html and 'value="pat-at-example"' in html
    assert re.search(r'value="other"\s+checked', html)
    assert reports() == []

    nothing_chosen = send_report(client, people["service"], details="It moved")
    html = nothing_chosen.get_data(as_text=True)
    assert 'href="#reason"' in html and "Select what is wrong with this listing" in html
    assert "It moved</textarea>" in html


def test_a_report_without_the_form_token_is_refused(client, people):
    response = client.post(form_url(people["service"]), data={"reason": "closed"})
    assert response.status_code == 400
    assert reports() == []


def test_reports_are_rate_limited(client, people):
    for _ in range(5):
        assert send_report(client, people["service"], reason="closed").status_code == 302
    assert send_report(client, people["service"], reason="closed").status_code == 429


def test_contributors_and_moderators_see_and_resolve_reports_others_cannot(
        client, page, mail, people):
    report = make_report(people["service"], reason=ReportReason.other,
                         details="They moved to the church hall.",
                         reporter_name="Pat", reporter_email="pat@example.net")
    mail.messages.clear()

    sign_in(client, people["outsider"])
    assert "Tuesday lunch club" not in page(client, "/reports")
    page(client, f"/reports/{report.id}", status=404)
    token = csrf_token(client, form_url(people["service"]))
    refused = client.post(f"/reports/{report.id}/resolve",
                          data={"csrf_token": token, "resolution": "Not ours"})
    assert refused.status_code == 404
    assert db.session.get(Report, report.id).status == ReportStatus.open

    sign_in(client, people["moderator"])
    assert "Tuesday lunch club" in page(client, "/reports")

    sign_in(client, people["contributor"])
    index = page(client, "/reports")
    assert index.links()["Tuesday lunch club"] == f"/reports/{report.id}"
    shown = page(client, f"/reports/{report.id}")
    assert "They moved to the church hall." in shown and "pat@example.net" in shown

    url = f"/reports/{report.id}/resolve"
    empty = client.post(url, data={"csrf_token": csrf_token(client, f"/reports/{report.id}"),
                                   "resolution": " "})
    assert "Say what you did about this report" in check_page(empty.get_data(as_text=True))
    assert mail.messages == []

    done = client.post(url, data={"csrf_token": csrf_token(client, f"/reports/{report.id}"),
                                  "resolution": "We changed the address."})
    assert done.status_code == 302
    after = page(client, done.headers["Location"])
    assert "Report resolved" in after and "Recently resolved" in after
    db.session.expire_all()
    resolved = db.session.get(Report, report.id)
    assert resolved.status == ReportStatus.resolved
    assert resolved.resolved_by_id == people["contributor"].id
    [thanks] = mail.to("pat@example.net")
    assert "We changed the address." in mail.body(thanks)
    assert open_reports() == []


def test_signed_out_people_are_sent_to_sign_in(client, people):
    report = make_report(people["service"], reason=ReportReason.closed)
    for url in ("/reports", f"/reports/{report.id}"):
        assert "/sign-in" in client.get(url).headers["Location"]


def test_resolving_twice_is_stopped(app, people):
    report = make_report(people["service"], reason=ReportReason.closed)
    resolve(report, people["moderator"], "Marked as closed.")
    with pytest.raises(AlreadyResolved):
        resolve(report, people["contributor"], "Me too.")


def purge(app, today: dt.date):
    return app.test_cli_runner().invoke(hub, ["purge-personal-data",
                                              "--today", today.isoformat()])


def test_contact_details_are_purged_only_after_the_retention_period(app, people):
    resolved = make_report(people["service"], reason=ReportReason.closed,
                           reporter_name="Pat", reporter_email="pat@example.net")
    resolve(resolved, people["moderator"], "Marked as closed.")
    still_open = make_report(people["service"], reason=ReportReason.address,
                             reporter_name="Sam", reporter_email="sam@example.net")
    decided = JoinRequest(name="Jo", email="jo@example.net", organisation_name="Jo's Group",
                          status=JoinStatus.declined, decided_at=utcnow())
    waiting = JoinRequest(name="Al", email="al@example.net", organisation_name="Al's Group")
    db.session.add_all([decided, waiting])
    db.session.commit()
    today = dt.date.today()

    result = purge(app, today + dt.timedelta(days=90))
    assert "contact details removed: 0. Decided join requests deleted: 0." in result.output
    result = purge(app, today + dt.timedelta(days=91))
    assert "contact details removed: 1. Decided join requests deleted: 1." in result.output

    db.session.expire_all()
    assert (resolved.reporter_name, resolved.reporter_email) == ("", "")
    assert resolved.resolution == "Marked as closed."  # the record itself stays
    assert still_open.reporter_email == "sam@example.net"
    assert db.session.scalar(select(func.count()).select_from(JoinRequest)) == 1
