"""Read a rendered booklet the way a person or a PDF reader would, with poppler and zbar:
the text of each page, word sizes, fonts, metadata and what the QR codes say."""

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from flask import Flask
from flask_babel import force_locale

from hub.booklets.contents import BookletContent
from hub.booklets.pdf import render_pdf

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def normal(text: str) -> str:
    """Text as a reader sees it: Arabic presentation forms back to letters (NFKC, which
    also makes full-width punctuation plain), no bidi controls."""
    return _BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))


def plain(text: str) -> str:
    """Normal text with each run of white space, line breaks included, as one space."""
    return re.sub(r"\s+", " ", normal(text)).strip()


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x_min: float
    x_max: float
    height: float


@dataclass
class Booklet:
    """A rendered booklet, saved to `path`."""

    path: Path

    @cached_property
    def raw_pages(self) -> list[str]:
        """Each page's text as pdftotext gives it (one page per form feed)."""
        return _run("pdftotext", "-enc", "UTF-8", str(self.path), "-").split("\f")[:-1]

    @cached_property
    def pages(self) -> list[str]:
        return [plain(page) for page in self.raw_pages]

    def page_lines(self, number: int, layout: bool = False) -> list[str]:
        """The lines of page `number` (from 1); with pdftotext's -layout, which keeps words
        side by side on one line as they stand on the page."""
        text = self.raw_pages[number - 1] if not layout else _run(
            "pdftotext", "-enc", "UTF-8", "-layout", "-f", str(number), "-l", str(number),
            str(self.path), "-")
        return [normal(line).strip() for line in text.splitlines() if line.strip()]

    def words(self, first: int = 1, last: int | None = None) -> list[Word]:
        last = last or len(self.pages)
        html = _run("pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(self.path), "-")
        words = []
        for page, chunk in enumerate(html.split("<page ")[1:], first):
            for x_min, y_min, x_max, y_max, text in _WORD.findall(chunk):
                words.append(Word(text, page, float(x_min), float(x_max),
                                  float(y_max) - float(y_min)))
        return words

    @cached_property
    def fonts(self) -> dict[str, str]:
        """Font name (without the subset prefix) -> "yes"/"no" for embedded."""
        lines = _run("pdffonts", str(self.path)).splitlines()[2:]
        fonts = {}
        for line in lines:
            name, *_middle, embedded, _subset, _unicode, _obj, _gen = line.split()
            fonts[name.split("+")[-1]] = embedded
        return fonts

    @cached_property
    def info(self) -> dict[str, str]:
        pairs = (line.split(":", 1) for line in _run("pdfinfo", str(self.path)).splitlines())
        return {key: value.strip() for key, value in pairs}

    @property
    def language(self) -> str | None:
        """The document language in the PDF catalog (/Lang)."""
        found = re.search(rb"/Lang \(([^)]*)\)", self.path.read_bytes())
        return found.group(1).decode() if found else None

    def qr_codes(self, tmp: Path) -> dict[int, list[str]]:
        """Page number -> what each QR code on it says, read from a 150 dpi picture."""
        _run("pdftoppm", "-r", "150", "-png", str(self.path), str(tmp / "page"))
        found = {}
        for picture in sorted(tmp.glob("page-*.png")):
            result = subprocess.run(["zbarimg", "--quiet", "--raw", str(picture)],
                                    capture_output=True, text=True, check=False)
            found[int(picture.stem.split("-")[-1])] = result.stdout.split()
        return found


def render(app: Flask, content: BookletContent, path: Path) -> Booklet:
    """Render as the hub does: in an app context, in the booklet's language."""
    with app.app_context(), force_locale(content.locale):
        path.write_bytes(render_pdf(content))
    return Booklet(path)
