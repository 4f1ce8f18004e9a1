"""Markdown to flowables, read with the same rules as the web pages (hub.core.markdown):
contributors' text knows emphasis, lists, links and line breaks; guides also headings,
tables, quotes and code. Links print their address; images are left out."""

from markdown_it.tree import SyntaxTreeNode
from reportlab.platypus import Flowable, HRFlowable

from hub.booklets.pdf.layout import Rows, Stack
from hub.booklets.pdf.styles import RULE, TINT, Styles
from hub.booklets.pdf.text import Span
from hub.core.markdown import CONTRIBUTED, GUIDE


def markdown(source: str, s: Styles, guide: bool = False) -> list[Flowable]:
    """The flowables for `source`; a guide's body when `guide`, else a contributor's text."""
    parser = GUIDE if guide else CONTRIBUTED
    return _blocks(SyntaxTreeNode(parser.parse(source or "")).children, s)


def _blocks(nodes: list[SyntaxTreeNode], s: Styles) -> list[Flowable]:
    flowables: list[Flowable] = []
    for node in nodes:
        if node.type == "paragraph":
            flowables.append(s.para(_spans(node), s.body))
        elif node.type == "heading":
            style = s.label if node.tag in ("h1", "h2") else s.subheading
            flowables.append(s.para(_spans(node), style))
        elif node.type in ("bullet_list", "ordered_list"):
            flowables.extend(_list(node, s))
        elif node.type == "blockquote":  # plain text, set in from the start side
            flowables.append(Stack(_blocks(node.children, s), s.direction,
                                   (0, 1.5 * s.size, 0, 0), space_after=s.body.space_after))
        elif node.type == "table":
            flowables.append(_table(node, s))
        elif node.type in ("fence", "code_block"):
            flowables.append(s.para(node.content.rstrip("\n"), s.body))
        elif node.type == "hr":
            flowables.append(HRFlowable(width="100%", color=RULE, spaceBefore=s.size / 2,
                                        spaceAfter=s.size))
    return flowables


def _list(node: SyntaxTreeNode, s: Styles) -> list[Flowable]:
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else None
    return [s.item(_blocks(item.children, s), f"{number}." if start is not None else "•",
                   space_after=s.body.space_after)
            for number, item in enumerate(node.children, start or 1)]


def _table(node: SyntaxTreeNode, s: Styles) -> Rows:
    rows = [[s.para(_spans(cell), s.strong if cell.type == "th" else s.body)
             for cell in row.children]
            for part in node.children for row in part.children]
    has_header = node.children[0].type == "thead"
    columns = max(len(row) for row in rows)
    return Rows(rows, [1 / columns] * columns, s.direction, gap=s.size * 0.8, grid=RULE,
                header=TINT if has_header else None, space_after=s.body.space_after)


def _spans(node: SyntaxTreeNode, weight: str | None = None) -> list[Span]:
    """The inline text of a block, with emphasis as font weights."""
    spans: list[Span] = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            spans.append(Span(child.content, weight))
        elif child.type == "softbreak":
            spans.append(Span(" ", weight))
        elif child.type == "hardbreak":
            spans.append(Span("\n", weight))
        elif child.type == "strong":
            spans.extend(_spans(child, "bold"))
        elif child.type == "em":
            spans.extend(_spans(child, weight or "italic"))
        elif child.type == "link":
            inner = _spans(child, weight)
            spans.extend(inner)
            address = _printable(child.attrs.get("href", ""))
            if address and address not in "".join(span.text for span in inner):
                spans.append(Span(f" ({address})", weight))
        elif child.type == "inline":  # a block's contents
            spans.extend(_spans(child, weight))
        # Images are left out: a booklet has no pictures.
    return spans


def _printable(href: str) -> str:
    """An address as a reader would type or dial it."""
    for prefix in ("mailto:", "tel:", "https://", "http://"):
        if href.startswith(prefix):
            return href.removeprefix(prefix).rstrip("/")
    return href
