"""What residents see of freshness: the label, and long-unchecked listings left out."""

import datetime as dt

from hub.directory.models import Service
from hub.extensions import db
from hub.freshness.queries import due_for_check
from hub.search import SearchRequest, search
from tests.factories import make_service


def days_ago(days: int) -> str:
    # Today at the call, not at import: a run that crosses midnight must still agree with
    # the search, which reads the date when it runs.
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def test_a_stale_listing_is_labelled_and_a_checked_one_is_not(client, page):
    stale = make_service("Old club", assured_date=days_ago(366))
    fresh = make_service("New club", assured_date=days_ago(10))
    never = make_service("Unchecked club", assured_date=None)
    shown = page(client, f"/services/{stale.id}")
    assert "This information may be out of date" in shown
    assert "Last checked:" in shown
    assert "may be out of date" not in page(client, f"/services/{fresh.id}")
    assert "This information has not been checked" in page(client, f"/services/{never.id}")


def ids(results) -> list[str]:
    return [hit.service_id for hit in results.hits]


def test_a_listing_far_past_due_leaves_search_and_categories_until_checked(app, client, page):
    kept = make_service("Carers cafe club", assured_date=days_ago(30), categories=["carer-breaks"])
    old = make_service("Carers walking club", assured_date=days_ago(549),
                       categories=["carer-breaks"])
    found = search(SearchRequest(text="club"))
    assert ids(found) == [kept.id] and found.total == 1
    in_category = search(SearchRequest(category="carer-breaks"))
    assert ids(in_category) == [kept.id]
    assert in_category.counts["category"]["carer-breaks"] == 1
    assert search(SearchRequest(text="club", sort="name")).total == 1
    category = page(client, "/categories/carer-breaks")
    assert "Carers walking club" not in category and "Carers cafe club" in category
    # The listing itself still opens, with its label.
    assert "may be out of date" in page(client, f"/services/{old.id}")

    old.last_checked = dt.date.today()  # a contributor confirms it is still correct
    db.session.commit()
    assert sorted(ids(search(SearchRequest(text="club")))) == sorted([kept.id, old.id])
    assert search(SearchRequest(category="carer-breaks")).counts["category"]["carer-breaks"] == 2
    assert "Carers walking club" in page(client, "/categories/carer-breaks")


def test_hiding_follows_the_calendar_without_a_reindex(app):
    """Time passing changes no listing, so the index cannot be relied on to notice."""
    service = make_service("Bowls club", assured_date=days_ago(500))
    assert ids(search(SearchRequest(text="bowls"))) == [service.id]
    app.config["HIDE_AFTER_DAYS"] = 500  # as if 500 days were the limit: still shown today
    assert ids(search(SearchRequest(text="bowls"))) == [service.id]
    app.config["HIDE_AFTER_DAYS"] = 499
    assert search(SearchRequest(text="bowls")).total == 0


def test_a_listing_never_checked_is_due_but_still_found(app):
    never = make_service("Unchecked club", assured_date=None)
    assert ids(search(SearchRequest(text="unchecked"))) == [never.id]
    assert never in due_for_check(dt.date.today())


def test_due_for_check_lists_listed_services_most_overdue_first(app):
    make_service("Fresh", assured_date=days_ago(182))
    due = make_service("Just due", assured_date=days_ago(183))
    older = make_service("Long overdue", assured_date=days_ago(400))
    never = make_service("Never checked", assured_date=None)
    make_service("Closed for good", status="inactive", assured_date=days_ago(400))
    assert [s.name for s in due_for_check(dt.date.today())] == [never.name, older.name, due.name]
    assert all(isinstance(s, Service) for s in due_for_check(dt.date.today()))
