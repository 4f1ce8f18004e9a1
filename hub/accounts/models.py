"""Users, their roles and organisations, and server-side sign-in sessions."""

import datetime as dt
import enum
import hashlib

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.db import UUIDPrimaryKey
from hub.core.encrypted import EncryptedText
from hub.extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Role(enum.Enum):
    """What a person may do. Contributor is not granted: it follows from membership."""

    contributor = "contributor"
    moderator = "moderator"
    talking_point_staff = "talking-point-staff"
    # Keeps Talking Point venues, their sessions and closures.
    talking_point_coordinator = "talking-point-coordinator"
    administrator = "administrator"


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    return Enum(kind, name=name, values_callable=lambda e: [m.value for m in e])


class User(UUIDPrimaryKey, UserMixin, db.Model):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(255), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(255), default="")
    # None until the person sets a password from their invitation.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    # The last time-step accepted, so a code seen over a shoulder cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    # After a run of failures the account is slowed, never locked for good.
    next_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())
    last_signed_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    granted_roles: Mapped[list["UserRole"]] = relationship(cascade="all, delete-orphan")
    memberships: Mapped[list["Membership"]] = relationship(cascade="all, delete-orphan",
                                                           back_populates="user")

    # Set by the session loader: Flask-Login stores the session id, not the user id, so
    # deleting the session row signs that browser out wherever the cookie was copied.
    session_id = None

    def get_id(self) -> str | None:
        return self.session_id

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None

    @property
    def roles(self) -> set[Role]:
        held = {grant.role for grant in self.granted_roles}
        if self.memberships:
            held.add(Role.contributor)
        return held

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def organisation_ids(self) -> set[str]:
        return {membership.organisation_id for membership in self.memberships}

    def may_edit_organisation(self, organisation_id: str) -> bool:
        return organisation_id in self.organisation_ids or self.has_role(Role.moderator)


class UserRole(db.Model):
    __tablename__ = "user_role"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "user_role_name"), primary_key=True)


class Membership(UUIDPrimaryKey, db.Model):
    """A contributor belongs to one or more organisations and edits only their listings."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped["Organisation"] = relationship()  # noqa: F821


class UserSession(db.Model):
    """One signed-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "user_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class JoinStatus(enum.Enum):
    pending = "pending"
    approved = "approved"
    declined = "declined"


class JoinRequest(UUIDPrimaryKey, db.Model):
    """An organisation (new or listed) asks for someone to become its contributor."""

    __tablename__ = "join_request"

    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisation.id"))
    organisation_name: Mapped[str] = mapped_column(String(255), default="")
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(255))
    job_title: Mapped[str] = mapped_column(String(255), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[JoinStatus] = mapped_column(_enum(JoinStatus, "join_status"),
                                               default=JoinStatus.pending)
    reason: Mapped[str] = mapped_column(Text, default="")  # why declined, sent to them
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id",
                                                                 ondelete="SET NULL"))

    organisation: Mapped["Organisation | None"] = relationship()  # noqa: F821
