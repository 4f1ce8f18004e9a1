"""ORUK 3.0 endpoints under /api/v1: the public directory, read only, open to every site.

Errors are JSON ({"status", "message"}) here and, for paths no route matches, from
hub.core.errors. Every response under the prefix may be read by any web site (CORS *, no
credentials); a successful one may be kept for a few minutes and has an ETag.
"""

import datetime as dt
import math
import re

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from hub.api import queries
from hub.api.openapi import openapi_document
from hub.api.serialise import (
    LAST_PAGE_ALLOWED,
    PROFILE_URL,
    VERSION,
    organisation_document,
    page_envelope,
    service_at_location_document,
    service_at_location_summary,
    service_document,
    service_summary,
    taxonomy_document,
    taxonomy_id,
)
from hub.extensions import limiter
from hub.places.operations import NotAPostcode, PlaceNotFound, locate, nearest_ward

bp = Blueprint("api", __name__, url_prefix="/api/v1")
METRES_PER_MILE = 1609.344
WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")
YES, NO = ("true", "1", "yes"), ("false", "0", "no")


class BadParameter(BadRequest):
    """A query parameter a program got wrong; the description says how, in plain English."""


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _rate_limit_message() -> str:
    return _("Too many requests from one address (the limit is %(limit)s). Wait a minute "
             "and try again.", limit=_rate_limit())


limiter.limit(_rate_limit, error_message=_rate_limit_message)(bp)


# The codes the app answers with pages of its own are named: Flask tries an app's handler
# for a code before a blueprint's handler for every HTTP error.
@bp.errorhandler(404)
@bp.errorhandler(429)
@bp.errorhandler(HTTPException)
def api_error(error: HTTPException):
    return jsonify(status=error.code, message=error.description), error.code


@bp.after_app_request
def open_to_every_site(response: Response) -> Response:
    """CORS for every response under the prefix (errors too), and short public caching."""
    if not request.path.startswith(bp.url_prefix):
        return response
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = ("ETag, Retry-After, X-RateLimit-Limit, "
                                                "X-RateLimit-Remaining, X-RateLimit-Reset")
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        if request.headers.get("Access-Control-Request-Headers"):
            headers["Access-Control-Allow-Headers"] = request.headers[
                "Access-Control-Request-Headers"]
        headers["Access-Control-Max-Age"] = "86400"
    elif (request.method in ("GET", "HEAD") and response.status_code == 200
          and response.mimetype == "application/json"):
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["API_MAX_AGE_SECONDS"]
        response.add_etag()
        response.make_conditional(request)
    return response


# ---- reading the query --------------------------------------------------------------------


def _whole_number(name: str, default: int, highest: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= highest:
        raise BadParameter(_("%(name)s must be a whole number from 1 to %(highest)s.",
                             name=name, highest=highest))
    return int(raw)


def _paging() -> tuple[int, int]:
    config = current_app.config
    return (_whole_number("page", 1, LAST_PAGE_ALLOWED),
            _whole_number("per_page", config["API_PER_PAGE"], config["API_MAX_PER_PAGE"]))


def _yes_or_no(name: str) -> bool:
    raw = request.args.get(name, "").strip().lower()
    if raw in YES:
        return True
    if raw in (*NO, ""):
        return False
    raise BadParameter(_("%(name)s must be true or false.", name=name))


def _date_time(name: str) -> dt.datetime | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise BadParameter(_(
            "%(name)s must be a date, or a date and time, like 2026-01-31 or "
            "2026-01-31T09:00:00Z (write + as %%2B in a web address).", name=name)) from None
    # In UTC, as stored: SQLite compares the digits and would ignore another zone.
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _place(filters: queries.ServiceFilters) -> None:
    postcode = request.args.get("postcode", "").strip()[:100]
    proximity = request.args.get("proximity", "").strip()
    if proximity and not postcode:
        raise BadParameter(_("proximity needs a postcode to measure from."))
    if not postcode:
        return
    try:
        filters.point = locate(postcode)
    except PlaceNotFound:
        raise BadParameter(_("We could not find the postcode %(postcode)s.",
                             postcode=postcode)) from None
    except NotAPostcode:
        raise BadParameter(_("%(text)s is not a postcode. Enter one like %(example)s.",
                             text=postcode,
                             example=current_app.config["POSTCODE_EXAMPLE"])) from None
    filters.home_ward = nearest_ward(filters.point)
    if proximity:
        try:
            metres = float(proximity)
        except ValueError:
            metres = math.nan
        if not math.isfinite(metres) or metres <= 0:
            raise BadParameter(_("proximity must be a distance in metres, like 1500."))
        filters.radius_miles = metres / METRES_PER_MILE


def _service_filters() -> queries.ServiceFilters:
    args = request.args
    filters = queries.ServiceFilters(text=args.get("search", "").strip()[:200],
                                     organisation_id=args.get("organization_id") or None,
                                     modified_after=_date_time("modified_after"))
    term_id = args.get("taxonomy_term_id", "").strip()
    if term_id:
        delivery = queries.delivery_by_term_id().get(term_id)
        terms = queries.all_terms()
        if delivery is not None:
            filters.delivery = delivery
        elif any(term.id == term_id for term in terms):
            filters.term_ids = queries.term_and_descendants(terms, term_id)
        else:
            raise _no_such_term(term_id)
    filters.vocabulary = _vocabulary()
    _place(filters)
    return filters


def _vocabulary() -> str | None:
    """The vocabulary asked for by name (`vocabulary`) or by id (`taxonomy_id`)."""
    taxonomy = request.args.get("taxonomy_id", "").strip()
    vocabulary = request.args.get("vocabulary", "").strip()
    if not (taxonomy or vocabulary):
        return None
    by_id = queries.vocabulary_by_taxonomy_id()
    if taxonomy and taxonomy not in by_id:
        raise BadParameter(_("There is no taxonomy with the id %(id)s.", id=taxonomy))
    if vocabulary and vocabulary not in by_id.values():
        raise BadParameter(_("There is no vocabulary called %(name)s. The vocabularies are: "
                             "%(names)s.", name=vocabulary, names=", ".join(by_id.values())))
    if taxonomy and vocabulary and by_id[taxonomy] != vocabulary:
        raise BadParameter(_("taxonomy_id and vocabulary name different taxonomies: give one."))
    return vocabulary or by_id[taxonomy]


def _no_such_term(term_id: str) -> BadParameter:
    return BadParameter(_("There is no taxonomy term with the id %(id)s.", id=term_id))


def _not_found(kind: str, item_id: str) -> NotFound:
    return NotFound(_("There is no %(kind)s with the id %(id)s.", kind=kind, id=item_id))


def _slice(items: list, page: int, per_page: int) -> list:
    return items[(page - 1) * per_page:page * per_page]


# ---- endpoints ----------------------------------------------------------------------------


@bp.get("/")
def index():
    return jsonify({
        "version": VERSION,
        "profile": PROFILE_URL,
        "openapi_url": url_for("api.openapi", _external=True),
        "documentation_url": url_for("api.about", _external=True),
        "links": {name: url_for(f"api.{name}", _external=True) for name in (
            "services", "service_at_locations", "organizations", "taxonomies",
            "taxonomy_terms")},
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(url_for("api.index", _external=True).rstrip("/")))


@bp.get("/docs")
def about():
    return render_template("api/about.html", base=url_for("api.index", _external=True),
                           licence_name=current_app.config["API_LICENCE_NAME"],
                           licence_url=current_app.config["API_LICENCE_URL"],
                           per_page=current_app.config["API_PER_PAGE"],
                           most_per_page=current_app.config["API_MAX_PER_PAGE"],
                           rate_limit=current_app.config["API_RATE_LIMIT"])


@bp.get("/services")
def services():
    page, per_page = _paging()
    found, total = queries.service_page(_service_filters(), page, per_page)
    return jsonify(page_envelope([service_summary(s) for s in found], total=total, page=page,
                                 per_page=per_page))


@bp.get("/services/<service_id>")
def service(service_id: str):
    found = queries.listed_service(service_id)
    if found is None:
        raise _not_found("service", service_id)
    return jsonify(service_document(found))


@bp.get("/service_at_locations")
def service_at_locations():
    page, per_page = _paging()
    links, total = queries.service_at_location_page(page, per_page)
    return jsonify(page_envelope([service_at_location_summary(link) for link in links],
                                 total=total, page=page, per_page=per_page))


@bp.get("/service_at_locations/<link_id>")
def service_at_location(link_id: str):
    link = queries.service_at_location(link_id)
    if link is None:
        raise _not_found("service at location", link_id)
    return jsonify(service_at_location_document(link))


@bp.get("/organizations")
def organizations():
    page, per_page = _paging()
    found, total = queries.organisation_page(page, per_page)
    return jsonify(page_envelope([organisation_document(org) for org in found], total=total,
                                 page=page, per_page=per_page))


@bp.get("/organizations/<org_id>")
def organization(org_id: str):
    found, services_of = queries.organisation_with_services(org_id)
    if found is None:
        raise _not_found("organization", org_id)
    return jsonify(organisation_document(found, services_of))


@bp.get("/taxonomies")
def taxonomies():
    page, per_page = _paging()
    found = [taxonomy_document(*described) for described in queries.vocabularies()]
    return jsonify(page_envelope(_slice(found, page, per_page), total=len(found), page=page,
                                 per_page=per_page))


@bp.get("/taxonomies/<wanted_id>")
def taxonomy(wanted_id: str):
    for vocabulary, name, description in queries.vocabularies():
        if taxonomy_id(vocabulary) == wanted_id:
            terms = [term for term in queries.term_documents(queries.all_terms())
                     if term["taxonomy"] == vocabulary]
            return jsonify(taxonomy_document(vocabulary, name, description, terms))
    raise _not_found("taxonomy", wanted_id)


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    page, per_page = _paging()
    terms = queries.term_documents(queries.all_terms())
    vocabulary = _vocabulary()
    if vocabulary:
        terms = [term for term in terms if term["taxonomy"] == vocabulary]
    parent_id = request.args.get("parent_id", "").strip()
    if parent_id:
        if not any(term["id"] == parent_id for term in terms):
            raise _no_such_term(parent_id)
        terms = [term for term in terms if term.get("parent_id") == parent_id]
    if _yes_or_no("top_only"):
        terms = [term for term in terms if "parent_id" not in term]
    return jsonify(page_envelope(_slice(terms, page, per_page), total=len(terms), page=page,
                                 per_page=per_page))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    for term in queries.term_documents(queries.all_terms()):
        if term["id"] == term_id:
            return jsonify(term)
    raise _not_found("taxonomy term", term_id)
