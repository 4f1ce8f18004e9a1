"""Category names, descriptions and common needs in the reader's language.

One source: content/taxonomy.json gives each term its English `name` and `description` and,
beside them, `names` and `descriptions` in the hub's other languages ({"pl": "...", ...});
`flask hub load-taxonomy` copies both to the term's row, so the English and its translations
are always from the same edit of the file. content/common_needs.json does the same with
`label` and `labels`. Pages, filters and booklets show a term through term_name() and
term_description() (Jinja globals too), never `.name`: a language with no translation shows
the English. Search stays English; only what is shown changes.
"""

from collections.abc import Mapping

from flask_babel import get_locale

from hub.directory.models import TaxonomyTerm


def _page_locale() -> str:
    locale = get_locale()  # a booklet's own language inside its force_locale()
    return str(locale) if locale is not None else "en"


def in_language(english: str, translations: Mapping[str, str] | None,
                locale: str | None = None) -> str:
    """`english`, or its translation into `locale` (the page's by default) when there is one."""
    if not translations:
        return english
    code = locale or _page_locale()
    return translations.get(code) or translations.get(code.split("_")[0]) or english


def term_name(term: TaxonomyTerm, locale: str | None = None) -> str:
    return in_language(term.name, term.names, locale)


def term_description(term: TaxonomyTerm, locale: str | None = None) -> str:
    return in_language(term.description, term.descriptions, locale)


def common_needs(needs: list[dict], locale: str | None = None) -> list[dict[str, str]]:
    """The home page's common needs with labels in the reader's language; the search words
    (`query`) stay English, as the search index is."""
    return [{"label": in_language(need["label"], need.get("labels"), locale),
             "query": need["query"]}
            for need in needs if need.get("label") and need.get("query")]
