"""The booklet's pages: cover, contents, the sections, and the back page with where to
get help. Page numbers are known only once a page is drawn, so the contents and the
footers show them through PDF forms filled in at the end: one pass, not two."""

import io
from functools import partial

from babel import Locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from hub.booklets.contents import BookletContent, GuideEntry
from hub.booklets.pdf import entries
from hub.booklets.pdf.layout import Box, Rows, Stack
from hub.booklets.pdf.styles import (
    BRAND,
    FOOTER_SPACE,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    TINT,
    make_styles,
)
from hub.booklets.pdf.text import TextStyle, draw_line, shorten


class _NewPage(Flowable):
    """A page break unless nothing shows on this page yet. Unlike PageBreakIfNotEmpty, a
    service's closing rule hidden at the top of a page (entries._EndRule) counts as nothing."""

    def wrap(self, availWidth, availHeight):
        if not self._frame._atTop:
            self._frame.add_generated_content(FrameBreak)
        return 0, 0

    def draw(self):
        pass


class _Anchor(Flowable):
    """Where an entry or section begins: notes its page and marks it for the PDF outline."""

    def __init__(self, key: str, title: str, level: int, pages: dict[str, int]):
        super().__init__()
        self.key, self.title, self.level, self.pages = key, title, level, pages
        self.keepWithNext = True
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        self.pages[self.key] = self.canv.getPageNumber()
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, self.level)


class _PageNumber(Flowable):
    """The contents' page number for `key`, drawn from a form defined at the end."""

    def __init__(self, key: str, style: TextStyle, rtl: bool):
        super().__init__()
        self.key, self.style, self.rtl = key, style, rtl
        self.height = style.leading

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.height

    def draw(self):
        # The form's origin is the number's baseline at its end: right in ltr, left in rtl.
        self.canv.translate(0 if self.rtl else self.width, self.height - self.style.baseline)
        self.canv.doForm(_form_name(self.key))


def _form_name(key: str) -> str:
    return f"page-of-{key}"


class _FinishingCanvas(Canvas):
    """Calls `finish` just before saving, once every page number is known."""

    def __init__(self, *args, finish, **kwargs):
        super().__init__(*args, **kwargs)
        self._finish = finish

    def save(self):
        self._finish(self)
        super().save()


class BookletDocument(BaseDocTemplate):
    def __init__(self, content: BookletContent):
        self.content, self.styles = content, make_styles(content.large_print, content.direction)
        self.pages: dict[str, int] = {}  # anchor key -> page number, filled while drawing
        self._buffer = io.BytesIO()
        super().__init__(
            self._buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), title=content.title,
            author=content.hub_name, creator=content.hub_name,
            subject=_("Services and guides chosen for you, from %(hub)s", hub=content.hub_name),
            lang=content.locale.replace("_", "-"), leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN, bottomMargin=MARGIN + FOOTER_SPACE, displayDocTitle=True,
            # Each page opens in this font; the default, Helvetica, would not be embedded.
            initialFontName="LiberationSans")
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame]),
                               PageTemplate("body", [frame], onPage=self._footer)])

    def render(self) -> bytes:
        self.build(self._story(), canvasmaker=partial(_FinishingCanvas, finish=self._fill_forms))
        return self._buffer.getvalue()

    # Footers and page numbers.

    def _footer(self, canv: Canvas, _doc) -> None:
        s, rtl = self.styles, self.content.direction == "rtl"
        y = MARGIN + FOOTER_SPACE / 3
        canv.setStrokeColor(RULE)
        canv.line(MARGIN, y + s.footer.leading, PAGE_WIDTH - MARGIN, y + s.footer.leading)
        title = shorten(self.content.title, s.footer, self.width * 0.6)
        start, end = (PAGE_WIDTH - MARGIN, MARGIN) if rtl else (MARGIN, PAGE_WIDTH - MARGIN)
        draw_line(canv, title, s.footer, s.direction, start, y, "right" if rtl else "left")
        canv.saveState()
        canv.translate(end, y)
        canv.doForm(_form_name(f"footer-{canv.getPageNumber()}"))
        canv.restoreState()

    def _fill_forms(self, canv: Canvas) -> None:
        """Write the page numbers, now that the last page is known."""
        s, anchor = self.styles, "left" if self.content.direction == "rtl" else "right"
        count = canv.getPageNumber() - 1  # the canvas is on a fresh page after the last one
        numbers = {key: str(page) for key, page in self.pages.items()}
        numbers |= {f"footer-{page}": _("Page %(number)s of %(count)s", number=page, count=count)
                    for page in range(1, count + 1)}
        for key, text in numbers.items():
            canv.beginForm(_form_name(key), -PAGE_WIDTH, -PAGE_HEIGHT, PAGE_WIDTH, PAGE_HEIGHT)
            style = s.footer if key.startswith("footer-") else s.body
            draw_line(canv, text, style, s.direction, 0, 0, anchor)
            canv.endForm()

    # The story.

    def _story(self) -> list[Flowable]:
        return [*self._cover(), NextPageTemplate("body"), PageBreak(), *self._contents(),
                *self._sections(), _NewPage(), *self._back_page()]

    def _cover(self) -> list[Flowable]:
        c, s = self.content, self.styles
        cover = [Spacer(0, 25 * mm), s.para(c.hub_name, s.cover_hub),
                 s.para(c.title, s.cover_title)]
        if c.cover_note.strip():
            cover.append(s.para(c.cover_note.strip(), s.summary))
        cover.append(s.para(self._correct_on(), s.strong))
        if c.code:
            cover += [Spacer(0, s.size * 2),
                      Box([s.para(_("To print this booklet again with up-to-date information, "
                                    "go to %(address)s and type this code:",
                                    address=c.reprint_url), s.body),
                           s.para(c.code, s.code)], s.direction, s.size, BRAND, TINT)]
        return cover

    def _correct_on(self) -> str:
        return _("Information correct on %(date)s",
                 date=entries.long_date(self.content.correct_on))

    def _contents(self) -> list[Flowable]:
        c, s = self.content, self.styles
        lines: list[Flowable] = [s.para(_("Contents"), s.page_heading)]
        for number, section in enumerate(c.sections):
            if section.title:
                lines.append(self._contents_line(section.title, f"section-{number}", s.strong))
            lines += [self._contents_line(entry.title, f"entry-{number}-{index}", s.body,
                                          indent=bool(section.title))
                      for index, entry in enumerate(section.entries)]
        if c.dropped:
            lines.append(Spacer(0, s.size))
            lines.append(s.para(_("These are no longer listed, so they are not in this "
                                  "booklet:"), s.body))
            lines += [s.item([s.para(name, s.body)]) for name in c.dropped]
        return lines

    def _contents_line(self, title: str, key: str, style: TextStyle,
                       indent: bool = False) -> Flowable:
        s = self.styles
        number = _PageNumber(key, style, rtl=s.direction == "rtl")
        row = Rows([[s.para(title, style), number]], (0.85, 0.15), s.direction, gap=s.size,
                   rule=RULE)
        return Stack([row], s.direction, (0, 1.5 * s.size if indent else 0, 0, 0))

    def _sections(self) -> list[Flowable]:
        c, s = self.content, self.styles
        language = Locale.parse(c.locale).get_display_name(c.locale) or c.locale
        story: list[Flowable] = []
        for number, section in enumerate(c.sections):
            story.append(_NewPage())
            # The section's heading goes with its first entry, so it never stands alone.
            lead: list[Flowable] = [
                _Anchor(f"section-{number}", section.title, 0, self.pages),
                s.para(section.title, s.page_heading)] if section.title else []
            level = 1 if section.title else 0
            for index, entry in enumerate(section.entries):
                lead.append(_Anchor(f"entry-{number}-{index}", entry.title, level, self.pages))
                if isinstance(entry, GuideEntry):
                    # A guide is a chapter: it starts a page unless it opens the section.
                    if index:
                        story.append(_NewPage())
                    story += [*entries.guide(entry, lead, s, language), _NewPage()]
                else:
                    story += entries.service(entry, lead, s, language)
                lead = []
        return story

    def _back_page(self) -> list[Flowable]:
        c, s = self.content, self.styles
        page = [s.para(_("Get help"), s.page_heading),
                s.para(_("Call %(phone)s", phone=c.help_phone), s.code),
                s.para(c.help_hours, s.body),
                s.para(_("Talk to someone face to face at a Talking Point"), s.label)]
        if c.talking_points:
            page += [Stack([s.para(point.name, s.strong), s.para(point.address, s.body),
                            s.para(point.when, s.body)], s.direction, space_after=s.size)
                     for point in c.talking_points]
        else:
            page.append(s.para(_("Call %(phone)s to find your nearest Talking Point.",
                                 phone=c.help_phone), s.body))
        page += [Spacer(0, s.size * 2), s.para(self._correct_on(), s.strong),
                 s.para(_("For the latest information, go to %(address)s",
                          address=c.site_address), s.body)]
        return page
