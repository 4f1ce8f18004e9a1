"""Read the search form (a plain GET form) into a SearchRequest, with plain-English errors."""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from hub.directory.models import Delivery
from hub.places.operations import NotAPostcode, PlaceNotFound, locate, nearest_ward
from hub.search.queries import SORTS, SearchRequest
from hub.search.schema import AGE_BANDS, DAYS, VENUE_FEATURES

RADII = ("1", "3", "5", "10")
DELIVERY = tuple(method.value for method in Delivery)


@dataclass
class SearchForm:
    request: SearchRequest
    values: MultiDict
    errors: dict[str, str] = field(default_factory=dict)
    home_ward: str = ""

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]


def read_search_form(args: MultiDict) -> SearchForm:
    request = SearchRequest(page_size=current_app.config["SEARCH_PAGE_SIZE"])
    form = SearchForm(request=request, values=args)
    request.text = args.get("q", "").strip()[:200]
    request.category = args.get("category", "")
    request.free = args.get("free") == "yes"
    request.ward = args.get("ward", "")
    request.day = args.get("day", "") if args.get("day") in DAYS else ""
    request.age = args.get("age", "") if args.get("age") in AGE_BANDS else ""
    request.access = [v for v in args.getlist("access") if v in VENUE_FEATURES]
    request.delivery = [v for v in args.getlist("delivery") if v in DELIVERY]
    request.sort = args.get("sort", "") if args.get("sort") in SORTS else "relevance"
    try:
        request.page = max(1, int(args.get("page", "1")))
    except ValueError:
        request.page = 1

    years = args.get("years", "").strip()
    if years:
        if years.isdigit() and 0 <= int(years) <= 120:
            request.exact_age = int(years)
        else:
            form.errors["years"] = _("Enter an age in years, as a number like 72")

    near = args.get("near", "").strip()[:100]
    if near:
        try:
            request.point = locate(near)
            form.home_ward = nearest_ward(request.point)
        except PlaceNotFound:
            form.errors["near"] = _(
                "We could not find %(place)s. Check the spelling, or enter a postcode "
                "(like %(postcode)s) or a place in %(area)s (like %(example)s)",
                place=near, area=current_app.config["PLACE_NAME"],
                postcode=current_app.config["POSTCODE_EXAMPLE"],
                example=current_app.config["PLACE_EXAMPLE"])
        except NotAPostcode:
            form.errors["near"] = _("Enter a postcode (like %(postcode)s) or the name of a place",
                                    postcode=current_app.config["POSTCODE_EXAMPLE"])
        radius = args.get("radius", "")
        if radius in RADII:
            request.radius_miles = float(radius)
        # A place just given (not the one the shown results were sorted for) means
        # "what is near here": sort nearest first unless the person chooses otherwise.
        if request.point and near != args.get("sorted_near", "").strip():
            request.sort = "nearest"
    return form
