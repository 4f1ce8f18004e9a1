"""The printable day sheet: an A4 list of a venue's appointments for one day, with a box
to tick for each person who came and free rows to write walk-ins in by hand.

Text is set with the booklet renderer's helpers (hub.booklets.pdf.text), so a name in any
script prints, and every font is embedded.
"""

import datetime as dt
import io

from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from hub.booklets.pdf import fonts
from hub.booklets.pdf.styles import BRAND, GREY, RULE, TINT
from hub.booklets.pdf.text import TextStyle, draw_line, paragraph, shorten
from hub.core.dates import local_date
from hub.talking_points.models import Booking, BookingStatus
from hub.talking_points.operations import spaced_reference
from hub.talking_points.queries import Day, TimeRow, needs_in_words, topics_in_words

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
FOOTER = 10 * mm
FREE_ROW = 14 * mm
DIRECTION = "ltr"  # the sheet's columns; each paragraph still finds its own direction
# Time, person, what about, needs, came: the person column is the widest.
COLUMNS = (0.10, 0.33, 0.22, 0.25, 0.10)

BODY = TextStyle(10)
BOLD = TextStyle(10, "bold")
QUIET = TextStyle(9, colour=GREY)
HEADER = TextStyle(9.5, "bold", BRAND)
TITLE = TextStyle(18, "bold", BRAND, space_after=2)
SUBTITLE = TextStyle(13, "bold", space_after=2)
NOTE = TextStyle(10.5, space_after=4)
FOOT = TextStyle(8, colour=GREY)


class TickBox(Flowable):
    """A square to tick by hand; ticked already for someone marked as came."""

    def __init__(self, ticked: bool = False, size: float = 5 * mm):
        super().__init__()
        self.ticked, self.size = ticked, size

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.size
        return availWidth, self.size

    def draw(self):
        canv, size = self.canv, self.size
        left = (self.width - size) / 2
        canv.setStrokeColor(black)
        canv.setLineWidth(1)
        canv.rect(left, 0, size, size)
        if self.ticked:
            canv.setLineWidth(1.5)
            canv.lines([(left + size * 0.2, size * 0.5, left + size * 0.42, size * 0.22),
                        (left + size * 0.42, size * 0.22, left + size * 0.82, size * 0.8)])


def _para(text: str, style: TextStyle = BODY) -> Flowable:
    return paragraph(text, style, DIRECTION)


def _person(booking: Booking) -> list[Flowable]:
    cells = [_para(booking.name or _("(name erased)"), BOLD)]
    if booking.walk_in:
        cells.append(_para(_("Walk-in"), QUIET))
    if booking.for_someone_else and booking.booker_name:
        cells.append(_para(_("Booked by %(name)s", name=booking.booker_name)))
    contact = [part for part in (booking.phone, booking.email) if part]
    if contact:
        cells.append(_para(" · ".join(contact)))
    if not booking.walk_in:
        cells.append(_para(_("Ref. %(reference)s", reference=spaced_reference(booking.reference)),
                           QUIET))
    if booking.status == BookingStatus.no_show:
        cells.append(_para(_("Marked as did not come"), QUIET))
    return cells


def _lines(words: list[str]) -> list[Flowable]:
    return [_para(word) for word in words] or [_para("–", QUIET)]


def _time(row: TimeRow, first: bool) -> list[Flowable]:
    """The time on every row, so a block that runs onto the next page still shows it."""
    cells = [_para(f"{row.local_start:%H:%M}", BOLD if first else QUIET)]
    if first and not row.capacity:
        cells.append(_para(_("Not a session time any more"), QUIET))
    return cells


def _rows(day: Day) -> tuple[list[list], list[float | None], list[tuple]]:
    """The table's rows, their heights (None: as tall as the text) and the style commands
    that shade every other time's block."""
    rows: list[list] = []
    heights: list[float | None] = []
    shading: list[tuple] = []
    for number, row in enumerate(day.rows):
        first = len(rows) + 1  # after the header row
        for booking in row.bookings:
            rows.append([_time(row, len(rows) + 1 == first), _person(booking),
                         _lines(topics_in_words(booking)), _lines(needs_in_words(booking)),
                         TickBox(booking.status == BookingStatus.attended)])
            heights.append(None)
        for _place in range(row.free):
            rows.append([_time(row, len(rows) + 1 == first),
                         _para(_("Free: write in a walk-in"), QUIET), "", "", TickBox()])
            heights.append(FREE_ROW)  # room to write a name and phone number
        if number % 2:
            shading.append(("BACKGROUND", (0, first), (-1, len(rows)), TINT))
    return rows, heights, shading


class DaySheet:
    def __init__(self, day: Day):
        self.day = day
        self.hub = current_app.config["HUB_NAME"]
        self.date = _long_date(day.day)

    def render(self) -> bytes:
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN + FOOTER,
            title=_("Day sheet: %(venue)s, %(date)s", venue=self.day.venue.name,
                    date=self.date),
            author=self.hub, creator=self.hub, lang=str(get_locale() or "en").replace("_", "-"),
            # Each page opens in this font; the default, Helvetica, would not be embedded.
            initialFontName="LiberationSans")
        document.build(self._story(document.width), onFirstPage=self._footer,
                       onLaterPages=self._footer)
        return buffer.getvalue()

    def _story(self, width: float) -> list[Flowable]:
        day, venue = self.day, self.day.venue
        story: list[Flowable] = [
            _para(_("Talking Point day sheet"), QUIET),
            _para(venue.name, TITLE),
            _para(self.date, SUBTITLE),
        ]
        if venue.one_line_address:
            story.append(_para(venue.one_line_address, NOTE))
        booked = sum(len(row.bookings) for row in day.rows)
        if day.closed:
            story.append(_para(_("No sessions: %(reason)s", reason=day.closed), NOTE))
        if not day.rows:
            if not day.closed:
                story.append(_para(_("There are no sessions at this venue on this day."), NOTE))
            return story
        free = sum(row.free for row in day.rows)
        story.append(_para(ngettext("%(booked)s booked, %(num)s free place.",
                                    "%(booked)s booked, %(num)s free places.", free,
                                    booked=booked), NOTE))
        story.append(Spacer(0, 3 * mm))
        header = [_para(text, HEADER) for text in (
            _("Time"), _("Person and contact"), _("Wants to talk about"), _("Needs"),
            _("Came"))]
        rows, heights, shading = _rows(day)
        table = Table([header, *rows], colWidths=[width * share for share in COLUMNS],
                      rowHeights=[None, *heights], repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), "LiberationSans"),  # not Helvetica: embedded
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, BRAND),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            *shading,
        ]))
        story.append(table)
        return story

    def _footer(self, canv: Canvas, document) -> None:
        y = MARGIN + FOOTER / 3
        canv.setStrokeColor(RULE)
        canv.line(MARGIN, y + FOOT.leading, PAGE_WIDTH - MARGIN, y + FOOT.leading)
        text = shorten(f"{self.day.venue.name} – {self.date}", FOOT, document.width * 0.7)
        draw_line(canv, text, FOOT, DIRECTION, MARGIN, y, "left")
        draw_line(canv, _("Page %(number)s", number=canv.getPageNumber()), FOOT, DIRECTION,
                  PAGE_WIDTH - MARGIN, y, "right")


def _long_date(day: dt.date) -> str:
    return local_date(day, "full")


def render_day_sheet(day: Day) -> bytes:
    """The day sheet as PDF bytes; call in an app context (labels come from Babel)."""
    fonts.register()
    return DaySheet(day).render()
