"""The booklet's fonts: registered once per process, chosen character by character.

Liberation Sans (metric-compatible with Arial, the brand font) sets Latin text, DejaVu Sans
whatever Liberation lacks (Arabic, Hebrew, Greek, symbols) and WenQuanYi Zen Hei Chinese.
The Chinese font is a 17 MB collection, so it is read only when a booklet needs it.
"""

import re
import threading
from functools import cache, lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_LIBERATION = "/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf"
_DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf"
_CJK_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
_LATIN = {"regular": ("LiberationSans", _LIBERATION.format("Regular")),
          "bold": ("LiberationSans-Bold", _LIBERATION.format("Bold")),
          "italic": ("LiberationSans-Italic", _LIBERATION.format("Italic"))}
_WIDE = {"regular": ("DejaVuSans", _DEJAVU.format("")),
         "bold": ("DejaVuSans-Bold", _DEJAVU.format("-Bold")),
         "italic": ("DejaVuSans-Oblique", _DEJAVU.format("-Oblique"))}
CJK_FONT = "WenQuanYiZenHei"  # one weight: Chinese text has no bold or italic here

# Where the Chinese font is worth reading: ideographs, kana, CJK and full-width punctuation.
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\uf900-\ufaff"
                 r"\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002ffff]")


_registered: dict[str, TTFont] = {}
_registering = threading.Lock()  # booklets may be printed on several threads at once


def _font(name: str, path: str) -> TTFont:
    """The font, read and registered with reportlab on first use in this process."""
    with _registering:
        if name not in _registered:
            _registered[name] = TTFont(name, path)
            pdfmetrics.registerFont(_registered[name])
        return _registered[name]


def register() -> None:
    """Make the Latin and wide fonts known to reportlab (cheap after the first call)."""
    for name, path in (*_LATIN.values(), *_WIDE.values()):
        _font(name, path)


def _cjk() -> TTFont:
    return _font(CJK_FONT, _CJK_PATH)


@cache
def font_for(char: str, weight: str) -> str:
    """The first font that has a glyph for `char`; Liberation when none has."""
    latin, wide = _font(*_LATIN[weight]), _font(*_WIDE[weight])
    code = ord(char)
    if code in latin.face.charToGlyph:
        return latin.fontName
    if code in wide.face.charToGlyph:
        return wide.fontName
    if CJK.match(char) and code in _cjk().face.charToGlyph:
        return CJK_FONT
    return latin.fontName


@cache
def _latin_chars(weight: str) -> frozenset[str]:
    return frozenset(map(chr, _font(*_LATIN[weight]).face.charToGlyph))


def runs(text: str, weight: str) -> list[tuple[str, str]]:
    """`text` cut into (font name, text) runs, each drawable in one font."""
    if set(text) <= _latin_chars(weight):  # the common case, without a look-up per character
        return [(_LATIN[weight][0], text)] if text else []
    result: list[tuple[str, str]] = []
    for char in text:
        # Spaces and other shared characters stay in the run they are in.
        name = result[-1][0] if result and char == " " else font_for(char, weight)
        if result and result[-1][0] == name:
            result[-1] = (name, result[-1][1] + char)
        else:
            result.append((name, char))
    return result


@lru_cache(maxsize=65536)  # words repeat: measuring each once saves a tenth of a second
def width(text: str, weight: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(part, name, size) for name, part in runs(text, weight))
