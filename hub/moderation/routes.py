"""Moderators' pages: queue, review, history."""

from flask import Blueprint, abort

from hub.accounts.models import Role
from hub.core.auth import role_required

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


# Being built: review one change request.
@bp.get("/changes/<change_id>")
@role_required(Role.moderator)
def review(change_id: str):
    abort(404)
