"""Comments are free text, so they might hold personal details: they are kept a year."""

import datetime as dt

from flask import current_app
from sqlalchemy import update

from hub.extensions import db
from hub.feedback.models import PageFeedback


def forget_old_comments(today: dt.date) -> int:
    """Blank comments older than FEEDBACK_COMMENT_RETENTION_DAYS; the yes/no stays."""
    cutoff = today - dt.timedelta(days=current_app.config["FEEDBACK_COMMENT_RETENTION_DAYS"])
    blanked = db.session.execute(
        update(PageFeedback).where(PageFeedback.created_on < cutoff, PageFeedback.comment != "")
        .values(comment="")).rowcount
    db.session.commit()
    return blanked
