"""A checked import waiting for the moderator who uploaded it to confirm it."""

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.accounts.models import utcnow
from hub.core.db import UUIDPrimaryKey
from hub.extensions import db


class PendingImport(UUIDPrimaryKey, db.Model):
    """What each row of an uploaded CSV would propose, kept from the preview until the
    upload is confirmed or expires; the file itself is never stored. Its random id is the
    token in the preview's address, and only its uploader may use it."""

    __tablename__ = "pending_import"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    # {"changes": [...], "new": [...]}, each {"service_id", "organisation_id", "base",
    # "proposed"} with snapshots as in hub.listings.snapshot.
    proposals: Mapped[dict] = mapped_column(JSON)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
