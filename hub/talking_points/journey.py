"""What someone has answered so far while booking, kept in their own session cookie.

Nothing is stored on the server until they confirm; then the answers are forgotten and the
session keeps only the new booking's id, for a while, so this browser (and no one with the
reference alone) can see the confirmation, print it and download the calendar file.
A successful "find my booking" likewise keeps the booking's id for a while.
"""

import datetime as dt
import time
from dataclasses import asdict, dataclass, fields

from flask import session

from hub.talking_points.operations import NEEDS, TOPICS, Details

ANSWERS_KEY = "talking_point_booking"
DONE_KEY = "talking_point_booked"
MANAGE_KEY = "talking_point_manage"
TAKEN_KEY = "talking_point_taken"
# How long this browser may see a booking without asking again: long enough to print it or
# change it, short enough that the next person on a shared computer does not find it open.
DONE_SECONDS = 60 * 60
MANAGE_SECONDS = 30 * 60

STEPS = ("when", "who", "details", "topics", "support", "check")


@dataclass
class Answers:
    venue_id: str = ""
    starts_at: str = ""  # UTC, ISO 8601
    for_whom: str = ""  # "me" or "someone-else"
    name: str = ""  # of the person the appointment is for
    booker_name: str = ""
    phone: str = ""
    email: str = ""
    # None until the question is answered; an empty list is an answer ("nothing").
    topics: list[str] | None = None
    needs: list[str] | None = None
    interpreter_language: str = ""

    @property
    def for_someone_else(self) -> bool:
        return self.for_whom == "someone-else"

    @property
    def start(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.starts_at) if self.starts_at else None
        except ValueError:
            return None

    def answered(self, step: str) -> bool:
        return {
            "when": bool(self.venue_id and self.start),
            "who": self.for_whom in ("me", "someone-else"),
            "details": bool(self.name and (self.phone or self.email)
                            and (self.booker_name or not self.for_someone_else)),
            "topics": self.topics is not None,
            "support": self.needs is not None,
            "check": False,
        }[step]

    def next_step(self) -> str:
        """The first page still needing an answer ('check' once all are in)."""
        return next(step for step in STEPS if not self.answered(step))

    def details(self) -> Details:
        return Details(name=self.name, phone=self.phone, email=self.email,
                       for_someone_else=self.for_someone_else,
                       booker_name=self.booker_name if self.for_someone_else else "",
                       topics=[t for t in self.topics or [] if t in TOPICS],
                       needs=[n for n in self.needs or [] if n in NEEDS],
                       interpreter_language=self.interpreter_language)


def answers() -> Answers:
    stored = session.get(ANSWERS_KEY)
    if not isinstance(stored, dict):
        return Answers()
    known = {f.name for f in fields(Answers)}
    return Answers(**{key: value for key, value in stored.items() if key in known})


def keep(changed: Answers) -> None:
    # Only what has been answered: the cookie stays small.
    session[ANSWERS_KEY] = {key: value for key, value in asdict(changed).items()
                            if value not in ("", None)}


def forget_answers() -> None:
    session.pop(ANSWERS_KEY, None)


# Why the time someone chose could not be booked when they confirmed: the times page says so.

def note_taken(message: str) -> None:
    session[TAKEN_KEY] = message


def taken() -> str | None:
    return session.pop(TAKEN_KEY, None)


# Bookings this browser may see for a while.

@dataclass
class Held:
    booking_id: str
    until: float
    mail: str = ""  # for a new booking: "sent", "failed" or "" (no address given)


def _hold(key: str, booking_id: str, seconds: int, **extra) -> None:
    session[key] = {"id": booking_id, "until": time.time() + seconds, **extra}


def _held(key: str) -> Held | None:
    stored = session.get(key)
    if not isinstance(stored, dict) or stored.get("until", 0) < time.time():
        session.pop(key, None)
        return None
    return Held(booking_id=stored["id"], until=stored["until"], mail=stored.get("mail", ""))


def hold_booked(booking_id: str, mail: str) -> None:
    _hold(DONE_KEY, booking_id, DONE_SECONDS, mail=mail)


def booked() -> Held | None:
    return _held(DONE_KEY)


def forget_booked() -> None:
    session.pop(DONE_KEY, None)


def hold_found(booking_id: str) -> None:
    """Each page of 'manage your booking' renews the time: it ends after a while idle."""
    _hold(MANAGE_KEY, booking_id, MANAGE_SECONDS)


def found() -> Held | None:
    held = _held(MANAGE_KEY)
    if held:
        hold_found(held.booking_id)
    return held


def forget_found() -> None:
    session.pop(MANAGE_KEY, None)
