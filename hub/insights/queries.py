"""What the dashboard shows: monthly trends, top lists and Talking Point and feedback
counts for a date range. Numbers only."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from hub.directory.models import Service, TaxonomyTerm
from hub.extensions import db
from hub.feedback.models import PageFeedback
from hub.freshness.queries import due_for_check
from hub.insights import collect
from hub.insights.models import DailyCount
from hub.talking_points import queries as talking_points
from hub.talking_points.models import Booking, BookingStatus
from hub.talking_points.operations import day_bounds
from hub.talking_points.slots import as_utc, local

TOP = 20  # rows in each top list


@dataclass(frozen=True)
class Series:
    name: str  # its id in pages and CSV files
    label: str
    explanation: str
    values: list[int]  # one a month


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of each month from `start`'s to `end`'s."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _daily_totals(start: dt.date, end: dt.date, metrics: list[str]) -> dict[str, dict]:
    totals: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for day, metric, count in db.session.execute(
            select(DailyCount.day, DailyCount.metric, DailyCount.count)
            .where(DailyCount.day.between(start, end), DailyCount.key == "",
                   DailyCount.metric.in_(metrics))):
        totals[metric][day.replace(day=1)] += count
    return totals


def _appointments_by_month(start: dt.date, end: dt.date) -> tuple[dict, dict]:
    """Appointments not cancelled (walk-ins too), and those marked as came, by the month of
    the appointment on the place's clock."""
    first, _end = day_bounds(start)
    _start, last = day_bounds(end)
    held: dict[dt.date, int] = defaultdict(int)
    came: dict[dt.date, int] = defaultdict(int)
    for starts_at, status in db.session.execute(
            select(Booking.starts_at, Booking.status)
            .where(Booking.starts_at >= first, Booking.starts_at < last,
                   Booking.status != BookingStatus.cancelled)):
        month = local(as_utc(starts_at)).date().replace(day=1)
        held[month] += 1
        came[month] += status == BookingStatus.attended
    return held, came


def monthly_series(start: dt.date, end: dt.date) -> tuple[list[dt.date], list[Series]]:
    months = months_between(start, end)
    counted = [
        (collect.PAGE_VIEWS, _l("Page views"),
         _l("Pages of the public site seen by residents: not robots, not signed-in staff.")),
        (collect.VISITORS, _l("Visitors"),
         _l("Browsers seen each day, added up over the month: someone who comes on three days "
            "counts three times. We cannot tell it is the same person on another day, by "
            "design.")),
        (collect.NEW_VISITORS, _l("New visitors"),
         _l("Browsers that fetched the site's stylesheet without a copy of their own: first "
            "visits, or visits after the browser's cache was cleared (for example on a "
            "library computer), counted once a day.")),
        (collect.SEARCHES, _l("Searches"), _l("Searches with words typed, first page only.")),
        (collect.NO_RESULT_SEARCHES, _l("Searches that found nothing"),
         _l("No service and no guide.")),
        (collect.BOOKLET_DOWNLOADS, _l("Booklet downloads"), _l("Booklet PDFs made.")),
    ]
    totals = _daily_totals(start, end, [name for name, _label, _text in counted])
    held, came = _appointments_by_month(start, end)
    series = [Series(name, str(label), str(text), [totals[name][m] for m in months])
              for name, label, text in counted]
    series.append(Series("appointments", str(_l("Talking Point appointments")),
                         str(_l("Booked ahead or walk-ins, not cancelled, by the month of the "
                                "appointment.")), [held[m] for m in months]))
    series.append(Series("came", str(_l("Talking Point appointments attended")),
                         str(_l("Marked as came by staff.")), [came[m] for m in months]))
    return months, series


def _top(metric: str, start: dt.date, end: dt.date, limit: int = TOP) -> list[tuple[str, int]]:
    total = func.sum(DailyCount.count)
    return db.session.execute(
        select(DailyCount.key, total)
        .where(DailyCount.metric == metric, DailyCount.day.between(start, end),
               DailyCount.key != "")
        .group_by(DailyCount.key).order_by(total.desc(), DailyCount.key).limit(limit)).all()


@dataclass(frozen=True)
class SearchRow:
    text: str
    searches: int
    found_nothing: int
    average_results: float


def top_no_result_searches(start: dt.date, end: dt.date) -> list[SearchRow]:
    """The searches that found nothing most often, with how often they were made."""
    found_nothing = dict(_top(collect.NO_RESULTS_TEXT, start, end))
    searched = _per_text(collect.SEARCH_TEXT, start, end, found_nothing)
    results = _per_text(collect.SEARCH_RESULTS, start, end, found_nothing)
    return [SearchRow(text, searched.get(text, nothing), nothing,
                      results.get(text, 0) / max(searched.get(text, nothing), 1))
            for text, nothing in found_nothing.items()]


def top_searches(start: dt.date, end: dt.date) -> list[SearchRow]:
    searched = dict(_top(collect.SEARCH_TEXT, start, end))
    found_nothing = _per_text(collect.NO_RESULTS_TEXT, start, end, searched)
    results = _per_text(collect.SEARCH_RESULTS, start, end, searched)
    return [SearchRow(text, count, found_nothing.get(text, 0), results.get(text, 0) / count)
            for text, count in searched.items()]


def _per_text(metric: str, start: dt.date, end: dt.date, texts) -> dict[str, int]:
    if not texts:
        return {}
    return dict(db.session.execute(
        select(DailyCount.key, func.sum(DailyCount.count))
        .where(DailyCount.metric == metric, DailyCount.day.between(start, end),
               DailyCount.key.in_(list(texts)))
        .group_by(DailyCount.key)).tuples().all())


@dataclass(frozen=True)
class ViewedRow:
    key: str
    name: str  # "" when the service or category is no longer in the directory
    views: int


def most_viewed_services(start: dt.date, end: dt.date) -> list[ViewedRow]:
    rows = _top(collect.SERVICE_VIEWS, start, end)
    names = dict(db.session.execute(select(Service.id, Service.name).where(
        Service.id.in_([key for key, _views in rows]))).tuples().all())
    return [ViewedRow(key, names.get(key, ""), views) for key, views in rows]


def most_viewed_categories(start: dt.date, end: dt.date) -> list[ViewedRow]:
    rows = _top(collect.CATEGORY_VIEWS, start, end)
    terms = {term.code: term for term in db.session.scalars(select(TaxonomyTerm).where(
        TaxonomyTerm.code.in_([key for key, _views in rows])))}
    return [ViewedRow(key, terms[key].name if key in terms else "", views)
            for key, views in rows]


def overdue_for_checking(today: dt.date) -> int:
    return len(due_for_check(today))


def bookings_by_venue(start: dt.date, end: dt.date) -> list[talking_points.Counts]:
    """The Talking Point counts for the range, added up for each venue."""
    by_venue: dict[str, talking_points.Counts] = {}
    for row in talking_points.counts(start, end):
        by_venue.setdefault(row.venue, talking_points.Counts(row.venue, start)).add(row)
    return list(by_venue.values())


@dataclass(frozen=True)
class FeedbackRow:
    page: str
    helpful: int
    not_helpful: int


def helpful_answers(start: dt.date, end: dt.date) -> list[FeedbackRow]:
    """'Was this page helpful?' by page, the most answered first."""
    yes = func.sum(case((PageFeedback.helpful.is_(True), 1), else_=0))
    answers = func.count()
    return [FeedbackRow(page, int(helpful), count - int(helpful)) for page, helpful, count in
            db.session.execute(
                select(PageFeedback.page, yes, answers)
                .where(PageFeedback.created_on.between(start, end))
                .group_by(PageFeedback.page).order_by(answers.desc(), PageFeedback.page)
                .limit(TOP))]
