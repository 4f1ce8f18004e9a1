"""Sign-in, invitations, passwords and two-factor codes."""

from flask import Blueprint

from hub.accounts import models  # noqa: F401 - tables for create_all and migrations

bp = Blueprint("accounts", __name__, url_prefix="/account")
