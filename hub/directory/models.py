"""Directory records, shaped by Open Referral UK 3.0 (every record has a UUID)."""

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.db import UUIDPrimaryKey
from hub.extensions import db


class ServiceStatus(enum.Enum):
    active = "active"
    temporarily_closed = "temporarily closed"
    inactive = "inactive"


class Delivery(enum.Enum):
    """How a service reaches people: shown and filtered on in search."""

    in_person = "in-person"
    at_home = "at-home"
    online = "online"
    phone = "phone"


service_taxonomy = Table(
    "service_taxonomy_term",
    db.Model.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("taxonomy_term_id", ForeignKey("taxonomy_term.id", ondelete="CASCADE"),
           primary_key=True),
)


class Organisation(UUIDPrimaryKey, db.Model):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(50))
    # Sample organisations make every page say that sample data is loaded.
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # Trusted organisations publish their changes directly; every change is still recorded.
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)

    services: Mapped[list["Service"]] = relationship(back_populates="organisation")


class Service(UUIDPrimaryKey, db.Model):
    __tablename__ = "service"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ServiceStatus] = mapped_column(
        Enum(ServiceStatus, name="service_status", values_callable=lambda e: [m.value for m in e]),
        default=ServiceStatus.active,
    )
    eligibility: Mapped[str] = mapped_column(Text, default="")
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    how_to_access: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[str] = mapped_column(Text, default="")
    is_free: Mapped[bool] = mapped_column(Boolean, default=False)
    delivery: Mapped[str] = mapped_column(String(100), default="")  # comma-separated Delivery
    email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(500))
    last_checked: Mapped[dt.date | None] = mapped_column(Date)
    last_modified: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    phones: Mapped[list["Phone"]] = relationship(cascade="all, delete-orphan")
    locations_at: Mapped[list["ServiceAtLocation"]] = relationship(
        cascade="all, delete-orphan", back_populates="service"
    )
    schedules: Mapped[list["Schedule"]] = relationship(
        cascade="all, delete-orphan", order_by="Schedule.position"
    )
    cost_options: Mapped[list["CostOption"]] = relationship(cascade="all, delete-orphan")
    service_areas: Mapped[list["ServiceArea"]] = relationship(cascade="all, delete-orphan")
    languages: Mapped[list["Language"]] = relationship(cascade="all, delete-orphan")
    taxonomy_terms: Mapped[list["TaxonomyTerm"]] = relationship(secondary=service_taxonomy)
    # Loaded with the services (one query per batch): lists show them in the reader's language.
    translations: Mapped[list["ServiceTranslation"]] = relationship(
        cascade="all, delete-orphan", order_by="ServiceTranslation.locale", lazy="selectin")

    @property
    def delivery_methods(self) -> list[Delivery]:
        return [Delivery(value) for value in self.delivery.split(",") if value]

    @property
    def locations(self) -> list["Location"]:
        return [link.location for link in self.locations_at]


class ServiceTranslation(UUIDPrimaryKey, db.Model):
    """A person's translation of a service's own words into one of the hub's languages.

    Part of the listing: contributors propose it in a draft and moderators publish it.
    An empty field means "not translated": readers see the English for it.
    """

    __tablename__ = "service_translation"
    __table_args__ = (UniqueConstraint("service_id", "locale"),)

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    locale: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    how_to_access: Mapped[str] = mapped_column(Text, default="")


class MachineTranslation(db.Model):
    """A computer's translation of one English text, kept so each is asked for once.

    Keyed by the text's hash, not by service: when the English changes, its hash does too,
    so the new text is translated afresh and the old one is no longer read.
    """

    __tablename__ = "machine_translation"

    locale: Mapped[str] = mapped_column(String(10), primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256, hex
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())


class Phone(UUIDPrimaryKey, db.Model):
    __tablename__ = "phone"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    number: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(255), default="")


class Location(UUIDPrimaryKey, db.Model):
    __tablename__ = "location"

    name: Mapped[str] = mapped_column(String(255), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    ward: Mapped[str] = mapped_column(String(100), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    accessible_toilet: Mapped[bool] = mapped_column(Boolean, default=False)
    hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    parking: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def one_line_address(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.postcode) if part)

    @property
    def venue_features(self) -> dict[str, bool]:
        return {
            "step_free": self.step_free,
            "accessible_toilet": self.accessible_toilet,
            "hearing_loop": self.hearing_loop,
            "parking": self.parking,
        }


class ServiceAtLocation(UUIDPrimaryKey, db.Model):
    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)

    service: Mapped[Service] = relationship(back_populates="locations_at")
    location: Mapped[Location] = relationship()


class Schedule(UUIDPrimaryKey, db.Model):
    """A regular weekly opening: days as iCalendar BYDAY codes (MO,TU,...)."""

    __tablename__ = "schedule"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    byday: Mapped[str] = mapped_column(String(40), default="")
    opens_at: Mapped[dt.time | None] = mapped_column(Time)
    closes_at: Mapped[dt.time | None] = mapped_column(Time)
    notes: Mapped[str] = mapped_column(Text, default="")

    @property
    def days(self) -> list[str]:
        return [day for day in self.byday.split(",") if day]


class CostOption(UUIDPrimaryKey, db.Model):
    __tablename__ = "cost_option"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    option: Mapped[str] = mapped_column(String(255), default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    amount_description: Mapped[str] = mapped_column(String(255), default="")


class ServiceArea(UUIDPrimaryKey, db.Model):
    __tablename__ = "service_area"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(255))


class Language(UUIDPrimaryKey, db.Model):
    __tablename__ = "language"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"),
                                            index=True)
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100), default="")


class TaxonomyTerm(UUIDPrimaryKey, db.Model):
    """A need or category; the hierarchy is data (content/taxonomy.json), never code."""

    __tablename__ = "taxonomy_term"

    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    # The name and description in the hub's other languages, {"pl": "...", ...}, loaded
    # from the same file; pages show them through hub.directory.taxonomy (English if missing).
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    descriptions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict,
                                                         server_default="{}")
    vocabulary: Mapped[str] = mapped_column(String(100), default="live-well-hub")
    position: Mapped[int] = mapped_column(Integer, default=0)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id"), index=True)

    parent: Mapped["TaxonomyTerm | None"] = relationship(
        remote_side="TaxonomyTerm.id", back_populates="children"
    )
    children: Mapped[list["TaxonomyTerm"]] = relationship(
        back_populates="parent", order_by="TaxonomyTerm.position"
    )

    @property
    def lineage(self) -> list["TaxonomyTerm"]:
        """This term and its ancestors, root first."""
        chain = []
        term: TaxonomyTerm | None = self
        while term is not None:
            chain.append(term)
            term = term.parent
        return chain[::-1]
