"""Gazetteer tables: loaded from content/places and the ONS Postcode Directory."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db


class Postcode(db.Model):
    """A full postcode from the ONS Postcode Directory, keyed without spaces, upper case."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    latitude: Mapped[float]
    longitude: Mapped[float]


class Place(db.Model):
    """A named place (neighbourhood, village, landmark, ward or postcode district)."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Lower-cased name, so look-ups do not depend on the database's collation.
    key: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    latitude: Mapped[float]
    longitude: Mapped[float]
    district: Mapped[str] = mapped_column(String(8), default="")
