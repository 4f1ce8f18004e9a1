"""Who is told about a listing: its organisation's contributors and the moderators."""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from hub.accounts.models import Membership, Role, User, UserRole
from hub.extensions import db


def contributors(organisation_ids: Iterable[str]) -> dict[str, list[User]]:
    """Active contributors of each organisation (organisations with none are absent)."""
    found: dict[str, list[User]] = defaultdict(list)
    rows = db.session.execute(
        select(Membership.organisation_id, User).join(Membership.user)
        .where(Membership.organisation_id.in_(list(organisation_ids)), User.active.is_(True))
        .order_by(User.email))
    for organisation_id, user in rows:
        found[organisation_id].append(user)
    return dict(found)


def moderator_emails() -> list[str]:
    return list(db.session.scalars(
        select(User.email).join(UserRole).where(UserRole.role == Role.moderator,
                                                User.active.is_(True)).order_by(User.email)))
