"""Counting costs a page no database write; a flush writes, and flushes add up."""

import datetime as dt
from contextlib import contextmanager

from sqlalchemy import event, func, select

from hub.extensions import db
from hub.insights.collect import PAGE_VIEWS, VISITORS, Collector, collector_of
from hub.insights.models import DailyCount
from tests.insights.conftest import CHROME, FIREFOX, flush, on_day, visitor

DAY = dt.date(2026, 5, 4)


@contextmanager
def writes_counted():
    """The INSERT, UPDATE and DELETE statements sent to the database inside the block."""
    writes: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield writes
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def stored(metric: str) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(DailyCount.count), 0)).where(
        DailyCount.metric == metric, DailyCount.key == ""))


def test_pages_do_not_write_until_a_flush(app):
    on_day(app, DAY)
    browser = visitor(app, "192.0.2.10", FIREFOX)
    browser.get("/")  # the first page of the day stores the day's salt
    with writes_counted() as writes:
        for _ in range(20):
            assert browser.get("/guides").status_code == 200
    assert writes == []
    assert stored(PAGE_VIEWS) == 0
    with writes_counted() as writes:
        flush(app)
    assert writes
    assert stored(PAGE_VIEWS) == 21
    assert stored(VISITORS) == 1


def test_flushes_add_up_on_each_database(any_db_app):
    """Two flushes, and two processes (collectors) counting the same day and browser."""
    app = any_db_app
    on_day(app, DAY)
    other_process = Collector(app)
    other_process.today = lambda: DAY
    app.after_request(other_process.record)  # each request is now seen by both
    browser = visitor(app, "192.0.2.10", CHROME)
    for _ in range(3):
        browser.get("/guides")
    flush(app)
    browser.get("/guides")
    flush(app)
    other_process.flush()
    assert stored(PAGE_VIEWS) == 8  # 4 pages, counted by each process
    assert stored(VISITORS) == 1  # the same browser, whichever process saw it
    assert collector_of(app) is not other_process
