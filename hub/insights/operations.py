"""Adding a synonym group, and deleting what insights keep no longer than needed."""

import datetime as dt

from flask import current_app
from sqlalchemy import delete

from hub.extensions import db
from hub.insights.collect import NO_RESULTS_TEXT, SEARCH_RESULTS, SEARCH_TEXT
from hub.insights.models import AddedSynonymGroup, DailyCount, DailySalt, VisitorDigest
from hub.search import SearchRequest, index_services, search
from hub.search.synonyms import group_terms

# Enough for every service that could use a term, in one page of results.
EVERY_MATCH = 1_000_000


def services_using(terms: tuple[str, ...]) -> set[str]:
    """Services whose words include any of these terms (and some that only come close)."""
    found: set[str] = set()
    for term in terms:
        results = search(SearchRequest(text=term, page_size=EVERY_MATCH))
        if not results.some_words:
            found.update(hit.service_id for hit in results.hits)
    return found


def add_synonym_group(text: str) -> int:
    """Store the group and re-index the services that use any of its terms, so that a
    search for one finds the others; returns how many services were re-indexed.

    Only those services are re-indexed (a whole rebuild takes about a minute at 10,000
    services), and they are found before the group is stored, while a search for each
    term still means its own words.
    """
    terms = group_terms(text)
    affected = services_using(terms)
    db.session.add(AddedSynonymGroup(terms=", ".join(terms)))
    db.session.commit()
    index_services(affected)
    return len(affected)


def forget_visitors(today: dt.date) -> int:
    """Delete the salts and visitor digests of days before `today`: then nothing links a
    count to a browser. Returns how many rows went."""
    removed = db.session.execute(delete(VisitorDigest).where(VisitorDigest.day < today)).rowcount
    removed += db.session.execute(delete(DailySalt).where(DailySalt.day < today)).rowcount
    db.session.commit()
    return removed


def forget_old_search_texts(today: dt.date) -> int:
    """Delete what people searched for after INSIGHTS_SEARCH_TEXT_KEEP_DAYS; the day's
    totals of searches stay."""
    cutoff = today - dt.timedelta(days=current_app.config["INSIGHTS_SEARCH_TEXT_KEEP_DAYS"])
    removed = db.session.execute(delete(DailyCount).where(
        DailyCount.day < cutoff,
        DailyCount.metric.in_((SEARCH_TEXT, SEARCH_RESULTS, NO_RESULTS_TEXT)))).rowcount
    db.session.commit()
    return removed
