"""The results page: search, filters with counts, distance and paging."""

from flask import Blueprint, g, render_template, request

from hub.articles.content import articles
from hub.articles.routes import folder, locale
from hub.articles.search import matching_articles
from hub.directory.queries import category_tree, services_by_id
from hub.search.forms import DELIVERY, RADII, read_search_form
from hub.search.queries import search
from hub.search.schema import AGE_BANDS, DAYS, VENUE_FEATURES

bp = Blueprint("search", __name__)


@bp.get("/search")
def results():
    form = read_search_form(request.args)
    outcome = None
    services = {}
    guides = []
    if not form.errors:
        outcome = search(form.request, home_ward=form.home_ward)
        services = services_by_id([hit.service_id for hit in outcome.hits])
        if form.request.page == 1:  # guides head the first page only
            guides = matching_articles(form.request.text, articles(folder(), locale()))
            g.search_made = (form.request.text, outcome.total + len(guides))  # for insights
    tree = category_tree()
    return render_template(
        "search/results.html",
        terms={term.code: term for top in tree for term in [top, *top.children]},
        form=form,
        outcome=outcome,
        services=services,
        guides=guides,
        tree=tree,
        days=DAYS,
        age_bands=list(AGE_BANDS),
        venue_features=VENUE_FEATURES,
        delivery_methods=DELIVERY,
        radii=RADII,
    ), (400 if form.errors else 200)
