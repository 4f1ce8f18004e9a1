"""Venues, their regular sessions and closures, and bookings.

Appointment times are not stored as rows: they follow from the sessions and closures. A
booking holds one of a time's places (1 to the number of staff), and a partial unique index
lets no two live bookings hold the same place: the database itself never overbooks.
"""

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.db import UUIDPrimaryKey
from hub.core.encrypted import EncryptedLongText
from hub.extensions import db


class BookingStatus(enum.Enum):
    booked = "booked"
    attended = "attended"
    no_show = "no-show"
    cancelled = "cancelled"


class Venue(UUIDPrimaryKey, db.Model):
    __tablename__ = "talking_point"

    name: Mapped[str] = mapped_column(String(255))
    address: Mapped[str] = mapped_column(String(500), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    how_to_get_there: Mapped[str] = mapped_column(Text, default="")
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    accessible_toilet: Mapped[bool] = mapped_column(Boolean, default=False)
    parking: Mapped[bool] = mapped_column(Boolean, default=False)
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")
    # Residents can book only at active venues; old bookings keep their venue.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The venue's listing in the directory, so search finds it like any other service.
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="SET NULL"),
                                                   index=True)

    sessions: Mapped[list["RegularSession"]] = relationship(
        back_populates="venue", cascade="all, delete-orphan",
        order_by="(RegularSession.weekday, RegularSession.starts)")

    @property
    def one_line_address(self) -> str:
        return ", ".join(part for part in (self.address, self.postcode) if part)


class RegularSession(UUIDPrimaryKey, db.Model):
    """Every week on `weekday` (0 is Monday), London time, between the valid dates."""

    __tablename__ = "talking_point_session"

    venue_id: Mapped[str] = mapped_column(ForeignKey("talking_point.id", ondelete="CASCADE"),
                                          index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    starts: Mapped[dt.time] = mapped_column(Time)
    ends: Mapped[dt.time] = mapped_column(Time)
    appointment_minutes: Mapped[int] = mapped_column(Integer, default=30)
    staff: Mapped[int] = mapped_column(Integer, default=1)  # appointments at once
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)

    venue: Mapped[Venue] = relationship(back_populates="sessions")


class Closure(UUIDPrimaryKey, db.Model):
    """A day with no sessions: at one venue, or at every venue when venue_id is empty.
    Bank holidays need no rows: they come from the calendar (see slots.py)."""

    __tablename__ = "talking_point_closure"

    venue_id: Mapped[str | None] = mapped_column(
        ForeignKey("talking_point.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(255), default="")


class Booking(UUIDPrimaryKey, db.Model):
    __tablename__ = "booking"
    __table_args__ = (
        Index("uq_booking_place", "venue_id", "starts_at", "place", unique=True,
              sqlite_where=db.text("status != 'cancelled'"),
              postgresql_where=db.text("status != 'cancelled'")),
    )

    reference: Mapped[str] = mapped_column(String(12), unique=True)
    venue_id: Mapped[str] = mapped_column(ForeignKey("talking_point.id"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # UTC
    minutes: Mapped[int] = mapped_column(Integer)
    place: Mapped[int] = mapped_column(Integer)
    status: Mapped[BookingStatus] = mapped_column(
        db.Enum(BookingStatus, name="booking_status", native_enum=False, length=20,
                values_callable=lambda e: [m.value for m in e]),
        default=BookingStatus.booked)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    # Personal details: encrypted, and erased a set time after the appointment.
    name: Mapped[str | None] = mapped_column(EncryptedLongText)
    phone: Mapped[str | None] = mapped_column(EncryptedLongText)
    email: Mapped[str | None] = mapped_column(EncryptedLongText)
    booker_name: Mapped[str | None] = mapped_column(EncryptedLongText)  # booking for someone else
    for_someone_else: Mapped[bool] = mapped_column(Boolean, default=False)
    topics: Mapped[str] = mapped_column(String(255), default="")  # comma-separated codes
    needs: Mapped[str] = mapped_column(String(255), default="")  # comma-separated codes
    interpreter_language: Mapped[str | None] = mapped_column(EncryptedLongText)
    cancel_reason: Mapped[str | None] = mapped_column(EncryptedLongText)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    venue: Mapped[Venue] = relationship()

    @property
    def topic_codes(self) -> list[str]:
        return [code for code in self.topics.split(",") if code]

    @property
    def need_codes(self) -> list[str]:
        return [code for code in self.needs.split(",") if code]
