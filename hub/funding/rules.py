"""The self-funder rules: England's capital limits, tariff income and how long savings last.

Pure functions over plain values, so pages, tests and (later) booklets share one truth.
Every figure comes from the data file (content/funding/england.json), never from code.
"""

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub.config import ROOT
from hub.core.dates import long_date
from hub.core.numbers import plain_number
from hub.core.templating import money

DATA_FILE = ROOT / "content" / "funding" / "england.json"
PENNY = Decimal("0.01")
# Far beyond any real savings or weekly cost: bigger numbers are typing mistakes.
MAX_CAPITAL = Decimal("100000000")
MAX_WEEKLY = Decimal("100000")


# --- The figures -------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Figures:
    country: str
    year: str
    upper_limit: Decimal
    lower_limit: Decimal
    tariff_step: Decimal
    tariff_per_step: Decimal
    sale_costs_percent: Decimal
    property_disregard_weeks: int
    contact_weeks_before: int
    sources: tuple[Source, ...]


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> Figures:  # mtime in the key: an edited file is re-read
    data = json.loads(path.read_text(encoding="utf-8"))

    def amount(key: str) -> Decimal:
        return Decimal(str(data[key]))

    return Figures(
        country=data["country"],
        year=data["year"],
        upper_limit=amount("upper_capital_limit"),
        lower_limit=amount("lower_capital_limit"),
        tariff_step=amount("tariff_step"),
        tariff_per_step=amount("tariff_per_step"),
        sale_costs_percent=amount("property_sale_costs_percent"),
        property_disregard_weeks=int(data["property_disregard_weeks"]),
        contact_weeks_before=int(data["contact_council_weeks_before"]),
        sources=tuple(Source(s["title"], s["url"]) for s in data["sources"]),
    )


def load_figures(path: Path | None = None) -> Figures:
    path = path or DATA_FILE
    return _load(path, path.stat().st_mtime)


# --- Reading amounts ---------------------------------------------------------------------

class MoneyError(ValueError):
    """An amount we cannot use; the message says what to type instead."""


def parse_money(text: str, maximum: Decimal = MAX_CAPITAL,
                locale: str | None = None) -> Decimal:
    """'£12,500.50' -> Decimal('12500.50'), read the way the reader (or `locale`) writes
    numbers: '12.500' and '12 500,50' in Polish, Romanian or Portuguese are 12500 and
    12500.50. Raises MoneyError with a plain message."""
    try:
        cleaned = plain_number(text, locale)
    except ValueError:
        raise MoneyError(_l("Enter an amount as a number, like 12,500 or 12,500.50")) from None
    if not cleaned:
        raise MoneyError(_l("Enter an amount in pounds, like 12,500"))
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(_l("Enter an amount as a number, like 12,500 or 12,500.50")) from None
    if not amount.is_finite():
        raise MoneyError(_l("Enter an amount as a number, like 12,500 or 12,500.50"))
    if amount < 0:
        raise MoneyError(_l("Enter an amount of 0 or more"))
    if amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise MoneyError(_l("Enter an amount in pounds and pence, like 12,500.50"))
    if amount > maximum:
        raise MoneyError(_l("Enter an amount less than %(maximum)s",
                            maximum=money(maximum)))
    return amount.quantize(PENNY)


# --- The care funding checker --------------------------------------------------------------

class Care(StrEnum):
    at_home = "home"
    care_home = "care-home"


class Outcome(StrEnum):
    full_cost = "full-cost"  # capital above the upper limit
    may_get_help = "may-get-help"  # between the limits: tariff income
    council_pays_most = "council-pays-most"  # at or below the lower limit


# The questions in the order they are asked; which apply depends on earlier answers.
QUESTIONS = ("care-type", "own-home", "someone-at-home", "home-value", "mortgage", "savings")


@dataclass
class Answers:
    """What the person told us. None means not answered (yet)."""

    care: Care | None = None
    own_home: bool | None = None
    someone_at_home: bool | None = None  # a partner, or a relative 60+ or disabled
    home_value: Decimal | None = None
    mortgage: Decimal | None = None
    savings: Decimal | None = None


def questions_for(answers: Answers) -> list[str]:
    """The questions that apply, given the answers so far (care at home skips the home)."""
    asked = ["care-type"]
    if answers.care == Care.care_home:
        asked.append("own-home")
        if answers.own_home:
            asked.append("someone-at-home")
            if answers.someone_at_home is False:
                asked += ["home-value", "mortgage"]
    asked.append("savings")
    return asked


def is_answered(answers: Answers, question: str) -> bool:
    attribute = {"care-type": "care", "own-home": "own_home",
                 "someone-at-home": "someone_at_home", "home-value": "home_value",
                 "mortgage": "mortgage", "savings": "savings"}[question]
    return getattr(answers, attribute) is not None


def first_unanswered(answers: Answers) -> str | None:
    return next((q for q in questions_for(answers) if not is_answered(answers, q)), None)


def tariff_income(capital: Decimal, figures: Figures) -> Decimal:
    """£1 a week for every £250, or part of £250, between the lower and upper limits.

    Above the upper limit there is no tariff: the person pays the full cost.
    """
    if capital <= figures.lower_limit or capital > figures.upper_limit:
        return Decimal(0)
    steps = ((capital - figures.lower_limit) / figures.tariff_step).to_integral_value(
        rounding=ROUND_CEILING)
    return steps * figures.tariff_per_step


def outcome_for(capital: Decimal, figures: Figures) -> Outcome:
    if capital > figures.upper_limit:
        return Outcome.full_cost
    if capital > figures.lower_limit:
        return Outcome.may_get_help
    return Outcome.council_pays_most


class HomeTreatment(StrEnum):
    care_at_home = "care-at-home"  # never counted while you live there
    not_owned = "not-owned"
    disregarded = "disregarded"  # a partner or qualifying relative still lives there
    counted = "counted"


def home_value_counted(value: Decimal, mortgage: Decimal, figures: Figures) -> Decimal:
    """Market value less selling costs (10%) less the debt secured on it, never below 0."""
    after_sale_costs = value - value * figures.sale_costs_percent / 100
    return max(Decimal(0), after_sale_costs - mortgage).quantize(PENNY)


@dataclass
class Assessment:
    outcome: Outcome
    savings: Decimal
    home: HomeTreatment
    home_counted: Decimal
    capital: Decimal
    tariff: Decimal
    above_lower: Decimal
    # With the home counted: the outcome during the first 12 weeks, when it is not.
    first_weeks_outcome: Outcome | None = None
    first_weeks_tariff: Decimal = Decimal(0)
    # Savings alone below the upper limit: a deferred payment agreement may be offered.
    deferred_payment_possible: bool = False
    figures: Figures | None = field(default=None, repr=False)


def assess(answers: Answers, figures: Figures | None = None) -> Assessment:
    """Estimate which of the three outcomes applies, and why. Needs a complete set of answers."""
    figures = figures or load_figures()
    savings = answers.savings or Decimal(0)
    if answers.care == Care.at_home:
        home, home_counted = HomeTreatment.care_at_home, Decimal(0)
    elif not answers.own_home:
        home, home_counted = HomeTreatment.not_owned, Decimal(0)
    elif answers.someone_at_home:
        home, home_counted = HomeTreatment.disregarded, Decimal(0)
    else:
        home = HomeTreatment.counted
        home_counted = home_value_counted(answers.home_value or Decimal(0),
                                          answers.mortgage or Decimal(0), figures)
    capital = savings + home_counted
    assessment = Assessment(
        outcome=outcome_for(capital, figures), savings=savings, home=home,
        home_counted=home_counted, capital=capital, tariff=tariff_income(capital, figures),
        above_lower=max(Decimal(0), min(capital, figures.upper_limit) - figures.lower_limit),
        figures=figures)
    if home == HomeTreatment.counted:
        assessment.first_weeks_outcome = outcome_for(savings, figures)
        assessment.first_weeks_tariff = tariff_income(savings, figures)
        assessment.deferred_payment_possible = savings < figures.upper_limit
    return assessment


OUTCOME_HEADINGS = {
    Outcome.full_cost: _l("You are likely to pay the full cost of your care"),
    Outcome.may_get_help: _l("You may get help from the council"),
    Outcome.council_pays_most: _l("The council is likely to pay most of the cost of your care"),
}


def summary(answers: Answers | Mapping[str, str], figures: Figures | None = None
            ) -> list[tuple[str, str]]:
    """(label, text) lines for a printed summary or a booklet: answers, result and the figures."""
    if not isinstance(answers, Answers):
        from hub.funding.forms import read_answers

        answers = read_answers(answers).answers
    figures = figures or load_figures()
    result = assess(answers, figures)
    care = {Care.at_home: _("Care at home"), Care.care_home: _("Care in a care home")}
    home = {
        HomeTreatment.care_at_home: _("Not counted: you get care at home"),
        HomeTreatment.not_owned: _("You do not own your home"),
        HomeTreatment.disregarded: _("Not counted: a partner or relative still lives there"),
        HomeTreatment.counted: _("Counted: %(amount)s", amount=money(result.home_counted)),
    }
    lines = [
        (_("Type of care"), care.get(answers.care, "")),
        (_("Savings and investments"), money(result.savings)),
        (_("Your home"), home[result.home]),
        (_("Capital counted"), money(result.capital)),
        (_("Estimate"), str(OUTCOME_HEADINGS[result.outcome])),
    ]
    if result.outcome == Outcome.may_get_help:
        lines.append((_("Tariff income"), _("%(amount)s a week", amount=money(result.tariff))))
    lines.append((_("Figures used"), _(
        "England %(year)s: upper limit %(upper)s, lower limit %(lower)s",
        year=figures.year, upper=money(figures.upper_limit), lower=money(figures.lower_limit))))
    lines.append((_("Please note"), _(
        "This is an estimate, not a decision. Only the council can decide after a "
        "financial assessment.")))
    return lines


# --- How long will my savings last --------------------------------------------------------

@dataclass(frozen=True)
class Point:
    week: int
    date: dt.date
    capital: Decimal


class Runway(StrEnum):
    at_limit_now = "now"  # already at or below the upper limit
    never = "never"  # income covers the cost
    too_long = "too-long"  # more than MAX_YEARS away
    reaches_limit = "reaches-limit"


MAX_YEARS = 30


@dataclass
class Projection:
    kind: Runway
    start: dt.date
    capital: Decimal
    shortfall: Decimal
    limit: Decimal
    week: int | None = None  # the week in which capital reaches the upper limit
    limit_date: dt.date | None = None
    contact_date: dt.date | None = None
    contact_now: bool = False
    points: list[Point] = field(default_factory=list)


def project_savings(capital: Decimal, weekly_cost: Decimal, weekly_income: Decimal,
                    start: dt.date, figures: Figures | None = None) -> Projection:
    """When savings fall to the upper limit, paying the shortfall (cost - income) each week.

    Week n ends n weeks after the start date; the limit is reached in the first week whose
    end balance is at or below it, and we advise contacting the council 13 weeks before.
    """
    figures = figures or load_figures()
    shortfall = weekly_cost - weekly_income
    projection = Projection(kind=Runway.reaches_limit, start=start, capital=capital,
                            shortfall=shortfall, limit=figures.upper_limit)
    if capital <= figures.upper_limit:
        projection.kind, projection.contact_now = Runway.at_limit_now, True
        return projection
    if shortfall <= 0:
        projection.kind = Runway.never
        return projection
    week = math.ceil((capital - figures.upper_limit) / shortfall)
    if week > MAX_YEARS * 52:
        projection.kind = Runway.too_long
        return projection
    projection.week = week
    projection.limit_date = start + dt.timedelta(weeks=week)
    contact_week = week - figures.contact_weeks_before
    projection.contact_now = contact_week <= 0
    projection.contact_date = start if projection.contact_now else start + dt.timedelta(
        weeks=contact_week)
    # Rows a table (and the chart) can show: every 4 weeks, or less often for long runs.
    step = 4 if week <= 104 else 13 if week <= 520 else 52
    weeks = [*range(0, week, step), week]
    projection.points = [Point(w, start + dt.timedelta(weeks=w), capital - shortfall * w)
                         for w in weeks]
    return projection


def projection_summary(projection: Projection) -> list[tuple[str, str]]:
    """(label, text) lines for a printed summary or a booklet, like summary() above."""
    lines = [
        (_("Savings at the start"), money(projection.capital)),
        (_("Paid from savings each week"), money(max(projection.shortfall, Decimal(0)))),
    ]
    outcome = {
        Runway.at_limit_now: _("Your savings are already at or below %(limit)s: contact the "
                               "council now.", limit=money(projection.limit)),
        Runway.never: _("Your income covers the cost, so your savings should not fall."),
        Runway.too_long: _("Your savings would last more than %(years)d years.",
                           years=MAX_YEARS),
    }.get(projection.kind)
    if outcome is None:
        outcome = _("Your savings fall to %(limit)s around %(date)s. Contact the council by "
                    "%(contact)s.", limit=money(projection.limit),
                    date=long_date(projection.limit_date),
                    contact=long_date(projection.contact_date))
    lines.append((_("Estimate"), outcome))
    lines.append((_("Please note"), _(
        "This is an estimate, not a decision. Only the council can decide after a "
        "financial assessment.")))
    return lines
