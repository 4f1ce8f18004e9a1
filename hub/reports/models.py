"""A resident's report that a listing is wrong, kept until someone resolves it."""

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.accounts.models import User, utcnow
from hub.core.db import UUIDPrimaryKey
from hub.directory.models import Service
from hub.extensions import db


class ReportReason(enum.Enum):
    contact = "wrong-contact"
    address = "wrong-address"
    opening_times = "wrong-opening-times"
    closed = "closed"
    other = "other"

    @property
    def label(self):
        return REASON_LABELS[self]


REASON_LABELS = {
    ReportReason.contact: _l("The phone number or email address is wrong"),
    ReportReason.address: _l("The address is wrong"),
    ReportReason.opening_times: _l("The opening times are wrong"),
    ReportReason.closed: _l("The service has closed"),
    ReportReason.other: _l("Something else"),
}


class ReportStatus(enum.Enum):
    open = "open"
    resolved = "resolved"


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    return Enum(kind, name=name, values_callable=lambda e: [m.value for m in e],
                native_enum=False, length=30)


class Report(UUIDPrimaryKey, db.Model):
    __tablename__ = "report"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason, "report_reason"))
    details: Mapped[str] = mapped_column(Text, default="")
    # Optional, only so we can reply; blanked after the retention period (purge command).
    reporter_name: Mapped[str] = mapped_column(String(255), default="")
    reporter_email: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus, "report_status"),
                                                 default=ReportStatus.open, index=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id",
                                                                  ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    service: Mapped[Service] = relationship()
    resolved_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.open
