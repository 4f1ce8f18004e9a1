"""Blocks that hold other flowables: an inset stack (boxes, list items, quotes) and rows
of cells (contact details, opening times, tables). Both mirror for right-to-left booklets
and split across pages between their parts."""

import copy
from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from hub.booklets.pdf.text import TextBlock


def _part(whole: Flowable, **changes) -> Flowable:
    """A copy of `whole` for one part of a split, without reportlab's notes on where the
    whole was tried: a copied `_postponed` would make the part fail as too large."""
    part = copy.copy(whole)
    for name in ("_postponed", "_frame", "canv"):
        part.__dict__.pop(name, None)
    part.__dict__.update(changes)
    return part


def _gap(above: Flowable, below: Flowable) -> float:
    return max(above.getSpaceAfter(), below.getSpaceBefore())


class Stack(Flowable):
    """Flowables one under another, inset by `padding` (top, start, bottom, end)."""

    def __init__(self, children: Sequence[Flowable], direction: str,
                 padding: tuple[float, float, float, float] = (0, 0, 0, 0),
                 space_after: float = 0):
        super().__init__()
        self.children, self.direction, self.padding = list(children), direction, padding
        self.space_after = space_after
        self.continued = False  # True on the part after a page break

    @property
    def _left_right(self) -> tuple[float, float]:
        _top, start, _bottom, end = self.padding
        return (end, start) if self.direction == "rtl" else (start, end)

    def _inner(self, width: float) -> float:
        return width - sum(self._left_right)

    def wrap(self, availWidth, availHeight):
        inner = self._inner(availWidth)
        self._heights = [child.wrap(inner, availHeight)[1] for child in self.children]
        gaps = sum(_gap(a, b) for a, b in zip(self.children, self.children[1:], strict=False))
        self.width = availWidth
        self.height = self.padding[0] + self.padding[2] + sum(self._heights) + gaps
        return self.width, self.height

    def split(self, availWidth, availHeight):
        inner = self._inner(availWidth)
        room = availHeight - self.padding[0] - self.padding[2]
        for index, child in enumerate(self.children):
            gap = _gap(self.children[index - 1], child) if index else 0
            height = child.wrap(inner, room - gap)[1]
            if height + gap <= room:
                room -= height + gap
                continue
            parts = child.split(inner, room - gap) if room - gap > 0 else []
            if len(parts) < 2:
                parts = []
            head = self.children[:index] + parts[:1]
            tail = parts[1:] + self.children[index + 1:] if parts else self.children[index:]
            while not parts and head and head[-1].getKeepWithNext():
                tail.insert(0, head.pop())
            if not head:
                return []
            return [self._part(head, continued=self.continued),
                    self._part(tail, continued=True)]
        return [self]

    def _part(self, children: list[Flowable], continued: bool) -> "Stack":
        return _part(self, children=children, continued=continued)

    def emptied(self) -> "Stack":
        """This block without content: a cell's place in the rest of a row cut by a page."""
        return self._part([], continued=True)

    def getSpaceAfter(self):
        return self.space_after

    def draw(self):
        self.decorate()
        left, _right = self._left_right
        top = self.height - self.padding[0]
        for index, (child, height) in enumerate(zip(self.children, self._heights, strict=True)):
            if index:
                top -= _gap(self.children[index - 1], child)
            child.drawOn(self.canv, left, top - height)
            top -= height

    def decorate(self) -> None:
        """Drawn under the children: a border, a bullet."""


class Box(Stack):
    """A framed, tinted block: the person's note, a warning."""

    def __init__(self, children: Sequence[Flowable], direction: str, padding: float,
                 border: Color, background: Color, space_after: float = 0):
        super().__init__(children, direction, (padding,) * 4, space_after)
        self.border, self.background = border, background

    def decorate(self) -> None:
        self.canv.setStrokeColor(self.border)
        self.canv.setFillColor(self.background)
        self.canv.setLineWidth(1.5)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)


class Bulleted(Stack):
    """A list item: its marker in the start margin beside the first line."""

    def __init__(self, marker: TextBlock, children: Sequence[Flowable], direction: str,
                 indent: float, space_after: float = 0):
        super().__init__(children, direction, (0, indent, 0, 0), space_after)
        self.marker = marker

    def decorate(self) -> None:
        if self.continued:
            return
        gutter = self.padding[1] * 0.8
        height = self.marker.wrap(gutter, self.height)[1]
        x = self.width - gutter if self.direction == "rtl" else 0
        self.marker.drawOn(self.canv, x, self.height - height)


class Rows(Flowable):
    """Cells in columns, `widths` as fractions of the width; columns run right to left in a
    right-to-left booklet. With `grid`, cells are padded and boxed and the first row may be
    a tinted `header`; with `rule`, a line runs under each row."""

    def __init__(self, rows: Sequence[Sequence[Flowable]], widths: Sequence[float],
                 direction: str, gap: float, grid: Color | None = None,
                 header: Color | None = None, rule: Color | None = None,
                 space_after: float = 0):
        super().__init__()
        side, top = (gap / 2, gap / 2) if grid else (0, gap / 2.5 if rule else 0)
        self.rows = [[Stack([cell], direction, (top, side, top, side)) for cell in row]
                     for row in rows]
        self.fractions, self.direction = widths, direction
        self.grid, self.header, self.rule = grid, header, rule
        self.gap = 0 if grid else gap
        self.space_after = space_after

    def _columns(self, width: float) -> list[tuple[float, float]]:
        """(x, width) of each column, in the rows' logical order."""
        usable = width - self.gap * (len(self.fractions) - 1)
        widths = [usable * fraction for fraction in self.fractions]
        order = list(reversed(widths)) if self.direction == "rtl" else widths
        xs, x = [], 0.0
        for column_width in order:
            xs.append(x)
            x += column_width + self.gap
        if self.direction == "rtl":
            xs.reverse()
        return list(zip(xs, widths, strict=True))

    def _row_heights(self, rows, width: float, height: float) -> list[float]:
        columns = self._columns(width)
        return [max(cell.wrap(w, height)[1] for cell, (_x, w) in zip(row, columns, strict=True))
                for row in rows]

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._heights = self._row_heights(self.rows, availWidth, availHeight)
        self.height = sum(self._heights)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        used = 0.0
        heights = self._row_heights(self.rows, availWidth, availHeight)
        for index, height in enumerate(heights):
            if used + height <= availHeight:
                used += height
                continue
            pieces = self._split_row(self.rows[index], availWidth, availHeight - used)
            head = self.rows[:index] + pieces[:1]
            tail = pieces[1:] + self.rows[index + 1:] if pieces else self.rows[index:]
            if not head or (self.header and len(head) == 1 and not pieces):
                return []  # nothing fits, or the header would be alone
            # The header row stays with the head.
            return [_part(self, rows=head, space_after=0), _part(self, rows=tail, header=None)]
        return [self]

    def _split_row(self, row: list[Stack], width: float, room: float) -> list[list[Stack]]:
        """The row cut in two at `room`, cell by cell; [] when a cell cannot be cut."""
        head, tail = [], []
        for cell, (_x, cell_width) in zip(row, self._columns(width), strict=True):
            parts = cell.split(cell_width, room)
            if not parts:
                return []
            head.append(parts[0])
            tail.append(parts[1] if len(parts) > 1 else cell.emptied())
        return [head, tail]

    def getSpaceAfter(self):
        return self.space_after

    def draw(self):
        canv, columns = self.canv, self._columns(self.width)
        top = self.height
        for index, (row, height) in enumerate(zip(self.rows, self._heights, strict=True)):
            if index == 0 and self.header:
                canv.setFillColor(self.header)
                canv.rect(0, top - height, self.width, height, stroke=0, fill=1)
            for cell, (x, width) in zip(row, columns, strict=True):
                cell.drawOn(canv, x, top - cell.height)  # cells align at the top
                if self.grid:
                    canv.setStrokeColor(self.grid)
                    canv.setLineWidth(0.75)
                    canv.rect(x, top - height, width, height, stroke=1, fill=0)
            if self.rule:
                canv.setStrokeColor(self.rule)
                canv.setLineWidth(0.5)
                canv.line(0, top - height, self.width, top - height)
            top -= height
