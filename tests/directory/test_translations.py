"""Services in the reader's language: people's translations, a computer's, or English with
a note saying so. Machine translation is tested against a local LibreTranslate-like server."""

import logging
import time

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import func, select

from hub.config import ROOT
from hub.directory import machine_translation
from hub.directory.models import MachineTranslation, Service, ServiceTranslation
from hub.extensions import babel, db
from tests.conftest import shown_in
from tests.directory.libretranslate import closed_port_url, libretranslate_server
from tests.factories import make_service

NOTE = "This service has not been translated into %(language)s yet, so it is shown in English."
PARTLY = ("Parts of this service have not been translated into %(language)s yet, so they are "
          "shown in English.")
MACHINE_LABEL = "Translated by a computer. It may contain mistakes."
ENGLISH_DESCRIPTION = "A hot two-course lunch every Tuesday."
ENGLISH_HOW = "Just turn up. No need to book."


def in_polish(message: str, **values) -> str:
    return shown_in("pl", message, **values)


def polish_note() -> str:
    """The note on a service shown in English, as a Polish reader sees it."""
    return in_polish(NOTE, language="polski")


@pytest.fixture(autouse=True)
def fresh_machine_translation():
    """Each test starts with no remembered failures (ports are reused between tests)."""
    machine_translation.forget_failures()
    yield
    machine_translation.forget_failures()


def lunch_club() -> Service:
    return make_service("Acomb lunch club", categories=["meals"], description=ENGLISH_DESCRIPTION,
                        how_to_access=ENGLISH_HOW)


def translate_by_hand(service: Service, locale: str, **fields: str) -> None:
    service.translations.append(ServiceTranslation(locale=locale, **fields))
    db.session.commit()


def element_with_text(shown, tag: str, text: str):
    matches = [e for e in shown.document.iter() if e.tag.endswith(f"}}{tag}")
               and text in " ".join("".join(e.itertext()).split())]
    assert matches, f"no <{tag}> with {text!r}"
    return matches[-1]  # the innermost


def test_a_polish_reader_sees_a_persons_translation_in_polish(app, client, page):
    service = lunch_club()
    translate_by_hand(service, "pl", name="Klub obiadowy Acomb",
                      description="Ciepły obiad w każdy wtorek.",
                      how_to_access="Po prostu przyjdź.")

    shown = page(client, f"/services/{service.id}?lang=pl")
    assert shown.h1 == "Klub obiadowy Acomb"
    assert shown.elements("h1")[0].get("lang") == "pl"
    assert element_with_text(shown, "div", "Ciepły obiad w każdy wtorek.").get("lang") == "pl"
    assert element_with_text(shown, "div", "Po prostu przyjdź.").get("lang") == "pl"
    assert ENGLISH_DESCRIPTION not in shown.html
    assert polish_note() not in shown.text
    assert in_polish(PARTLY, language="polski") not in shown.text
    assert in_polish(MACHINE_LABEL) not in shown.text

    english = page(client, f"/services/{service.id}?lang=en")
    assert english.h1 == "Acomb lunch club" and "Ciepły" not in english.html
    assert "has not been translated" not in english.html


def test_a_part_translated_service_shows_the_rest_in_english_and_says_so(app, client, page):
    service = lunch_club()
    translate_by_hand(service, "pl", name="Klub obiadowy Acomb")
    shown = page(client, f"/services/{service.id}?lang=pl")
    assert shown.elements("h1")[0].get("lang") == "pl"
    assert element_with_text(shown, "div", ENGLISH_DESCRIPTION).get("lang") == "en"
    assert in_polish(PARTLY, language="polski") in shown.text
    assert polish_note() not in shown.text


def test_service_cards_show_the_readers_language(app, client, page):
    service = lunch_club()
    translate_by_hand(service, "pl", name="Klub obiadowy Acomb",
                      description="Ciepły obiad w każdy wtorek.")
    cards = page(client, f"/organisations/{service.organisation_id}?lang=pl")
    link = element_with_text(cards, "a", "Klub obiadowy Acomb")
    assert link.get("lang") == "pl"
    assert element_with_text(cards, "p", "Ciepły obiad").get("lang") == "pl"
    other = page(client, f"/organisations/{service.organisation_id}?lang=ro")
    assert element_with_text(other, "a", "Acomb lunch club").get("lang") == "en"


# An untranslated service, in Arabic

@pytest.fixture
def arabic(app, tmp_path):
    """The hub's Arabic catalogue compiled for this test (compiled catalogues are built, not
    kept); it must translate the note, or there is no note in Arabic to look for."""
    with (ROOT / "translations/ar/LC_MESSAGES/messages.po").open("rb") as handle:
        real = read_po(handle, locale="ar")
    assert real.get(NOTE) and real.get(NOTE).string, "translations/ar lacks the note"
    folder = tmp_path / "catalogues" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, real)
    directories = app.extensions["babel"].translation_directories
    app.extensions["babel"].translation_directories = [str(tmp_path / "catalogues")]
    babel.domain_instance.cache.clear()  # translations are cached per process
    yield real
    app.extensions["babel"].translation_directories = directories
    babel.domain_instance.cache.clear()


def test_an_arabic_reader_sees_english_with_a_note_in_arabic(app, client, page, arabic):
    assert isinstance(arabic, Catalog)
    service = lunch_club()
    shown = page(client, f"/services/{service.id}?lang=ar")
    assert '<html lang="ar" dir="rtl"' in shown.html
    assert arabic.get("Contact").string in shown.texts("h2")  # the page itself is in Arabic
    note = shown_in("ar", NOTE, language="العربية")
    assert note != NOTE % {"language": "العربية"}  # the note is in Arabic
    assert note in shown.texts("p")
    heading = shown.elements("h1")[0]
    assert shown.h1 == "Acomb lunch club"
    assert (heading.get("lang"), heading.get("dir")) == ("en", "ltr")
    description = element_with_text(shown, "div", ENGLISH_DESCRIPTION)
    assert (description.get("lang"), description.get("dir")) == ("en", "ltr")


def test_the_note_names_the_readers_language_in_that_language(app, client, page):
    service = lunch_club()
    shown = page(client, f"/services/{service.id}?lang=zh")
    [note] = [text for text in shown.texts("p") if "English" in text or "英文" in text]
    assert "中文" in note


# Machine translation


def test_machine_translation_is_off_unless_a_server_is_named(app, client, page):
    assert app.config["MACHINE_TRANSLATION_URL"] is None
    service = lunch_club()
    with libretranslate_server() as server:  # running, but the hub is not told about it
        shown = page(client, f"/services/{service.id}?lang=pl")
    assert server.requests == []
    assert polish_note() in shown.texts("p")
    assert in_polish(MACHINE_LABEL) not in shown.text


def test_machine_translation_is_labelled_cached_and_links_to_the_english(app, client, page):
    service = lunch_club()
    with libretranslate_server() as server:
        app.config.update(MACHINE_TRANSLATION_URL=server.url)
        shown = page(client, f"/services/{service.id}?lang=pl")
        assert shown.h1 == "[pl] Acomb lunch club"
        assert shown.elements("h1")[0].get("lang") == "pl"
        machine = element_with_text(shown, "div", f"[pl] {ENGLISH_DESCRIPTION}")
        assert machine.get("lang") == "pl"
        assert in_polish(MACHINE_LABEL) in shown.text and polish_note() not in shown.text
        assert server.requests[0]["source"] == "en" and server.requests[0]["target"] == "pl"
        assert server.requests[0]["format"] == "text" and "api_key" not in server.requests[0]

        # Asked once for each text, whoever reads it next and wherever (a card too).
        page(client, f"/services/{service.id}?lang=pl")
        cards = page(client, f"/organisations/{service.organisation_id}?lang=pl")
        assert element_with_text(cards, "a", "[pl] Acomb lunch club").get("lang") == "pl"
        assert in_polish(MACHINE_LABEL) in cards.text
        assert sorted(server.texts) == sorted(["Acomb lunch club", ENGLISH_DESCRIPTION,
                                               ENGLISH_HOW])

        original = page(client, shown.links()[in_polish("Read the original in English")])
        assert original.h1 == "Acomb lunch club"
        assert original.elements("h1")[0].get("lang") == "en"
        assert in_polish("This is the original English.") in original.text
        back = in_polish("Read it in %(language)s", language="polski")
        assert original.links()[back] == f"/services/{service.id}"
        assert len(server.requests) == 1
    kept = db.session.scalar(select(func.count()).select_from(MachineTranslation))
    assert kept == 3


def test_a_changed_english_text_is_translated_afresh(app, client, page):
    service = lunch_club()
    with libretranslate_server() as server:
        app.config.update(MACHINE_TRANSLATION_URL=server.url)
        page(client, f"/services/{service.id}?lang=pl")
        service.description = "A hot lunch every Tuesday and Thursday."
        db.session.commit()
        shown = page(client, f"/services/{service.id}?lang=pl")
        assert "[pl] A hot lunch every Tuesday and Thursday." in shown.html
        assert server.texts[3:] == ["A hot lunch every Tuesday and Thursday."]


def test_people_s_translations_come_first_and_only_the_rest_is_sent(app, client, page):
    service = lunch_club()
    translate_by_hand(service, "pl", name="Klub obiadowy Acomb")
    with libretranslate_server() as server:
        app.config.update(MACHINE_TRANSLATION_URL=server.url,
                          MACHINE_TRANSLATION_API_KEY="place-key")
        shown = page(client, f"/services/{service.id}?lang=pl")
    assert shown.h1 == "Klub obiadowy Acomb"
    assert f"[pl] {ENGLISH_DESCRIPTION}" in shown.html and in_polish(MACHINE_LABEL) in shown.text
    assert server.texts == [ENGLISH_DESCRIPTION, ENGLISH_HOW]
    assert server.requests[0]["api_key"] == "place-key"


def test_language_codes_the_server_spells_differently_are_mapped(app, client, page):
    service = lunch_club()
    with libretranslate_server() as server:
        app.config.update(MACHINE_TRANSLATION_URL=server.url,
                          MACHINE_TRANSLATION_LANGUAGES={"zh": "zh-Hans"})
        shown = page(client, f"/services/{service.id}?lang=zh")
    assert server.requests[0]["target"] == "zh-Hans"
    assert shown.elements("h1")[0].get("lang") == "zh"


def test_a_server_that_is_down_means_english_with_the_note(app, client, page, caplog):
    service = lunch_club()
    app.config.update(MACHINE_TRANSLATION_URL=closed_port_url())
    with caplog.at_level(logging.WARNING, logger="hub.directory.machine_translation"):
        shown = page(client, f"/services/{service.id}?lang=pl")
    assert shown.h1 == "Acomb lunch club"
    assert polish_note() in shown.texts("p") and in_polish(MACHINE_LABEL) not in shown.text
    assert "machine translation into pl failed" in caplog.text
    assert ENGLISH_DESCRIPTION not in caplog.text and "Acomb" not in caplog.text
    assert db.session.scalar(select(func.count()).select_from(MachineTranslation)) == 0


def test_a_failing_server_is_rested_then_asked_again(app, client, page):
    service = lunch_club()
    # The page once before a server is named: the process's first page (templates compiled,
    # the catalogue read) can outlast the half-second rest below, while nothing is timed.
    assert polish_note() in page(client, f"/services/{service.id}?lang=pl").texts("p")
    with libretranslate_server() as server:
        server.status = 503
        app.config.update(MACHINE_TRANSLATION_URL=server.url,
                          MACHINE_TRANSLATION_RETRY_SECONDS=0.5)
        assert polish_note() in page(client, f"/services/{service.id}?lang=pl").texts("p")
        assert polish_note() in page(client, f"/services/{service.id}?lang=pl").texts("p")
        assert len(server.requests) == 1  # not asked again at once
        server.status = 200
        time.sleep(0.6)
        page(client, f"/services/{service.id}?lang=pl")  # the failure was not kept long
        assert len(server.requests) == 2
        shown = page(client, f"/services/{service.id}?lang=pl")
        assert shown.h1 == "[pl] Acomb lunch club" and len(server.requests) == 2


def test_a_slow_server_means_english_not_a_long_wait(app, client, page):
    service = lunch_club()
    with libretranslate_server() as server:
        server.delay = 2
        app.config.update(MACHINE_TRANSLATION_URL=server.url,
                          MACHINE_TRANSLATION_TIMEOUT_SECONDS=0.2)
        shown = page(client, f"/services/{service.id}?lang=pl")
    assert shown.h1 == "Acomb lunch club" and polish_note() in shown.texts("p")


def test_an_english_reader_never_calls_the_server(app, client, page):
    service = lunch_club()
    with libretranslate_server() as server:
        app.config.update(MACHINE_TRANSLATION_URL=server.url)
        page(client, f"/services/{service.id}?lang=en")
    assert server.requests == []


def test_the_cache_keeps_each_text_once_on_each_database(any_db_app):
    """Two pages translating the same text at once both succeed; one row is kept."""
    with libretranslate_server() as server, any_db_app.test_request_context("/?lang=pl"):
        any_db_app.config.update(MACHINE_TRANSLATION_URL=server.url)
        first = machine_translation.translate(["Lunch", "Bingo"], "pl")
        # As if another page had stored "Lunch" between our reading and our writing.
        machine_translation._keep({"Lunch": "[pl] Lunch", "Tea": "[pl] Tea"}, "pl")
        again = machine_translation.translate(["Lunch", "Bingo", "Tea", ""], "pl")
    assert first == {"Lunch": "[pl] Lunch", "Bingo": "[pl] Bingo"}
    assert again == {**first, "Tea": "[pl] Tea"}
    assert server.texts == ["Lunch", "Bingo"]
    assert db.session.scalar(select(func.count()).select_from(MachineTranslation)) == 3
