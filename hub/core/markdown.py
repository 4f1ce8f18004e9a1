"""Contributor text to safe HTML: a small markdown subset, then a strict allow-list."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
_markdown = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "list", "link", "newline"]
)


def render_markdown(text: str | None) -> Markup:
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    # GOV.UK typography classes, added after cleaning so they cannot come from input.
    for tag, css in (("<p>", '<p class="govuk-body">'),
                     ("<ul>", '<ul class="govuk-list govuk-list--bullet">'),
                     ("<ol>", '<ol class="govuk-list govuk-list--number">'),
                     ("<a ", '<a class="govuk-link" ')):
        clean = clean.replace(tag, css)
    return Markup(clean)  # noqa: S704 - cleaned by nh3 above
