"""The index schema and how a service becomes a search document."""

import json

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from hub.directory.models import Service
from hub.search.synonyms import ANALYZER, Thesaurus

# Bump when the schema or the document shape changes: an older index is rebuilt on start.
SCHEMA_VERSION = 7

AGE_BANDS = {"children": (0, 17), "adults": (18, 64), "older": (65, 130)}
VENUE_FEATURES = ("step_free", "accessible_toilet", "hearing_loop", "parking")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Fields whose values are filters with counts.
FACETS = ("category", "free", "ward", "day", "age", "access", "delivery")


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        name=TEXT(analyzer=ANALYZER, field_boost=4.0),
        categories=TEXT(analyzer=ANALYZER, field_boost=2.0),
        # Everything else a person might search on, with unstemmed words for "did you mean".
        body=TEXT(analyzer=ANALYZER, spelling=True),
        # Synonym phrases the text uses, and the keys of their groups (see synonyms.py):
        # one term per mention, so a query for a phrase or its group is a single term.
        phrases=KEYWORD(commas=True, scorable=True),
        concepts=KEYWORD(commas=True, scorable=True),
        name_sort=ID(sortable=True),
        category=KEYWORD(commas=True),
        free=ID,
        ward=KEYWORD(commas=True, lowercase=False),
        day=KEYWORD(commas=True),
        age=KEYWORD(commas=True),
        access=KEYWORD(commas=True),
        delivery=KEYWORD(commas=True),
        min_age=NUMERIC(stored=True),
        max_age=NUMERIC(stored=True),
        points=STORED,
        # Day number (date.toordinal) of the last check: long-unchecked listings are left
        # out at query time (see freshness), so hiding starts on the day without a reindex.
        last_checked=STORED,
    )


def service_document(service: Service, *, all_wards: list[str],
                     whole_area_names: set[str], thesaurus: Thesaurus) -> dict:
    """The indexed form of a listed service."""
    terms = {t.code: t for term in service.taxonomy_terms for t in term.lineage}
    category_names = " ".join(t.name for t in terms.values())
    locations = service.locations
    wards = {loc.ward for loc in locations if loc.ward}
    for area in service.service_areas:
        if area.name in whole_area_names:
            wards.update(all_wards)
        elif area.name in all_wards:
            wards.add(area.name)
    days = {day for schedule in service.schedules for day in schedule.days}
    low = service.minimum_age if service.minimum_age is not None else 0
    high = service.maximum_age if service.maximum_age is not None else 130
    bands = [band for band, (a, b) in AGE_BANDS.items() if low <= b and high >= a]
    access = [f for f in VENUE_FEATURES if any(getattr(loc, f) for loc in locations)]
    body = " ".join([service.description, service.eligibility, service.organisation.name])
    mentions = thesaurus.phrases_in(f"{service.name} {category_names} {body}")
    return {
        "id": service.id,
        "name": service.name,
        "categories": category_names,
        "body": body,
        "phrases": ",".join(phrase for phrase, _ in mentions),
        "concepts": ",".join(group for _, group in mentions),
        "name_sort": service.name.lower(),
        "category": ",".join(terms),
        "free": "yes" if service.is_free else "no",
        "ward": ",".join(sorted(wards)),
        "day": ",".join(d for d in DAYS if d in days),
        "age": ",".join(bands),
        "access": ",".join(access),
        "delivery": service.delivery,
        "min_age": low,
        "max_age": high,
        "points": json.dumps([[loc.latitude, loc.longitude] for loc in locations
                              if loc.latitude is not None and loc.longitude is not None]),
        "last_checked": service.last_checked.toordinal() if service.last_checked else None,
    }
