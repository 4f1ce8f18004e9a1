"""The printed booklet: an A4 PDF in the booklet's language, for reading away from a screen.

Call inside an app context with `flask_babel.force_locale(content.locale)`: the fixed
labels and dates come from Babel.
"""

from hub.booklets.contents import BookletContent
from hub.booklets.pdf import fonts
from hub.booklets.pdf.document import BookletDocument


def render_pdf(content: BookletContent) -> bytes:
    fonts.register()
    return BookletDocument(content).render()
