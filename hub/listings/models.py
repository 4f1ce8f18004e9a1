"""Change requests (drafts to publication) and the versions every publication leaves."""

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.accounts.models import User, utcnow
from hub.core.db import UUIDPrimaryKey
from hub.directory.models import Organisation, Service
from hub.extensions import db


class ChangeStatus(enum.Enum):
    draft = "draft"  # being written; only the organisation and moderators see it
    submitted = "submitted"  # waiting in the moderators' queue
    returned = "returned"  # sent back with a reason; the contributor can edit and resubmit
    published = "published"
    discarded = "discarded"


OPEN_STATUSES = (ChangeStatus.draft, ChangeStatus.submitted, ChangeStatus.returned)
_OPEN_SQL = "status IN ('draft', 'submitted', 'returned')"


class ChangeRequest(UUIDPrimaryKey, db.Model):
    """A proposed new listing or change to one, as a whole snapshot (see snapshot.py)."""

    __tablename__ = "change_request"
    __table_args__ = (
        # One open change per listing: two people edit the same draft, never two drafts.
        Index("uq_change_request_open_per_service", "service_id", unique=True,
              sqlite_where=text(_OPEN_SQL), postgresql_where=text(_OPEN_SQL)),
    )

    # None for a proposed new service until it is published.
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[ChangeStatus] = mapped_column(
        Enum(ChangeStatus, name="change_status", values_callable=lambda e: [m.value for m in e],
             native_enum=False, length=20),
        default=ChangeStatus.draft,
    )
    # The live listing when the draft began, and what is proposed now.
    base: Mapped[dict | None] = mapped_column(JSON)
    proposed: Mapped[dict] = mapped_column(JSON)
    # The moderator's reason for sending it back, shown to the contributor.
    moderator_note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id",
                                                             ondelete="SET NULL"))
    last_edited_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id",
                                                                     ondelete="SET NULL"))
    decided_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id",
                                                                 ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                    onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Every save bumps this; a save based on an older revision is stopped (no lost update).
    revision: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": revision}

    service: Mapped[Service | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    last_edited_by: Mapped[User | None] = relationship(foreign_keys=[last_edited_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def title(self) -> str:
        return self.proposed.get("name") or ""


class VersionKind(enum.Enum):
    first_listed = "first-listed"  # the listing as it was before its first recorded change
    published = "published"
    restored = "restored"


class ServiceVersion(UUIDPrimaryKey, db.Model):
    """A published state of a listing, kept for history and restoring."""

    __tablename__ = "service_version"
    __table_args__ = (UniqueConstraint("service_id", "number"),)

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON)
    kind: Mapped[VersionKind] = mapped_column(
        Enum(VersionKind, name="version_kind", values_callable=lambda e: [m.value for m in e],
             native_enum=False, length=20))
    restored_from: Mapped[int | None] = mapped_column(Integer)  # for kind "restored"
    proposed_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id",
                                                                  ondelete="SET NULL"))
    published_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id",
                                                                   ondelete="SET NULL"))
    change_request_id: Mapped[str | None] = mapped_column(ForeignKey("change_request.id",
                                                                     ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())

    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
