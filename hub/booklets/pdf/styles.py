"""Type sizes, colours and spacing: everything scales from the body size, so large print
reflows rather than zooms."""

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from hub.booklets.pdf.layout import Bulleted
from hub.booklets.pdf.text import Span, TextBlock, TextStyle, paragraph

BRAND = HexColor("#005a70")
GREY = HexColor("#505a5f")
RULE = HexColor("#b1b4b6")
TINT = HexColor("#e5f0f3")
NOTE_BORDER, NOTE_BACKGROUND = HexColor("#8a6d00"), HexColor("#fff7d1")
WARNING_BORDER, WARNING_BACKGROUND = HexColor("#a4000f"), HexColor("#fbe9ea")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FOOTER_SPACE = 14 * mm  # between the text and the page's bottom edge, below the margin
QR_SIZE = 30 * mm  # a fixed comfortable size, quiet zone included, in both prints


@dataclass(frozen=True)
class Styles:
    direction: str
    body: TextStyle
    strong: TextStyle
    quiet: TextStyle  # side notes: "in English", "last checked"
    organisation: TextStyle
    label: TextStyle  # a heading within a guide or the back page
    term: TextStyle  # "What it offers", "Opening times" beside a service's details
    subheading: TextStyle  # the guides' own h3
    entry_heading: TextStyle
    page_heading: TextStyle  # "Contents", a section's name, "Get help"
    summary: TextStyle
    address: TextStyle  # the short web address beside a QR code
    cover_hub: TextStyle
    cover_title: TextStyle
    code: TextStyle
    footer: TextStyle

    @property
    def size(self) -> float:
        return self.body.size

    @property
    def frame_width(self) -> float:
        return PAGE_WIDTH - 2 * MARGIN

    def para(self, content: str | Sequence[Span], style: TextStyle) -> TextBlock:
        return paragraph(content, style, self.direction)

    def item(self, children: Sequence[Flowable], marker: str = "•",
             space_after: float = 0) -> Bulleted:
        """A list item: `marker` in the margin on the start side, the children beside it."""
        return Bulleted(self.para(marker, self.body), children, self.direction,
                        indent=1.8 * self.size, space_after=space_after)


def make_styles(large_print: bool, direction: str) -> Styles:
    size = 18.0 if large_print else 12.0

    def style(ratio: float, weight: str = "regular", colour: Color = black, before: float = 0,
              after: float = 0.5, keep: bool = False) -> TextStyle:
        return TextStyle(size * ratio, weight, colour, before * size,
                         after * size, keep)

    return Styles(
        direction=direction,
        body=style(1),
        strong=style(1, "bold"),
        quiet=style(1, colour=GREY),
        organisation=style(1.1, keep=True),
        label=style(1.15, "bold", BRAND, before=0.9, after=0.3, keep=True),
        term=style(1, "bold", BRAND, after=0.3),
        subheading=style(1.05, "bold", before=0.6, after=0.25, keep=True),
        entry_heading=style(1.6, "bold", BRAND, after=0.2, keep=True),
        page_heading=style(2, "bold", BRAND, after=0.8, keep=True),
        summary=style(1.2, after=0.8, keep=True),
        address=style(1.25, "bold", after=0.3),
        cover_hub=style(1.4, "bold", BRAND, after=1.5),
        cover_title=style(min(2.6, 40 / size), "bold", BRAND, after=1.2),
        code=style(2.2, "bold", before=0.3, after=0.3),
        footer=style(0.85, colour=GREY, after=0),
    )
