"""The rules of changing a listing: draft, submit, publish, send back, restore, confirm.

Pages, the command line and tests all change listings through these functions. Each
write says which revision of the draft its author was looking at; if someone else saved
since, it is stopped with EditConflict, so nobody's work is silently overwritten.
"""

import datetime as dt
import hashlib
import json
import logging
import uuid

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from hub.accounts.models import User, utcnow
from hub.accounts.queries import moderator_emails
from hub.core.mail import MailError, external_url, send_mail
from hub.directory.models import Organisation, Service
from hub.directory.operations import term_lookup, write_service
from hub.extensions import db
from hub.listings.models import (
    OPEN_STATUSES,
    ChangeRequest,
    ChangeStatus,
    ServiceVersion,
    VersionKind,
)
from hub.listings.snapshot import empty_snapshot, merged, record_from_snapshot, snapshot_of

log = logging.getLogger(__name__)


class EditConflict(Exception):
    """Someone saved the draft after this person opened it."""

    def __init__(self, change: ChangeRequest):
        super().__init__("the draft changed since it was opened")
        self.change = change


class NotOpen(Exception):
    """The change was already published or discarded."""


def open_change(service: Service) -> ChangeRequest | None:
    return db.session.scalar(select(ChangeRequest).where(
        ChangeRequest.service_id == service.id, ChangeRequest.status.in_(OPEN_STATUSES)))


def start_change(service: Service, user: User) -> ChangeRequest:
    """The listing's open draft, or a new one copied from what is live."""
    change = open_change(service)
    if change:
        return change
    live = snapshot_of(service)
    change = ChangeRequest(service_id=service.id, organisation_id=service.organisation_id,
                           base=live, proposed=live, author_id=user.id,
                           last_edited_by_id=user.id)
    db.session.add(change)
    db.session.commit()
    return change


def start_new_service(organisation: Organisation, user: User) -> ChangeRequest:
    change = ChangeRequest(organisation_id=organisation.id, base=None,
                           proposed=empty_snapshot(), author_id=user.id,
                           last_edited_by_id=user.id)
    db.session.add(change)
    db.session.commit()
    return change


def _check(change: ChangeRequest, seen_revision: int) -> None:
    if not change.is_open:
        raise NotOpen()
    if change.revision != seen_revision:
        raise EditConflict(change)


def _commit_or_conflict(change: ChangeRequest) -> None:
    """Commit; if another save won the race between our check and our write, say so."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        db.session.refresh(change)
        raise EditConflict(change) from None


def save_draft(change: ChangeRequest, proposed: dict, user: User, seen_revision: int) -> None:
    _check(change, seen_revision)
    change.proposed = proposed
    change.last_edited_by_id = user.id
    if change.status == ChangeStatus.returned:
        change.status = ChangeStatus.draft
    _commit_or_conflict(change)


def submit(change: ChangeRequest, user: User, seen_revision: int) -> bool:
    """Send to the moderators, or publish at once for a trusted organisation.

    Returns True when the change went live.
    """
    _check(change, seen_revision)
    change.submitted_at = utcnow()
    change.last_edited_by_id = user.id
    if change.organisation.trusted:
        publish(change, user, change.revision)
        return True
    change.status = ChangeStatus.submitted
    _commit_or_conflict(change)
    _notify(moderator_emails(), _("A listing change is waiting for review"), "change_submitted",
            change=change, link=external_url("moderation.review", change_id=change.id))
    return False


def publish(change: ChangeRequest, moderator: User, seen_revision: int) -> Service:
    """Make the proposal live, keep a version of it and count it as a check."""
    _check(change, seen_revision)
    service = change.service
    if service is None:
        service = Service(id=str(uuid.uuid4()), organisation_id=change.organisation_id)
    else:
        _keep_first_version(service)
    service.last_checked = dt.date.today()
    outcome = to_publish(change)
    # Read everything before adding a new service, so no query flushes it half-written.
    record, terms = record_from_snapshot(outcome, service), term_lookup()
    db.session.add(service)
    write_service(service, record, terms)
    change.service = service
    change.status = ChangeStatus.published
    change.decided_by_id = moderator.id
    change.decided_at = utcnow()
    version = _add_version(service, VersionKind.published, change=change,
                           publisher=moderator)
    _commit_or_conflict(change)
    if change.author_id and change.author_id != moderator.id:
        _notify([change.author.email], _("Your listing change is live"), "change_published",
                change=change, version=version,
                link=external_url("directory.service", service_id=service.id))
    return service


def to_publish(change: ChangeRequest) -> dict:
    """The listing as it would be after publishing (see snapshot.merged)."""
    live = snapshot_of(change.service) if change.service else None
    return merged(change.base, change.proposed, live)


def send_back(change: ChangeRequest, moderator: User, reason: str, seen_revision: int) -> None:
    _check(change, seen_revision)
    change.status = ChangeStatus.returned
    change.moderator_note = reason
    change.decided_by_id = moderator.id
    change.decided_at = utcnow()
    _commit_or_conflict(change)
    recipients = [u.email for u in (change.author, change.last_edited_by)
                  if u and u.id != moderator.id]
    _notify(recipients, _("Your listing change needs another look"), "change_returned",
            change=change, link=external_url("listings.change", change_id=change.id))


def discard(change: ChangeRequest, user: User, seen_revision: int) -> None:
    _check(change, seen_revision)
    change.status = ChangeStatus.discarded
    change.decided_by_id = user.id
    change.decided_at = utcnow()
    _commit_or_conflict(change)


def restore(service: Service, version: ServiceVersion, moderator: User) -> ServiceVersion:
    """Put an earlier version back live; this is itself a new version."""
    _keep_first_version(service)
    write_service(service, record_from_snapshot(version.snapshot, service))
    restored = _add_version(service, VersionKind.restored, publisher=moderator)
    restored.restored_from = version.number
    db.session.commit()
    return restored


def confirm_still_correct(service: Service) -> None:
    """One click from the organisation counts as a check (no new version: nothing changed)."""
    service.last_checked = dt.date.today()
    db.session.commit()


ORGANISATION_FIELDS = ("name", "description", "phone", "email", "website")


class DetailsChanged(Exception):
    """Someone changed the organisation's details after this person opened them."""


def organisation_details(organisation: Organisation) -> dict[str, str]:
    return {name: getattr(organisation, name) or "" for name in ORGANISATION_FIELDS}


def details_fingerprint(organisation: Organisation) -> str:
    text = json.dumps(organisation_details(organisation), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def update_organisation(organisation: Organisation, details: dict[str, str],
                        seen: str) -> None:
    """Save the organisation's own details (its listings are re-indexed with its name)."""
    if details_fingerprint(organisation) != seen:
        raise DetailsChanged()
    for name in ORGANISATION_FIELDS:
        setattr(organisation, name, details[name] or (
            "" if name in ("name", "description") else None))
    db.session.commit()


def versions(service: Service) -> list[ServiceVersion]:
    """Newest first."""
    return list(db.session.scalars(select(ServiceVersion).where(
        ServiceVersion.service_id == service.id).order_by(ServiceVersion.number.desc())))


def _keep_first_version(service: Service) -> None:
    """Listings imported or created before versioning get their starting point recorded."""
    if not db.session.scalar(select(ServiceVersion.id).where(
            ServiceVersion.service_id == service.id).limit(1)):
        _add_version(service, VersionKind.first_listed)


def _add_version(service: Service, kind: VersionKind, *, change: ChangeRequest | None = None,
                 publisher: User | None = None) -> ServiceVersion:
    """Record the listing as it now is (after the caller's writes)."""
    db.session.flush()
    db.session.refresh(service)  # children were replaced: read them back as stored
    latest = db.session.scalar(select(func.max(ServiceVersion.number)).where(
        ServiceVersion.service_id == service.id)) or 0
    version = ServiceVersion(
        service_id=service.id, number=latest + 1, snapshot=snapshot_of(service), kind=kind,
        change_request_id=change.id if change else None,
        proposed_by_id=change.author_id if change else None,
        published_by_id=publisher.id if publisher else None)
    db.session.add(version)
    db.session.flush()
    return version


def _notify(recipients: list[str], subject: str, template: str, **context) -> None:
    """Tell people by e-mail; the change itself is already saved, so a failure only logs."""
    try:
        send_mail(recipients, subject, template, **context)
    except MailError:
        log.warning("could not send %s e-mail", template)
