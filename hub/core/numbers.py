"""Amounts of money as people type them, read the reader's way.

English (and Chinese and Arabic) readers write 12,500.50: commas between thousands, a point
before the pence. Polish, Romanian and Portuguese readers write 12 500,50 or 12.500,50: a
comma before the pence, spaces or points between thousands, so "12.500" is twelve thousand
five hundred, not £12.50. Pence never have three digits, so in those languages a lone point
or comma with exactly three digits after it separates thousands ("12,500" is 12500 too).
Full-width (１２，５００) and Arabic-Indic (١٢٬٥٠٠) digits and separators are read as well;
"£" and spaces are left out.
"""

import re
import unicodedata
from decimal import Decimal

from babel import Locale
from babel.numbers import get_decimal_symbol
from flask_babel import get_locale

_ARABIC = str.maketrans({"٫": ".", "٬": ",", "،": ","} | {
    chr(start + n): str(n) for start in (0x0660, 0x06F0) for n in range(10)})
_IGNORED = re.compile(r"[\s£]")


def _decimal_symbol(locale: Locale | str | None) -> str:
    locale = locale if locale is not None else get_locale()
    return get_decimal_symbol(locale or "en")


def plain_number(text: str, locale: Locale | str | None = None) -> str:
    """What a reader typed as a plain number for Decimal(): '£12,500.50' in English and
    '12.500,50' in Polish both give '12500.50'; "" for nothing typed. Raises ValueError when
    the thousands are grouped wrongly ("1.23.456")."""
    cleaned = _IGNORED.sub("", unicodedata.normalize("NFKC", text or "").translate(_ARABIC))
    if _decimal_symbol(locale) != ",":
        return cleaned.replace(",", "")  # the English rule: commas only group thousands
    return _comma_decimal(cleaned)


def _comma_decimal(text: str) -> str:
    separators = [char for char in text if char in ".,"]
    if not separators:
        return text
    if len(set(separators)) == 2:  # 12.500,50 (or 12,500.50): the last one marks the pence
        decimal = separators[-1]
        group = "," if decimal == "." else "."
    else:
        mark = separators[0]
        whole, _, rest = text.rpartition(mark)
        thousands = len(separators) > 1 or (len(rest) == 3 and rest.isdigit() and whole)
        decimal, group = (None, mark) if thousands else (mark, None)
    if decimal and text.count(decimal) > 1:
        raise ValueError(f"More than one decimal separator in {text!r}")
    whole, _, pence = text.rpartition(decimal) if decimal else (text, "", "")
    if group:
        first, *groups = whole.split(group)
        if not (1 <= len(first.lstrip("+-")) <= 3) or any(len(g) != 3 for g in groups):
            raise ValueError(f"Thousands grouped wrongly in {text!r}")
        whole = "".join((first, *groups))
    return f"{whole}.{pence}" if decimal else whole


def plain_amount(amount: Decimal) -> str:
    """12500 or 12500.50: an amount written so that plain_number() reads it the same in every
    language (for carrying an answer from page to page)."""
    text = f"{amount.quantize(Decimal('0.01')):f}"
    return text.removesuffix(".00")
