"""Dates in words, the reader's way: one rule for pages, e-mails, booklets and day sheets.

English keeps the UK's order ("24 November 2026"; Babel's plain "en" is American,
"November 24, 2026"). Every other language gets its own CLDR format ("24 listopada 2026",
"2026年11月24日", "24 de novembro de 2026"), never English's pattern with translated month
names ("24 十一月 2026"). Times stay 24-hour HH:mm everywhere.
"""

import datetime as dt
import re

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import match_skeleton
from flask_babel import get_locale, to_user_timezone

# style: (the English pattern, the CLDR format or skeleton other languages use for it)
STYLES = {
    "long": ("d MMMM yyyy", "long"),  # 24 November 2026
    "full": ("EEEE d MMMM yyyy", "full"),  # Tuesday 24 November 2026
    "day": ("EEEE d MMMM", "MMMMEEEEd"),  # Tuesday 24 November
    "short_day": ("EEE d MMM", "MMMEd"),  # Tue 24 Nov
}
_SHORT_WEEKDAY = re.compile(r"(?<![Ec])(E{1,3}|c{3})(?![Ec])")


def _locale(locale: Locale | str | None) -> Locale:
    if locale is None:
        locale = get_locale()  # the page's, or a booklet's inside its force_locale()
    return Locale.parse(locale) if locale is not None else Locale("en")


def local_date(date: dt.date | None, style: str = "long",
               locale: Locale | str | None = None) -> str:
    """`date` in words in the reader's language (or `locale`); "" for no date."""
    if date is None:
        return ""
    if isinstance(date, dt.datetime):
        date = to_user_timezone(date).date()
    english, other = STYLES[style]
    reader = _locale(locale)
    if reader.language == "en":
        return babel_format_date(date, english, locale=reader)
    if other in ("long", "full"):
        return babel_format_date(date, other, locale=reader)
    return babel_format_date(date, _skeleton_pattern(other, reader), locale=reader)


def long_date(date: dt.date | None, locale: Locale | str | None = None) -> str:
    """'24 November 2026', '24 listopada 2026', '2026年11月24日'."""
    return local_date(date, "long", locale)


def long_datetime(moment: dt.datetime | None, locale: Locale | str | None = None) -> str:
    """'24 November 2026, 14:05' in the hub's time zone."""
    if moment is None:
        return ""
    local = to_user_timezone(moment)
    return f"{local_date(local.date(), 'long', locale)}, {local:%H:%M}"


def _skeleton_pattern(skeleton: str, locale: Locale) -> str:
    """The locale's pattern for a skeleton, with the weekday written in full when the
    skeleton asks for it (CLDR keeps only abbreviated ones: "wt., 24 listopada")."""
    best = match_skeleton(skeleton, locale.datetime_skeletons) or "MMMEd"
    pattern = locale.datetime_skeletons[best].pattern
    if "EEEE" in skeleton:
        pattern = _SHORT_WEEKDAY.sub(lambda m: "EEEE" if m.group(1)[0] == "E" else "cccc",
                                     pattern)
    return pattern
