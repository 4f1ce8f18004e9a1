"""Every page follows the locale: lang and dir on <html>, strings through Babel."""

import subprocess
import sys

from hub.config import ROOT
from tests.conftest import build_app


def test_right_to_left_locale_sets_lang_and_dir(tmp_path):
    app = build_app(tmp_path)
    arabic = app.test_client().get("/categories?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in arabic
    english = app.test_client().get("/categories", headers={"Accept-Language": "en-GB"})
    assert '<html lang="en" dir="ltr"' in english.get_data(as_text=True)


def test_a_chosen_language_is_remembered_and_a_first_visit_follows_the_browser(tmp_path):
    app = build_app(tmp_path)
    first = app.test_client()
    assert '<html lang="pl"' in first.get(
        "/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).get_data(as_text=True)
    first.get("/categories?lang=ro")
    # Remembered over the browser's own languages, on every later page.
    assert '<html lang="ro"' in first.get(
        "/guides", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    # A shared link carries its language, whatever the reader chose before.
    assert '<html lang="zh"' in first.get("/guides?lang=zh").get_data(as_text=True)
    unknown = app.test_client().get("/?lang=xx", headers={"Accept-Language": "fr"})
    assert '<html lang="en"' in unknown.get_data(as_text=True)


def test_the_switcher_names_each_language_in_itself_and_keeps_the_page(tmp_path, page):
    app = build_app(tmp_path)
    shown = page(app.test_client(), "/search?q=lunch")
    names = {link.get("hreflang"): (shown.text_of(link), link.get("href"))
             for link in shown.elements("a") if link.get("hreflang")}
    assert names["pl"] == ("Polski", "/search?q=lunch&lang=pl")
    assert names["ar"][0] == "العربية" and names["zh"][0] == "中文"
    assert "en" not in names  # the current language is shown, not linked


def test_templates_have_no_text_outside_babel():
    """Text between tags must come from _() / {% trans %}, never be typed in the template."""
    from hub.core.catalogues import untranslated_template_text

    offenders = untranslated_template_text(ROOT / "hub" / "templates")
    assert not offenders, offenders


def test_the_catalogue_check_finds_a_broken_translation(tmp_path):
    from hub.core.catalogues import check_catalogue

    po = tmp_path / "messages.po"
    po.write_text('''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Call us on %(phone)s."
msgstr "Zadzwoń pod numer %(telefon)s."

msgid "Search"
msgstr ""

msgid "Go to the <strong>home page</strong>"
msgstr "Przejdź do strony głównej"
''', encoding="utf-8")
    problems = check_catalogue(po, "pl")
    assert any("changes the placeholders" in p and "Call us" in p for p in problems)
    assert any("has no translation" in p and "Search" in p for p in problems)
    assert any("changes the HTML tags" in p for p in problems)


def test_the_message_catalogue_extracts_cleanly(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-o", str(pot), "."],
                   check=True, capture_output=True, cwd=ROOT)
    messages = pot.read_text()
    assert 'msgid "Find health, care and community support"' in messages
    assert messages.count("msgid ") > 100


def test_money_keeps_the_pound_sign_in_every_language(tmp_path):
    from decimal import Decimal

    from flask_babel import force_locale

    from hub.core.templating import money

    app = build_app(tmp_path)
    with app.test_request_context():
        assert money(Decimal("23250")) == "£23,250" and money(Decimal("3.5")) == "£3.50"
        with force_locale("pl"):
            assert money(Decimal("255000")) == "£255\xa0000"
        with force_locale("ar"):
            assert money(Decimal("3.5")).startswith("£")
