"""Build Talking Point venues for tests: a venue with one weekly session, committed."""

import datetime as dt
from typing import Any

from hub.extensions import db
from hub.talking_points.models import RegularSession, Venue


def _time(value: str | dt.time) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(value)


def make_venue(name: str = "Acomb Sample Library", weekday: int = 1, starts: str = "10:00",
               ends: str = "12:00", minutes: int = 30, staff: int = 2, **fields: Any) -> Venue:
    """An active venue open every `weekday` (0 is Monday) from `starts` to `ends`, London
    time, with `staff` appointments of `minutes` at once. `fields` set other Venue columns."""
    fields.setdefault("address", "1 Sample Street, York")
    fields.setdefault("postcode", "YO24 3AB")
    venue = Venue(name=name, **fields)
    venue.sessions = [RegularSession(weekday=weekday, starts=_time(starts), ends=_time(ends),
                                     appointment_minutes=minutes, staff=staff)]
    db.session.add(venue)
    db.session.commit()
    return venue
