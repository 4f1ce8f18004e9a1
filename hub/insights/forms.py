"""The dashboard's date range (GOV.UK date inputs, read from the address so a view can be
bookmarked) and the form that adds a synonym group."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from hub.search.synonyms import group_terms

LONGEST_TERM = 60
MOST_TERMS = 12


@dataclass
class DateRange:
    start: dt.date
    end: dt.date
    values: Mapping[str, str]  # what was typed, shown again as it was
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]

    def as_args(self) -> dict[str, int]:
        """The range as the address of this view, its CSV files and its links."""
        return {f"{name}-{part}": getattr(day, part)
                for name, day in (("from", self.start), ("to", self.end))
                for part in ("day", "month", "year")}


def default_start(today: dt.date) -> dt.date:
    """The first day of the month eleven months ago: twelve months with this one."""
    month = today.year * 12 + today.month - 1 - 11
    return dt.date(month // 12, month % 12 + 1, 1)


# Each date's messages: the parts are missing or not numbers; they make no real date.
PROBLEMS = {
    "from": (_l("Enter the start date with a day, month and year, like 1 4 2026"),
             _l("Enter a real start date, like 1 4 2026")),
    "to": (_l("Enter the end date with a day, month and year, like 30 4 2026"),
           _l("Enter a real end date, like 30 4 2026")),
}


def _read_day(args: Mapping[str, str], name: str) -> tuple[dt.date | None, str]:
    incomplete, unreal = PROBLEMS[name]
    parts = [args.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]
    if not all(part.isdigit() and len(part) <= 4 for part in parts):
        return None, str(incomplete)
    day, month, year = (int(part) for part in parts)
    try:
        found = dt.date(year, month, day)
    except ValueError:
        found = None
    if found is None or not 2000 <= year <= 2200:
        return None, str(unreal)
    return found, ""


def read_date_range(args: Mapping[str, str], today: dt.date) -> DateRange:
    """From and to as typed; the last twelve months when nothing was typed."""
    chosen = DateRange(default_start(today), today, args)
    if not any(args.get(f"{name}-{part}", "").strip() for name in ("from", "to")
               for part in ("day", "month", "year")):
        return chosen
    start, problem = _read_day(args, "from")
    if problem:
        chosen.errors["from-day"] = problem
    end, problem = _read_day(args, "to")
    if problem:
        chosen.errors["to-day"] = problem
    if start and end and end < start:
        chosen.errors["to-day"] = str(_l("The end date must be the same as or after the start "
                                         "date"))
    if not chosen.errors:
        chosen.start, chosen.end = start, end
    return chosen


def _strip(text: str | None) -> str | None:
    return text.strip() if text else text


class SynonymForm(FlaskForm):
    terms = StringField(
        _l("Words that mean the same"),
        description=_l("Separate them with commas, for example: chiropody, podiatry, foot care. "
                       "The first is the main word."),
        widget=GovTextInput(), filters=[_strip],
        validators=[DataRequired(_l("Enter at least two words or phrases, separated by commas")),
                    Length(max=500, message=_l("Enter 500 characters or fewer"))])
    submit = SubmitField(_l("Add these synonyms"), widget=GovSubmitInput())

    def validate_terms(self, field) -> None:
        terms = group_terms(field.data or "")
        if len(terms) < 2:
            raise ValidationError(_l("Enter at least two words or phrases, separated by commas"))
        if len(terms) > MOST_TERMS:
            raise ValidationError(_l("Enter %(most)s words or phrases or fewer", most=MOST_TERMS))
        if any(len(term) > LONGEST_TERM for term in terms):
            raise ValidationError(_l("Each word or phrase must be %(longest)s characters or "
                                     "fewer", longest=LONGEST_TERM))
