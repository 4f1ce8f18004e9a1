"""Markdown to safe HTML: a small subset for contributors' text, more for our own guides.

Both are cleaned by an allow-list; GOV.UK classes are added after cleaning, so they can
never come from the text itself.
"""

import re
import unicodedata

import nh3
from flask_babel import gettext
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
# The parsers are shared with the booklet PDF, so paper reads Markdown as the web does.
CONTRIBUTED = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "list", "link", "newline"]
)


GUIDE_TAGS = ALLOWED_TAGS | {"h2", "h3", "table", "thead", "tbody", "tr", "th", "td",
                             "code", "blockquote", "hr"}
GUIDE = MarkdownIt("commonmark", {"html": False}).enable("table")
GOVUK_CLASSES = (
    ("<p>", '<p class="govuk-body">'),
    ("<ul>", '<ul class="govuk-list govuk-list--bullet">'),
    ("<ol>", '<ol class="govuk-list govuk-list--number">'),
    ("<a ", '<a class="govuk-link" '),
    ("<h3>", '<h3 class="govuk-heading-m">'),
    ("<table>", '<table class="govuk-table">'),
    ("<thead>", '<thead class="govuk-table__head">'),
    ("<tbody>", '<tbody class="govuk-table__body">'),
    ("<tr>", '<tr class="govuk-table__row">'),
    ("<th>", '<th scope="col" class="govuk-table__header">'),
    ("<td>", '<td class="govuk-table__cell">'),
    ("<blockquote>", '<blockquote class="govuk-inset-text">'),
    ("<hr>", '<hr class="govuk-section-break govuk-section-break--l '
             'govuk-section-break--visible">'),
)


def _clean(html: str, tags: set[str]) -> str:
    clean = nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    for tag, css in GOVUK_CLASSES:
        clean = clean.replace(tag, css)
    return clean


def render_markdown(text: str | None) -> Markup:
    return Markup(_clean(CONTRIBUTED.render(text or ""), ALLOWED_TAGS))  # noqa: S704 - cleaned


def anchor(text: str) -> str:
    """A heading's id: 'Paying for a care home' -> 'paying-for-a-care-home'; accents go,
    other scripts (Arabic, Chinese) stay, so every language gets meaningful ids."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "-", plain.lower()).strip("-") or "section"


def render_guide(text: str) -> tuple[Markup, list[tuple[str, str]]]:
    """A guide's HTML, and its (id, heading) sections for a contents list."""
    sections: list[tuple[str, str]] = []

    def heading(match: re.Match) -> str:
        title = re.sub(r"<[^>]+>", "", match.group(1))
        ident = anchor(title)
        while ident in {i for i, _ in sections}:
            ident += "-more"
        sections.append((ident, title))
        return f'<h2 class="govuk-heading-l" id="{ident}">{match.group(1)}</h2>'

    clean = _clean(GUIDE.render(text), GUIDE_TAGS)
    # A wide table scrolls on its own on a phone with large text, not the whole page.
    scroller = (f'<div class="hub-table-scroll" tabindex="0" role="region" '
                f'aria-label="{escape(gettext("Scrollable table"))}"><table ')
    clean = clean.replace("<table ", scroller).replace("</table>", "</table></div>")
    return Markup(re.sub(r"<h2>(.*?)</h2>", heading, clean)), sections  # noqa: S704
