"""Paging, filters, errors, CORS and caching, as a program reading the API meets them."""

import datetime as dt
import math

import pytest
from sqlalchemy import update

from hub.directory.models import Service, TaxonomyTerm
from hub.extensions import db
from hub.places.operations import distance_miles, locate
from hub.search.queries import SearchRequest, search
from tests.api.conftest import API, get_all, get_json
from tests.factories import make_service


def test_pages_cover_every_listed_service_once_a_to_z(sample_client, sample_app):
    first = get_json(sample_client, f"{API}/services?per_page=7")
    total = first["total_items"]
    assert first["total_pages"] == math.ceil(total / 7) > 2
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"],
            first["empty"]) == (1, 7, True, False, False)
    assert len(first["contents"]) == 7
    last = get_json(sample_client, f"{API}/services?per_page=7&page={first['total_pages']}")
    assert last["last_page"] and not last["first_page"]
    assert len(last["contents"]) == total - 7 * (first["total_pages"] - 1)
    every = get_all(sample_client, "services", per_page=7)
    names = [(s["name"], s["id"]) for s in every]
    assert len(set(names)) == total == len(names)
    assert names == sorted(names)
    with sample_app.app_context():
        listed = db.session.query(Service).filter(Service.status != "inactive").count()
    assert total == listed


def test_past_the_last_page_is_an_empty_page(sample_client):
    total_pages = get_json(sample_client, f"{API}/services")["total_pages"]
    past = get_json(sample_client, f"{API}/services?page={total_pages + 1}")
    assert past["contents"] == [] and past["empty"] and past["last_page"]
    assert past["page_number"] == total_pages + 1


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=abc", "page=1.5",
                                   "per_page=0", "per_page=abc", "per_page=201",
                                   "page=1000001"])
def test_bad_paging_gets_a_plain_message(sample_client, query):
    body = get_json(sample_client, f"{API}/services?{query}", status=400)
    name = query.split("=")[0]
    assert body["status"] == 400 and body["message"].startswith(f"{name} must be a whole number")


def test_the_largest_page_size_is_allowed(sample_client):
    body = get_json(sample_client, f"{API}/services?per_page=200")
    assert body["size"] == 200 and len(body["contents"]) == min(200, body["total_items"])


def test_search_finds_what_the_sites_search_finds_in_its_order(sample_client):
    found = [s["id"] for s in get_all(sample_client, "services", search="memory")]
    site = search(SearchRequest(text="memory", page_size=1000))
    assert found == [hit.service_id for hit in site.hits] and len(found) > 2


def test_a_category_finds_its_services_and_those_of_the_categories_under_it(sample_client):
    parent = db.session.query(TaxonomyTerm).filter(TaxonomyTerm.parent_id.is_(None),
                                                   TaxonomyTerm.children.any()).first()
    family = {parent.id, *(child.id for child in parent.children)}
    found = get_all(sample_client, "services", taxonomy_term_id=parent.id)
    assert found
    for item in found:
        full = get_json(sample_client, f"{API}/services/{item['id']}")
        assert family & {a["taxonomy_term_id"] for a in full["attributes"]}
    expected = {s.id for s in db.session.query(Service).filter(
        Service.status != "inactive",
        Service.taxonomy_terms.any(TaxonomyTerm.id.in_(family)))}
    assert {s["id"] for s in found} == expected


def test_a_delivery_method_is_a_term_to_filter_on(sample_client):
    terms = get_all(sample_client, "taxonomy_terms", vocabulary="delivery-method")
    online = next(term for term in terms if term["term"] == "online")
    found = get_all(sample_client, "services", taxonomy_term_id=online["id"])
    expected = {s.id for s in db.session.query(Service).filter(
        Service.status != "inactive", Service.delivery.contains("online"))}
    assert {s["id"] for s in found} == expected and expected


def test_terms_filter_by_vocabulary_parent_and_top(sample_client):
    every = get_all(sample_client, "taxonomy_terms")
    top = get_all(sample_client, "taxonomy_terms", top_only="true")
    assert top and all("parent_id" not in term for term in top) and len(top) < len(every)
    parent = next(term for term in every if any(t.get("parent_id") == term["id"]
                                                  for t in every))
    children = get_all(sample_client, "taxonomy_terms", parent_id=parent["id"])
    assert children and {t["parent_id"] for t in children} == {parent["id"]}
    taxonomies = get_all(sample_client, "taxonomies")
    for taxonomy in taxonomies:
        by_id = get_all(sample_client, "taxonomy_terms", taxonomy_id=taxonomy["id"])
        assert {t["taxonomy_id"] for t in by_id} == {taxonomy["id"]}
    assert sum(len(get_all(sample_client, "taxonomy_terms", taxonomy_id=t["id"]))
               for t in taxonomies) == len(every)


def test_near_a_postcode_nearest_come_first_and_proximity_limits(sample_client):
    point = locate("YO24 3AB")

    def distances(items):
        found = []
        for item in items:
            full = get_json(sample_client, f"{API}/services/{item['id']}")
            places = [link["location"] for link in full.get("service_at_locations", [])
                      if "latitude" in link["location"]]
            found.append(min((distance_miles(point.latitude, point.longitude, p["latitude"],
                                             p["longitude"]) for p in places), default=None))
        return found

    near = get_all(sample_client, "services", postcode="YO24 3AB", proximity=1500)
    wider = get_all(sample_client, "services", postcode="YO24 3AB", proximity=5000)
    assert {s["id"] for s in near} < {s["id"] for s in wider}
    measured = [d for d in distances(near) if d is not None]
    assert measured and measured == sorted(measured)
    assert all(d <= 1500 / 1609.344 for d in measured)
    everything = get_all(sample_client, "services", postcode="YO24 3AB")
    assert len(everything) == get_json(sample_client, f"{API}/services")["total_items"]


@pytest.mark.parametrize(("query", "words"), [
    ("postcode=ZZ99%209ZZ", "could not find the postcode ZZ99 9ZZ"),
    ("postcode=%3F%3F", "is not a postcode"),
    ("proximity=1000", "proximity needs a postcode"),
    ("postcode=YO24%203AB&proximity=far", "proximity must be a distance in metres"),
    ("postcode=YO24%203AB&proximity=-5", "proximity must be a distance in metres"),
    ("modified_after=yesterday", "modified_after must be a date"),
    ("taxonomy_term_id=not-a-term", "no taxonomy term with the id not-a-term"),
    ("vocabulary=colours", "no vocabulary called colours"),
])
def test_bad_filters_get_a_plain_message(sample_client, query, words):
    body = get_json(sample_client, f"{API}/services?{query}", status=400)
    assert words in body["message"]


def test_modified_after_gives_services_changed_since(any_db_app):
    client = any_db_app.test_client()
    old, new = make_service("Old club"), make_service("New club")
    for service, moment in ((old, dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)),
                            (new, dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))):
        db.session.execute(update(Service).where(Service.id == service.id)
                           .values(last_modified=moment))
    db.session.commit()
    since = lambda value: [s["name"] for s in get_all(client, "services",  # noqa: E731
                                                      modified_after=value)]
    assert since("2026-01-01") == ["New club"]
    assert since("2026-06-01T09:00:00Z") == ["New club"]
    assert since("2026-06-01T09:30:00%2B01:00") == ["New club"]  # 08:30 UTC
    assert since("2026-06-01T10:30:00%2B01:00") == []  # 09:30 UTC
    assert since("2024-12-31") == ["New club", "Old club"]
    assert get_json(client, f"{API}/services/{new.id}")["last_modified"] == "2026-06-01T09:00:00Z"


@pytest.mark.parametrize("path", ["services", "service_at_locations", "organizations",
                                  "taxonomies", "taxonomy_terms"])
def test_an_unknown_id_is_a_json_404(sample_client, path):
    body = get_json(sample_client, f"{API}/{path}/00000000-0000-4000-8000-000000000000",
                    status=404)
    assert body["status"] == 404 and "00000000-0000-4000-8000-000000000000" in body["message"]


def test_unknown_addresses_and_methods_under_the_api_are_json(sample_client):
    assert get_json(sample_client, f"{API}/nothing-here", status=404)["status"] == 404
    response = sample_client.post(f"{API}/services")
    assert response.status_code == 405 and response.get_json()["status"] == 405
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_every_answer_may_be_read_by_any_site(sample_client):
    for url, status in ((f"{API}/services", 200), (f"{API}/services?page=0", 400),
                        (f"{API}/services/nope", 404), (f"{API}/nope", 404)):
        response = sample_client.get(url, headers={"Origin": "https://elsewhere.example"})
        assert response.status_code == status
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = sample_client.options(f"{API}/services", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "if-none-match"
    # The rest of the site is not opened up.
    assert "Access-Control-Allow-Origin" not in sample_client.get("/").headers


def test_an_unchanged_answer_costs_a_304(sample_client):
    first = sample_client.get(f"{API}/services?per_page=3")
    assert first.headers["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    again = sample_client.get(f"{API}/services?per_page=3",
                              headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    other = sample_client.get(f"{API}/services?per_page=4",
                              headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200


def test_too_many_requests_get_a_json_429(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert client.get(f"{API}/taxonomies").status_code == 200
    response = client.get(f"{API}/taxonomies")
    assert response.status_code == 429
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "3 per minute" in response.get_json()["message"]


def test_the_developers_page_explains_the_api_and_is_linked_from_every_page(sample_client,
                                                                             page):
    docs = page(sample_client, f"{API}/docs")
    examples = docs.texts("code")
    assert "http://localhost/api/v1/services?page=2&per_page=20" in examples
    assert docs.links()["Open Government Licence v3.0"].startswith("https://")
    assert page(sample_client, "/").links()["Open data"] == f"{API}/docs"


def test_filters_work_on_every_database(any_db_app):
    client = any_db_app.test_client()
    here = locate("YO24 3AB")
    lunch = make_service("Tuesday lunch club", categories=["meals"], delivery=["online"],
                         locations=[{"latitude": here.latitude + 0.003,
                                     "longitude": here.longitude, "postcode": "YO24 3AB"}])
    make_service("Knitting circle", categories=["carer-breaks"])
    meals = db.session.query(TaxonomyTerm).filter_by(code="meals").one()
    names = lambda **query: [s["name"] for s in get_all(client, "services",  # noqa: E731
                                                        **query)]
    assert names() == ["Knitting circle", "Tuesday lunch club"]
    assert names(taxonomy_term_id=meals.id) == ["Tuesday lunch club"]
    assert names(taxonomy_term_id=meals.parent_id) == ["Tuesday lunch club"]
    assert names(vocabulary="delivery-method") == ["Tuesday lunch club"]
    assert names(organization_id=lunch.organisation_id) == names()
    assert names(search="lunch") == ["Tuesday lunch club"]
    assert names(postcode="YO24 3AB", proximity=500) == ["Tuesday lunch club"]  # 330 m
    assert names(postcode="YO24 3AB", proximity=200) == []
