"""Jinja set-up: GOV.UK Frontend macros, our filters and the globals every page needs."""

import datetime as dt

from babel import Locale
from flask import Flask, current_app, g, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import exists, select

from hub.accounts.models import Role
from hub.core.dates import long_date, long_datetime
from hub.core.i18n import language_choices, text_direction
from hub.core.markdown import render_markdown
from hub.extensions import db


def day_names() -> dict[str, str]:
    return {"MO": _("Monday"), "TU": _("Tuesday"), "WE": _("Wednesday"), "TH": _("Thursday"),
            "FR": _("Friday"), "SA": _("Saturday"), "SU": _("Sunday")}


def sample_data_loaded() -> bool:
    from hub.directory.models import Organisation

    if "sample_data_loaded" not in g:
        try:
            g.sample_data_loaded = db.session.scalar(
                select(exists().where(Organisation.is_sample.is_(True))))
        except Exception:  # an error page must render even with no database
            db.session.rollback()
            g.sample_data_loaded = False
    return g.sample_data_loaded


def language_name(code: str) -> str:
    """A language's name in the page's language, as written inside a sentence ("pl" ->
    "Polish" in English, "polski" in Polish, "română" in Romanian)."""
    locale = get_locale() or Locale("en")
    return locale.languages.get(code, code)


def money(amount) -> str:
    """£3.50, and whole pounds without pence (£23,250): easier to read. Always the £ sign
    (some languages would write "GBP"), with the reader's own digit grouping."""
    pattern = "#,##0" if amount == int(amount) else "#,##0.00"
    return "£" + format_decimal(amount, format=pattern)


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(app.root_path + "/templates")),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["long_date"] = long_date  # UK order in English, else the locale's
    app.jinja_env.filters["long_datetime"] = long_datetime
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["hhmm"] = lambda t: t.strftime("%H:%M") if t else ""
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.globals["url_with"] = url_with
    # For seams: a page offers a feature once the capability providing it is installed.
    app.jinja_env.globals["has_endpoint"] = lambda name: name in current_app.view_functions

    @app.context_processor
    def page_globals():
        locale = str(get_locale() or "en")
        return {
            "hub_name": current_app.config["HUB_NAME"],
            "place_name": current_app.config["PLACE_NAME"],
            "help_phone": current_app.config["HELP_PHONE"],
            "html_lang": locale.replace("_", "-"),
            "html_dir": text_direction(locale),
            "sample_data_loaded": sample_data_loaded,
            "day_names": day_names,
            "Role": Role,
            "language_links": language_choices,
            "today": dt.date.today(),
        }
