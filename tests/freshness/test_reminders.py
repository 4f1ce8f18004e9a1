"""`flask hub send-reminders`, run as cron would, against a real SMTP server."""

import datetime as dt
import socket
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hub.accounts.models import Role
from hub.cli import hub
from hub.extensions import db
from hub.freshness.models import ReminderSent
from tests.factories import make_service, make_user

CHECKED = dt.date(2026, 1, 1)


def on(days: int) -> str:
    """The date `days` after the last check, as --today takes it."""
    return (CHECKED + dt.timedelta(days=days)).isoformat()


def send_reminders(app, today: str):
    return app.test_cli_runner().invoke(hub, ["send-reminders", "--today", today])


def reminders_recorded() -> int:
    return db.session.scalar(select(func.count()).select_from(ReminderSent))


def other_organisation(name: str) -> dict:
    return {"id": str(uuid.uuid4()), "name": name}


@pytest.fixture
def listing(app):
    """A listing last checked on CHECKED, and its organisation's contributor."""
    service = make_service("Tuesday lunch club", assured_date=CHECKED.isoformat())
    contributor = make_user("kim@example.org", name="Kim", organisations=[service.organisation])
    return service, contributor


def test_reminders_at_five_and_six_months_each_sent_once(app, mail, listing):
    service, contributor = listing
    assert "E-mails sent: 0." in send_reminders(app, on(151)).output
    assert mail.messages == []

    result = send_reminders(app, on(152))
    assert result.exit_code == 0, result.output
    assert "E-mails sent: 1. Listings reminded about: 1." in result.output
    [first] = mail.to(contributor.email)
    assert "Tuesday lunch club" in mail.body(first)
    assert "The check is due on 3 July 2026." in mail.body(first)
    assert any(link.endswith(f"/contribute/services/{service.id}") for link in mail.links(first))

    send_reminders(app, on(152))
    send_reminders(app, on(170))
    assert len(mail.messages) == 1  # run again, and again: nothing new

    send_reminders(app, on(183))
    send_reminders(app, on(183))
    send_reminders(app, on(300))
    assert len(mail.messages) == 2
    assert "The check was due on 3 July 2026." in mail.body(mail.messages[1])


def test_a_check_starts_the_reminders_again(app, mail, listing):
    service, contributor = listing
    send_reminders(app, on(183))
    assert len(mail.to(contributor.email)) == 1
    service.last_checked = CHECKED + dt.timedelta(days=190)  # someone confirmed it
    db.session.commit()
    send_reminders(app, on(200))
    assert len(mail.messages) == 1
    send_reminders(app, on(190 + 152))
    assert len(mail.messages) == 2


def test_only_the_latest_reminder_goes_when_runs_were_missed(app, mail, listing):
    send_reminders(app, on(400))
    send_reminders(app, on(401))
    assert len(mail.messages) == 1


def test_one_email_per_person_listing_all_their_listings(app, mail, listing):
    service, contributor = listing
    second = make_service("Friday film club", assured_date=CHECKED.isoformat())
    elsewhere = make_service("Knit and natter", assured_date=CHECKED.isoformat(),
                             organization=other_organisation("Wool Friends"))
    colleague = make_user("lee@example.org", organisations=[service.organisation])
    knitter = make_user("ash@example.org", organisations=[elsewhere.organisation])
    make_user("inactive@example.org", organisations=[service.organisation]).active = False
    db.session.commit()

    result = send_reminders(app, on(160))
    assert "E-mails sent: 3. Listings reminded about: 3." in result.output
    [kims] = mail.to(contributor.email)
    links = mail.links(kims)
    assert any(link.endswith(f"/contribute/services/{service.id}") for link in links)
    assert any(link.endswith(f"/contribute/services/{second.id}") for link in links)
    assert "Knit and natter" not in mail.body(kims)
    assert len(mail.to(colleague.email)) == 1
    assert "Knit and natter" in mail.body(mail.to(knitter.email)[0])
    assert mail.to("inactive@example.org") == []


def test_moderators_hear_of_overdue_listings_nobody_can_check(app, mail):
    make_service("Orphan walk", assured_date=CHECKED.isoformat())
    make_service("Gone quiet", status="inactive", assured_date=CHECKED.isoformat())
    moderator = make_user("mod@example.org", roles=[Role.moderator])
    send_reminders(app, on(160))
    assert mail.messages == []  # early reminders need someone to remind
    result = send_reminders(app, on(184))
    assert "with no contributor, told to moderators: 1." in result.output
    [digest] = mail.to(moderator.email)
    assert "Orphan walk" in mail.body(digest) and "Gone quiet" not in mail.body(digest)
    send_reminders(app, on(200))
    assert len(mail.messages) == 1


def test_when_the_mail_server_is_down_nothing_is_recorded_and_the_next_run_sends(
        app, mail, listing):
    _, contributor = listing
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = dead_port
    result = send_reminders(app, on(160))
    assert result.exit_code == 1
    assert "The mail server could not be reached" in result.output
    assert reminders_recorded() == 0

    app.config["MAIL_PORT"] = working_port
    assert send_reminders(app, on(161)).exit_code == 0
    assert len(mail.to(contributor.email)) == 1
    assert reminders_recorded() == 1


def test_the_database_refuses_to_record_a_reminder_twice(app, listing):
    """What stops two runs at the same moment: the second cannot claim the reminder."""
    service, _ = listing
    db.session.add(ReminderSent(service_id=service.id, due_date=CHECKED, stage=1))
    db.session.commit()
    db.session.add(ReminderSent(service_id=service.id, due_date=CHECKED, stage=1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
