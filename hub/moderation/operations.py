"""Moderators' decisions about organisations (listing changes live in hub.listings)."""

import logging

from hub.accounts.models import User
from hub.directory.models import Organisation
from hub.extensions import db

log = logging.getLogger(__name__)


def set_trusted(organisation: Organisation, trusted: bool, moderator: User) -> None:
    """Let the organisation publish without review, or not; the log says who decided."""
    organisation.trusted = trusted
    db.session.commit()
    log.info("moderator %s set organisation %s trusted=%s", moderator.id, organisation.id,
             trusted)
