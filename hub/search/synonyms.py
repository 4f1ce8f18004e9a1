"""Curated synonym groups (content/synonyms.txt): one group a line, terms split by commas;
with the groups moderators add from the insights dashboard (a table, so every server
process sees them).

Synonyms are applied on both sides with the index's own analyzer (stemmed, accents
folded): a document holding any term of a group is indexed under the group's key, and a
query phrase from a group asks for that key. A query then stays a few terms long however
big the groups grow, which keeps search fast at tens of thousands of services.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from whoosh.analysis import CharsetFilter, StemmingAnalyzer
from whoosh.support.charset import accent_map

from hub.extensions import db
from hub.insights.models import AddedSynonymGroup

# Accents folded, so "cafe" finds "café".
ANALYZER = StemmingAnalyzer() | CharsetFilter(accent_map)
LONGEST_PHRASE = 6  # words; longer synonym terms are ignored


def stems(text: str) -> list[str]:
    """The index terms for some text: lower case, no stop words, stemmed, no accents."""
    return [token.text for token in ANALYZER(normalise(text))]


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^\w'\- ]+", " ", text).split())


# Everyday filler in how people ask ("someone to help me wash"): dropped after synonym
# phrases have matched, so "someone to talk to" still finds its group.
FILLER_WORDS = """
    i me my mine myself we our us you your he him his she her they them their someone
    somebody something anyone anybody need needs needed want wants wanted would could
    like please am is are was were be been being has have had do does did get got getting
    can cant can't cannot who what where how which there here very really just
""".split()  # noqa: SIM905 - easier to read and edit as words than as a list


@dataclass(frozen=True)
class Concept:
    """One thing a person asked for: index terms as typed, and its synonym group if any."""

    words: tuple[str, ...]
    group: str | None = None
    # The index terms of the group's first (main) term, e.g. "dementia" for "dimentia".
    main_words: tuple[str, ...] = ()


class Thesaurus:
    def __init__(self, groups: tuple[tuple[str, ...], ...]):
        self.group_of: dict[tuple[str, ...], str] = {}
        for group in groups:
            for term in group:
                phrase = tuple(stems(term))
                if 0 < len(phrase) <= LONGEST_PHRASE:
                    self.group_of.setdefault(phrase, group[0])
        self.fillers = {stem for word in FILLER_WORDS for stem in stems(word)}

    def _scan(self, tokens: list[str]):
        """Yield (phrase, group) left to right, longest phrase first at each position."""
        position = 0
        while position < len(tokens):
            for length in range(min(LONGEST_PHRASE, len(tokens) - position), 0, -1):
                phrase = tuple(tokens[position:position + length])
                if phrase in self.group_of:
                    yield phrase, self.group_of[phrase]
                    position += length
                    break
            else:
                yield (tokens[position],), None
                position += 1

    def phrases_in(self, text: str) -> list[tuple[str, str]]:
        """(phrase, group key) for every synonym phrase in a document (repeats count)."""
        return [(" ".join(phrase), group) for phrase, group in self._scan(stems(text)) if group]

    def concepts(self, text: str) -> list[Concept]:
        found = []
        for phrase, group in self._scan(stems(text)):
            if group:
                found.append(Concept(phrase, group, tuple(stems(group))))
            elif phrase[0] not in self.fillers:
                found.append(Concept(phrase))
        return found


@lru_cache(maxsize=4)
def _load(path: Path, modified: float) -> tuple[tuple[tuple[str, ...], ...], str]:
    """Groups and a digest of the file; `modified` is in the key, so edits take effect."""
    text = path.read_text(encoding="utf-8")
    groups = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = group_terms(line)
        if len(terms) > 1:
            groups.append(terms)
    return tuple(groups), hashlib.sha256(text.encode()).hexdigest()[:16]


def group_terms(line: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip().lower() for t in line.split(",") if t.strip()))


def added_groups() -> tuple[tuple[str, ...], ...]:
    """Groups moderators added after a search found nothing (hub.insights)."""
    # A connection of its own: this also runs just after a commit (see index_services).
    with db.engine.connect() as connection:
        lines = connection.scalars(select(AddedSynonymGroup.terms)
                                   .order_by(AddedSynonymGroup.id)).all()
    return tuple(terms for terms in map(group_terms, lines) if len(terms) > 1)


def groups_for(path: Path) -> tuple[tuple[str, ...], ...]:
    try:
        return _load(path, path.stat().st_mtime)[0] + added_groups()
    except FileNotFoundError:
        return added_groups()


def digest_for(path: Path) -> str:
    """Changes whenever the file does: the index is rebuilt when its synonyms are stale.
    (An added group re-indexes only the services that use its words: see hub.insights.)"""
    try:
        return _load(path, path.stat().st_mtime)[1]
    except FileNotFoundError:
        return "none"


@lru_cache(maxsize=4)
def _thesaurus(groups: tuple[tuple[str, ...], ...]) -> Thesaurus:
    return Thesaurus(groups)


def thesaurus_for(path: Path) -> Thesaurus:
    return _thesaurus(groups_for(path))
