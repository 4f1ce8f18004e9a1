"""The data that ships in content/: sample services, taxonomy, synonyms and places."""

import csv
import json
import re
from collections import Counter

from hub.config import ROOT
from hub.search.synonyms import groups_for

CONTENT = ROOT / "content"
DRAMA_NUMBERS = re.compile(r"^(01632 960\d{3}|0808 157 0\d{3}|07700 900\d{3})$")


def sample_files():
    for path in sorted((CONTENT / "sample").glob("services-*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def all_sample_services():
    return [service for data in sample_files() for service in data["services"]]


def child_codes():
    taxonomy = json.loads((CONTENT / "taxonomy.json").read_text())
    return {child["code"]: top["code"] for top in taxonomy["terms"] for child in top["children"]}


def test_sample_services_cover_every_category_and_ward():
    services = all_sample_services()
    assert len(services) >= 150
    categories = Counter(code for s in services for code in s["categories"])
    assert set(child_codes()) <= set(categories), set(child_codes()) - set(categories)
    with (CONTENT / "places" / "wards.csv").open() as handle:
        wards = {row["ward"] for row in csv.DictReader(handle)}
    used = {loc["ward"] for s in services for loc in s.get("locations", [])}
    assert wards <= used, wards - used


def test_sample_contact_details_are_fictional():
    for data in sample_files():
        for item in [*data["organisations"], *data["services"]]:
            if item.get("phone"):
                assert DRAMA_NUMBERS.match(item["phone"]), item["phone"]
            for key in ("email", "website"):
                if item.get(key):
                    assert "example.org" in item[key], item[key]


def test_sample_slugs_are_unique():
    slugs = Counter(s["slug"] for s in all_sample_services())
    assert not [slug for slug, n in slugs.items() if n > 1]


def test_synonyms_have_at_least_sixty_groups_and_no_shared_terms(app):  # reads added ones too
    groups = groups_for(CONTENT / "synonyms.txt")
    assert len(groups) >= 60
    terms = Counter(term for group in groups for term in group)
    assert not [term for term, n in terms.items() if n > 1]
    assert any({"home help", "domiciliary care"} <= set(group) for group in groups)
    assert any({"lonely", "befriending"} <= set(group) for group in groups)
