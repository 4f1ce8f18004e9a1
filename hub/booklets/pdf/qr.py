"""QR codes drawn as vector shapes: one filled path per code, so they stay sharp and cheap."""

from functools import lru_cache

import segno
from reportlab.lib.colors import black, white
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


@lru_cache(maxsize=4096)
def _path(url: str) -> tuple[int, str]:
    """The code's size in modules and its dark modules as PDF path operators, in module
    units: one rectangle per run of dark modules in a row. Cached, as the same services
    appear in many booklets and choosing the best mask is the costly part."""
    # micro=False: a short address could otherwise become a Micro QR few phones read.
    matrix = segno.make(url, error="m", micro=False).matrix
    modules = len(matrix) + 2 * QUIET_ZONE
    rects = []
    for row_index, row in enumerate(matrix):
        y = modules - QUIET_ZONE - row_index - 1
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                rects.append(f"{start + QUIET_ZONE} {y} {column - start} 1 re")
            column += 1
    return modules, " ".join(rects) + " f"


class QrCode(Flowable):
    """A square QR code holding `url`, `size` points wide including its quiet zone."""

    def __init__(self, url: str, size: float):
        super().__init__()
        self.url, self.width, self.height = url, size, size

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canv = self.canv
        modules, path = _path(self.url)
        canv.setFillColor(white)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setFillColor(black)
        canv.scale(self.width / modules, self.height / modules)
        # Integer coordinates written directly: thousands of rectangles formatted as
        # floats one by one would cost a tenth of a second per booklet.
        canv.addLiteral(path)
        canv.scale(modules / self.width, modules / self.height)
        canv.linkURL(self.url, (0, 0, self.width, self.height), relative=1)
