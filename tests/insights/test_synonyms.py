"""A search that found nothing gets a synonym, and then finds the service."""

from hub.search import SearchRequest, search
from tests.conftest import csrf_token
from tests.factories import make_service

FORM = "/insights/synonyms"


def found(text: str) -> list[str]:
    return [hit.service_id for hit in search(SearchRequest(text=text)).hits]


def test_adding_a_synonym_makes_the_search_find_the_service(app, moderator, page):
    bees = make_service("Beekeeping circle", description="Learn to keep bees and hives.")
    make_service("Tuesday lunch club")
    assert found("apiary") == []

    shown = page(moderator, f"{FORM}?search=apiary")
    assert shown.by_id("terms").get("value") == "apiary, "
    response = moderator.post(FORM, data={"terms": "apiary, beekeeping",
                                          "csrf_token": csrf_token(moderator, FORM)})
    assert response.status_code == 302
    after = page(moderator, FORM)
    assert "Synonyms added. 1 service was updated in the search." in after
    assert "apiary, beekeeping" in after
    assert found("apiary") == [bees.id]
    assert bees.name in page(moderator, "/search?q=apiary")


def test_a_group_needs_two_terms_and_keeps_what_was_typed(app, moderator, page):
    response = moderator.post(FORM, data={"terms": "apiary",
                                          "csrf_token": csrf_token(moderator, FORM)})
    assert response.status_code == 200
    from tests.page_quality import check_page

    shown = check_page(response.get_data(as_text=True))
    assert "Enter at least two words or phrases, separated by commas" in shown
    assert shown.by_id("terms").get("value") == "apiary"
    assert shown.texts("title")[0].startswith("Error: ")


def test_the_form_needs_its_csrf_token(moderator):
    assert moderator.post(FORM, data={"terms": "apiary, beekeeping"}).status_code == 400
