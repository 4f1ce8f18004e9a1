"""Guides from content/articles: reading, translations, pages, search and the content check."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from hub.articles.content import ArticleError, articles, read_article
from hub.config import ROOT
from hub.extensions import db
from hub.feedback.models import PageFeedback
from tests.conftest import csrf_token, shown_in
from tests.factories import make_service

REAL = ROOT / "content" / "articles"
FRONT = """---
title: {title}
summary: A short guide for testing.
topics: [testing]
categories: [{categories}]
audience: [everyone]
last_reviewed: 2026-11-01
review_due: {due}
sources:
  - name: A source
    url: https://www.gov.uk/
---
"""


def write(folder: Path, locale: str, slug: str, body: str = "Some words.\n", *,
          title: str = "Test guide", categories: str = "", due: str = "2027-05-01") -> Path:
    path = folder / locale / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(title=title, categories=categories, due=due) + body,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace("title: Test guide\n", ""), "front matter is missing title"),
    (lambda t: t.replace("2026-11-01", "1 Nov 2026"), "last_reviewed must be a date"),
    (lambda t: t.replace("[everyone]", "[everybody]"), "audience everybody is not one of"),
    (lambda t: t + "\n# Another title\n", "must not have a '# ' heading"),
    (lambda t: t.replace("---\n", "", 1), "needs front matter"),
])
def test_a_bad_article_says_what_to_fix(tmp_path, change, message):
    path = write(tmp_path, "en", "guide")
    path.write_text(change(path.read_text()))
    with pytest.raises(ArticleError, match=message):
        read_article(path, "en")


def test_a_missing_translation_falls_back_to_english(tmp_path):
    write(tmp_path, "en", "first", title="First guide")
    write(tmp_path, "en", "second", title="Second guide")
    write(tmp_path, "pl", "first", title="Pierwszy przewodnik")
    shown = {a.slug: (a.title, a.translated) for a in articles(tmp_path, "pl")}
    assert shown == {"first": ("Pierwszy przewodnik", True), "second": ("Second guide", False)}


def in_polish(message: str, **values) -> str:
    return shown_in("pl", message, **values)


@pytest.fixture
def guides_app(app, tmp_path):
    """The hub reading a small set of guides of its own, in English and Polish."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("articles"))
    long_body = "Intro.\n\n" + "".join(f"## Part {n}\n\nText {n}.\n\n" for n in (1, 2, 3))
    write(content / "articles", "en", "paying-for-lunch", long_body,
          title="Paying for lunch clubs", categories="meals")
    write(content / "articles", "en", "short-one", title="A short guide")
    write(content / "articles", "pl", "short-one", title="Krótki przewodnik")
    app.config.update(CONTENT_DIR=content, LANGUAGES=["en", "pl"])
    return app


def test_a_guide_page_has_contents_sources_and_live_services(guides_app, client, page):
    make_service("Acomb lunch club", categories=["meals"])
    shown = page(client, "/guides/paying-for-lunch")
    assert shown.h1 == "Paying for lunch clubs"
    assert shown.texts("nav")[-1] == "Contents Part 1 Part 2 Part 3"
    assert 'id="part-2"' in shown.html and "Acomb lunch club" in shown
    assert "A source" in shown.links() and "Last reviewed 1 November 2026." in shown
    assert page(client, "/guides/short-one").texts("nav")[-1] != "Contents"
    page(client, "/guides/no-such-guide", status=404)


def test_an_untranslated_guide_says_so_in_the_readers_language(guides_app, client, page):
    translated = page(client, "/guides/short-one?lang=pl")
    assert translated.h1 == "Krótki przewodnik" and "not translated" not in translated
    fallback = page(client, "/guides/paying-for-lunch?lang=pl")
    assert fallback.h1 == "Paying for lunch clubs"
    assert in_polish("This guide is not translated into %(language)s yet, so it is shown in "
                     "English.", language="polski") in fallback
    assert '<div lang="en">' in fallback.html


def test_a_translation_older_than_its_english_says_so_and_offers_the_english(
        guides_app, client, page):
    english = guides_app.config["CONTENT_DIR"] / "articles" / "en" / "short-one.md"
    english.write_text(english.read_text().replace("2026-11-01", "2026-11-20"))
    behind = page(client, "/guides/short-one?lang=pl")
    assert behind.h1 == "Krótki przewodnik"
    assert in_polish("The English version of this guide has changed since it was translated, "
                     "so some of this may be out of date.") in behind
    original = page(client, behind.links()[in_polish("Read the English version")])
    assert original.h1 == "A short guide" and '<div lang="en">' in original.html
    assert '<html lang="pl"' in original.html  # the reader's language is kept
    back = original.links()[in_polish("Read it in %(language)s", language="polski")]
    assert page(client, back).h1 == "Krótki przewodnik"
    report = guides_app.test_cli_runner().invoke(args=["hub", "check-content"])
    assert ("Translation to update: pl/short-one.md: reviewed 2026-11-01, but the English "
            "changed on 2026-11-20") in report.output


def test_guides_and_services_come_up_in_one_search(guides_app, client, page):
    make_service("Acomb lunch club", categories=["meals"])
    results = page(client, "/search?q=lunch")
    (guides,) = [text for text in results.texts("section") if text.startswith("1 guide")]
    assert guides.startswith("1 guide Guide Paying for lunch clubs A short guide for testing")
    assert "Acomb lunch club" in results
    assert "Guide" not in " ".join(page(client, "/search?q=lunch&page=2").texts("section"))


def test_every_real_guide_renders_with_its_title_as_the_one_heading(app, client, page):
    found = articles(REAL, "en")
    assert len(found) >= 14
    for article in found:
        assert page(client, f"/guides/{article.slug}").h1 == article.title
    index = page(client, "/guides")
    assert all(article.title in index for article in found)


def test_the_content_check_passes_on_our_guides_and_fails_on_bad_ones(app, tmp_path):
    runner = app.test_cli_runner()
    ours = runner.invoke(args=["hub", "check-content"])
    assert ours.exit_code == 0, ours.output
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("articles"))
    write(content / "articles", "en", "broken",
          "See [nothing](/guides/not-there), [a bad page](/nowhere) and "
          "[fine](/guides/broken#part).\n", categories="no-such-category", due="2026-01-01")
    write(content / "articles", "pl", "orphan")
    app.config["CONTENT_DIR"] = content
    result = runner.invoke(args=["hub", "check-content", "--today", "2026-11-23"])
    assert result.exit_code == 1
    assert "link /guides/not-there: no guide has this name" in result.output
    assert "link /nowhere: no page has this address" in result.output
    assert "category 'no-such-category' is not in taxonomy.json" in result.output
    assert "pl/orphan.md: a translation needs the English original" in result.output
    assert "/guides/broken#part" not in result.output
    assert "Due for review: en/broken.md: review was due on 2026-01-01" in result.output


def test_was_this_page_helpful_keeps_no_personal_data(guides_app, client, page):
    url = "/guides/short-one"
    token = csrf_token(client, url)
    sent = client.post("/feedback", data={"csrf_token": token, "page": url, "helpful": "no",
                                          "comment": "Say more about costs"})
    assert sent.status_code == 302 and sent.headers["Location"] == url + "#page-feedback"
    assert "Thank you for your feedback." in client.get(url).text
    (answer,) = db.session.query(PageFeedback).all()
    assert (answer.page, answer.helpful, answer.comment) == (url, False, "Say more about costs")
    assert answer.created_on == dt.date.today()

    unanswered = client.post("/feedback", data={"csrf_token": token, "page": url,
                                                "comment": "kept"})
    assert unanswered.status_code == 400 and "Choose yes or no" in unanswered.text
    assert ">kept</textarea>" in unanswered.text
    assert client.post("/feedback", data={"page": url, "helpful": "yes"}).status_code == 400
    client.post("/feedback", data={"csrf_token": token, "page": "https://elsewhere.example/",
                                   "helpful": "yes"})
    assert db.session.query(PageFeedback).count() == 1


def test_feedback_comments_are_forgotten_after_a_year(app):
    from hub.feedback.operations import forget_old_comments

    db.session.add_all([
        PageFeedback(page="/guides/a", helpful=True, comment="old",
                     created_on=dt.date(2025, 11, 1)),
        PageFeedback(page="/guides/a", helpful=False, comment="new",
                     created_on=dt.date(2026, 11, 1))])
    db.session.commit()
    assert forget_old_comments(dt.date(2026, 11, 23)) == 1
    assert sorted((f.helpful, f.comment) for f in db.session.query(PageFeedback)) == [
        (False, "new"), (True, "")]


def test_reading_age_rises_with_long_sentences_and_long_words(app, tmp_path):
    from hub.articles.readability import reading_age, syllables

    assert [syllables(w) for w in ("care", "home", "assessment", "needed", "helped")] == [
        1, 1, 3, 2, 1]
    plain = "You can ask for help. The council will talk to you. It is free.\n"
    dense = ("Notwithstanding the aforementioned considerations, eligibility determinations "
             "necessitate comprehensive multidisciplinary evaluation of individuals' "
             "functional capabilities, accommodation circumstances and prospective "
             "requirements.\n")
    assert reading_age(plain) < 8 < 16 < reading_age(dense)

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("articles"))
    write(content / "articles", "en", "dense", dense * 5)
    app.config["CONTENT_DIR"] = content
    result = app.test_cli_runner().invoke(args=["hub", "check-content"])
    assert result.exit_code == 1
    assert "en/dense.md: needs a reading age of about" in result.output
