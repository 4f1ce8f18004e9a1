"""Counts by day, the day's salt for recognising a returning browser, and synonym groups
that moderators add from the dashboard.

Nothing here names a person: no IP address, no browser string, no cookie. A visitor is a
one-way digest of the day's random salt with the address and browser; the salt and the
digests are deleted when the day is over, so yesterday's digests cannot be linked to
anything, not even to today's.
"""

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db


class DailyCount(db.Model):
    """How many times `metric` happened on `day`, per `key` (a service, a search text...)."""

    __tablename__ = "insight_daily_count"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)


class DailySalt(db.Model):
    """A random secret for one day, shared by every server process; deleted after the day."""

    __tablename__ = "insight_daily_salt"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary(32))


class VisitorDigest(db.Model):
    """One browser seen today (kind "visitor"), or first seen with nothing cached ("new"):
    kept only so that several processes count each browser once a day."""

    __tablename__ = "insight_visitor_digest"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)


class AddedSynonymGroup(db.Model):
    """Words that mean the same, added by a moderator after a search found nothing; merged
    with content/synonyms.txt by hub.search.synonyms."""

    __tablename__ = "added_synonym_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terms: Mapped[str] = mapped_column(Text)  # comma-separated, as in synonyms.txt
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())
