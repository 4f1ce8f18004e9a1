"""Bar charts drawn on the server as SVG: one bar a month, across the page, so the month
names and numbers stay the same size as the text on a 320 px screen. Every chart has a
text alternative and the same numbers as a table."""

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_skeleton
from flask_babel import format_decimal as format_number
from flask_babel import get_locale
from flask_babel import gettext as _

WIDTH = 360
LABEL_WIDTH = 84  # the month
VALUE_WIDTH = 64  # the number after each bar
ROW = 30
BAR = 20


def month_name(month: dt.date) -> str:
    """"Apr 2026", in the reader's language."""
    return format_skeleton("yMMM", month, locale=get_locale() or "en")


@dataclass(frozen=True)
class Bar:
    month: str
    value: int
    label_y: int  # the baseline of the month and the number
    bar_y: int
    bar_width: float
    value_x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    summary: str  # the text alternative


def bar_chart(months: list[dt.date], values: list[int]) -> Chart:
    longest = max(values, default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for row, (month, value) in enumerate(zip(months, values, strict=True)):
        width = room * value / longest
        top = row * ROW
        bars.append(Bar(month_name(month), value, top + ROW - 10, top + (ROW - BAR) // 2,
                        width, LABEL_WIDTH + width + 6))
    return Chart(WIDTH, len(months) * ROW, LABEL_WIDTH, bars, _summary(months, values))


def _summary(months: list[dt.date], values: list[int]) -> str:
    if not months:
        return ""
    if not any(values):
        return _("None in any month from %(first)s to %(last)s.",
                 first=month_name(months[0]), last=month_name(months[-1]))
    high = max(range(len(values)), key=lambda i: (values[i], -i))
    low = min(range(len(values)), key=lambda i: (values[i], i))
    return _("From %(first)s to %(last)s: %(total)s in all. Most in %(high_month)s "
             "(%(high)s), fewest in %(low_month)s (%(low)s).",
             first=month_name(months[0]), last=month_name(months[-1]),
             total=format_number(sum(values)), high_month=month_name(months[high]),
             high=format_number(values[high]), low_month=month_name(months[low]),
             low=format_number(values[low]))
