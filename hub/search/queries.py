"""Run a search: text (with synonyms and spelling help), filters with counts, and distance.

Filter counts come from per-value bitsets cached for each index generation: counting a
value is one AND and a popcount, far cheaper than Whoosh's grouped facets.

Listings not checked for a long time (see hub.freshness) are left out of every search,
its counts and the category lists, from the day they pass the limit, without a reindex.
"""

import datetime as dt
import json
import threading
from dataclasses import dataclass, field

from flask import current_app
from whoosh.query import And, AndMaybe, Every, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from hub.freshness.queries import hidden_before
from hub.places.operations import Point, distance_miles
from hub.search.index import open_index, synonyms_file
from hub.search.schema import FACETS
from hub.search.synonyms import Concept, normalise, stems, thesaurus_for

SORTS = ("relevance", "nearest", "name")


@dataclass
class SearchRequest:
    text: str = ""
    category: str = ""
    free: bool = False
    ward: str = ""
    day: str = ""
    age: str = ""  # an age band (children / adults / older)
    exact_age: int | None = None
    access: list[str] = field(default_factory=list)
    delivery: list[str] = field(default_factory=list)
    point: Point | None = None
    radius_miles: float | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10

    def chosen_filters(self) -> dict[str, list[str]]:
        """Facet values that narrow the results (ANDed together)."""
        chosen = {
            "category": [self.category] if self.category else [],
            "free": ["yes"] if self.free else [],
            "ward": [self.ward] if self.ward else [],
            "day": [self.day] if self.day else [],
            "age": [self.age] if self.age else [],
            "access": list(self.access),
            "delivery": list(self.delivery),
        }
        return {facet: values for facet, values in chosen.items() if values}


@dataclass
class Hit:
    service_id: str
    distance_miles: float | None = None


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list[Hit]
    total: int
    counts: dict[str, dict[str, int]]
    suggestion: str | None = None
    # True when nothing had every word, so these results have only some of them.
    some_words: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.page_size))


class _Bitsets:
    """Per index generation: which documents hold each facet value, ids and map points."""

    def __init__(self, searcher: Searcher):
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        self.live = self.bits(reader.all_doc_ids())
        self.values: dict[str, dict[str, tuple[set[int], int]]] = {}
        for facet in FACETS:
            per_value = {}
            for raw in reader.lexicon(facet):
                value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                docs = set(reader.postings(facet, raw).all_ids())
                per_value[value] = (docs, self.bits(docs) & self.live)
            self.values[facet] = per_value
        self.ids: dict[int, str] = {}
        self.points: dict[int, list[tuple[float, float]]] = {}
        self.ages: dict[int, tuple[int, int]] = {}
        self.checked: dict[int, int] = {}  # day numbers; listings never checked are absent
        for docnum, stored in reader.iter_docs():
            self.ids[docnum] = stored["id"]
            self.points[docnum] = [tuple(p) for p in json.loads(stored.get("points") or "[]")]
            self.ages[docnum] = (stored.get("min_age", 0), stored.get("max_age", 130))
            if stored.get("last_checked") is not None:
                self.checked[docnum] = stored["last_checked"]
        self._age_docs: dict[int, set[int]] = {}
        self._hidden: dict[int, tuple[set[int], int]] = {}

    def bits(self, docnums) -> int:
        buffer = bytearray((self.size >> 3) + 1)
        for docnum in docnums:
            buffer[docnum >> 3] |= 1 << (docnum & 7)
        return int.from_bytes(buffer, "little")

    def docnums(self, bits: int) -> set[int]:
        found = set()
        data = bits.to_bytes((self.size >> 3) + 1, "little")
        for byte_index, byte in enumerate(data):
            while byte:
                low = byte & -byte
                found.add((byte_index << 3) + low.bit_length() - 1)
                byte ^= low
        return found

    def value_docs(self, facet: str, value: str) -> set[int]:
        entry = self.values.get(facet, {}).get(value)
        return entry[0] if entry else set()

    def hidden(self, before: dt.date) -> tuple[set[int], int]:
        """Documents last checked before `before`, and the bits of the live ones left."""
        day = before.toordinal()
        if day not in self._hidden:
            docs = {docnum for docnum, checked in self.checked.items() if checked < day}
            self._hidden = {day: (docs, self.live & ~self.bits(docs))}  # only today's kept
        return self._hidden[day]

    def age_docs(self, age: int) -> set[int]:
        if age not in self._age_docs:
            self._age_docs[age] = {d for d, (low, high) in self.ages.items()
                                   if low <= age <= high}
        return self._age_docs[age]


_local = threading.local()
_bitsets_lock = threading.Lock()
_bitsets: dict[tuple[str, int], _Bitsets] = {}


def _searcher_and_bitsets() -> tuple[Searcher, _Bitsets]:
    index = open_index()
    searcher: Searcher | None = getattr(_local, "searcher", None)
    if searcher is None or searcher._ix is not index:
        searcher = index.searcher()
    elif not searcher.up_to_date():
        searcher = searcher.refresh()
    _local.searcher = searcher
    key = (str(current_app.config["SEARCH_INDEX_DIR"]), index.latest_generation())
    with _bitsets_lock:
        if key not in _bitsets:
            for stale in [k for k in _bitsets if k[0] == key[0]]:
                del _bitsets[stale]
            _bitsets[key] = _Bitsets(searcher)
        return searcher, _bitsets[key]


TEXT_FIELDS = ("name", "categories", "body")


def _words_query(words: tuple[str, ...]) -> Query:
    """Every one of these index terms, each in any text field."""
    per_word = [Or([Term(field, word) for field in TEXT_FIELDS]) for word in words]
    return And(per_word) if len(per_word) > 1 else per_word[0]


def _concept_query(concept: Concept) -> Query:
    if concept.group is None:
        return _words_query(concept.words)
    # A phrase from a synonym group: the phrase as typed ranks above the rest of its group,
    # and the group's main phrase ranks a misspelt word as if it were spelt right.
    alternatives = [Term("phrases", " ".join(concept.words), boost=2.0),
                    Term("concepts", concept.group, boost=1.5)]
    if concept.main_words and concept.main_words != concept.words:
        alternatives.append(Term("phrases", " ".join(concept.main_words), boost=0.8))
    return Or(alternatives)


def text_query(text: str, every_word: bool = True) -> Query | None:
    """Services matching every concept typed (or, as a fallback, any of them).

    A concept is a word, or a phrase from a synonym group standing for the whole group,
    so "home help in acomb" needs (home help or its group) and acomb.
    """
    concepts = thesaurus_for(synonyms_file()).concepts(text)
    if not concepts:
        return None
    parts = [_concept_query(concept) for concept in concepts]
    if len(parts) == 1:
        query = parts[0]
    elif not every_word:
        query = Or(parts)
    elif len(parts) >= 3:
        # Long questions rarely match word for word ("learn to use an ipad"): services
        # with every concept come first, then those with the most of them.
        query = Or([And(parts, boost=4.0), Or(parts, scale=0.9)])
    else:
        query = And(parts)
    words = [word for concept in concepts for word in concept.words]
    if len(words) > 1:
        # The whole text as a phrase in the name: the service a person meant comes first.
        query = AndMaybe(query, Phrase("name", words, boost=3.0))
    return query


def _suggest(searcher: Searcher, text: str) -> str | None:
    """The text with unknown words replaced by the nearest known ones, if any changed."""
    corrector = searcher.corrector("body")
    reader = searcher.reader()
    corrected, changed = [], False
    for word in normalise(text).split():
        index_terms = stems(word)
        known = len(word) < 4 or not index_terms or any(
            reader.doc_frequency(field, index_terms[0]) for field in TEXT_FIELDS)
        suggestions = [] if known else corrector.suggest(word, limit=1, maxdist=2)
        if suggestions and suggestions[0] != word:
            corrected.append(suggestions[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def _allowed_docs(bitsets: _Bitsets, request: SearchRequest) -> set[int] | None:
    """The documents the chosen filters allow (values ANDed), or None when none is chosen."""
    chosen = [bitsets.value_docs(facet, value)
              for facet, values in request.chosen_filters().items() for value in values]
    if request.exact_age is not None:
        chosen.append(bitsets.age_docs(request.exact_age))
    if not chosen:
        return None
    smallest, *rest = sorted(chosen, key=len)
    return smallest.intersection(*rest)


def _ranked(searcher: Searcher, query: Query, allowed: set[int] | None,
            hidden: set[int]) -> list[int]:
    """Every matching document, best first: one scored pass gives the ranking and the set
    the filter counts are taken from."""
    if allowed is not None and not allowed:
        return []  # Whoosh would read an empty filter as no filter at all
    results = searcher.search(query, limit=None, filter=allowed, mask=hidden or None)
    return [docnum for _, docnum in results.top_n]


def _distance(points: list[tuple[float, float]], point: Point) -> float | None:
    if not points:
        return None
    return min(distance_miles(point.latitude, point.longitude, lat, lon) for lat, lon in points)


def search(request: SearchRequest, *, home_ward: str = "") -> SearchResults:
    """`home_ward` is the ward of the place searched near; area-wide services there count."""
    searcher, bitsets = _searcher_and_bitsets()
    hidden, shown = bitsets.hidden(hidden_before(dt.date.today()))
    allowed = _allowed_docs(bitsets, request)
    query = text_query(request.text)
    some_words = False
    ranked: list[int] | None = None  # None: no text, so every allowed document matches
    if query is not None:
        ranked = _ranked(searcher, query, allowed, hidden)
        if not ranked and len(normalise(request.text).split()) > 1:
            query = text_query(request.text, every_word=False)
            ranked = _ranked(searcher, query, allowed, hidden)
            some_words = bool(ranked)
        matched = bitsets.bits(ranked)
    else:
        matched = shown if allowed is None else bitsets.bits(allowed) & shown

    sort = request.sort if request.sort in SORTS else "relevance"
    if sort == "nearest" and request.point is None:
        sort = "relevance"
    if sort == "relevance" and query is None:
        sort = "name"

    distances: dict[int, float | None] = {}
    point = request.point
    if point is not None and (sort == "nearest" or request.radius_miles is not None):
        home_docs = bitsets.value_docs("ward", home_ward)
        kept = set()
        for docnum in ranked if ranked is not None else bitsets.docnums(matched):
            distance = distances[docnum] = _distance(bitsets.points[docnum], point)
            if request.radius_miles is None or (
                    distance <= request.radius_miles if distance is not None
                    else docnum in home_docs):
                kept.add(docnum)
        matched = bitsets.bits(kept)
        if ranked is not None:
            ranked = [docnum for docnum in ranked if docnum in kept]

    total = matched.bit_count()
    counts = {
        facet: {value: (matched & bits).bit_count() for value, (_, bits) in per_value.items()}
        for facet, per_value in bitsets.values.items()
    }
    start = (request.page - 1) * request.page_size
    end = start + request.page_size
    if sort == "nearest":  # the distance step above has `kept` for every nearest search
        ordered = sorted(
            kept,
            key=lambda d: (distances[d] is None, distances[d] or 0.0, bitsets.ids[d]),
        )
        page_docs = ordered[start:end]
    elif sort == "relevance":
        page_docs = ranked[start:end]
    else:
        narrowed = query is not None or allowed is not None or point is not None
        page_docs = []
        if matched:
            results = searcher.search(Every(), sortedby="name_sort", limit=end,
                                      filter=bitsets.docnums(matched) if narrowed else None,
                                      mask=hidden or None)
            page_docs = [docnum for _, docnum in results.top_n][start:end]
    if point is not None:
        for docnum in page_docs:
            if docnum not in distances:
                distances[docnum] = _distance(bitsets.points[docnum], point)

    hits = [Hit(bitsets.ids[d], distances.get(d)) for d in page_docs]
    suggestion = None
    if request.text and total < 3:
        corrected = _suggest(searcher, request.text)
        corrected_query = text_query(corrected) if corrected else None
        if corrected_query is not None and len(_ranked(searcher, corrected_query,
                                                        allowed, hidden)) > total:
            suggestion = corrected
    return SearchResults(request=request, hits=hits, total=total, counts=counts,
                         suggestion=suggestion, some_words=some_words)


def reset_caches() -> None:
    """Forget open searchers and bitsets (tests build many indexes)."""
    with _bitsets_lock:
        _bitsets.clear()
    _local.__dict__.clear()
