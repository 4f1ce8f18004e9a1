"""Directory rules shared by pages and commands: load the taxonomy, import services."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hub.directory.models import (
    CostOption,
    Language,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTranslation,
    TaxonomyTerm,
)
from hub.directory.oruk import Problem, ServiceRecord, read_service, stable_id
from hub.directory.translations import TRANSLATED_FIELDS
from hub.extensions import db


class TaxonomyFileError(ValueError):
    pass


def load_taxonomy(path: Path) -> int:
    """Create or update terms from a taxonomy file; codes are the stable keys.

    A term's `names` and `descriptions` ({"pl": "...", ...}) are its words in the hub's other
    languages; they are loaded with the English, so the two never disagree.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise TaxonomyFileError(f"Could not read {path.name}: {error}") from None
    vocabulary = data.get("vocabulary", "live-well-hub")
    existing = {term.code: term for term in db.session.scalars(select(TaxonomyTerm))}
    seen: set[str] = set()

    def upsert(entry: dict[str, Any], parent: TaxonomyTerm | None, position: int) -> None:
        code = entry.get("code")
        if not code or not entry.get("name"):
            raise TaxonomyFileError(f"Every term needs a code and a name: {entry!r:.80}")
        if code in seen:
            raise TaxonomyFileError(f"The code {code!r} is used twice.")
        seen.add(code)
        term = existing.get(code) or TaxonomyTerm(id=stable_id("term", code), code=code)
        term.name = entry["name"]
        term.description = entry.get("description", "")
        term.names = _in_languages(entry, "names")
        term.descriptions = _in_languages(entry, "descriptions")
        term.vocabulary = vocabulary
        term.position = position
        term.parent = parent
        db.session.add(term)
        for child_position, child in enumerate(entry.get("children", [])):
            upsert(child, term, child_position)

    for position, entry in enumerate(data.get("terms", [])):
        upsert(entry, None, position)
    db.session.commit()
    return len(seen)


def _in_languages(entry: dict[str, Any], key: str) -> dict[str, str]:
    """A term's {language code: text}, without empty texts (they mean "not translated")."""
    given = entry.get(key) or {}
    if not isinstance(given, dict) or not all(
            isinstance(code, str) and isinstance(text, str) for code, text in given.items()):
        raise TaxonomyFileError(
            f"The {key} of {entry.get('code')!r} must be language codes and text, "
            f'like {{"pl": "..."}}.')
    return {code: text.strip() for code, text in sorted(given.items()) if text.strip()}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def services_in_file(path: Path) -> list[Any]:
    """The service objects in an ORUK file: a list, or a paged response with `contents`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not a UTF-8 text file.") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})."
        ) from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, dict) and "id" in data and "name" in data:
        return [data]
    if isinstance(data, list):
        return data
    raise ValueError(f"{path.name} holds neither a list of services nor a page with 'contents'.")


def import_services(items: list[Any], *, sample: bool = False) -> ImportReport:
    """Import ORUK services all or nothing; re-importing updates records by id."""
    report = ImportReport()
    records: list[ServiceRecord] = []
    seen_ids: set[str] = set()
    for position, item in enumerate(items, start=1):
        record, problems = read_service(item, position)
        report.problems.extend(problems)
        if record:
            if record.id in seen_ids:
                report.problems.append(Problem(f"Record {position} ({record.name})", "id",
                                               "the same id appears twice in the file"))
            seen_ids.add(record.id)
            records.append(record)
    terms = term_lookup()
    for record in records:
        for ref in record.term_refs:
            if not find_term(terms, ref):
                report.problems.append(Problem(
                    f"Record ({record.name})", ref["path"],
                    f"no category {ref['code'] or ref['name'] or ref['id']!r} in this hub's "
                    "taxonomy",
                ))
    if report.problems:
        return report
    try:
        for record in records:
            created = _apply(record, terms, sample=sample)
            report.created += created
            report.updated += not created
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def term_lookup() -> dict[str, TaxonomyTerm]:
    lookup: dict[str, TaxonomyTerm] = {}
    for term in db.session.scalars(select(TaxonomyTerm)):
        lookup[f"id:{term.id}"] = term
        lookup[f"code:{term.code}"] = term
        lookup[f"name:{term.name.lower()}"] = term
    return lookup


def find_term(terms: dict[str, TaxonomyTerm], ref: dict[str, str]) -> TaxonomyTerm | None:
    return (terms.get(f"id:{ref['id']}") or terms.get(f"code:{ref['code']}")
            or terms.get(f"name:{ref['name'].lower()}"))


def _apply(record: ServiceRecord, terms: dict[str, TaxonomyTerm], *, sample: bool) -> bool:
    org_data = record.organisation
    organisation = db.session.get(Organisation, org_data["id"]) or Organisation(id=org_data["id"])
    organisation.name = org_data["name"]
    organisation.description = org_data["description"]
    organisation.email = org_data["email"]
    organisation.website = org_data["website"]
    organisation.is_sample = sample
    db.session.add(organisation)

    service = db.session.get(Service, record.id)
    created = service is None
    if created:
        service = Service(id=record.id)
        db.session.add(service)
    service.organisation = organisation
    write_service(service, record, terms)
    return created


def write_service(service: Service, record: ServiceRecord,
                  terms: dict[str, TaxonomyTerm] | None = None) -> None:
    """Make the service and its children (phones, times, places...) say what `record` says."""
    terms = terms if terms is not None else term_lookup()
    for name in ("name", "status", "description", "eligibility", "minimum_age", "maximum_age",
                 "how_to_access", "fees", "is_free", "email", "website", "last_checked"):
        setattr(service, name, getattr(record, name))
    service.delivery = ",".join(dict.fromkeys(record.delivery))
    service.phones = [Phone(number=n, description=d) for n, d in record.phones]
    service.schedules = [Schedule(position=i, **s) for i, s in enumerate(record.schedules)]
    service.cost_options = [CostOption(option=c["option"], amount=c["amount"],
                                       amount_description=c["amount_description"])
                            for c in record.cost_options]
    service.service_areas = [ServiceArea(name=a) for a in dict.fromkeys(record.areas)]
    service.languages = [Language(code=c) for c in dict.fromkeys(record.languages)]
    service.taxonomy_terms = list({t.id: t for t in (find_term(terms, r)
                                                     for r in record.term_refs) if t}.values())
    links = []
    for item in record.locations:
        location = db.session.get(Location, item.id) or Location(id=item.id)
        for name in ("name", "address", "city", "postcode", "ward", "latitude", "longitude"):
            setattr(location, name, getattr(item, name))
        for name, present in item.features.items():
            setattr(location, name, present)
        db.session.add(location)
        link = next((x for x in service.locations_at if x.location_id == item.id), None)
        links.append(link or ServiceAtLocation(location=location))
    service.locations_at = links
    # Only listings carry translations; a feed (an ORUK import) leaves the hub's own alone.
    translations = getattr(record, "translations", None)
    if translations is not None:
        _write_translations(service, translations)
    # Re-imports replace children; flush per service so ids never collide in one batch.
    db.session.flush()


def _write_translations(service: Service, translations: dict[str, dict[str, str]]) -> None:
    """Make the service's translations these ({locale: {field: text}}); rows are updated in
    place, so a locale kept never meets its own unique constraint on the way."""
    existing = {row.locale: row for row in service.translations}
    rows = []
    for locale, fields in sorted(translations.items()):
        if not any(fields.get(name) for name in TRANSLATED_FIELDS):
            continue
        row = existing.get(locale) or ServiceTranslation(locale=locale)
        for name in TRANSLATED_FIELDS:
            setattr(row, name, fields.get(name) or "")
        rows.append(row)
    service.translations = rows
