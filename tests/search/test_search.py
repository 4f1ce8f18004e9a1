"""Search as a resident uses it: words, synonyms, spelling, filters with counts, places."""

import shutil
from pathlib import Path

import pytest

from hub.directory.models import Service, ServiceStatus
from hub.directory.oruk import stable_id
from hub.extensions import db
from hub.places.operations import locate
from hub.search import rebuild_index, search
from hub.search.index import VERSION_FILE
from hub.search.queries import SearchRequest, reset_caches
from tests.factories import make_service


def ids(results) -> list[str]:
    return [hit.service_id for hit in results.hits]


def sid(slug: str) -> str:
    return stable_id("service", slug)


@pytest.fixture
def sample(sample_app):
    with sample_app.app_context():
        reset_caches()
        yield sample_app
        db.session.remove()


def test_stemming_finds_other_forms_of_a_word(app):
    club = make_service("Gardening club", description="We garden together every week.")
    assert ids(search(SearchRequest(text="gardens"))) == [club.id]


def test_synonyms_find_services_described_in_other_words(app):
    home_care = make_service("Care at your door", description="Domiciliary care visits.")
    assert home_care.id in ids(search(SearchRequest(text="home help")))


def test_misspelling_gets_a_did_you_mean(app):
    make_service("Dance class", description="Seated dancing to music.")
    results = search(SearchRequest(text="dancng"))
    assert results.total == 0
    assert results.suggestion == "dancing"


def test_when_no_service_has_every_word_some_words_are_enough(app):
    club = make_service("Knit and natter", description="Knitting group in a café.")
    results = search(SearchRequest(text="knitting in wigginton"))
    assert ids(results) == [club.id] and results.some_words


def test_inactive_services_are_never_found_and_index_follows_commits(app):
    service = make_service("Bowls club", description="Indoor bowls.")
    assert ids(search(SearchRequest(text="bowls"))) == [service.id]
    service.status = ServiceStatus.inactive
    db.session.commit()
    assert search(SearchRequest(text="bowls")).total == 0
    service.status = ServiceStatus.active
    service.name = "Carpet bowls club"
    db.session.commit()
    assert ids(search(SearchRequest(text="carpet"))) == [service.id]
    db.session.delete(service)
    db.session.commit()
    assert search(SearchRequest(text="bowls")).total == 0


def test_index_is_rebuilt_when_missing_or_from_an_older_schema(app):
    service = make_service("Walking group", description="Health walks.")
    folder = Path(app.config["SEARCH_INDEX_DIR"])
    shutil.rmtree(folder)
    reset_caches()
    assert ids(search(SearchRequest(text="walking"))) == [service.id]
    (folder / VERSION_FILE).write_text('{"version": 0}')
    reset_caches()
    assert ids(search(SearchRequest(text="walking"))) == [service.id]
    assert '"version": 0' not in (folder / VERSION_FILE).read_text()


def test_reindex_counts_listed_services(app):
    make_service("One")
    make_service("Two", status="inactive")
    assert rebuild_index() == 1


def test_each_filter_count_is_the_number_of_results_when_chosen(sample):
    base = SearchRequest(text="lunch")
    results = search(base)
    counts = results.counts
    for facet, field, values in [
        ("free", "free", ["yes"]),
        ("ward", "ward", ["Acomb", "Haxby & Wigginton"]),
        ("day", "day", ["TU", "SA"]),
        ("age", "age", ["older"]),
    ]:
        for value in values:
            narrowed = search(SearchRequest(text="lunch", **{field: value if field != "free"
                                                            else True}))
            assert narrowed.total == counts[facet].get(value, 0), (facet, value)
    for feature in ("step_free", "hearing_loop"):
        narrowed = search(SearchRequest(text="lunch", access=[feature]))
        assert narrowed.total == counts["access"].get(feature, 0)
    for method in ("at-home", "in-person"):
        narrowed = search(SearchRequest(text="lunch", delivery=[method]))
        assert narrowed.total == counts["delivery"].get(method, 0)


def test_category_filter_is_hierarchical(sample):
    parent = search(SearchRequest(category="carers")).total
    children = sum(search(SearchRequest(category=c)).total
                   for c in ("carer-support", "carer-breaks", "young-carers"))
    assert 0 < parent <= children


def test_free_filter_returns_only_free_services(sample):
    results = search(SearchRequest(free=True, page_size=200))
    services = db.session.query(Service).filter(Service.id.in_(ids(results))).all()
    assert services and all(s.is_free for s in services)


def test_exact_age_keeps_services_for_that_age(sample):
    results = search(SearchRequest(text="carers", exact_age=12, page_size=50))
    assert sid("a-ouse-valley-young-carers-club") in ids(results)
    for service in db.session.query(Service).filter(Service.id.in_(ids(results))):
        assert (service.minimum_age or 0) <= 12 <= (service.maximum_age or 130)


def test_near_a_place_shows_distance_and_sorts_nearest_first(sample):
    acomb = locate("Acomb")
    results = search(SearchRequest(text="lunch club", point=acomb, sort="nearest"))
    distances = [h.distance_miles for h in results.hits if h.distance_miles is not None]
    assert distances == sorted(distances) and distances[0] < 1.5
    within = search(SearchRequest(text="lunch club", point=acomb, radius_miles=1))
    assert all(h.distance_miles is None or h.distance_miles <= 1 for h in within.hits)
    assert within.total < results.total


def test_postcodes_districts_and_places_are_found(sample):
    assert locate("yo24").label == "YO24"
    assert locate("YO24 3ZZ").label == "YO24 3ZZ"  # unknown full postcode: its district
    assert locate("haxby").label == "Haxby"


def test_paging(sample):
    first = search(SearchRequest(page=1, page_size=10))
    second = search(SearchRequest(page=2, page_size=10))
    assert first.total > 20 and first.pages == -(-first.total // 10)
    assert not set(ids(first)) & set(ids(second))


def test_editing_synonyms_takes_effect_without_a_manual_reindex(app, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "synonyms.txt").write_text("# test groups\nlunch club, luncheon club\n")
    app.config["CONTENT_DIR"] = str(content)
    reset_caches()
    club = make_service("Tuesday lunch club", description="Soup and a roll.")
    assert search(SearchRequest(text="tiffin")).total == 0
    (content / "synonyms.txt").write_text("lunch club, luncheon club, tiffin\n")
    assert ids(search(SearchRequest(text="tiffin"))) == [club.id]


def test_synonym_groups_work_in_every_direction(app):
    home_care = make_service("Care at your door", description="Domiciliary care visits.")
    for query in ("home help", "domiciliary care", "care at home"):
        assert ids(search(SearchRequest(text=query))) == [home_care.id], query


def test_a_filter_value_no_service_has_finds_nothing(app):
    make_service("Coffee morning", categories=["carer-support"])
    assert search(SearchRequest(text="coffee", category="young-carers")).total == 0
    assert search(SearchRequest(category="young-carers")).total == 0
    assert search(SearchRequest(text="coffee", ward="No Such Ward")).total == 0
