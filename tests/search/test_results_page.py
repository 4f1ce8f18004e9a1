"""The results page: plain HTML filters, errors that keep what was typed, helpful dead ends."""

from tests.factories import make_service


def test_results_show_a_count_and_link_to_services(sample_client, page):
    results = page(sample_client, "/search?q=lunch+club")
    assert results.h1 == "Search results for “lunch club”"
    count = next(t for t in results.texts("h2") if "found" in t)
    assert int(count.split()[0]) > 3
    assert any(href.startswith("/services/") for href in results.links().values())


def test_chosen_filters_are_listed_and_removable(sample_client, page):
    results = page(sample_client, "/search?q=lunch&free=yes&day=TU")
    links = results.links()
    remove_free = links["Free of charge ✕ – remove this filter"]
    assert "free=" not in remove_free and "day=TU" in remove_free
    assert "Open on Tuesday ✕ – remove this filter" in links


def test_a_place_we_cannot_find_gets_a_clear_message_and_keeps_the_text(sample_client, page):
    results = page(sample_client, "/search?q=lunch&near=Qwertyville", status=400)
    assert results.h1 == "Search results for “lunch”"
    assert "There is a problem" in results
    assert "We could not find Qwertyville" in results
    assert 'value="Qwertyville"' in results.html and 'value="lunch"' in results.html
    assert results.texts("title")[0].startswith("Error: ")


def test_a_bad_age_gets_a_clear_message(sample_client, page):
    results = page(sample_client, "/search?q=lunch&years=seventy", status=400)
    assert "Enter an age in years, as a number like 72" in results
    assert 'value="seventy"' in results.html


def test_no_results_still_helps(sample_client, page):
    results = page(sample_client, "/search?q=xyzzyplugh")
    assert "0 services found" in results
    assert "Talk to someone" in results.texts("h3")
    assert "Talking Point" in results
    assert "browse all categories" in results.links()


def test_misspelling_offers_the_right_word(sample_client, page):
    results = page(sample_client, "/search?q=knittting")
    assert "Did you mean" in results
    assert "knitting" in results.links()


def test_near_a_postcode_shows_distances(sample_client, page):
    results = page(sample_client, "/search?q=lunch+club&near=YO24+3AB")
    assert "near YO24 3AB" in results
    assert "miles away" in results


def test_a_filtered_empty_result_offers_the_wider_category(client, page):
    make_service("Carers' coffee morning", categories=["carer-support"])
    results = page(client, "/search?q=coffee&category=young-carers")
    assert "0 services found" in results
    wider = results.links()["look in the wider category Carers"]
    assert "category=carers" in wider
    assert "Carers' coffee morning" in page(client, wider).text


def test_junk_arguments_never_break_the_page(sample_client, page):
    page(sample_client, "/search?page=abc&sort=drop+table&age=ancient&access=flying"
                        "&delivery=teleport&q=%22%28%29%5B%5D%3A*%3F")
    page(sample_client, "/search?q=" + "a" * 500 + "&page=99999")


def test_a_new_place_sorts_nearest_first_until_the_person_chooses(sample_client, page):
    added = page(sample_client, "/search?q=lunch+club&near=Acomb&sort=relevance&sorted_near=")
    assert '<option value="nearest" selected>' in added.html
    chosen = page(sample_client,
                  "/search?q=lunch+club&near=Acomb&sort=relevance&sorted_near=Acomb")
    assert '<option value="relevance" selected>' in chosen.html
