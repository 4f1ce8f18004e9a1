"""`flask hub check-content`: every article readable, its links and categories real."""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from hub.articles.content import DEFAULT_LOCALE, ArticleError, read_article
from hub.articles.readability import reading_age

LINK = re.compile(r"\]\((/[^)\s]*)\)")
# Guides aim at a reading age of about 9 to 11; the estimate is rough, so allow a year.
READING_AGE_LIMIT = 12.0


@dataclass
class ContentReport:
    errors: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)  # past their review date: listed, not fatal
    behind: list[str] = field(default_factory=list)  # older than their English: listed too
    reading_ages: dict[str, float] = field(default_factory=dict)
    checked: int = 0


def _category_codes(content: Path) -> set[str]:
    terms = json.loads((content / "taxonomy.json").read_text(encoding="utf-8"))["terms"]
    return {code for term in terms
            for code in (term["code"], *(child["code"] for child in term.get("children", [])))}


def _link_problem(app: Flask, path: str, slugs: set[str], codes: set[str]) -> str | None:
    target = path.split("#")[0].split("?")[0]
    try:
        endpoint, values = app.url_map.bind("localhost").match(target, method="GET")
    except RequestRedirect:
        return None
    except HTTPException:
        return "no page has this address"
    if endpoint == "articles.guide" and values["slug"] not in slugs:
        return "no guide has this name"
    if endpoint == "directory.category" and values["code"] not in codes:
        return "no category has this code"
    return None


def check_content(app: Flask, content: Path, today: dt.date) -> ContentReport:
    report = ContentReport()
    folder = content / "articles"
    codes = _category_codes(content)
    originals = {p.stem for p in (folder / DEFAULT_LOCALE).glob("*.md")}
    reviewed = {}  # each English original's last review, to find translations left behind
    # English first, so each translation can be compared with its original.
    for path in sorted(folder.glob("*/*.md"),
                       key=lambda p: (p.parent.name != DEFAULT_LOCALE, str(p))):
        name = path.relative_to(folder)
        report.checked += 1
        try:
            article = read_article(path, path.parent.name)
        except (ArticleError, UnicodeDecodeError) as error:
            report.errors.append(f"{name}: {error}")
            continue
        if article.locale == DEFAULT_LOCALE:
            reviewed[article.slug] = article.last_reviewed
        elif article.slug not in originals:
            report.errors.append(f"{name}: a translation needs the English original "
                                 f"{DEFAULT_LOCALE}/{article.slug}.md")
        elif article.last_reviewed < reviewed.get(article.slug, article.last_reviewed):
            report.behind.append(f"{name}: reviewed {article.last_reviewed.isoformat()}, but "
                                 f"the English changed on "
                                 f"{reviewed[article.slug].isoformat()}")
        for code in article.categories:
            if code not in codes:
                report.errors.append(f"{name}: category {code!r} is not in taxonomy.json")
        for link in LINK.findall(article.body):
            problem = _link_problem(app, link, originals, codes)
            if problem:
                report.errors.append(f"{name}: link {link}: {problem}")
        # The reading-age formula counts English syllables, so it judges English only.
        age = reading_age(article.body) if article.locale == DEFAULT_LOCALE else None
        if age is not None:
            report.reading_ages[str(name)] = age
        if age is not None and age > READING_AGE_LIMIT:
            report.errors.append(f"{name}: needs a reading age of about {age:.0f}; aim for 9 "
                                 "to 11 with shorter sentences and everyday words")
        if article.review_due < today:
            report.due.append(f"{name}: review was due on {article.review_due.isoformat()}")
    return report
