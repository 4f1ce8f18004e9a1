"""Turn what a person typed into a point on the map, and load the gazetteer."""

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import delete, select

from hub.extensions import db
from hub.places.models import Place, Postcode

FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
COORDINATES = re.compile(r"^(-?\d{1,2}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)$")
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
EARTH_RADIUS_MILES = 3958.8


@dataclass(frozen=True)
class Point:
    label: str
    latitude: float
    longitude: float


class PlaceNotFound(ValueError):
    """The text looks like a place or postcode we cannot find."""


class NotAPostcode(ValueError):
    """The text is neither a postcode nor a known place name."""


def normalise_postcode(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def format_postcode(text: str) -> str:
    compact = normalise_postcode(text)
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact


def locate(text: str) -> Point:
    """Find a postcode, postcode district or place name.

    Raises PlaceNotFound for a well-formed postcode or name we do not know, and
    NotAPostcode for text that is not shaped like either.
    """
    cleaned = " ".join(text.split())
    coordinates = COORDINATES.match(cleaned)
    if coordinates:  # from "use my location"
        lat, lon = float(coordinates.group(1)), float(coordinates.group(2))
        if abs(lat) <= 90 and abs(lon) <= 180:
            return Point(_("your location"), lat, lon)
    compact = normalise_postcode(cleaned)
    full = FULL_POSTCODE.match(compact)
    if full:
        row = db.session.get(Postcode, compact)
        if row:
            return Point(format_postcode(compact), row.latitude, row.longitude)
        # Without the full directory loaded, the district still places the person well.
        district = db.session.scalar(
            select(Place).where(Place.key == full.group(1).lower(), Place.kind == "district")
        )
        if district:
            return Point(format_postcode(compact), district.latitude, district.longitude)
        raise PlaceNotFound(cleaned)
    place = db.session.scalar(
        select(Place).where(Place.key == cleaned.lower()).order_by(Place.id)
    )
    if place:
        return Point(place.name, place.latitude, place.longitude)
    if POSTCODE_DISTRICT.match(compact) or re.fullmatch(r"[A-Za-z][A-Za-z' .&-]{1,60}", cleaned):
        raise PlaceNotFound(cleaned)
    raise NotAPostcode(cleaned)


def nearest_ward(point: Point) -> str:
    """The ward whose centre is nearest: good enough to know who serves a place."""
    wards = db.session.scalars(select(Place).where(Place.kind == "ward")).all()
    if not wards:
        return ""
    return min(wards, key=lambda w: distance_miles(point.latitude, point.longitude,
                                                   w.latitude, w.longitude)).name


def distance_miles(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle (haversine) distance."""
    phi1, phi2 = math.radians(a_lat), math.radians(b_lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b_lon - a_lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def load_places(folder: Path) -> int:
    """Replace the named places with those in content/places (wards, districts, places)."""
    rows: list[Place] = []
    sources = [
        ("wards.csv", "ward", "ward"),
        ("postcode_districts.csv", "district", "district"),
        ("places.csv", None, "name"),
    ]
    for filename, kind, name_column in sources:
        path = folder / filename
        if not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                name = record[name_column].strip()
                rows.append(Place(
                    name=name,
                    key=name.lower(),
                    kind=kind or record.get("kind", "place"),
                    latitude=float(record["latitude"]),
                    longitude=float(record["longitude"]),
                    district=record.get("district", "") or "",
                ))
    db.session.execute(delete(Place))
    db.session.add_all(rows)
    db.session.commit()
    return len(rows)


class PostcodeFileError(ValueError):
    pass


def import_postcodes(path: Path, batch_size: int = 5000) -> int:
    """Load full postcodes from an ONS Postcode Directory CSV (columns pcds, lat, long).

    Terminated postcodes (doterm set) are skipped. All or nothing: a file with a bad row
    changes nothing.
    """
    seen: dict[str, tuple[float, float]] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = set(reader.fieldnames or [])
        postcode_field = next((f for f in ("pcds", "pcd", "pcd2") if f in fields), None)
        if not postcode_field or not {"lat", "long"} <= fields:
            raise PostcodeFileError(
                "The file needs the ONS Postcode Directory columns pcds (or pcd), lat and long."
            )
        for line_number, record in enumerate(reader, start=2):
            if record.get("doterm"):
                continue
            compact = normalise_postcode(record[postcode_field])
            try:
                lat, lon = float(record["lat"]), float(record["long"])
            except ValueError:
                raise PostcodeFileError(
                    f"Line {line_number}: latitude or longitude is not a number."
                ) from None
            if not FULL_POSTCODE.match(compact):
                raise PostcodeFileError(f"Line {line_number}: {record[postcode_field]!r} "
                                        "is not a postcode.")
            if lat > 90:  # ONSPD marks postcodes with no grid reference as 99.999999
                continue
            seen[compact] = (lat, lon)
    existing = set(db.session.scalars(select(Postcode.postcode)))
    for compact, (lat, lon) in seen.items():
        if compact in existing:
            db.session.execute(Postcode.__table__.update().where(Postcode.postcode == compact)
                               .values(latitude=lat, longitude=lon))
    new = [{"postcode": c, "latitude": la, "longitude": lo}
           for c, (la, lo) in seen.items() if c not in existing]
    for start in range(0, len(new), batch_size):
        db.session.execute(Postcode.__table__.insert(), new[start:start + batch_size])
    db.session.commit()
    return len(seen)
