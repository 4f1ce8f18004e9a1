"""Read Open Referral UK 3.0 service records and check them before anything is written.

Besides the UK profile's fields, a few HSDS 3.0 fields the profile leaves out are read when
present (`phones`, `eligibility_description`, language `code`/`name`) and a location may
carry a `ward`. Delivery methods and venue accessibility travel as taxonomy attributes and
accessibility entries, so a feed from another directory needs no private extensions.
Categories from other vocabularies are left out (moderators own this hub's taxonomy);
a term that claims this hub's vocabulary, or none, must exist here.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from hub.directory.models import Delivery, ServiceStatus

ID_NAMESPACE = uuid.UUID("6f1c4a1e-6b5d-4a8e-9f0c-2d7e3b9a1c55")
DELIVERY_VOCABULARY = "delivery-method"
HUB_VOCABULARY = "live-well-hub"  # the `vocabulary` of content/taxonomy.json
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Venue accessibility as plain phrases in ORUK `accessibility` entries.
VENUE_FEATURES = {
    "step_free": "Step-free access",
    "accessible_toilet": "Accessible toilet",
    "hearing_loop": "Hearing loop",
    "parking": "Parking",
}
STATUS_ALIASES = {"defunct": ServiceStatus.inactive}
PHONE_NUMBER = re.compile(r"[0-9 +()-]{6,20}")
WEB_ADDRESS = re.compile(r"https?://[^\s/]+\S*", re.IGNORECASE)


def stable_id(kind: str, key: str) -> str:
    """A UUID that stays the same each time the same record is loaded."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}"))


@dataclass
class LocationRecord:
    id: str
    name: str = ""
    address: str = ""
    city: str = ""
    postcode: str = ""
    ward: str = ""
    latitude: float | None = None
    longitude: float | None = None
    features: dict[str, bool] = field(default_factory=dict)


@dataclass
class ServiceRecord:
    id: str
    name: str
    status: ServiceStatus
    organisation: dict[str, Any]
    description: str = ""
    eligibility: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    how_to_access: str = ""
    fees: str = ""
    is_free: bool = False
    email: str | None = None
    website: str | None = None
    last_checked: dt.date | None = None
    delivery: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    schedules: list[dict[str, Any]] = field(default_factory=list)
    cost_options: list[dict[str, Any]] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    term_refs: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Problem:
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.field}: {self.message}"


class _Reader:
    """Collects every problem in one record instead of stopping at the first."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.label, path, message))

    def text(self, data: dict, key: str, path: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(path, "is missing")
            return ""
        if not isinstance(value, str):
            self.fail(path, "must be text")
            return ""
        return value.strip()

    def web_address(self, data: dict, key: str, path: str) -> str | None:
        """A link residents may follow: only http(s), never javascript: or data:."""
        value = self.text(data, key, path)
        if value and not WEB_ADDRESS.fullmatch(value):
            self.fail(path, f"{value[:60]!r} is not a web address starting https:// or http://")
        return value or None

    def uuid(self, data: dict, key: str, path: str) -> str:
        value = data.get(key)
        try:
            return str(uuid.UUID(str(value))) if value else self.fail(path, "is missing") or ""
        except ValueError:
            self.fail(path, f"{value!r} is not a UUID")
            return ""

    def whole_number(self, data: dict, key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(path, f"{value!r} is not a whole number of years")
            return None
        return value

    def number(self, value: Any, path: str) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool):
            self.fail(path, f"{value!r} is not a number")
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.fail(path, f"{value!r} is not a number")
            return None

    def coordinate(self, value: Any, path: str, limit: float) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > limit:
            self.fail(path, f"{value!r} is not a valid coordinate")
            return None
        return float(value)

    def items(self, data: dict, key: str, path: str) -> list[dict]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(path, "must be a list of objects")
            return []
        return value

    def time(self, value: Any, path: str) -> dt.time | None:
        if value in (None, ""):
            return None
        try:
            return dt.time.fromisoformat(str(value))
        except ValueError:
            self.fail(path, f"{value!r} is not a time like 09:30")
            return None

    def date(self, value: Any, path: str) -> dt.date | None:
        if value in (None, ""):
            return None
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            self.fail(path, f"{value!r} is not a date like 2026-05-31")
            return None


def read_service(data: Any, position: int) -> tuple[ServiceRecord | None, list[Problem]]:
    """Check one ORUK service object; return the record or the problems found."""
    if not isinstance(data, dict):
        return None, [Problem(f"Record {position}", "service", "must be an object")]
    name = data.get("name") if isinstance(data.get("name"), str) else ""
    reader = _Reader(f"Record {position} ({name or 'no name'})")
    service_id = reader.uuid(data, "id", "id")
    name = reader.text(data, "name", "name", required=True)

    status_text = data.get("status", "active")
    try:
        status = STATUS_ALIASES.get(status_text) or ServiceStatus(status_text)
    except ValueError:
        reader.fail("status", f"{status_text!r} is not active, inactive, defunct or "
                              "temporarily closed")
        status = ServiceStatus.inactive

    organisation = data.get("organization")
    org: dict[str, Any] = {}
    if not isinstance(organisation, dict):
        reader.fail("organization", "is missing")
    else:
        org = {
            "id": reader.uuid(organisation, "id", "organization.id"),
            "name": reader.text(organisation, "name", "organization.name", required=True),
            "description": reader.text(organisation, "description", "organization.description"),
            "email": reader.text(organisation, "email", "organization.email") or None,
            "website": reader.web_address(organisation, "website", "organization.website"),
        }
        if data.get("organization_id") and data["organization_id"] != org["id"]:
            reader.fail("organization_id", "does not match organization.id")

    record = ServiceRecord(id=service_id, name=name, status=status, organisation=org)
    record.description = reader.text(data, "description", "description")
    record.eligibility = reader.text(data, "eligibility_description", "eligibility_description")
    record.minimum_age = reader.whole_number(data, "minimum_age", "minimum_age")
    record.maximum_age = reader.whole_number(data, "maximum_age", "maximum_age")
    if (record.minimum_age is not None and record.maximum_age is not None
            and record.minimum_age > record.maximum_age):
        reader.fail("maximum_age", "is lower than minimum_age")
    record.how_to_access = reader.text(data, "how_to_access", "how_to_access") or reader.text(
        data, "application_process", "application_process")
    record.fees = reader.text(data, "fees", "fees") or reader.text(
        data, "fees_description", "fees_description")
    record.email = reader.text(data, "email", "email") or None
    record.website = reader.web_address(data, "url", "url")
    record.last_checked = reader.date(data.get("assured_date"), "assured_date")

    for i, phone in enumerate(reader.items(data, "phones", "phones")):
        number = reader.text(phone, "number", f"phones[{i}].number", required=True)
        if number and not PHONE_NUMBER.fullmatch(number):
            reader.fail(f"phones[{i}].number", f"{number!r} is not a phone number")
        record.phones.append((number, reader.text(phone, "description",
                                                  f"phones[{i}].description")))

    for i, cost in enumerate(reader.items(data, "cost_options", "cost_options")):
        record.cost_options.append({
            "option": reader.text(cost, "option", f"cost_options[{i}].option"),
            "amount": reader.number(cost.get("amount"), f"cost_options[{i}].amount"),
            "amount_description": reader.text(cost, "amount_description",
                                              f"cost_options[{i}].amount_description"),
        })
    record.is_free = not record.fees and all(
        (cost["amount"] or 0) == 0 for cost in record.cost_options)

    for i, schedule in enumerate(reader.items(data, "schedules", "schedules")):
        path = f"schedules[{i}]"
        days = [d.strip() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
        bad_days = [d for d in days if d not in DAY_CODES]
        if bad_days:
            reader.fail(f"{path}.byday", f"{', '.join(bad_days)} not days like MO,TU,WE")
        record.schedules.append({
            "byday": ",".join(d for d in days if d in DAY_CODES),
            "opens_at": reader.time(schedule.get("opens_at"), f"{path}.opens_at"),
            "closes_at": reader.time(schedule.get("closes_at"), f"{path}.closes_at"),
            "notes": reader.text(schedule, "notes", f"{path}.notes")
            or reader.text(schedule, "description", f"{path}.description"),
        })

    for i, area in enumerate(reader.items(data, "service_areas", "service_areas")):
        area_name = reader.text(area, "name", f"service_areas[{i}].name") or reader.text(
            area, "service_area", f"service_areas[{i}].service_area")
        if area_name:
            record.areas.append(area_name)

    for i, language in enumerate(reader.items(data, "languages", "languages")):
        code = reader.text(language, "code", f"languages[{i}].code")
        if code:
            record.languages.append(code.lower())

    for i, link in enumerate(reader.items(data, "service_at_locations", "service_at_locations")):
        location = link.get("location")
        if not isinstance(location, dict):
            reader.fail(f"service_at_locations[{i}].location", "is missing")
            continue
        record.locations.append(_read_location(reader, location,
                                               f"service_at_locations[{i}].location"))

    for i, attribute in enumerate(reader.items(data, "attributes", "attributes")):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            reader.fail(f"attributes[{i}].taxonomy_term", "is missing")
            continue
        vocabulary = str(term.get("taxonomy") or "")
        if vocabulary == DELIVERY_VOCABULARY:
            try:
                record.delivery.append(Delivery(term.get("term") or term.get("name")).value)
            except ValueError:
                reader.fail(f"attributes[{i}].taxonomy_term.term",
                            f"{term.get('term')!r} is not in-person, at-home, online or phone")
            continue
        if vocabulary and vocabulary != HUB_VOCABULARY:
            continue  # another directory's categories: moderators map them to ours
        record.term_refs.append({
            "id": str(term.get("id") or ""),
            "code": str(term.get("term") or ""),
            "name": str(term.get("name") or ""),
            "path": f"attributes[{i}].taxonomy_term",
        })
    return (None, reader.problems) if reader.problems else (record, [])


def _read_location(reader: _Reader, data: dict, path: str) -> LocationRecord:
    location = LocationRecord(id=reader.uuid(data, "id", f"{path}.id"))
    location.name = reader.text(data, "name", f"{path}.name")
    location.latitude = reader.coordinate(data.get("latitude"), f"{path}.latitude", 90)
    location.longitude = reader.coordinate(data.get("longitude"), f"{path}.longitude", 180)
    location.ward = reader.text(data, "ward", f"{path}.ward")
    addresses = reader.items(data, "addresses", f"{path}.addresses")
    if addresses:
        address = addresses[0]
        location.address = reader.text(address, "address_1", f"{path}.addresses[0].address_1")
        location.city = reader.text(address, "city", f"{path}.addresses[0].city")
        location.postcode = reader.text(address, "postal_code",
                                        f"{path}.addresses[0].postal_code").upper()
    phrases = " | ".join(
        str(entry.get("accessibility") or entry.get("description") or "").lower()
        for entry in reader.items(data, "accessibility", f"{path}.accessibility")
    )
    location.features = {key: label.lower() in phrases for key, label in VENUE_FEATURES.items()}
    return location
