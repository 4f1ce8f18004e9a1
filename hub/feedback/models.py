"""One answer to 'Was this page helpful?': no account, no contact details, the day only."""

import datetime as dt

from sqlalchemy import Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.core.db import UUIDPrimaryKey
from hub.extensions import db


class PageFeedback(UUIDPrimaryKey, db.Model):
    __tablename__ = "page_feedback"

    page: Mapped[str] = mapped_column(String(255), index=True)  # the page's path
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    # The day, not the moment: enough for trends, less to tie an answer to a person.
    created_on: Mapped[dt.date] = mapped_column(Date, default=dt.date.today)
