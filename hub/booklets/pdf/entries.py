"""One service or guide as flowables: what a reader needs to use it, then where to check."""

import datetime as dt

from flask_babel import gettext as _
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer

from hub.booklets.contents import Entry, GuideEntry, Place, ServiceEntry
from hub.booklets.pdf.layout import Box, Rows, Stack
from hub.booklets.pdf.markdown import markdown
from hub.booklets.pdf.qr import QrCode
from hub.booklets.pdf.styles import (
    BRAND,
    NOTE_BACKGROUND,
    NOTE_BORDER,
    QR_SIZE,
    RULE,
    WARNING_BACKGROUND,
    WARNING_BORDER,
    Styles,
)
from hub.booklets.pdf.text import Span
from hub.core.dates import long_date as local_long_date


def long_date(date: dt.date) -> str:
    return local_long_date(date)  # as the web pages write dates


def service(entry: ServiceEntry, lead: list[Flowable], s: Styles,
            language: str) -> list[Flowable]:
    """A service, kept on one page when it fits; `lead` goes first (anchors, a section's
    heading) so that nothing is left alone at the foot of a page."""
    who = markdown(entry.eligibility, s) + ([s.para(entry.ages, s.body)] if entry.ages else [])
    facts = [
        (_("What it offers"), markdown(entry.description, s)),
        (_("Who it is for"), who or [s.para(_("Anyone."), s.body)]),
        (_("How to get it"), markdown(entry.how_to_access, s)),
        (_("Cost"), [s.para(line, s.body) for line in entry.cost]),
        (_("How to contact"), [s.para([Span(_("%(label)s:", label=label), "bold"),
                                       Span(f" {value}")], s.body)
                               for label, value in entry.contacts]),
        (_("How to get there"), [_place(place, s) for place in entry.places]),
        (_("Opening times"), _opening(entry.opening, s)),
    ]
    checked = (_("Last checked: %(date)s", date=long_date(entry.last_checked))
               if entry.last_checked else _("Not yet checked"))
    parts = [*lead, s.para(entry.title, s.entry_heading)]
    if entry.organisation:
        parts.append(s.para(entry.organisation, s.organisation))
    parts += [*_notices(entry, s, language),
              Rows([[s.para(term, s.term), Stack(details, s.direction)]
                    for term, details in facts if details],
                   (0.3, 0.7), s.direction, gap=s.size, rule=RULE, space_after=s.size),
              _with_next(s.para(checked, s.quiet)), _live_page(entry, s)]
    return [KeepTogether(parts), _EndRule(width="100%", color=BRAND, thickness=2,
                                          spaceBefore=s.size / 2, spaceAfter=s.size * 1.5)]


class _EndRule(HRFlowable):
    """The rule after a service; gone when it would open a page, so no page holds only it."""

    def wrap(self, availWidth, availHeight):
        self.hidden = self._frame._atTop
        if self.hidden:
            self.spaceAfter = 0
            return availWidth, 0
        return super().wrap(availWidth, availHeight)

    def draw(self):
        if not self.hidden:
            super().draw()


def _with_next(flowable: Flowable) -> Flowable:
    flowable.keepWithNext = True
    return flowable


def guide(entry: GuideEntry, lead: list[Flowable], s: Styles, language: str) -> list[Flowable]:
    """A guide, as a chapter of its own."""
    reviewed = _("Last reviewed: %(date)s", date=long_date(entry.last_reviewed))
    return [*lead, s.para(entry.title, s.page_heading), s.para(entry.summary, s.summary),
            *_notices(entry, s, language), *markdown(entry.body, s, guide=True),
            Spacer(0, s.size), s.para(reviewed, s.quiet), _live_page(entry, s)]


def _notices(entry: Entry, s: Styles, language: str) -> list[Flowable]:
    """What the reader must see before the details, kept with the heading."""
    notices: list[Flowable] = []
    padding = s.size * 0.6
    if isinstance(entry, ServiceEntry) and entry.temporarily_closed:
        notices.append(Box([s.para(_("Temporarily closed"), s.strong),
                            s.para(_("Check before you go: the service may not be running."),
                                   s.body)],
                           s.direction, padding, WARNING_BORDER, WARNING_BACKGROUND, s.size / 2))
    if entry.in_english:
        notices.append(s.para(_("This is not yet available in %(language)s, so it is in "
                                "English.", language=language), s.quiet))
    if entry.note.strip():
        notices.append(Box([s.para(_("Your note"), s.strong), s.para(entry.note.strip(), s.body)],
                           s.direction, padding, NOTE_BORDER, NOTE_BACKGROUND, s.size / 2))
    for notice in notices:
        notice.keepWithNext = True
    return notices


def _opening(opening: tuple[tuple[str, str], ...], s: Styles) -> list[Flowable]:
    """Days and times side by side, so the times line up."""
    if not opening:
        return []
    rows = [[s.para(days, s.strong), s.para(times, s.body)] for days, times in opening]
    return [Rows(rows, (0.45, 0.55), s.direction, gap=s.size)]


def _place(place: Place, s: Styles) -> Flowable:
    lines = [s.para(place.name, s.strong)] if place.name else []
    lines.append(s.para(place.address, s.body))
    lines += [s.item([s.para(feature, s.body)]) for feature in place.features]
    return Stack(lines, s.direction, space_after=s.body.space_after)


def _live_page(entry: Entry, s: Styles) -> Rows:
    """The QR code and the short address, for the latest information."""
    words = Stack([s.para(_("See the latest information"), s.strong),
                   s.para(entry.short_url, s.address),
                   s.para(_("Scan the code with a phone camera, or type the address into a "
                            "web browser."), s.body)], s.direction)
    qr_share = QR_SIZE / (s.frame_width - s.size)  # the first column is exactly the code
    return Rows([[QrCode(entry.url, QR_SIZE), words]], (qr_share, 1 - qr_share), s.direction,
                gap=s.size, space_after=s.size)
