"""Fictional Talking Point venues for trying the hub, from content/sample/talking-points.json.

Each venue links to its sample directory service (content/sample/services-d.json), so it is
found in search and the directory like any other service; load the services first.
"""

import datetime as dt
import json
from pathlib import Path

from hub.directory.models import Service
from hub.directory.oruk import stable_id
from hub.extensions import db
from hub.talking_points.models import RegularSession, Venue

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RegularSession.weekday: 0 is Monday
VENUE_FIELDS = ("name", "address", "postcode", "latitude", "longitude", "how_to_get_there",
                "step_free", "hearing_loop", "accessible_toilet", "parking",
                "accessibility_notes")


def load_sample_talking_points(path: Path) -> int:
    """Add the sample venues not already there (by their stable id) and return how many were
    added. A venue already loaded is left as it is: staff may have changed its sessions."""
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for item in data["venues"]:
        venue_id = stable_id("talking-point", item["slug"])
        if db.session.get(Venue, venue_id) is not None:
            continue
        venue = Venue(id=venue_id, **{key: item[key] for key in VENUE_FIELDS if key in item})
        service_id = stable_id("service", item["service"]) if item.get("service") else None
        if service_id and db.session.get(Service, service_id) is not None:
            venue.service_id = service_id
        venue.sessions = [
            RegularSession(id=stable_id("talking-point-session", f"{item['slug']}:{i}"),
                           weekday=WEEKDAYS.index(session["day"]),
                           starts=dt.time.fromisoformat(session["starts"]),
                           ends=dt.time.fromisoformat(session["ends"]),
                           appointment_minutes=session["minutes"], staff=session["staff"])
            for i, session in enumerate(item["sessions"])
        ]
        db.session.add(venue)
        added += 1
    db.session.commit()
    return added
