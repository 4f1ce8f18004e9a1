"""Receive an answer to 'Was this page helpful?' from any guide or service page."""

import re

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _

from hub.extensions import db, limiter
from hub.feedback.models import PageFeedback

bp = Blueprint("feedback", __name__)
COMMENT_LIMIT = 1000
# Only the hub's own guide and service pages collect answers.
PAGES = re.compile(r"/(guides/[a-z0-9-]+|services/[0-9a-f-]{36})")


@bp.post("/feedback")
@limiter.limit("20 per hour")
def give():
    page = request.form.get("page", "")
    answer = request.form.get("helpful")
    comment = request.form.get("comment", "").strip()
    if not PAGES.fullmatch(page):
        return redirect("/")
    if answer not in ("yes", "no") or len(comment) > COMMENT_LIMIT:
        error = (_("Choose yes or no") if answer not in ("yes", "no")
                 else _("Your comment must be %(count)d characters or fewer",
                        count=COMMENT_LIMIT))
        return render_template("feedback/again.html", page=page, comment=comment,
                               error=error), 400
    db.session.add(PageFeedback(page=page, helpful=answer == "yes", comment=comment))
    db.session.commit()
    flash(_("Thank you for your feedback."), "success")
    return redirect(page + "#page-feedback")
