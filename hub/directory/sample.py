"""Turn the compact sample files in content/sample into Open Referral UK services.

The sample data then enters through the same import as any real feed.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hub.directory.oruk import DELIVERY_VOCABULARY, VENUE_FEATURES, stable_id

# The sample's `last_checked` dates were written as seen on this day. Loading moves them by
# the days since, so the sample always shows the same mix of fresh, due and stale listings.
DATES_WRITTEN_ON = dt.date(2026, 11, 23)


def _moved(day: str | None, by: dt.timedelta) -> str | None:
    return (dt.date.fromisoformat(day) + by).isoformat() if day else None


def sample_services(folder: Path, today: dt.date | None = None) -> list[dict[str, Any]]:
    shift = (today or dt.date.today()) - DATES_WRITTEN_ON
    organisations: dict[str, dict[str, Any]] = {}
    compact: list[dict[str, Any]] = []
    for path in sorted(folder.glob("services-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for org in data.get("organisations", []):
            organisations[org["slug"]] = org
        compact.extend(data.get("services", []))
    return [to_oruk(item, organisations[item["organisation"]], shift) for item in compact]


def to_oruk(item: dict[str, Any], org: dict[str, Any], shift: dt.timedelta) -> dict[str, Any]:
    service_id = stable_id("service", item["slug"])
    service: dict[str, Any] = {
        "id": service_id,
        "name": item["name"],
        "description": item.get("description", ""),
        "status": item.get("status", "active"),
        "eligibility_description": item.get("eligibility", ""),
        "how_to_access": item.get("how_to_access", ""),
        "fees": "" if item.get("free") else item.get("fees", ""),
        "minimum_age": item.get("min_age"),
        "maximum_age": item.get("max_age"),
        "email": item.get("email"),
        "url": item.get("website"),
        "assured_date": _moved(item.get("last_checked"), shift),
        "organization": {
            "id": stable_id("organisation", org["slug"]),
            "name": org["name"],
            "description": org.get("description", ""),
            "email": org.get("email"),
            "website": org.get("website"),
        },
        "phones": [{"id": stable_id("phone", item["slug"]), "number": item["phone"]}]
        if item.get("phone") else [],
        "cost_options": [
            {"id": stable_id("cost", f"{item['slug']}:{i}"), "option": c.get("option", ""),
             "amount": c.get("amount")}
            for i, c in enumerate(item.get("cost_options") or [])
        ] if not item.get("free") else [],
        "schedules": [
            {"id": stable_id("schedule", f"{item['slug']}:{i}"), "freq": "WEEKLY",
             "byday": ",".join(s.get("days", [])), "opens_at": s.get("opens"),
             "closes_at": s.get("closes"), "notes": s.get("notes", "")}
            for i, s in enumerate(item.get("schedules") or [])
        ],
        "service_areas": [
            {"id": stable_id("area", f"{item['slug']}:{area}"), "name": area}
            for area in item.get("areas") or []
        ],
        "languages": [
            {"id": stable_id("language", f"{item['slug']}:{code}"), "code": code}
            for code in item.get("languages") or []
        ],
        "service_at_locations": [
            {"id": stable_id("sal", f"{item['slug']}:{i}"), "location": _location(loc)}
            for i, loc in enumerate(item.get("locations") or [])
        ],
        "attributes": [
            {"id": stable_id("attribute", f"{item['slug']}:{code}"),
             "taxonomy_term": {"id": stable_id("term", code), "name": code, "term": code,
                               "taxonomy": "live-well-hub"}}
            for code in item.get("categories") or []
        ] + [
            {"id": stable_id("attribute", f"{item['slug']}:delivery:{method}"),
             "taxonomy_term": {"id": stable_id("delivery", method), "name": method,
                               "term": method, "taxonomy": DELIVERY_VOCABULARY}}
            for method in item.get("delivery") or []
        ],
    }
    return {key: value for key, value in service.items() if value is not None}


def _location(loc: dict[str, Any]) -> dict[str, Any]:
    key = f"{loc.get('name', '')}|{loc.get('postcode', '')}"
    parts = [p.strip() for p in loc.get("address", "").split(",")]
    if len(parts) > 2 and parts[0] == loc.get("name"):
        parts = parts[1:]  # the venue's name is shown on its own
    city = parts[-1] if len(parts) > 1 else ""
    return {
        "id": stable_id("location", key),
        "location_type": "physical",
        "name": loc.get("name", ""),
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "ward": loc.get("ward", ""),
        "addresses": [{
            "id": stable_id("address", key),
            "address_1": ", ".join(parts[:-1]) if city else loc.get("address", ""),
            "city": city,
            "state_province": "",
            "postal_code": loc.get("postcode", ""),
            "country": "GB",
            "address_type": "physical",
        }],
        "accessibility": [
            {"id": stable_id("accessibility", f"{key}:{feature}"), "accessibility": label}
            for feature, label in VENUE_FEATURES.items() if loc.get(feature)
        ],
    }
