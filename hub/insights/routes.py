"""The insights dashboard for moderators and administrators, its CSV files, and adding a
synonym group after a search found nothing."""

import csv
import datetime as dt
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext

from hub.accounts.models import Role
from hub.core.auth import role_required
from hub.insights import collect, operations, queries
from hub.insights.charts import bar_chart, month_name
from hub.insights.forms import SynonymForm, read_date_range
from hub.search.synonyms import added_groups

bp = Blueprint("insights", __name__, url_prefix="/insights")
bp.record_once(lambda state: collect.init_app(state.app))

READERS = (Role.moderator, Role.administrator)


def _date_range():
    return read_date_range(request.args, collect.place_today())


@bp.get("")
@role_required(*READERS)
def dashboard():
    chosen = _date_range()
    if chosen.errors:
        return render_template("insights/dashboard.html", chosen=chosen), 400
    start, end = chosen.start, chosen.end
    months, series = queries.monthly_series(start, end)
    return render_template(
        "insights/dashboard.html", chosen=chosen, months=months, month_name=month_name,
        number=format_decimal,
        trends=[(one, bar_chart(months, one.values)) for one in series],
        no_results=queries.top_no_result_searches(start, end),
        searches=queries.top_searches(start, end),
        services=queries.most_viewed_services(start, end),
        categories=queries.most_viewed_categories(start, end),
        overdue=queries.overdue_for_checking(collect.place_today()),
        venues=queries.bookings_by_venue(start, end),
        feedback=queries.helpful_answers(start, end))


def _safe(cell) -> str | int | float:
    """A spreadsheet must not run what a resident typed as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _tables(start: dt.date, end: dt.date) -> dict:
    """Each CSV file: its header and rows."""
    months, series = queries.monthly_series(start, end)
    return {
        "monthly": (["month", *(one.name for one in series)],
                    [[month.strftime("%Y-%m"), *(one.values[i] for one in series)]
                     for i, month in enumerate(months)]),
        "no-result-searches": (["search", "searches", "found_nothing"],
                               [[row.text, row.searches, row.found_nothing]
                                for row in queries.top_no_result_searches(start, end)]),
        "searches": (["search", "searches", "found_nothing", "average_results"],
                     [[row.text, row.searches, row.found_nothing, round(row.average_results, 1)]
                      for row in queries.top_searches(start, end)]),
        "services": (["service_id", "service", "views"],
                     [[row.key, row.name, row.views]
                      for row in queries.most_viewed_services(start, end)]),
        "categories": (["category_code", "category", "views"],
                       [[row.key, row.name, row.views]
                        for row in queries.most_viewed_categories(start, end)]),
        "venues": (["venue", "booked_ahead", "walk_ins", "attended", "did_not_come",
                    "cancelled", "not_marked"],
                   [[row.venue, row.booked_ahead, row.walk_ins, row.attended, row.no_shows,
                     row.cancelled, row.not_marked]
                    for row in queries.bookings_by_venue(start, end)]),
        "feedback": (["page", "helpful", "not_helpful"],
                     [[row.page, row.helpful, row.not_helpful]
                      for row in queries.helpful_answers(start, end)]),
    }


@bp.get("/<table>.csv")
@role_required(*READERS)
def download(table: str):
    chosen = _date_range()
    if chosen.errors:
        abort(400)
    tables = _tables(chosen.start, chosen.end)
    if table not in tables:
        abort(404)
    header, rows = tables[table]
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_safe(cell) for cell in row] for row in rows)
    name = f"insights-{table}-{chosen.start.isoformat()}-to-{chosen.end.isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/synonyms", methods=["GET", "POST"])
@role_required(Role.moderator)
def add_synonym():
    form = SynonymForm()
    if request.method == "GET" and request.args.get("search"):
        form.terms.data = request.args["search"][:200] + ", "
    if form.validate_on_submit():
        reindexed = operations.add_synonym_group(form.terms.data)
        flash(ngettext("Synonyms added. %(num)s service was updated in the search.",
                       "Synonyms added. %(num)s services were updated in the search.",
                       reindexed), "success")
        return redirect(url_for("insights.add_synonym"))
    return render_template("insights/synonyms.html", form=form, groups=added_groups())
