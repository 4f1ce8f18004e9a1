"""Contributors' pages: their listings, drafts and proposals."""

from flask import Blueprint, abort

from hub.accounts.models import Role
from hub.core.auth import role_required
from hub.listings import models  # noqa: F401 - tables for create_all and migrations

bp = Blueprint("listings", __name__, url_prefix="/contribute")


# Being built: the contributor's page for one listing (links in e-mails point here).
@bp.get("/services/<service_id>")
@role_required(Role.contributor, Role.moderator)
def service(service_id: str):
    abort(404)


# Being built: one change request (draft, returned or waiting), for its organisation.
@bp.get("/changes/<change_id>")
@role_required(Role.contributor, Role.moderator)
def change(change_id: str):
    abort(404)
