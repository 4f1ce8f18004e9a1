"""A listing as plain JSON: what drafts propose, versions keep and diffs compare.

A snapshot holds everything a contributor can change about a service (not its
organisation, its id or when it was last checked). `snapshot_of` reads one from the
database; `record_from_snapshot` turns one back into the ServiceRecord the importer
writes, so publishing an edit and importing a feed share one code path.

Translations are {locale: {"name", "description", "how_to_access"}}, holding only the
languages with some text. Snapshots saved before translations existed have no
"translations" key: they leave the live translations as they are.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import format_currency
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.core.i18n import text_direction
from hub.core.templating import day_names, language_name
from hub.directory.models import (
    Delivery,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from hub.directory.oruk import VENUE_FEATURES, LocationRecord, ServiceRecord
from hub.directory.taxonomy import term_name
from hub.directory.translations import TRANSLATED_FIELDS
from hub.extensions import db
from hub.places.operations import NotAPostcode, PlaceNotFound, locate, nearest_ward

TEXT_FIELDS = ("name", "description", "eligibility", "how_to_access", "fees", "email",
               "website")
LOCATION_FIELDS = ("name", "address", "city", "postcode")


def _time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def snapshot_of(service: Service) -> dict[str, Any]:
    return {
        **{name: getattr(service, name) or "" for name in TEXT_FIELDS},
        "status": service.status.value,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "delivery": [method.value for method in service.delivery_methods],
        "phones": [{"number": p.number, "description": p.description} for p in service.phones],
        "schedules": [{"byday": s.byday, "opens_at": _time(s.opens_at),
                       "closes_at": _time(s.closes_at), "notes": s.notes}
                      for s in service.schedules],
        "cost_options": [{"option": c.option,
                          "amount": "" if c.amount is None else f"{c.amount:.2f}",
                          "amount_description": c.amount_description}
                         for c in service.cost_options],
        "areas": [area.name for area in service.service_areas],
        "languages": [language.code for language in service.languages],
        "categories": sorted(term.code for term in service.taxonomy_terms),
        "locations": [_location_snapshot(location) for location in service.locations],
        "translations": translations_of({row.locale: {name: getattr(row, name)
                                                      for name in TRANSLATED_FIELDS}
                                         for row in service.translations}),
    }


def translations_of(translations: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Translations as a snapshot keeps them: every field, and no language left empty."""
    kept = {}
    for locale, fields in sorted(translations.items()):
        tidy = {name: (fields.get(name) or "") for name in TRANSLATED_FIELDS}
        if any(tidy.values()):
            kept[locale] = tidy
    return kept


def _location_snapshot(location: Location) -> dict[str, Any]:
    return {
        "id": location.id,
        **{name: getattr(location, name) for name in LOCATION_FIELDS},
        "ward": location.ward,
        "latitude": location.latitude,
        "longitude": location.longitude,
        **location.venue_features,
    }


def empty_snapshot() -> dict[str, Any]:
    """A new service's starting point."""
    return {**dict.fromkeys(TEXT_FIELDS, ""), "status": ServiceStatus.active.value,
            "minimum_age": None, "maximum_age": None, "delivery": [], "phones": [],
            "schedules": [], "cost_options": [], "areas": [], "languages": [],
            "categories": [], "locations": [], "translations": {}}


def merged(base: dict[str, Any] | None, proposed: dict[str, Any],
           live: dict[str, Any] | None) -> dict[str, Any]:
    """What publishing writes: the fields the draft changed, and the rest as live now.

    So a change made to the live listing after the draft began (a restore, an import, a
    moderator's edit) survives unless the draft changed that same field.
    """
    if base is None or live is None:
        return proposed
    outcome = {key: proposed[key] if proposed[key] != base.get(key) else live.get(key, value)
               for key, value in proposed.items()}
    if "translations" in proposed:
        # Field by field within each language: a draft that adds Polish keeps the Arabic
        # a moderator changed meanwhile.
        outcome["translations"] = _merged_translations(
            base.get("translations") or {}, proposed["translations"],
            live.get("translations") or {})
    return outcome


def _merged_translations(base: dict, proposed: dict, live: dict) -> dict:
    outcome: dict[str, dict[str, str]] = {}
    for locale in {*base, *proposed, *live}:
        was, wanted, now = (side.get(locale, {}) for side in (base, proposed, live))
        outcome[locale] = {name: wanted.get(name, "") if wanted.get(name, "") != was.get(
            name, "") else now.get(name, "") for name in TRANSLATED_FIELDS}
    return translations_of(outcome)


def _parse_time(text: str) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def _parse_amount(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


@dataclass
class ListingRecord(ServiceRecord):
    """A ServiceRecord with the listing's translations, which write_service also writes
    (None: the snapshot predates translations, so the live ones stay)."""

    translations: dict[str, dict[str, str]] | None = field(default=None)


def record_from_snapshot(snapshot: dict[str, Any], service: Service) -> ServiceRecord:
    """The record the importer writes; new or changed places get coordinates and a ward."""
    record = ListingRecord(id=service.id, name=snapshot["name"],
                           status=ServiceStatus(snapshot["status"]), organisation={})
    if "translations" in snapshot:
        record.translations = translations_of(snapshot["translations"])
    for name in TEXT_FIELDS[1:]:
        setattr(record, name, snapshot[name] or ("" if name not in ("email", "website")
                                                 else None))
    record.minimum_age = snapshot["minimum_age"]
    record.maximum_age = snapshot["maximum_age"]
    record.last_checked = service.last_checked
    record.delivery = list(snapshot["delivery"])
    record.phones = [(p["number"], p["description"]) for p in snapshot["phones"]]
    record.schedules = [{"byday": s["byday"], "opens_at": _parse_time(s["opens_at"]),
                         "closes_at": _parse_time(s["closes_at"]), "notes": s["notes"]}
                        for s in snapshot["schedules"]]
    record.cost_options = [{"option": c["option"], "amount": _parse_amount(c["amount"]),
                            "amount_description": c["amount_description"]}
                           for c in snapshot["cost_options"]]
    record.is_free = not record.fees and all(
        (c["amount"] or 0) == 0 for c in record.cost_options)
    record.areas = list(snapshot["areas"])
    record.languages = list(snapshot["languages"])
    record.term_refs = [{"id": "", "code": code, "name": "", "path": "categories"}
                        for code in snapshot["categories"]]
    record.locations = [_location_record(item, service) for item in snapshot["locations"]]
    return record


def _location_record(item: dict[str, Any], service: Service) -> LocationRecord:
    existing = db.session.get(Location, item["id"]) if item.get("id") else None
    same_place = existing is not None and existing.postcode == item["postcode"]
    location_id = existing.id if existing else str(uuid.uuid4())
    if existing and _shared_elsewhere(existing, service) and (
            _editable(_location_snapshot(existing)) != _editable(item)):
        # Another organisation lists this venue too: edit a copy, not theirs.
        location_id = str(uuid.uuid4())
    record = LocationRecord(
        id=location_id, **{name: item[name] for name in LOCATION_FIELDS},
        features={name: bool(item.get(name)) for name in VENUE_FEATURES})
    if same_place and item.get("latitude") is not None:
        record.latitude, record.longitude = item["latitude"], item["longitude"]
        record.ward = item.get("ward") or existing.ward
    elif record.postcode:
        try:
            point = locate(record.postcode)
        except (PlaceNotFound, NotAPostcode):
            return record  # the form checks postcodes; an unknown one just has no map point
        record.latitude, record.longitude = point.latitude, point.longitude
        record.ward = nearest_ward(point)
    return record


def _editable(item: dict[str, Any]) -> tuple:
    return (*(item[name] for name in LOCATION_FIELDS),
            *(bool(item.get(name)) for name in VENUE_FEATURES))


def _shared_elsewhere(location: Location, service: Service) -> bool:
    return db.session.scalar(
        select(ServiceAtLocation.id)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .where(ServiceAtLocation.location_id == location.id,
               Service.organisation_id != service.organisation_id)
        .limit(1)
    ) is not None


# What people see when comparing two snapshots: one labelled line per field.

@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    lang: str | None = None  # the language of before and after, when not the page's

    @property
    def dir(self) -> str | None:
        return text_direction(self.lang) if self.lang else None


def _ages(snapshot: dict[str, Any]) -> str:
    low, high = snapshot["minimum_age"], snapshot["maximum_age"]
    if low is None and high is None:
        return ""
    if high is None:
        return str(_l("%(low)s and over", low=low))
    if low is None:
        return str(_l("up to %(high)s", high=high))
    return str(_l("%(low)s to %(high)s", low=low, high=high))


def _schedule_line(item: dict[str, Any]) -> str:
    names = day_names()
    days = ", ".join(names.get(code, code) for code in item["byday"].split(",") if code)
    times = "–".join(part for part in (item["opens_at"], item["closes_at"]) if part)
    return " ".join(part for part in (days, times, item["notes"] and f"({item['notes']})")
                    if part)


def _cost_line(item: dict[str, Any]) -> str:
    amount = item["amount"] and format_currency(Decimal(item["amount"]), "GBP")
    return " ".join(part for part in (item["option"], amount, item["amount_description"])
                    if part)


def _location_line(item: dict[str, Any]) -> str:
    place = ", ".join(item[name] for name in LOCATION_FIELDS if item[name])
    features = [str(label) for name, label in VENUE_LABELS.items() if item.get(name)]
    return place + (f" ({', '.join(features)})" if features else "")


VENUE_LABELS = {
    "step_free": _l("step-free access"),
    "accessible_toilet": _l("accessible toilet"),
    "hearing_loop": _l("hearing loop"),
    "parking": _l("parking"),
}
DELIVERY_LABELS = {
    Delivery.in_person.value: _l("In person"),
    Delivery.at_home.value: _l("At home"),
    Delivery.online.value: _l("Online"),
    Delivery.phone.value: _l("By phone"),
}
STATUS_LABELS = {
    ServiceStatus.active.value: _l("Running"),
    ServiceStatus.temporarily_closed.value: _l("Temporarily closed"),
    ServiceStatus.inactive.value: _l("Withdrawn (not listed)"),
}


def _category_names(codes: list[str]) -> list[str]:
    terms = {term.code: term for term in db.session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.code.in_(codes)))}
    return [term_name(terms[code]) if code in terms else code for code in codes]


TRANSLATION_LABELS = {
    "name": _l("Name (%(language)s)"),
    "description": _l("Description (%(language)s)"),
    "how_to_access": _l("How to use it (%(language)s)"),
}


def _translation_lines(snapshot: dict[str, Any],
                       locales: list[str]) -> list[tuple[str, str, str]]:
    """(label, text, locale) for each translated field of these languages."""
    translations = snapshot.get("translations") or {}
    return [(str(TRANSLATION_LABELS[name]) % {"language": language_name(locale)},
             translations.get(locale, {}).get(name, ""), locale)
            for locale in locales for name in TRANSLATED_FIELDS]


def described(snapshot: dict[str, Any],
              locales: list[str] | None = None) -> list[tuple[str, str]]:
    """(label, text) for every field, in the order the edit form shows them; translations
    for `locales` (by default, the languages the snapshot has)."""
    if locales is None:
        locales = sorted(snapshot.get("translations") or {})
    lines = "\n".join
    return [
        (_l("Name"), snapshot["name"]),
        (_l("Status"), str(STATUS_LABELS.get(snapshot["status"], snapshot["status"]))),
        (_l("Description"), snapshot["description"]),
        (_l("Who it is for"), snapshot["eligibility"]),
        (_l("Ages"), _ages(snapshot)),
        (_l("How to use it"), snapshot["how_to_access"]),
        (_l("How it is provided"), ", ".join(str(DELIVERY_LABELS.get(d, d))
                                             for d in snapshot["delivery"])),
        (_l("Phone numbers"), lines(" ".join(filter(None, (p["number"], p["description"])))
                                    for p in snapshot["phones"])),
        (_l("E-mail"), snapshot["email"]),
        (_l("Website"), snapshot["website"]),
        (_l("Opening times"), lines(_schedule_line(s) for s in snapshot["schedules"])),
        (_l("Fees"), snapshot["fees"]),
        (_l("Costs"), lines(_cost_line(c) for c in snapshot["cost_options"])),
        (_l("Places"), lines(_location_line(item) for item in snapshot["locations"])),
        (_l("Areas covered"), ", ".join(snapshot["areas"])),
        (_l("Languages"), ", ".join(language_name(code) for code in snapshot["languages"])),
        (_l("Categories"), ", ".join(_category_names(snapshot["categories"]))),
        *((label, text) for label, text, _locale in _translation_lines(snapshot, locales)),
    ]


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> list[FieldChange]:
    """The fields whose text differs; everything counts as new when there is no before."""
    # Every language either side has, so a translation taken away shows as a change; none
    # when a side predates translations (publishing it leaves them as they are).
    locales = sorted({*((before or {}).get("translations") or {}),
                      *(after.get("translations") or {})}) if "translations" in after and (
        before is None or "translations" in before) else []
    old = ({str(label): text for label, text in described(before, locales)}
           if before else {})
    langs = {label: locale for label, _text, locale in _translation_lines(after, locales)}
    return [FieldChange(str(label), old.get(str(label), ""), text, langs.get(str(label)))
            for label, text in described(after, locales) if old.get(str(label), "") != text]
