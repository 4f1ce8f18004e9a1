"""Guides found by the same words as services (a few dozen files: scored in memory)."""

from functools import lru_cache

from hub.articles.content import Article
from hub.search.synonyms import FILLER_WORDS, stems

# A word in the title counts most, then the summary and topics, then the text.
WEIGHTS = (("title", 6), ("summary", 3), ("topics", 3), ("body", 1))


@lru_cache(maxsize=512)
def _stems(article: Article) -> dict[str, frozenset[str]]:
    return {
        "title": frozenset(stems(article.title)),
        "summary": frozenset(stems(article.summary)),
        "topics": frozenset(stems(" ".join(article.topics).replace("-", " "))),
        "body": frozenset(stems(article.body)),
    }


@lru_cache(maxsize=1)
def _filler_stems() -> frozenset[str]:
    """Words like 'help' or 'near me' say nothing about which guide is wanted."""
    return frozenset(stem for word in FILLER_WORDS for stem in stems(word))


def matching_articles(text: str, library: list[Article], limit: int = 3) -> list[Article]:
    """Guides that use every meaningful word of `text`, the best first."""
    wanted = [s for s in dict.fromkeys(stems(text)) if s not in _filler_stems()]
    if not wanted:
        return []
    scored = []
    for article in library:
        fields = _stems(article)
        if all(any(word in words for words in fields.values()) for word in wanted):
            score = sum(weight for word in wanted for name, weight in WEIGHTS
                        if word in fields[name])
            scored.append((-score, article.position, article.title, article))
    return [entry[-1] for entry in sorted(scored, key=lambda e: e[:3])[:limit]]
