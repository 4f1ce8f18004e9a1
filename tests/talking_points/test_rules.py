"""The booking rules that must never break: capacity under load, the clock changes, bank
holidays and closures, notice and the past."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hub.config import TestConfig
from hub.extensions import db
from hub.talking_points.models import Booking, BookingStatus, Closure, RegularSession, Venue
from hub.talking_points.operations import (
    Details,
    NotBookable,
    SlotTaken,
    book,
    cancel,
    day_bounds,
)
from hub.talking_points.slots import bookable_slots, session_slots
from tests.conftest import build_app
from tests.talking_points.factories import make_venue

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
TUESDAY = dt.date(2026, 6, 2)  # an ordinary Tuesday in British Summer Time
BEFORE = dt.datetime(2026, 5, 20, 9, 0, tzinfo=UTC)  # "now": well before TUESDAY


def london(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def starts(slots) -> list[dt.datetime]:
    return [slot.starts_at for slot in slots]


def local_times(slots) -> list[str]:
    return [f"{slot.starts_at.astimezone(LONDON):%H:%M}" for slot in slots]


def live_places(venue_id: str, starts_at: dt.datetime) -> list[int]:
    return sorted(db.session.scalars(select(Booking.place).where(
        Booking.venue_id == venue_id, Booking.starts_at == starts_at,
        Booking.status != BookingStatus.cancelled)))


# Capacity under load: many people pressing "Book" at the same moment.

CROWD = 24


@pytest.fixture(params=["sqlite", "postgresql"])
def crowd_app(request, tmp_path, monkeypatch):
    """As any_db_app, with a database connection for each of the crowd: the default pool
    holds 15, which would queue the rest instead of letting them all in at once."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    monkeypatch.setattr(TestConfig, "SQLALCHEMY_ENGINE_OPTIONS",
                        {"pool_size": CROWD + 2, "max_overflow": 0}, raising=False)
    app = build_app(tmp_path, url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def race(app, venue_id: str, times: list[dt.datetime]) -> list[str]:
    """One thread per entry in `times`, each its own request (app context, session and
    connection), all released at once; returns each one's outcome."""
    gate = threading.Barrier(len(times))
    outcomes: list[str] = [""] * len(times)

    def attempt(index: int, starts_at: dt.datetime) -> None:
        with app.app_context():
            try:
                venue = db.session.get(Venue, venue_id)
                gate.wait(timeout=30)
                book(venue, starts_at, Details(name=f"Person {index}"), BEFORE)
                outcomes[index] = "booked"
            except SlotTaken:
                outcomes[index] = "taken"
            except Exception as error:  # the test reports anything else
                outcomes[index] = f"{type(error).__name__}: {error}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i, t)) for i, t in enumerate(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_twenty_four_people_at_once_get_the_two_places_and_no_more(crowd_app):
    venue = make_venue(staff=2)
    ten = london(TUESDAY, 10)

    outcomes = race(crowd_app, venue.id, [ten] * CROWD)

    assert sorted(outcomes) == ["booked"] * 2 + ["taken"] * (CROWD - 2), outcomes
    db.session.expire_all()
    assert live_places(venue.id, ten.astimezone(UTC)) == [1, 2]
    [slot] = [s for s in session_slots(venue, TUESDAY, TUESDAY) if s.starts_at == ten]
    assert (slot.booked, slot.free) == (2, 0)
    assert ten not in starts(bookable_slots(venue, BEFORE))


def test_a_crowd_at_once_spread_over_three_times(crowd_app):
    venue = make_venue(staff=2)
    times = [london(TUESDAY, 10), london(TUESDAY, 10, 30), london(TUESDAY, 11)]

    outcomes = race(crowd_app, venue.id, [times[i % 3] for i in range(CROWD)])

    assert outcomes.count("booked") == 6 and outcomes.count("taken") == CROWD - 6, outcomes
    for index, at in enumerate(times):
        won = [o for i, o in enumerate(outcomes) if i % 3 == index and o == "booked"]
        assert len(won) == 2
        assert live_places(venue.id, at.astimezone(UTC)) == [1, 2]
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 6


def test_the_database_itself_refuses_a_second_live_booking_in_a_place(any_db_app):
    venue = make_venue(staff=1)
    ten = london(TUESDAY, 10).astimezone(UTC)
    first = book(venue, ten, Details(name="Ada Lovelace"), BEFORE)
    assert first.place == 1

    # Straight into the table, past every check in the code.
    db.session.add(Booking(venue_id=venue.id, reference="DUPLICATE1", starts_at=ten,
                           minutes=30, place=1, name="Someone else"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()

    with pytest.raises(SlotTaken):
        book(venue, ten, Details(name="Grace Hopper"), BEFORE)


def test_a_cancelled_booking_frees_its_place(any_db_app):
    venue = make_venue(staff=1)
    ten = london(TUESDAY, 10).astimezone(UTC)
    first = book(venue, ten, Details(name="Ada Lovelace"), BEFORE)
    assert ten not in starts(bookable_slots(venue, BEFORE))

    cancel(first, BEFORE, "Feeling better")
    assert ten in starts(bookable_slots(venue, BEFORE))
    second = book(venue, ten, Details(name="Grace Hopper"), BEFORE)

    assert second.place == 1
    assert db.session.get(Booking, first.id).status == BookingStatus.cancelled
    assert live_places(venue.id, ten) == [1]


# The clock changes: appointment times are London times.

@pytest.mark.parametrize(("before", "after"), [
    (dt.date(2026, 3, 24), dt.date(2026, 3, 31)),  # clocks go forward on Sunday 29 March
    (dt.date(2026, 10, 20), dt.date(2026, 10, 27)),  # and back on Sunday 25 October
])
def test_a_ten_oclock_session_stays_at_ten_across_the_clock_change(app, before, after):
    venue = make_venue(weekday=1, starts="10:00", ends="11:00", staff=1)

    slots = session_slots(venue, before, after)

    assert local_times(slots) == ["10:00", "10:30", "10:00", "10:30"]
    assert [s.starts_at.astimezone(LONDON).date() for s in slots] == [before, before,
                                                                      after, after]
    summer = {dt.date(2026, 3, 31), dt.date(2026, 10, 20)}
    expected_utc = [utc(d.year, d.month, d.day, 9 if d in summer else 10, m)
                    for d in (before, after) for m in (0, 30)]
    assert starts(slots) == expected_utc


def test_a_session_over_the_missing_hour_offers_only_real_times_once(app):
    """Sunday 29 March 2026: at 01:00 the clocks jump to 02:00. 01:00 and 01:30 do not
    exist that night, so they are not offered (and must not turn into 02:00 and 02:30 twice,
    which would double those times' places)."""
    venue = make_venue(weekday=6, starts="00:30", ends="03:00", staff=1)
    day = dt.date(2026, 3, 29)

    slots = session_slots(venue, day, day)

    assert local_times(slots) == ["00:30", "02:00", "02:30"]
    assert starts(slots) == [utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1), utc(2026, 3, 29, 1, 30)]
    assert all(slot.capacity == 1 for slot in slots)
    # An ordinary Sunday has all five.
    normal = dt.date(2026, 3, 22)
    assert local_times(session_slots(venue, normal, normal)) == ["00:30", "01:00", "01:30",
                                                                 "02:00", "02:30"]


def test_a_session_over_the_repeated_hour_offers_each_clock_time_once(app):
    """Sunday 25 October 2026: 01:00 to 02:00 happens twice. Each time on the clock is
    offered once (the first 01:00, in summer time), so nobody is told "1am" twice."""
    venue = make_venue(weekday=6, starts="00:30", ends="03:00", staff=1)
    day = dt.date(2026, 10, 25)

    slots = session_slots(venue, day, day)

    assert local_times(slots) == ["00:30", "01:00", "01:30", "02:00", "02:30"]
    assert starts(slots) == [utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 0),
                             utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 2),
                             utc(2026, 10, 25, 2, 30)]
    assert len(set(starts(slots))) == len(slots)


def test_the_days_the_clocks_change_are_23_and_25_hours_long(app):
    for day, hours in [(dt.date(2026, 3, 29), 23), (dt.date(2026, 10, 25), 25),
                       (dt.date(2026, 6, 2), 24)]:
        start, end = day_bounds(day)
        assert end - start == dt.timedelta(hours=hours)
        assert start.astimezone(LONDON) == london(day, 0)


# Bank holidays and closures.

def days_open(venue, first: dt.date, last: dt.date) -> set[dt.date]:
    return {slot.starts_at.astimezone(LONDON).date() for slot in session_slots(venue, first,
                                                                               last)}


def test_no_times_on_bank_holidays_in_england(app):
    venue = make_venue(weekday=0, starts="10:00", ends="11:00")

    spring = days_open(venue, dt.date(2026, 3, 30), dt.date(2026, 4, 13))
    winter = days_open(venue, dt.date(2026, 12, 21), dt.date(2027, 1, 4))

    assert spring == {dt.date(2026, 3, 30), dt.date(2026, 4, 13)}  # not Easter Monday, 6 April
    # Not 28 December (Boxing Day falls on a Saturday, so the holiday moves to Monday).
    assert winter == {dt.date(2026, 12, 21), dt.date(2027, 1, 4)}


def test_a_closure_at_one_venue_leaves_the_others_open(app):
    acomb = make_venue("Acomb Sample Library", weekday=1)
    tang_hall = make_venue("Tang Hall Sample Centre", weekday=1)
    db.session.add(Closure(venue_id=acomb.id, day=TUESDAY, reason="Staff training"))
    db.session.commit()

    assert TUESDAY not in days_open(acomb, TUESDAY, TUESDAY)
    assert TUESDAY in days_open(tang_hall, TUESDAY, TUESDAY)
    assert london(TUESDAY, 10) not in starts(bookable_slots(acomb, BEFORE))
    assert london(TUESDAY, 10) in starts(bookable_slots(tang_hall, BEFORE))
    with pytest.raises(NotBookable):
        book(acomb, london(TUESDAY, 10), Details(name="Ada Lovelace"), BEFORE)


def test_a_closure_at_every_venue_closes_them_all(app):
    acomb = make_venue("Acomb Sample Library", weekday=1)
    tang_hall = make_venue("Tang Hall Sample Centre", weekday=1)
    db.session.add(Closure(venue_id=None, day=TUESDAY, reason="Council closure day"))
    db.session.commit()

    for venue in (acomb, tang_hall):
        assert days_open(venue, TUESDAY, TUESDAY) == set()
        next_week = TUESDAY + dt.timedelta(weeks=1)
        assert days_open(venue, TUESDAY, next_week) == {next_week}


# Notice and the past.

def test_times_in_the_past_or_inside_the_notice_period_are_not_offered_or_booked(app):
    app.config["BOOKING_NOTICE_HOURS"] = 2
    venue = make_venue(weekday=1, starts="10:00", ends="13:00", staff=1)
    now = london(TUESDAY, 9, 15).astimezone(UTC)  # 9:15am on the day

    offered = local_times(s for s in bookable_slots(venue, now)
                          if s.starts_at.astimezone(LONDON).date() == TUESDAY)

    # 10:00 and 10:30 are sooner than two hours away; 11:15 would be the first allowed.
    assert offered == ["11:30", "12:00", "12:30"]
    for too_soon in (london(TUESDAY, 10), london(TUESDAY, 11)):
        with pytest.raises(NotBookable):
            book(venue, too_soon, Details(name="Ada Lovelace"), now)
    later = london(TUESDAY, 12, 45).astimezone(UTC)  # the session is nearly over
    with pytest.raises(NotBookable):
        book(venue, london(TUESDAY, 12), Details(name="Ada Lovelace"), later)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0
    # A time that is not an appointment time at all is refused too.
    with pytest.raises(NotBookable):
        book(venue, london(TUESDAY, 11, 45), Details(name="Ada Lovelace"), now)


def test_a_full_time_is_not_offered(app):
    venue = make_venue(weekday=1, starts="10:00", ends="11:00", staff=2)
    ten, half_past = london(TUESDAY, 10), london(TUESDAY, 10, 30)
    book(venue, ten, Details(name="Ada Lovelace"), BEFORE)
    assert ten in starts(bookable_slots(venue, BEFORE))  # one place left
    book(venue, ten, Details(name="Grace Hopper"), BEFORE)

    offered = [s for s in bookable_slots(venue, BEFORE)
               if s.starts_at.astimezone(LONDON).date() == TUESDAY]

    assert starts(offered) == [half_past]
    assert offered[0].free == 2


def test_sessions_outside_their_valid_dates_give_no_times(app):
    venue = make_venue(weekday=1)
    venue.sessions[0].valid_until = TUESDAY - dt.timedelta(days=1)
    venue.sessions.append(RegularSession(weekday=1, starts=dt.time(14), ends=dt.time(15),
                                         appointment_minutes=60, staff=1,
                                         valid_from=TUESDAY))
    db.session.commit()

    assert local_times(session_slots(venue, TUESDAY, TUESDAY)) == ["14:00"]
