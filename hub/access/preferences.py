"""Accessibility settings: text size, contrast, spacing, font and movement.

They live in one small cookie (not the session) so they last beyond closing the browser,
until changed or cleared with "Finish and clear my data". No account is needed: the server
reads the cookie on every request and puts a class per setting on <html>, so they work
without JavaScript. The cookie holds only known words; anything else in it is ignored.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from flask import Response, current_app, g, request, url_for

COOKIE = "hub_settings"
COOKIE_DAYS = 365
# Percent of the browser's own text size (GOV.UK type is in rem, so all text follows it).
TEXT_SIZES = ("100", "125", "150", "200")
STANDARD_SIZE = TEXT_SIZES[0]
# The cookie's words, and the class each puts on <html> (styles in scss/hub.scss).
FLAGS = {
    "high_contrast": ("contrast", "hub-contrast"),
    "more_spacing": ("spacing", "hub-spacing"),
    "readable_font": ("font", "hub-readable-font"),
    "reduce_motion": ("still", "hub-still"),
}


@dataclass(frozen=True)
class Preferences:
    text_size: str = STANDARD_SIZE
    high_contrast: bool = False
    more_spacing: bool = False
    readable_font: bool = False
    reduce_motion: bool = False

    @property
    def is_standard(self) -> bool:
        return self == Preferences()

    @property
    def html_classes(self) -> str:
        """Classes for <html>, from a fixed list: nothing from the cookie is copied out."""
        classes = [] if self.text_size == STANDARD_SIZE else [f"hub-text-{self.text_size}"]
        classes += [css for name, (_word, css) in FLAGS.items() if getattr(self, name)]
        return " ".join(classes)

    def to_cookie(self) -> str:
        """Like "text-150.contrast.still": short, readable, no characters cookies dislike."""
        words = [] if self.text_size == STANDARD_SIZE else [f"text-{self.text_size}"]
        words += [word for name, (word, _css) in FLAGS.items() if getattr(self, name)]
        return ".".join(words)

    @classmethod
    def from_cookie(cls, value: str | None) -> "Preferences":
        words = set((value or "")[:200].split("."))
        chosen = cls(**{name: word in words for name, (word, _css) in FLAGS.items()})
        sizes = [size for size in TEXT_SIZES if f"text-{size}" in words]
        return replace(chosen, text_size=sizes[-1]) if sizes else chosen


def current() -> Preferences:
    """This visitor's settings (read once a request)."""
    if "access_preferences" not in g:
        g.access_preferences = Preferences.from_cookie(request.cookies.get(COOKIE))
    return g.access_preferences


def remember(response: Response, chosen: Preferences) -> None:
    """Keep the settings for a year; the standard settings need no cookie at all."""
    if chosen.is_standard:
        forget(response)
        return
    response.set_cookie(COOKIE, chosen.to_cookie(), max_age=COOKIE_DAYS * 24 * 3600,
                        secure=current_app.config["SESSION_COOKIE_SECURE"],
                        httponly=True, samesite="Lax")


def forget(response: Response) -> None:
    response.delete_cookie(COOKIE, secure=current_app.config["SESSION_COOKIE_SECURE"],
                           httponly=True, samesite="Lax")


def safe_back(path: str | None) -> str | None:
    """`path` if it is a page on this site ("/guides?x=1"), else None.

    Only a single leading slash: "//host" and "/\\host" are other sites to a browser, and
    no scheme, host, backslash or control character (which browsers strip or reinterpret).
    """
    if not path or not path.startswith("/") or path.startswith("//") or len(path) > 2000:
        return None
    if "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return None
    return path


def this_page() -> str | None:
    """Where a "Text size and colours" link on this page should bring the person back to."""
    if request.method != "GET" or request.endpoint in (None, "access.settings"):
        return None
    query = request.query_string.decode("utf-8", "replace")
    return safe_back(f"{request.path}?{query}" if query else request.path)


def settings_url() -> str:
    back = this_page()
    return url_for("access.settings", back=back) if back else url_for("access.settings")
