"""A page-quality check used on every page the tests fetch.

Valid HTML (the WHATWG parser reports no errors), exactly one h1 whose text starts the
<title>, unique ids, every form field labelled, every group of choices with a legend,
<html lang> set, and no stack trace.
"""

import html5lib
from html5lib.constants import namespaces

NS = namespaces["html"]
LABELLED_TYPES_EXEMPT = {"hidden", "submit", "button", "reset", "image"}


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def check_page(markup: str, url: str = "") -> "CheckedPage":
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=True)
    document = parser.parse(markup)
    errors = [e for e in parser.errors
              # html5lib predates some HTML5 additions; these are valid today.
              if e[1] not in ("unknown-doctype",)]
    assert not errors, f"{url}: HTML parse errors {errors[:5]}"
    assert markup.lstrip().lower().startswith("<!doctype html>"), f"{url}: no doctype"

    def find(tag):
        return document.findall(f".//{{{NS}}}{tag}")

    root = document
    assert root.get("lang"), f"{url}: <html> has no lang"
    assert root.get("dir") in ("ltr", "rtl"), f"{url}: <html> has no dir"

    h1s = find("h1")
    assert len(h1s) == 1, f"{url}: {len(h1s)} h1 elements"
    titles = find("title")
    assert len(titles) == 1, f"{url}: needs one <title>"
    heading, title = _text(h1s[0]), _text(titles[0])
    assert title.startswith(heading) or title.startswith(f"Error: {heading}"), (
        f"{url}: title {title!r} does not start with the h1 {heading!r}")

    ids = [e.get("id") for e in document.iter() if e.get("id")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"{url}: duplicate ids {duplicates}"

    label_targets = {e.get("for") for e in find("label")}
    for tag in ("input", "select", "textarea"):
        for field in find(tag):
            if field.get("type") in LABELLED_TYPES_EXEMPT:
                continue
            assert (field.get("id") in label_targets or field.get("aria-label")
                    or field.get("aria-labelledby")), f"{url}: unlabelled {tag} {field.attrib}"
    # A group of radios or checkboxes needs a legend saying what the choice is about.
    for fieldset in find("fieldset"):
        choices = fieldset.findall(f".//{{{NS}}}input")
        if any(c.get("type") in ("radio", "checkbox") for c in choices):
            legend = fieldset.find(f"{{{NS}}}legend")
            assert legend is not None and _text(legend), (
                f"{url}: a group of choices has no legend ({_text(fieldset)[:60]}...)")
    assert "Traceback" not in markup, f"{url}: shows a stack trace"
    return CheckedPage(markup, document)


class CheckedPage:
    def __init__(self, markup: str, document):
        self.html = markup
        self.document = document

    def texts(self, tag: str) -> list[str]:
        return [_text(e) for e in self.document.findall(f".//{{{NS}}}{tag}")]

    def elements(self, tag: str, **attributes: str) -> list:
        """Elements with these exact attribute values (class_ for class)."""
        wanted = {name.rstrip("_"): value for name, value in attributes.items()}
        return [e for e in self.document.findall(f".//{{{NS}}}{tag}")
                if all(e.get(name) == value for name, value in wanted.items())]

    def by_id(self, ident: str):
        return next(e for e in self.document.iter() if e.get("id") == ident)

    @staticmethod
    def text_of(element) -> str:
        return _text(element)

    def links(self) -> dict[str, str]:
        return {_text(a): a.get("href") for a in self.document.findall(f".//{{{NS}}}a")}

    @property
    def h1(self) -> str:
        return self.texts("h1")[0]

    @property
    def text(self) -> str:
        return " ".join(_text(self.document).split())

    def __contains__(self, item: str) -> bool:
        return item in self.text
