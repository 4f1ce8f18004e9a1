"""What may be kept of a request: never the address or browser string, and search text
without anything that could name or reach a person."""

import re

from crawlerdetect import CrawlerDetect

SEARCH_TEXT_LIMIT = 80
EMAIL = re.compile(r"\S+@\S+")
# A full UK postcode keeps its outward part ("yo10 5dd" -> "yo10"): an area, not a street.
POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*\d[a-z]{2}\b")
# Phone numbers and other long numbers (account, NHS, card), however they are spaced.
LONG_NUMBER = re.compile(r"\+?\d(?:[\s\-.()]*\d){4,}")

_crawlers = CrawlerDetect()  # compiles its patterns once and caches recent answers


def is_bot(user_agent: str) -> bool:
    """Search engines, scripts and monitors; a request with no browser string is one too."""
    return not user_agent.strip() or _crawlers.is_crawler(user_agent)


def clean_search_text(text: str) -> str:
    """The words of a search, lower-case, with e-mail addresses, phone and other long
    numbers removed and postcodes cut to their area; at most SEARCH_TEXT_LIMIT characters."""
    text = EMAIL.sub(" ", text.lower())
    text = POSTCODE.sub(r"\1", text)
    text = LONG_NUMBER.sub(" ", text)
    return " ".join(text.split())[:SEARCH_TEXT_LIMIT].strip()
