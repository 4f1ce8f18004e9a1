"""Paragraphs that set any script: one helper, `paragraph`, makes every piece of text.

Each paragraph takes its direction from its first strong character (like HTML dir=auto),
falling back to the booklet's. Text with Arabic or Hebrew is shaped in logical order,
wrapped by measured width, and only then put in display order line by line, so lines
break where a reader expects. Chinese may break between any two characters.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

import arabic_reshaper
from bidi.algorithm import get_display  # the pure-Python one: it also mirrors brackets
from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from hub.booklets.pdf import fonts

RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_CJK = fonts.CJK.pattern[1:-1]  # the character class's contents, to build the tokens with
_TOKEN = re.compile(
    r"\n|[^\S\n\u00a0]+"
    # A Chinese character is a word of its own, keeping opening punctuation before it and
    # closing punctuation after it, which may not start a line.
    rf"|[「『（《〈【“]*[{_CJK}][、。，．：；？！）」』》〉】”…]*"
    rf"|(?:[^\s{_CJK}]|\u00a0)+"
)
# A space between digits, as in "01632 960123", becomes a no-break space: the number stays
# on one line, and right-to-left text keeps its groups in order (a no-break space is a
# common separator to the bidi algorithm, where a space would split the number in two).
_SPACE_IN_NUMBER = re.compile(r"(?<=\d) (?=\d)")


@dataclass(frozen=True)
class TextStyle:
    size: float
    weight: str = "regular"
    colour: Color = black
    space_before: float = 0
    space_after: float = 0
    keep_with_next: bool = False
    leading_ratio: float = 1.35

    @property
    def leading(self) -> float:
        return self.size * self.leading_ratio

    @property
    def baseline(self) -> float:
        """How far below the top of its line a line's baseline sits: ascenders and
        descenders share the leading's spare room."""
        return (self.leading - self.size) / 2 + self.size * 0.8


@dataclass(frozen=True)
class Span:
    """A piece of inline text; `weight` None means the paragraph's own."""

    text: str
    weight: str | None = None


Runs = list[tuple[str, str]]  # (font name, text) in display order


def first_strong_direction(text: str, default: str) -> str:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def paragraph(content: str | Sequence[Span], style: TextStyle, direction: str) -> "TextBlock":
    """A flowable for `content` in `style`; `direction` is the booklet's ("ltr" or "rtl")."""
    spans = [Span(_SPACE_IN_NUMBER.sub("\u00a0", span.text), span.weight)
             for span in ([Span(content)] if isinstance(content, str) else content)]
    text = "".join(span.text for span in spans)
    base = first_strong_direction(text, direction)
    align = "right" if "rtl" in (base, direction) else "left"
    if RTL_SCRIPT.search(text):
        # Shaping and reordering work on plain text, so emphasis inside is given up here.
        tokens = _words(arabic_reshaper.reshape(text), style.weight)
        return TextBlock(tokens, style, align, bidi_base="R" if base == "rtl" else "L")
    tokens = [word for span in spans for word in _words(span.text, span.weight or style.weight)]
    return TextBlock(tokens, style, align)


def _words(text: str, weight: str) -> list[tuple[str, str]]:
    """Words, single spaces and line breaks: the places a line may break."""
    return [(" " if word.isspace() and word != "\n" else word, weight)
            for word in _TOKEN.findall(text)]


def shorten(text: str, style: TextStyle, limit: float) -> str:
    """`text`, cut with an ellipsis if it is wider than `limit`."""
    if fonts.width(text, style.weight, style.size) <= limit:
        return text
    while text and fonts.width(text + "…", style.weight, style.size) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_line(canv: Canvas, text: str, style: TextStyle, direction: str, x: float, y: float,
              anchor: str) -> None:
    """One line of text with its baseline at y, starting or ending at x (`anchor` left/right)."""
    line = paragraph(text, style, direction).lines(float("inf"))[0]
    _draw_lines(canv, [line], style, x - line.width if anchor == "right" else x, y, "left")


def _draw_lines(canv: Canvas, lines: Sequence["Line"], style: TextStyle, x: float, y: float,
                align: str, width: float = 0) -> None:
    """Lines from the first baseline at y down, in one text object."""
    text = canv.beginText()
    text.setFillColor(style.colour)
    for line in lines:
        text.setTextOrigin(x + width - line.width if align == "right" else x, y)
        for name, part in line.runs:
            text.setFont(name, style.size)
            text.textOut(part)
        y -= style.leading
    canv.drawText(text)


def _runs(pieces: Sequence[tuple[str, str]], style: TextStyle, bidi_base: str | None) -> Runs:
    if bidi_base:
        return fonts.runs(get_display("".join(text for text, _w in pieces), base_dir=bidi_base),
                          style.weight)
    merged: Runs = []
    for text, weight in pieces:
        for name, part in fonts.runs(text, weight):
            if merged and merged[-1][0] == name:
                merged[-1] = (name, merged[-1][1] + part)
            else:
                merged.append((name, part))
    return merged


class TextBlock(Flowable):
    """A paragraph of measured lines; splits between lines, never leaving one line alone."""

    def __init__(self, tokens: list[tuple[str, str]], style: TextStyle, align: str,
                 bidi_base: str | None = None):
        super().__init__()
        self._tokens, self.style, self.align, self._bidi = tokens, style, align, bidi_base
        self.keepWithNext = style.keep_with_next
        self._laid_out: tuple[float, list[Line]] | None = None

    def lines(self, available: float) -> list["Line"]:
        if self._laid_out is None or self._laid_out[0] != available:
            self._laid_out = (available, self._layout(available))
        return self._laid_out[1]

    def _layout(self, available: float) -> list["Line"]:
        size = self.style.size
        lines: list[Line] = []
        start, pieces, used = (0, 0), [], 0.0

        def finish(next_start: tuple[int, int]) -> None:
            nonlocal start, pieces, used
            while pieces and pieces[-1][0].isspace():
                pieces.pop()
            runs = _runs(pieces, self.style, self._bidi)
            lines.append(Line(start, runs, sum(pdfmetrics.stringWidth(part, name, size)
                                               for name, part in runs)))
            start, pieces, used = next_start, [], 0.0

        for index, (word, weight) in enumerate(self._tokens):
            if word == "\n":
                finish((index + 1, 0))
                continue
            if word.isspace() and not pieces:
                start = (index + 1, 0)
                continue
            word_width = fonts.width(word, weight, size)
            if pieces and not word.isspace() and used + word_width > available:
                finish((index, 0))
            offset = 0
            while word_width > available:  # a word wider than the line (a long address)
                cut = _fitting_prefix(word, weight, size, available)
                pieces.append((word[:cut], weight))
                offset += cut
                finish((index, offset))
                word = word[cut:]
                word_width = fonts.width(word, weight, size)
            pieces.append((word, weight))
            used += word_width
        if pieces or not lines:
            finish((len(self._tokens), 0))
        return lines

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines(availWidth)
        fits = int(availHeight // self.style.leading)
        if fits >= len(lines):
            return [self]
        fits = min(fits, len(lines) - 2)  # no widow: two lines at least go over
        if fits < 2:  # no orphan either
            return []
        index, offset = lines[fits].start
        head, tail = self._tokens[:index], self._tokens[index:]
        if offset:  # the page turns inside a long word
            word, weight = tail[0]
            head, tail = [*head, (word[:offset], weight)], [(word[offset:], weight), *tail[1:]]
        return [TextBlock(head, replace(self.style, space_after=0), self.align, self._bidi),
                TextBlock(tail, replace(self.style, space_before=0), self.align, self._bidi)]

    def getSpaceBefore(self):
        return self.style.space_before

    def getSpaceAfter(self):
        return self.style.space_after

    def draw(self):
        style = self.style
        _draw_lines(self.canv, self.lines(self.width), style, 0, self.height - style.baseline,
                    self.align, self.width)


@dataclass(frozen=True)
class Line:
    start: tuple[int, int]  # where its text begins: token index, characters into the token
    runs: Runs
    width: float


def _fitting_prefix(token: str, weight: str, size: float, available: float) -> int:
    cut = len(token) - 1
    while cut > 1 and fonts.width(token[:cut], weight, size) > available:
        cut -= 1
    return cut
