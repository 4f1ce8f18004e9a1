"""Articles as files: Markdown with YAML front matter in content/articles/<locale>/<slug>.md.

The files are the source of truth; they are read once and re-read when any changes.
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_LOCALE = "en"
AUDIENCES = ("everyone", "self-funders", "carers", "older-people", "disabled-people",
             "professionals")
REQUIRED = ("title", "summary", "topics", "audience", "last_reviewed", "review_due", "sources")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class ArticleError(ValueError):
    """A file that is not a valid article; the message says what to fix."""


@dataclass(frozen=True)
class Article:
    slug: str
    locale: str
    title: str
    summary: str
    body: str
    topics: tuple[str, ...]
    audience: tuple[str, ...]
    last_reviewed: dt.date
    review_due: dt.date
    sources: tuple[tuple[str, str], ...]
    categories: tuple[str, ...] = ()
    position: int = 1000
    # The English original's slug exists in every locale's view; this says which text it is.
    translated: bool = field(default=True, compare=False)
    # A translation made before its English original last changed: it may be out of date.
    behind_original: bool = field(default=False, compare=False)


def _date(meta: dict, key: str) -> dt.date:
    value = meta[key]
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ArticleError(f"{key} must be a date like 2026-11-20, not {value!r}") from None


def _words(meta: dict, key: str) -> tuple[str, ...]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ArticleError(f"{key} must be a list of words, like [carers, care-homes]")
    return tuple(value)


def read_article(path: Path, locale: str) -> Article:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    if not match:
        raise ArticleError("needs front matter between two '---' lines at the top")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise ArticleError(f"front matter is not valid YAML ({error})") from None
    if not isinstance(meta, dict):
        raise ArticleError("front matter must be 'key: value' lines")
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise ArticleError(f"front matter is missing {', '.join(missing)}")
    if not SLUG.fullmatch(path.stem):
        raise ArticleError("the file name must be lower-case words joined by hyphens")
    audience = _words(meta, "audience")
    unknown = [a for a in audience if a not in AUDIENCES]
    if unknown:
        raise ArticleError(f"audience {', '.join(unknown)} is not one of {', '.join(AUDIENCES)}")
    sources = meta["sources"]
    if not isinstance(sources, list) or not all(
            isinstance(s, dict) and s.get("name") and s.get("url") for s in sources):
        raise ArticleError("sources must be a list of {name, url}")
    if re.search(r"^# ", match.group(2), re.M):
        raise ArticleError("the body must not have a '# ' heading: the title is the page's h1")
    return Article(
        slug=path.stem, locale=locale, title=str(meta["title"]), summary=str(meta["summary"]),
        body=match.group(2), topics=_words(meta, "topics"), audience=audience,
        categories=_words(meta, "categories"), last_reviewed=_date(meta, "last_reviewed"),
        review_due=_date(meta, "review_due"), position=int(meta.get("position", 1000)),
        sources=tuple((str(s["name"]), str(s["url"])) for s in sources),
    )


def _signature(folder: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.glob("*/*.md")))


@lru_cache(maxsize=4)
def _library(folder: Path, signature: tuple) -> dict[str, dict[str, Article]]:
    """Every readable article by locale and slug (check-content reports the unreadable)."""
    library: dict[str, dict[str, Article]] = {}
    for path in sorted(folder.glob("*/*.md")):
        try:
            article = read_article(path, path.parent.name)
        except (ArticleError, OSError, UnicodeDecodeError):
            continue
        library.setdefault(article.locale, {})[article.slug] = article
    return library


def library(folder: Path) -> dict[str, dict[str, Article]]:
    return _library(folder, _signature(folder))


def articles(folder: Path, locale: str) -> list[Article]:
    """Every article in `locale`, the English original where there is no translation."""
    books = library(folder)
    own = books.get(locale, {})
    found = [own.get(slug) or _untranslated(original, locale)
             for slug, original in books.get(DEFAULT_LOCALE, {}).items()]
    return sorted(found, key=lambda a: (a.position, a.title))


def article(folder: Path, slug: str, locale: str) -> Article | None:
    books = library(folder)
    original = books.get(DEFAULT_LOCALE, {}).get(slug)
    if original is None:
        return None
    translation = books.get(locale, {}).get(slug)
    if translation is None:
        return _untranslated(original, locale)
    if translation.last_reviewed < original.last_reviewed:
        return replace(translation, behind_original=True)
    return translation


def _untranslated(original: Article, locale: str) -> Article:
    if locale == DEFAULT_LOCALE:
        return original
    return Article(**{**original.__dict__, "translated": False})
