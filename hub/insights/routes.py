"""The insights dashboard for moderators and administrators."""

from flask import Blueprint

bp = Blueprint("insights", __name__, url_prefix="/insights")
