"""Category names, descriptions and common needs in the reader's language.

The words come from our own data files (content/taxonomy.json, content/common_needs.json),
so these tests do not depend on the interface catalogues.
"""

import datetime as dt
import json

import pytest
from flask import current_app
from sqlalchemy import select

from hub.booklets.contents import resolve
from hub.booklets.draft import Booklet, Item
from hub.directory.models import TaxonomyTerm
from hub.directory.operations import TaxonomyFileError, load_taxonomy
from hub.directory.oruk import stable_id
from hub.directory.taxonomy import in_language, term_description, term_name
from hub.extensions import db
from tests.conftest import CONTENT

MEALS_ON_WHEELS = stable_id("service", "a-warm-plate-meals-on-wheels")  # in "meals"


def label(page, ident: str) -> str:
    """The text of the label for the input with this id."""
    return page.text_of(page.elements("label", for_=ident)[0]).strip()


def test_a_polish_reader_sees_polish_categories_on_the_home_page(sample_client, page):
    home = page(sample_client, "/?lang=pl")
    links = home.links()
    assert links["Opieka i wsparcie w domu"] == "/categories/care-at-home"
    assert links["Opiekunowie"] == "/categories/carers"
    assert "Pomoc, dzięki której możesz dalej mieszkać we własnym domu." in home
    assert "Care and support at home" not in home
    # Common needs: the label in Polish, the search words still English (search is English).
    assert links["Ktoś do rozmowy, gdy czujesz się samotnie"] == "/search?q=lonely"


def test_a_polish_reader_sees_polish_category_pages_and_breadcrumbs(sample_client, page):
    listing = page(sample_client, "/categories?lang=pl")
    assert "Opieka i wsparcie w domu" in listing.texts("h2")[0]
    assert "Odpoczynek dla opiekunów" in listing.links()

    top = page(sample_client, "/categories/carers?lang=pl")
    assert top.h1 == "Opiekunowie"
    assert "Wsparcie dla osób, które opiekują się członkiem rodziny lub przyjacielem." in top
    assert "Młodzi opiekunowie" in top.links()

    child = page(sample_client, "/categories/carer-breaks?lang=pl")
    assert child.h1 == "Odpoczynek dla opiekunów"
    assert "<title>Odpoczynek dla opiekunów" in child.html
    crumbs = [child.text_of(a) for a in child.elements("a", class_="govuk-breadcrumbs__link")]
    assert crumbs[1:] == ["Opiekunowie"]


def test_a_polish_reader_sees_polish_search_filters(sample_client, page):
    results = page(sample_client, "/search?category=meals&lang=pl")
    assert label(results, "category-care-at-home").startswith("Opieka i wsparcie w domu")
    assert label(results, "category-meals").startswith("Posiłki i jedzenie")
    chosen = [results.text_of(a) for a in results.elements("a")
              if "govuk-tag" in (a.get("class") or "")]
    assert any(text.startswith("Posiłki i jedzenie") for text in chosen), chosen


def test_a_service_page_names_its_categories_in_the_readers_language(sample_client, page):
    service = page(sample_client, f"/services/{MEALS_ON_WHEELS}?lang=pl")
    links = service.links()
    assert links["Posiłki i jedzenie"] == "/categories/meals"
    assert links["Opieka i wsparcie w domu"] == "/categories/care-at-home"  # breadcrumb


def test_an_arabic_reader_sees_arabic_categories_right_to_left(sample_client, page):
    listing = page(sample_client, "/categories?lang=ar")
    assert '<html lang="ar" dir="rtl"' in listing.html
    assert "الرعاية والدعم في المنزل" in listing.texts("h2")[0]
    category = page(sample_client, "/categories/dementia?lang=ar")
    assert category.h1 == "الخرف"
    assert "دعم للأشخاص المصابين بالخرف وعائلاتهم." in category


def test_chinese_romanian_and_portuguese_readers_get_their_own_names(sample_client, page):
    for lang, name in (("zh", "照顾者"), ("ro", "Îngrijitori"), ("pt", "Cuidadores")):
        assert page(sample_client, f"/categories/carers?lang={lang}").h1 == name


def test_english_is_unchanged(sample_client, page):
    home = page(sample_client, "/?lang=en")
    assert home.links()["Care and support at home"] == "/categories/care-at-home"
    assert "Help to stay living in your own home." in home
    assert home.links()["Someone to talk to if you feel lonely"] == "/search?q=lonely"
    child = page(sample_client, "/categories/carer-breaks?lang=en")
    assert child.h1 == "Breaks for carers"
    assert "Opiekunowie" not in child


def test_a_booklet_groups_services_under_categories_in_its_own_language(sample_app):
    booklet = Booklet(items=(Item(f"service:{MEALS_ON_WHEELS}"),), language="pl",
                      grouping="category")
    with sample_app.test_request_context("/?lang=en"):
        content = resolve(booklet, dt.date.today())
        english = resolve(Booklet(items=booklet.items, grouping="category"), dt.date.today())
    assert [section.title for section in content.sections] == ["Opieka i wsparcie w domu"]
    assert [section.title for section in english.sections] == ["Care and support at home"]


def test_every_category_and_common_need_has_words_in_every_hub_language(app):
    others = current_app.config["LANGUAGES"][1:]
    terms = db.session.scalars(select(TaxonomyTerm)).all()
    assert len(terms) > 50
    for term in terms:
        for code in others:
            assert term.names.get(code, "").strip(), (term.code, code, "name")
            assert term.descriptions.get(code, "").strip(), (term.code, code, "description")
    needs = json.loads((CONTENT / "common_needs.json").read_text(encoding="utf-8"))
    for need in needs:
        for code in others:
            assert need.get("labels", {}).get(code, "").strip(), (need["query"], code)


@pytest.mark.parametrize("code", ["pl", "zh", "ar", "ro", "pt"])
def test_names_are_distinct_within_each_language(app, code):
    """Two categories with one name would be two identical choices in the filters."""
    names = [term_name(term, code) for term in db.session.scalars(select(TaxonomyTerm))]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_a_missing_translation_shows_the_english(app):
    term = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == "carers"))
    assert term_name(term, "fr") == "Carers"
    assert term_name(term, "pl") == "Opiekunowie"
    assert term_description(term, "zh") == "为照顾家人或朋友的人提供支持。"
    assert in_language("Carers", {"pl": "Opiekunowie"}, "pl_PL") == "Opiekunowie"
    assert in_language("Carers", {}, "pl") == "Carers"


def test_reloading_the_taxonomy_replaces_translations(app, tmp_path):
    taxonomy = tmp_path / "taxonomy.json"
    taxonomy.write_text(json.dumps({"terms": [
        {"code": "carers", "name": "Carers", "names": {"pl": "Opiekunki i opiekunowie",
                                                       "ro": " "}}]}), encoding="utf-8")
    load_taxonomy(taxonomy)
    term = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == "carers"))
    assert term.names == {"pl": "Opiekunki i opiekunowie"}  # an empty text is no translation
    assert term.descriptions == {}
    taxonomy.write_text(json.dumps({"terms": [
        {"code": "carers", "name": "Carers", "names": ["Opiekunowie"]}]}), encoding="utf-8")
    with pytest.raises(TaxonomyFileError, match="language codes and text"):
        load_taxonomy(taxonomy)
