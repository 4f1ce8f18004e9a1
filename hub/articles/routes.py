"""Guide pages: the list, and each guide with its contents, sources and related services."""

from itertools import zip_longest
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale

from hub.articles.content import DEFAULT_LOCALE, article, articles
from hub.core.markdown import render_guide
from hub.directory.queries import services_by_id
from hub.search.queries import SearchRequest, search

bp = Blueprint("articles", __name__, url_prefix="/guides")
RELATED_SERVICES = 6
CONTENTS_FROM_SECTIONS = 3  # a shorter guide needs no contents list


def folder() -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / "articles"


def locale() -> str:
    return str(get_locale() or "en").split("_")[0]


@bp.get("")
def index():
    return render_template("articles/index.html", articles=articles(folder(), locale()))


@bp.get("/<slug>")
def guide(slug: str):
    # ?original=en: the English a translation was made from, without changing language.
    showing_original = request.args.get("original") == DEFAULT_LOCALE != locale()
    found = article(folder(), slug, DEFAULT_LOCALE if showing_original else locale())
    if found is None:
        abort(404)
    body, sections = render_guide(found.body)
    return render_template(
        "articles/guide.html", article=found, body=body, showing_original=showing_original,
        contents=sections if len(sections) >= CONTENTS_FROM_SECTIONS else [],
        services=_related_services(found.categories))


def _related_services(categories: tuple[str, ...]):
    """Live services from the guide's categories, a few from each in turn."""
    per_category = [
        [hit.service_id for hit in search(SearchRequest(
            category=code, sort="name", page_size=RELATED_SERVICES)).hits]
        for code in categories
    ]
    ids = list(dict.fromkeys(
        service_id for row in zip_longest(*per_category) for service_id in row if service_id))
    found = services_by_id(ids[:RELATED_SERVICES])
    return [found[i] for i in ids[:RELATED_SERVICES] if i in found]
