"""Public directory pages: home, categories, services and organisations."""

import datetime as dt
import json
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from hub.directory import queries, taxonomy, translations
from hub.directory.models import ServiceStatus
from hub.extensions import db
from hub.freshness.queries import is_stale
from hub.search.queries import SearchRequest, search
from hub.talking_points.models import Venue

bp = Blueprint("directory", __name__)
# Service cards on every list show the service in the reader's language.
bp.add_app_template_global(translations.reader_text, "reader_text")
# Category names wherever they are shown, in the reader's language.
bp.add_app_template_global(taxonomy.term_name, "term_name")
bp.add_app_template_global(taxonomy.term_description, "term_description")


def _common_needs() -> list[dict[str, str]]:
    path = Path(current_app.config["CONTENT_DIR"]) / "common_needs.json"
    try:
        needs = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return taxonomy.common_needs(needs if isinstance(needs, list) else [])


def _category_counts() -> dict[str, int]:
    """Listed services per category (children count towards their parents)."""
    return search(SearchRequest(page_size=1)).counts["category"]


@bp.get("/")
def home():
    return render_template("directory/home.html", tree=queries.category_tree(),
                           counts=_category_counts(), common_needs=_common_needs())


@bp.get("/categories")
def categories():
    return render_template("directory/categories.html", tree=queries.category_tree(),
                           counts=_category_counts())


@bp.get("/categories/<code>")
def category(code: str):
    term = queries.category(code)
    if term is None:
        abort(404)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    outcome = search(SearchRequest(category=code, sort="name", page=page,
                                   page_size=current_app.config["SEARCH_PAGE_SIZE"]))
    services = queries.services_by_id([hit.service_id for hit in outcome.hits])
    return render_template("directory/category.html", term=term, outcome=outcome,
                           services=services, counts=outcome.counts["category"])


@bp.get("/services/<service_id>")
def service(service_id: str):
    found = queries.listed_service(service_id)
    if found is None:
        abort(404)
    if found.status == ServiceStatus.inactive:
        return render_template("directory/service_gone.html", service=found), 410
    return render_template("directory/service.html", service=found,
                           text=translations.reader_text(
                               found, original=request.args.get("original") == "en"),
                           stale=is_stale(found, dt.date.today()),
                           booking_url=_talking_point_booking(found.id))


def _talking_point_booking(service_id: str) -> str | None:
    """Where to book, when this listing is an open Talking Point venue's."""
    venue_id = db.session.scalar(select(Venue.id).where(Venue.service_id == service_id,
                                                        Venue.active).order_by(Venue.name))
    if venue_id is None:
        return None
    return url_for("talking_points.when", venue_id=venue_id)


@bp.get("/s/<code>")
def short_link(code: str):
    """The short address printed in booklets, for people who type it rather than scan."""
    matches = queries.services_by_short_id(code)
    if len(matches) == 1:
        return redirect(url_for("directory.service", service_id=matches[0].id))
    if not matches:
        abort(404)
    return render_template("directory/short_link.html", services=matches)


@bp.get("/organisations/<org_id>")
def organisation(org_id: str):
    found, services = queries.organisation_with_services(org_id)
    if found is None:
        abort(404)
    return render_template("directory/organisation.html", organisation=found,
                           services=services, page_title=found.name or _("Organisation"))
