"""Contributors' pages: their listings, drafts and proposals."""

from flask import Blueprint

from hub.listings import models  # noqa: F401 - tables for create_all and migrations

bp = Blueprint("listings", __name__, url_prefix="/contribute")
