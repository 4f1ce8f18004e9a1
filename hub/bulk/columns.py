"""The directory as a spreadsheet: one row per service, each column written and read back.

A moderator edits the file by hand, so every cell is plain text: lists of short things
(categories, areas) are separated by "; ", lists of several-part things (phones, costs,
places, opening times) have one item per line with its parts separated by " | ". Day
names and codes are English whatever the page's language: the file is data, not a page.

Reading a cell turns it back into the snapshot fields it shows (see
hub.listings.snapshot); a problem raises CellProblem with a plain-English message.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub.directory.models import Delivery, ServiceStatus
from hub.directory.oruk import DAY_CODES, PHONE_NUMBER, WEB_ADDRESS
from hub.listings.forms import AMOUNT, EMAIL, WHOLE_YEARS, language_names
from hub.places.operations import FULL_POSTCODE, format_postcode, normalise_postcode

LIST_SEPARATOR = "; "
PART_SEPARATOR = " | "
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Venue features as the file writes them, in the order of the snapshot's flags.
FEATURE_WORDS = {"step_free": "step-free access", "accessible_toilet": "accessible toilet",
                 "hearing_loop": "hearing loop", "parking": "parking"}
OPENING_TIME = re.compile(r"(?P<days>.*?)\s*(?P<opens>\d{1,2}[:.]\d{2})\s*[-–]\s*"
                          r"(?P<closes>\d{1,2}[:.]\d{2})")
# Excel shows long numbers like 1632960123 or 1.63296E+09: a phone number that lost its 0.
EXCEL_NUMBER = re.compile(r"[1-9]\d{8,10}|\d(\.\d+)?E\+\d+", re.IGNORECASE)


class CellProblem(ValueError):
    """What is wrong with a cell (or the line of it given as `found`)."""

    def __init__(self, message: str, found: str | None = None):
        super().__init__(message)
        self.message = message
        self.found = found


@dataclass(frozen=True)
class Exported:
    """A live listing with what its row shows besides the snapshot."""

    id: str
    organisation_id: str
    organisation: str
    last_checked: dt.date | None
    snapshot: dict[str, Any]


@dataclass
class Reading:
    """What reading a cell may need: the listing as live (None for a new one)."""

    live: dict[str, Any] | None
    category_codes: set[str]


@dataclass(frozen=True)
class Column:
    name: str
    meaning: Any  # a lazy string
    example: str
    write: Callable[[Exported], str]
    # The snapshot fields the cell gives; None for columns shown but never imported.
    read: Callable[[str, Reading], dict[str, Any]] | None


def _limited(text: str, limit: int) -> str:
    if len(text) > limit:
        raise CellProblem(_("This must be %(limit)s characters or fewer (it has %(count)s)",
                            limit=f"{limit:,}", count=f"{len(text):,}"))
    return text


def _plain(key: str, limit: int, check: Callable[[str], None] | None = None) -> Callable:
    """Reads a cell holding one text field of the snapshot as it is."""

    def read(text: str, reading: Reading) -> dict[str, Any]:
        if text and check:
            check(text)
        return {key: _limited(text, limit)}

    return read


def _read_name(text: str, reading: Reading) -> dict[str, Any]:
    if not text:
        raise CellProblem(_("Enter the name of the service"))
    return {"name": _limited(text, 255)}


def _check_email(text: str) -> None:
    if not EMAIL.fullmatch(text):
        raise CellProblem(_("Enter an e-mail address like name@example.org"))


def _check_website(text: str) -> None:
    if not WEB_ADDRESS.fullmatch(text):
        raise CellProblem(_("Enter the website address starting with https:// or http://"))


def _items(text: str) -> list[str]:
    """The "; "-separated items of a cell, without blanks or repeats."""
    return list(dict.fromkeys(filter(None, (item.strip() for item in text.split(";")))))


def _lines(text: str) -> list[list[str]]:
    """One item per line, each split into its " | "-separated parts."""
    return [[part.strip() for part in line.split("|")]
            for line in text.splitlines() if line.strip()]


def _joined(*parts: str) -> str:
    """Parts of one item, leaving off empty parts at the end."""
    kept = list(parts)
    while kept and not kept[-1]:
        kept.pop()
    return PART_SEPARATOR.join(kept)


def _keep_order(chosen: list[str], before: list[str]) -> list[str]:
    """So reordering nothing shows no change: those already there first, as they were."""
    return [v for v in before if v in chosen] + [v for v in chosen if v not in before]


def _live(reading: Reading, key: str) -> list:
    return (reading.live or {}).get(key) or []


# Status

def _read_status(text: str, reading: Reading) -> dict[str, Any]:
    try:
        return {"status": ServiceStatus(text.lower()).value}
    except ValueError:
        raise CellProblem(_("Write the status as active, temporarily closed or inactive"
                            )) from None


# Ages

def _age(key: str, message: Any) -> Callable:
    def read(text: str, reading: Reading) -> dict[str, Any]:
        if text and not (WHOLE_YEARS.fullmatch(text) and int(text) <= 120):
            raise CellProblem(str(message))
        return {key: int(text) if text else None}

    return read


# Lists separated by "; "

def _read_delivery(text: str, reading: Reading) -> dict[str, Any]:
    known = [method.value for method in Delivery]
    chosen = _items(text.lower())
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise CellProblem(_("%(found)s is not a way of providing a service. Use %(known)s",
                            found=unknown[0], known=", ".join(known)), unknown[0])
    return {"delivery": _keep_order(chosen, _live(reading, "delivery"))}


def _read_categories(text: str, reading: Reading) -> dict[str, Any]:
    chosen = _items(text)
    if not chosen:
        raise CellProblem(_("Give at least one category code, like meals"))
    for code in chosen:
        if code not in reading.category_codes:
            raise CellProblem(_("There is no category with the code %(code)s. Check it "
                                "against the categories of a fresh export", code=code), code)
    return {"categories": sorted(chosen)}


def _read_areas(text: str, reading: Reading) -> dict[str, Any]:
    return {"areas": [_limited(area, 255) for area in _items(text)]}


def _read_languages(text: str, reading: Reading) -> dict[str, Any]:
    known = set(language_names().values())
    chosen = [code.lower() for code in _items(text)]
    for code in chosen:
        if code not in known:
            raise CellProblem(_("%(code)s is not a language code. Use two-letter codes "
                                "like pl for Polish", code=code), code)
    return {"languages": _keep_order(chosen, _live(reading, "languages"))}


# Phones: "number | what it is for"

def _write_phones(row: Exported) -> str:
    return "\n".join(_joined(p["number"], p["description"]) for p in row.snapshot["phones"])


def _read_phones(text: str, reading: Reading) -> dict[str, Any]:
    phones = []
    for line in _lines(text):
        number, description = [*line, ""][:2]
        if EXCEL_NUMBER.fullmatch(number):
            raise CellProblem(_("This looks like a phone number a spreadsheet changed into a "
                                "number, losing its first 0. Write it with a space, like "
                                "01632 960123, and keep the column as text"), number)
        if not PHONE_NUMBER.fullmatch(number):
            raise CellProblem(_("Write each phone number using only numbers, spaces and "
                                "+ ( ) -, like 01632 960123 | bookings"), " | ".join(line))
        phones.append({"number": number, "description": _limited(description, 255)})
    return {"phones": phones}


# Costs: "what it is for | amount | more about it"

def _write_costs(row: Exported) -> str:
    return "\n".join(_joined(c["option"], c["amount"], c["amount_description"])
                     for c in row.snapshot["cost_options"])


def _read_costs(text: str, reading: Reading) -> dict[str, Any]:
    costs = []
    for line in _lines(text):
        option, amount, description = [*line, "", ""][:3]
        amount = amount.removeprefix("£").replace(",", "")
        if amount and not AMOUNT.fullmatch(amount):
            raise CellProblem(_("Write each cost as what it is for | amount in pounds | more "
                                "about it, like Lunch | 4.50 | per person"), " | ".join(line))
        costs.append({"option": _limited(option, 255),
                      "amount": f"{Decimal(amount):.2f}" if amount else "",
                      "amount_description": _limited(description, 255)})
    return {"cost_options": costs}


# Places: "name | street address | town | postcode | features"

def _features(item: dict[str, Any]) -> str:
    return ", ".join(words for key, words in FEATURE_WORDS.items() if item.get(key))


def _location_line(item: dict[str, Any]) -> str:
    return _joined(item["name"], item["address"], item["city"], item["postcode"],
                   _features(item))


def _write_locations(row: Exported) -> str:
    return "\n".join(_location_line(item) for item in row.snapshot["locations"])


def _read_locations(text: str, reading: Reading) -> dict[str, Any]:
    live = list(_live(reading, "locations"))
    read = []
    for line in _lines(text):
        same = next((item for item in live if _location_line(item) == _joined(*line)), None)
        if same:
            live.remove(same)
            read.append(same)
        else:
            read.append(_read_place(line))
    # An edited place takes the id of a live place no longer written as it was, in order,
    # so its history and any other listing at the same venue stay linked.
    leftover = iter(live)
    return {"locations": [item if item["id"] else _placed(item, next(leftover, None))
                          for item in read]}


def _read_place(line: list[str]) -> dict[str, Any]:
    shown = PART_SEPARATOR.join(line)
    if len(line) < 4 or len(line) > 5:
        raise CellProblem(_("Write each place on its own line as name | street address | "
                            "town | postcode | features"), shown)
    name, address, city, postcode, features = [*line, ""][:5]
    if not FULL_POSTCODE.fullmatch(normalise_postcode(postcode)):
        raise CellProblem(_("%(postcode)s is not a full postcode. Write it like %(example)s",
                            postcode=postcode or _("(empty)"),
                            example=current_app.config["POSTCODE_EXAMPLE"]), shown)
    words = [word.lower() for word in _items(features.replace(",", ";"))]
    unknown = [word for word in words if word not in FEATURE_WORDS.values()]
    if unknown:
        raise CellProblem(_("%(found)s is not a feature of a place. Use %(known)s",
                            found=unknown[0], known=", ".join(FEATURE_WORDS.values())), shown)
    return {"id": None, "name": _limited(name, 255), "address": _limited(address, 500),
            "city": _limited(city, 100), "postcode": format_postcode(postcode),
            "ward": "", "latitude": None, "longitude": None,
            **{key: phrase in words for key, phrase in FEATURE_WORDS.items()}}


def _placed(item: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    """An edited place as the live place it replaces; its map point stays if the postcode
    did (publishing finds the point of a new postcode)."""
    if before is None:
        return item
    same_point = before["postcode"] == item["postcode"]
    return {**item, "id": before["id"],
            **({name: before.get(name) for name in ("ward", "latitude", "longitude")}
               if same_point else {})}


# Opening times: "Mon-Fri 09:00-17:00 | notes"

def _days_text(byday: str) -> str:
    """MO,TU,WE,TH,FR -> Mon-Fri; runs of three or more days in week order become ranges."""
    codes = [code for code in byday.split(",") if code in DAY_CODES]
    groups: list[list[int]] = []
    for index in (DAY_CODES.index(code) for code in codes):
        if groups and index == groups[-1][-1] + 1:
            groups[-1].append(index)
        else:
            groups.append([index])
    parts = []
    for group in groups:
        if len(group) >= 3:
            parts.append(f"{DAY_NAMES[group[0]]}-{DAY_NAMES[group[-1]]}")
        else:
            parts.extend(DAY_NAMES[index] for index in group)
    return ", ".join(parts)


def _write_times(row: Exported) -> str:
    lines = []
    for item in row.snapshot["schedules"]:
        times = f"{item['opens_at']}-{item['closes_at']}" if item["opens_at"] else ""
        when = " ".join(filter(None, (_days_text(item["byday"]), times)))
        lines.append(_joined(when, item["notes"]))
    return "\n".join(lines)


def _day(name: str) -> int:
    wanted = name.strip().lower()
    for index, (short, code) in enumerate(zip(DAY_NAMES, DAY_CODES, strict=True)):
        if wanted in (short.lower(), code.lower()) or (
                len(wanted) > 3 and dt.date(2024, 1, 1 + index).strftime("%A").lower()
                .startswith(wanted)):
            return index
    raise KeyError(name)


def _days(text: str) -> list[str]:
    """Mon-Fri, Sun -> MO,TU,WE,TH,FR,SU (a range may run over the weekend: Sat-Mon)."""
    chosen: list[int] = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        ends = [_day(end) for end in re.split(r"\s*[-–]\s*", part)]
        if len(ends) == 1:
            chosen.append(ends[0])
        elif len(ends) == 2:
            chosen.extend((ends[0] + step) % 7 for step in range((ends[1] - ends[0]) % 7 + 1))
        else:
            raise KeyError(part)
    return [DAY_CODES[index] for index in dict.fromkeys(chosen)]


def _clock(text: str) -> str:
    hours, minutes = re.split(r"[:.]", text)
    if int(hours) > 23 or int(minutes) > 59:
        raise ValueError(text)
    return f"{int(hours):02d}:{minutes}"


def _read_times(text: str, reading: Reading) -> dict[str, Any]:
    schedules = []
    example = _("Write each opening time on its own line like Mon-Fri 09:00-17:00 | notes")
    for line in _lines(text):
        shown = PART_SEPARATOR.join(line)
        when, notes = line[0], PART_SEPARATOR.join(line[1:])
        match = OPENING_TIME.fullmatch(when)
        if match is None and re.search(r"\d", when):
            raise CellProblem(_("%(found)s is not a time we can read. ", found=when)
                              + example, shown)
        try:
            byday = _days(match["days"] if match else when)
            opens, closes = (_clock(match["opens"]), _clock(match["closes"])) if match else (
                "", "")
        except (KeyError, ValueError):
            raise CellProblem(example, shown) from None
        if not byday:
            raise CellProblem(_("Say which days, like Mon-Fri or Tue, Thu"), shown)
        if opens and closes <= opens:
            raise CellProblem(_("The closing time must be after the opening time"), shown)
        schedules.append({"byday": ",".join(byday), "opens_at": opens, "closes_at": closes,
                          "notes": notes})
    return {"schedules": schedules}


def check_last_checked(text: str) -> None:
    """Never imported (publishing is itself a check), but a date a spreadsheet re-wrote
    means it may have changed other cells too."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        message = _("A spreadsheet changed this date's format. Dates must stay like "
                    "2026-03-01; other cells may have been changed too. Open the file with "
                    "every column as text (in Excel: Data, From Text/CSV)")
        raise CellProblem(message) from None


def _text(key: str) -> Callable[[Exported], str]:
    return lambda row: str(row.snapshot[key] or "")


def _list(key: str) -> Callable[[Exported], str]:
    return lambda row: LIST_SEPARATOR.join(row.snapshot[key])


def _optional_number(key: str) -> Callable[[Exported], str]:
    return lambda row: "" if row.snapshot[key] is None else str(row.snapshot[key])


COLUMNS = (
    Column("id", _l("The listing's id: keep it as it is. Leave it empty to propose a new "
                    "listing."), "3f1c9a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
           lambda row: row.id, None),
    Column("name", _l("Name of the service (needed)"), "Acomb lunch club",
           _text("name"), _read_name),
    Column("organisation", _l("The organisation's name as the hub has it (or its id, if "
                              "two share a name). A new listing needs one; an existing "
                              "listing's cannot be changed here."),
           "Acomb Community Trust", lambda row: row.organisation, None),
    Column("status", _l("active, temporarily closed or inactive (withdrawn)"), "active",
           _text("status"), _read_status),
    Column("description", _l("What it offers; line breaks are kept"),
           "A hot two-course lunch and a chat.", _text("description"),
           _plain("description", 5000)),
    Column("eligibility", _l("Who it is for"), "People over 65", _text("eligibility"),
           _plain("eligibility", 2000)),
    Column("minimum_age", _l("Youngest age in years, or empty"), "65",
           _optional_number("minimum_age"), _age("minimum_age", _l(
               "Write the youngest age as a whole number from 0 to 120, or leave it empty"))),
    Column("maximum_age", _l("Oldest age in years, or empty"), "",
           _optional_number("maximum_age"), _age("maximum_age", _l(
               "Write the oldest age as a whole number from 0 to 120, or leave it empty"))),
    Column("how_to_access", _l("How to use it"), "Just turn up", _text("how_to_access"),
           _plain("how_to_access", 2000)),
    Column("delivery", _l("How it is provided: in-person, at-home, online, phone, separated "
                          "by semicolons"), "in-person; phone", _list("delivery"),
           _read_delivery),
    Column("categories", _l("Category codes separated by semicolons (at least one)"),
           "meals; social-clubs", _list("categories"), _read_categories),
    Column("fees", _l("Fees in words; empty if it is free"), "£3.50 a meal", _text("fees"),
           _plain("fees", 1000)),
    Column("costs", _l("One cost a line: what it is for | amount in pounds | more about it"),
           "Lunch | 3.50 | per person", _write_costs, _read_costs),
    Column("phones", _l("One phone number a line: number | what it is for"),
           "01632 960123 | bookings", _write_phones, _read_phones),
    Column("email", _l("E-mail address"), "lunch@example.org", _text("email"),
           _plain("email", 255, _check_email)),
    Column("website", _l("Website, starting https://"), "https://example.org/lunch",
           _text("website"), _plain("website", 500, _check_website)),
    Column("locations", _l("One place a line: name | street address | town | postcode | "
                           "features (step-free access, accessible toilet, hearing loop, "
                           "parking)"),
           "Acomb Library | 1 Front Street | York | YO24 3BZ | step-free access",
           _write_locations, _read_locations),
    Column("opening_times", _l("One a line: days, opening and closing times (24-hour) | "
                               "notes. Days: Mon Tue Wed Thu Fri Sat Sun, or ranges like "
                               "Mon-Fri"),
           "Mon-Fri 09:00-17:00 | not bank holidays", _write_times, _read_times),
    Column("areas", _l("Areas covered, separated by semicolons"), "Acomb; Westfield",
           _list("areas"), _read_areas),
    Column("languages", _l("Languages spoken as two-letter codes, separated by semicolons"),
           "en; pl", _list("languages"), _read_languages),
    Column("last_checked", _l("When the listing was last checked (shown only: publishing a "
                              "change counts as a check)"), "2026-03-01",
           lambda row: row.last_checked.isoformat() if row.last_checked else "", None),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)


def row_of(exported: Exported) -> list[str]:
    return [column.write(exported) for column in COLUMNS]


# Cells a spreadsheet would run as a formula get an apostrophe in front (so would a cell
# already starting with one, so reading it back is exact); reading takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@")


def protected(cell: str) -> str:
    if cell[:1] in FORMULA_STARTS or (cell[:1] == "'" and cell[1:2] in (*FORMULA_STARTS, "'")):
        return "'" + cell
    return cell


def unprotected(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in (*FORMULA_STARTS, "'") else cell
