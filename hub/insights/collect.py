"""Count how the public uses the hub, without cookies and without keeping addresses.

Each request only adds to counters in this process's memory; a background thread writes
them to the database in one transaction every INSIGHTS_FLUSH_SECONDS or after
INSIGHTS_FLUSH_EVENTS events (and at exit), adding to what other processes wrote. So a page
never waits for an insight to be written.

A visitor is a keyed digest of the address and browser string under the day's random salt
(see models.py): several page views by one browser on one day count once, and the next
day nobody, us included, can tell that it came back.
"""

import atexit
import datetime as dt
import hashlib
import logging
import secrets
import threading
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from hub.extensions import db
from hub.insights.models import DailyCount, DailySalt, VisitorDigest
from hub.insights.privacy import clean_search_text, is_bot

log = logging.getLogger(__name__)

# Metrics: totals have the key "", the rest count per key (a service id, a search...).
PAGE_VIEWS = "page_views"
VISITORS = "visitors"
NEW_VISITORS = "new_visitors"
SEARCHES = "searches"
NO_RESULT_SEARCHES = "no_result_searches"
BOOKLET_DOWNLOADS = "booklet_downloads"
SEARCH_TEXT = "search_text"  # per text: times searched
SEARCH_RESULTS = "search_results"  # per text: results found, added up
NO_RESULTS_TEXT = "no_results_text"  # per text: times it found nothing
SERVICE_VIEWS = "service_views"
CATEGORY_VIEWS = "category_views"
GUIDE_VIEWS = "guide_views"
# Pages whose view counts per item: endpoint -> (metric, the view argument that is the key).
ITEM_VIEWS = {
    "directory.service": (SERVICE_VIEWS, "service_id"),
    "directory.category": (CATEGORY_VIEWS, "code"),
    "articles.guide": (GUIDE_VIEWS, "slug"),
}
# A browser that asks for the stylesheet without a copy of its own has not been here, or
# not since its cache was emptied: counted as a new visitor that day.
STYLESHEET = "css/hub.css"
ROWS_PER_INSERT = 300  # digests per statement, well inside SQLite's parameter limit


def place_today() -> dt.date:
    return dt.datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


class Collector:
    def __init__(self, app: Flask):
        self.app = app
        self.flush_seconds = app.config["INSIGHTS_FLUSH_SECONDS"]
        self.flush_events = app.config["INSIGHTS_FLUSH_EVENTS"]
        self.today = place_today  # tests set the day
        self._lock = threading.Lock()
        self._counts: Counter[tuple[dt.date, str, str]] = Counter()
        self._digests: dict[tuple[dt.date, str], set[bytes]] = defaultdict(set)
        self._sent: dict[tuple[dt.date, str], set[bytes]] = defaultdict(set)  # already written
        self._salts: dict[dt.date, bytes] = {}
        self._events = 0
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # ---- counting, on the request's thread: memory only -----------------------------------

    def add(self, day: dt.date, metric: str, key: str = "", amount: int = 1) -> None:
        with self._lock:
            self._counts[day, metric, key] += amount
            self._events += 1
            full = self._events >= self.flush_events
        self._start_or_wake(full)

    def add_visitor(self, day: dt.date, kind: str) -> None:
        digest = hashlib.blake2b(
            f"{request.remote_addr}\n{request.user_agent.string}".encode(),
            key=self._salt(day), digest_size=16).digest()
        with self._lock:
            if digest not in self._sent[day, kind]:
                self._digests[day, kind].add(digest)
        self._start_or_wake(False)

    def _salt(self, day: dt.date) -> bytes:
        """The day's salt, the same in every process: the first to ask makes it."""
        if day not in self._salts:
            with db.engine.begin() as connection:
                connection.execute(_insert(DailySalt).values(day=day, salt=secrets.token_bytes(32))
                                   .on_conflict_do_nothing())
                salt = connection.scalar(select(DailySalt.salt).where(DailySalt.day == day))
            self._salts = {day: salt}  # yesterday's is forgotten
        return self._salts[day]

    def _start_or_wake(self, full: bool) -> None:
        if self.flush_seconds is None:  # tests flush when they choose
            return
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, daemon=True,
                                                    name="insights-flush")
                    self._thread.start()
                    atexit.register(self._flush_in_context)
        if full:
            self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            self._flush_in_context()

    def _flush_in_context(self) -> None:
        with self.app.app_context():
            self.flush()

    # ---- writing, in one transaction ------------------------------------------------------

    def flush(self) -> None:
        """Write what was counted since the last flush, adding to the stored counts."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            digests, self._digests = self._digests, defaultdict(set)
            self._events = 0
        if not counts and not digests:
            return
        try:
            with db.engine.begin() as connection:
                for (day, kind), found in digests.items():
                    counts[day, kind, ""] += _new_digests(connection, day, kind, found)
                rows = [{"day": day, "metric": metric, "key": key, "count": count}
                        for (day, metric, key), count in sorted(counts.items()) if count]
                if rows:
                    connection.execute(_increment(), rows)
        except SQLAlchemyError:
            # Keep them for the next flush; the log names no page, search or person.
            log.exception("Insights could not be written; trying again at the next flush.")
            with self._lock:
                self._counts.update(counts)
                for where, found in digests.items():
                    self._digests[where] |= found
            return
        today = self.today()
        with self._lock:
            self._sent = defaultdict(set, {where: sent for where, sent in self._sent.items()
                                           if where[0] == today})
            for where, found in digests.items():
                if where[0] == today:
                    self._sent[where] |= found

    # ---- what counts ----------------------------------------------------------------------

    def record(self, response):
        """after_request: count a resident's successful GET of a public page. A database
        that cannot give the day's salt loses a count, never the page."""
        try:
            self._count(response)
        except SQLAlchemyError:
            log.exception("Insights could not count a page.")
        return response

    def _count(self, response) -> None:
        if request.method != "GET" or response.status_code != 200 or request.endpoint is None:
            return
        endpoint = request.endpoint
        if endpoint == "static":
            if (request.view_args.get("filename") == STYLESHEET
                    and not request.if_none_match and request.if_modified_since is None
                    and self._by_resident()):
                self.add_visitor(self.today(), NEW_VISITORS)
            return
        if g.get("booklet_downloaded"):
            if self._by_resident():
                self.add(self.today(), BOOKLET_DOWNLOADS)
            return
        if (response.mimetype != "text/html" or request.blueprint == "api"
                or hasattr(current_app.view_functions[endpoint], "required_roles")
                or not self._by_resident()):
            return
        day = self.today()
        self.add_visitor(day, VISITORS)
        self.add(day, PAGE_VIEWS)
        if endpoint in ITEM_VIEWS:
            metric, argument = ITEM_VIEWS[endpoint]
            self.add(day, metric, request.view_args[argument])
        if g.get("search_made") and g.search_made[0].strip():  # typed words, not filters alone
            self._search(day, *g.search_made)

    def _search(self, day: dt.date, text: str, found: int) -> None:
        self.add(day, SEARCHES)
        if not found:
            self.add(day, NO_RESULT_SEARCHES)
        text = clean_search_text(text)
        if text:
            self.add(day, SEARCH_TEXT, text)
            self.add(day, SEARCH_RESULTS, text, found)
            if not found:
                self.add(day, NO_RESULTS_TEXT, text)

    @staticmethod
    def _by_resident() -> bool:
        """Not a robot, and not someone signed in (contributors and staff at work)."""
        return not is_bot(request.user_agent.string) and not current_user.is_authenticated


def _insert(model):
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def _increment():
    """Insert a day's count, or add to it if another flush (or process) got there first."""
    statement = _insert(DailyCount)
    return statement.on_conflict_do_update(
        index_elements=["day", "metric", "key"],
        set_={"count": DailyCount.count + statement.excluded["count"]})


def _new_digests(connection, day: dt.date, kind: str, digests: set[bytes]) -> int:
    """Store the day's digests; how many no process had stored before (new browsers)."""
    found = sorted(digests)
    added = 0
    for start in range(0, len(found), ROWS_PER_INSERT):
        rows = [{"day": day, "kind": kind, "digest": digest}
                for digest in found[start:start + ROWS_PER_INSERT]]
        added += len(connection.execute(  # rows returned: the ones inserted
            _insert(VisitorDigest).values(rows).on_conflict_do_nothing()
            .returning(VisitorDigest.day)).all())
    return added


def collector_of(app: Flask) -> Collector:
    return app.extensions["insights"]


def init_app(app: Flask) -> None:
    collector = Collector(app)
    app.extensions["insights"] = collector
    app.after_request(collector.record)
